package org.bsdsock.socket.itest;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_INET6;
import static org.bsdsock.socket.api.SocketConstants.AI_NUMERICHOST;
import static org.bsdsock.socket.api.SocketConstants.IPPROTO_TCP;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.AddrInfo;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** IPv6 and getaddrinfo inside Felix, through the injected service: an echo on {@code ::1}. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Ipv6InFelixIT {

    @Inject
    private SocketModule module;

    @Configuration
    public Option[] config() {
        return FelixOptions.felix();
    }

    /** Skips, visibly, where the machine has no {@code ::1} (CPython's IPV6_ENABLED). */
    private void assumeIpv6Loopback() {
        String why = null;
        try (SocketType s = module.socket(AF_INET6, SOCK_STREAM)) {
            s.bind(new Inet6Addr("::1", 0));
        } catch (SocketException e) {
            why = e.getMessage();
        }
        if (why != null) {
            System.err.println("IPv6 loopback unavailable (" + why + "): Ipv6InFelixIT SKIPPED");
        }
        Assume.assumeTrue("IPv6 loopback unavailable: " + why, why == null);
    }

    @Test
    public void echoOnIpv6LoopbackThroughGetaddrinfo() throws Exception {
        assumeIpv6Loopback();
        try (SocketType server = module.create_server(new Inet6Addr("::1", 0))) {
            int port = ((Inet6Addr) server.getsockname()).port();
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try {
                    Accepted a = server.accept();
                    try (SocketType conn = a.conn()) {
                        for (byte[] data = conn.recv(1024); data.length > 0; data = conn.recv(1024)) {
                            conn.sendall(data);
                        }
                    }
                } catch (SocketException e) {
                    throw new RuntimeException(e);
                }
            });
            List<AddrInfo> infos = module.getaddrinfo("::1", port, AF_INET6, SOCK_STREAM, 0, AI_NUMERICHOST);
            assertEquals(List.of(new AddrInfo(AF_INET6, SOCK_STREAM, IPPROTO_TCP, "", new Inet6Addr("::1", port))), infos);
            AddrInfo ai = infos.get(0);
            try (SocketType client = module.socket(ai.family(), ai.type(), ai.proto())) {
                client.settimeout(10.0);
                client.connect(ai.sockaddr());
                assertEquals(client.getsockname(), new Inet6Addr("::1", ((Inet6Addr) client.getsockname()).port()));
                byte[] hello = "Hello, IPv6".getBytes(StandardCharsets.US_ASCII);
                client.sendall(hello);
                assertArrayEquals(hello, client.recv(1024));
            }
            echo.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    public void getaddrinfoAnswersWithRecords() throws Exception {
        assertEquals(List.of(new AddrInfo(AF_INET, SOCK_STREAM, IPPROTO_TCP, "", new InetAddr("127.0.0.1", 80))),
                module.getaddrinfo("127.0.0.1", 80, AF_INET, SOCK_STREAM));
        assertEquals("::1", module.inet_ntop(AF_INET6, module.inet_pton(AF_INET6, "0::1")));
    }
}
