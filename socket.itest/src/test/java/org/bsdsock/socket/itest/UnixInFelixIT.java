package org.bsdsock.socket.itest;

import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.MSG_CTRUNC;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.bsdsock.socket.api.Received;
import org.bsdsock.socket.api.ReceivedFds;
import org.bsdsock.socket.api.ReceivedMessageInto;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * AF_UNIX inside Felix through the injected {@link SocketModule}: a stream exchange on a path in
 * {@code /tmp}, one on a name in Linux's abstract namespace, and a descriptor passed with
 * {@code SCM_RIGHTS} and taken over on the other side. And the provider's deactivation closes
 * its own sockets and no other descriptor (DS once called the module function
 * {@code close(int fd)} with the deactivation reason, closing this JVM's descriptor 6).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UnixInFelixIT {

    @Inject
    private SocketModule module;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return FelixOptions.felix();
    }

    /** Accepts one connection on {@code server} and echoes it upper-cased until end of stream. */
    private static CompletableFuture<Void> upperEcho(SocketType server) {
        return CompletableFuture.runAsync(() -> {
            try (SocketType conn = server.accept().conn()) {
                conn.settimeout(10.0);
                for (byte[] data = conn.recv(1024); data.length > 0; data = conn.recv(1024)) {
                    conn.sendall(new String(data, StandardCharsets.US_ASCII).toUpperCase().getBytes(StandardCharsets.US_ASCII));
                }
            } catch (SocketException e) {
                throw new RuntimeException(e);
            }
        });
    }

    private void exchange(UnixAddr address) throws Exception {
        try (SocketType server = module.socket(AF_UNIX, SOCK_STREAM)) {
            server.bind(address);
            server.listen(1);
            server.settimeout(10.0);
            assertEquals(address, server.getsockname());
            CompletableFuture<Void> echo = upperEcho(server);
            try (SocketType client = module.socket(AF_UNIX, SOCK_STREAM)) {
                client.settimeout(10.0);
                client.connect(address);
                assertEquals(address, client.getpeername());
                client.sendall("hello, unix".getBytes(StandardCharsets.US_ASCII));
                byte[] reply = new byte[0];
                while (reply.length < 11) {
                    byte[] chunk = client.recv(1024);
                    assertTrue("end of stream", chunk.length > 0);
                    byte[] all = java.util.Arrays.copyOf(reply, reply.length + chunk.length);
                    System.arraycopy(chunk, 0, all, reply.length, chunk.length);
                    reply = all;
                }
                assertEquals("HELLO, UNIX", new String(reply, StandardCharsets.US_ASCII));
            }
            echo.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    public void streamOnAPathInTmp() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "unix-in-felix");
        Path sock = dir.resolve("echo.sock");
        try {
            exchange(UnixAddr.of(sock.toString()));
            assertTrue("binding made the socket file", Files.exists(sock));
        } finally {
            Files.deleteIfExists(sock);
            Files.delete(dir);
        }
    }

    @Test
    public void streamOnAnAbstractName() throws Exception {
        byte[] name = ("unix-in-felix-" + ProcessHandle.current().pid() + "-" + System.nanoTime())
                .getBytes(StandardCharsets.US_ASCII);
        UnixAddr address = UnixAddr.ofAbstract(name);
        assertTrue(address.isAbstract());
        exchange(address);
    }

    @Test
    public void datagramsOnAnAbstractNameAndAutobind() throws Exception {
        UnixAddr address = UnixAddr.ofAbstract(("unix-in-felix-dgram-" + System.nanoTime()).getBytes(StandardCharsets.US_ASCII));
        try (SocketType r = module.socket(AF_UNIX, SOCK_DGRAM); SocketType w = module.socket(AF_UNIX, SOCK_DGRAM)) {
            r.bind(address);
            r.settimeout(10.0);
            w.bind(new UnixAddr(new byte[0])); // autobind: the kernel picks an abstract name
            assertTrue(((UnixAddr) w.getsockname()).isAbstract());
            w.sendto("datagram".getBytes(StandardCharsets.US_ASCII), address);
            Received got = r.recvfrom(100);
            assertEquals("datagram", new String(got.data(), StandardCharsets.US_ASCII));
            assertEquals(w.getsockname(), got.address());
        }
    }

    @Test
    public void scmRightsPassesASocketThatTheReceiverTakesOver() throws Exception {
        try (SocketPair carrier = module.socketpair(); SocketPair payload = module.socketpair()) {
            carrier.b().settimeout(10.0);
            payload.a().settimeout(10.0);
            assertEquals(4, carrier.a().send_fds(List.of("here".getBytes(StandardCharsets.US_ASCII)),
                    new int[] {payload.b().fileno()}));
            payload.b().close(); // the receiver holds the only copy once it arrives

            ReceivedFds r = module.recv_fds(carrier.b(), 1024, 1);
            assertArrayEquals("here".getBytes(StandardCharsets.US_ASCII), r.data());
            assertEquals(1, r.fds().length);
            assertEquals(0, r.msg_flags() & MSG_CTRUNC);
            try (SocketType adopted = module.socket(-1, -1, -1, r.fds()[0])) {
                assertEquals(AF_UNIX, adopted.family());
                assertEquals(SOCK_STREAM, adopted.type());
                adopted.settimeout(10.0);
                payload.a().sendall("through the passed descriptor".getBytes(StandardCharsets.US_ASCII));
                assertEquals("through the passed descriptor", new String(adopted.recv(100), StandardCharsets.US_ASCII));
                adopted.sendall("and back".getBytes(StandardCharsets.US_ASCII));
                assertEquals("and back", new String(payload.a().recv(100), StandardCharsets.US_ASCII));
            }
            assertEquals("closing the adopting socket closed the passed descriptor", 0, payload.a().recv(100).length);
        }
    }

    @Test
    public void recvmsgIntoScattersDataAndDescriptors() throws Exception {
        try (SocketPair carrier = module.socketpair(); SocketPair payload = module.socketpair()) {
            carrier.b().settimeout(10.0);
            assertEquals(10, carrier.a().send_fds(List.of("here+there".getBytes(StandardCharsets.US_ASCII)),
                    new int[] {payload.b().fileno()}));
            java.nio.ByteBuffer first = java.nio.ByteBuffer.allocate(4);
            java.nio.ByteBuffer rest = java.nio.ByteBuffer.allocateDirect(16);
            ReceivedMessageInto r = carrier.b().recvmsg_into(List.of(first, rest), module.CMSG_SPACE(4));
            assertEquals(10, r.nbytes());
            assertArrayEquals("here".getBytes(StandardCharsets.US_ASCII), first.array());
            assertEquals(6, rest.position());
            assertEquals(1, r.ancdata().size());
            module.close(r.ancdata().get(0).fds()[0]);
        }
    }

    @Inject
    private org.osgi.service.cm.ConfigurationAdmin configAdmin;

    /** With a hand-over window of 0 (HandOverIT covers the window), the provider closes its sockets as it stops. */
    @Test
    public void stoppingTheProviderClosesItsSocketsAndNothingElse() throws Exception {
        Bundle provider = java.util.Arrays.stream(context.getBundles())
                .filter(b -> FelixOptions.PROVIDER_BUNDLE.equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(FelixOptions.PROVIDER_PID, "?");
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put("handover.window", 0.0);
        c.update(props);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).pollInSameThread().until(() -> {
            org.osgi.framework.ServiceReference<SocketModule> ref = context.getServiceReference(SocketModule.class);
            return ref != null && Double.valueOf(0.0).equals(ref.getProperty("handover.window"));
        });
        Thread.sleep(300); // every instance's modified() has run by now (the property is the component's)
        // the service as registered now: the uring provider re-registers it on a configuration
        // change (no modified method, by design), which deactivates the injected instance
        SocketModule current = context.getService(context.getServiceReference(SocketModule.class));
        SocketPair pair = current.socketpair();
        Map<Integer, String> before = lowDescriptors();
        before.remove(pair.a().fileno());
        before.remove(pair.b().fileno());
        provider.stop();
        try {
            assertEquals("the provider closed its sockets", -1, pair.a().fileno());
            assertEquals(-1, pair.b().fileno());
            Map<Integer, String> after = lowDescriptors();
            before.forEach((fd, target) -> assertEquals("descriptor " + fd + " untouched", target, after.get(fd)));
        } finally {
            provider.start();
        }
    }

    /** @return descriptors 0 to 15 of this JVM (stdio, the JDK's and the framework's files) and their targets */
    private static Map<Integer, String> lowDescriptors() throws Exception {
        Map<Integer, String> fds = new TreeMap<>();
        for (int fd = 0; fd < 16; fd++) {
            Path link = Path.of("/proc/self/fd/" + fd);
            if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                fds.put(fd, Files.readSymbolicLink(link).toString());
            }
        }
        return fds;
    }
}
