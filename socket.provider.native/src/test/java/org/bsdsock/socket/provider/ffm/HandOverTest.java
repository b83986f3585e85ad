package org.bsdsock.socket.provider.ffm;

import static org.awaitility.Awaitility.await;
import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;
import org.bsdsock.socket.spi.SocketKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A provider instance hands its sockets over to the next instance serving the same owner: the
 * same kernel sockets, the socket objects consumers hold keep working, blocked callers go on
 * with the next provider, a partial sendall goes on from where it stood; nobody taking them
 * within the window closes them, with a clear error.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HandOverTest {
    private static final Duration WINDOW = Duration.ofSeconds(20);
    private final String owner = "handover-test-" + System.nanoTime();
    private final List<NativeSocketModule> modules = new ArrayList<>();

    @TempDir
    Path tmp;

    private NativeSocketModule provider() {
        NativeSocketModule m = new NativeSocketModule(owner, engineOf(modules.size()));
        modules.add(m);
        return m;
    }

    /** @return the engine of the {@code index}th provider of a test (the first is 0) */
    Engine engineOf(int index) {
        return TestEngine.ENGINE;
    }

    @AfterEach
    void stop() {
        for (NativeSocketModule m : modules) {
            m.close();
        }
        for (NativeSocketModule m : modules) {
            assertEquals(0, m.openSockets());
        }
    }

    private static String inode(int fd) throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
    }

    private static SocketType[] pair(NativeSocketModule m, SocketType listener) throws SocketException {
        SocketType c = m.socket(AF_INET, SOCK_STREAM);
        c.connect(listener.getsockname());
        return new SocketType[] {c, listener.accept().conn()};
    }

    @Test
    void socketsSurviveTheProviderAndKeepTheirState() throws Exception {
        NativeSocketModule first = provider();
        SocketType l = first.socket(AF_INET, SOCK_STREAM);
        l.bind(new InetAddr("127.0.0.1", 0));
        l.listen(8);
        SocketType[] p = pair(first, l);
        p[1].settimeout(7.5);
        SocketPair u = first.socketpair(AF_UNIX, SOCK_DGRAM, 0);
        int lfd = l.fileno();
        String lnode = inode(lfd);
        SockAddr at = l.getsockname();

        first.handOver(WINDOW);
        assertEquals(0, first.openSockets(), "the first provider holds nothing");
        NativeSocketModule second = provider();
        assertEquals(5, second.openSockets(), "the second took every socket over");

        assertEquals(lfd, l.fileno(), "same descriptor");
        assertEquals(lnode, inode(lfd), "same kernel socket");
        assertEquals(at, l.getsockname(), "same port");
        assertEquals(7.5, p[1].gettimeout());
        p[0].sendall("across".getBytes());
        assertArrayEquals("across".getBytes(), p[1].recv(100));
        SocketType[] q = pair(second, l); // the listener accepts on the second provider
        q[0].sendall("new".getBytes());
        assertArrayEquals("new".getBytes(), q[1].recv(10));
        u.a().send("dgram".getBytes());
        assertArrayEquals("dgram".getBytes(), u.b().recv(10));
        for (SocketType s : List.of(l, p[0], p[1], q[0], q[1], u.a(), u.b())) {
            s.close();
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void blockedCallersGoOnWithTheNextProvider(boolean virtual) throws Exception {
        NativeSocketModule first = provider();
        SocketType l = first.socket(AF_INET, SOCK_STREAM);
        l.bind(new InetAddr("127.0.0.1", 0));
        l.listen(8);
        SocketType[] p = pair(first, l);
        CompletableFuture<byte[]> received = call(virtual, () -> p[1].recv(100));
        CompletableFuture<SocketType> accepted = call(virtual, () -> l.accept().conn());
        waitInside(received, accepted);

        first.handOver(WINDOW);
        provider();
        p[0].sendall("waited".getBytes());
        assertArrayEquals("waited".getBytes(), received.get(10, TimeUnit.SECONDS));
        SocketType c = modules.get(1).socket(AF_INET, SOCK_STREAM);
        c.connect(l.getsockname());
        SocketType a = accepted.get(10, TimeUnit.SECONDS);
        c.sendall("hi".getBytes());
        assertArrayEquals("hi".getBytes(), a.recv(10));
        for (SocketType s : List.of(l, p[0], p[1], c, a)) {
            s.close();
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void aPartialSendallGoesOnFromWhereItStood(boolean virtual) throws Exception {
        NativeSocketModule first = provider();
        SocketPair p = first.socketpair(AF_UNIX, SOCK_STREAM, 0);
        byte[] data = new byte[8 << 20];
        new Random(42).nextBytes(data);
        CompletableFuture<Object> sending = call(virtual, () -> {
            p.a().sendall(data);
            return "sent";
        });
        // the reader is not reading: the sendall fills the socket's buffers and waits
        Thread.sleep(200);
        assertFalse(sending.isDone());
        first.handOver(WINDOW);
        provider();
        MessageDigest got = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        long total = 0;
        while (total < data.length) {
            int n = p.b().recv_into(buf, 0, 0);
            assertTrue(n > 0);
            got.update(buf, 0, n);
            total += n;
        }
        assertEquals("sent", sending.get(10, TimeUnit.SECONDS));
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), got.digest(), "every byte once, in order");
        p.close();
    }

    @Test
    void aConnectUnderWayFinishesOnTheNextProvider() throws Exception {
        NativeSocketModule first = provider();
        UnixAddr path = UnixAddr.of(tmp.resolve("l.sock").toString());
        SocketType l = first.socket(AF_UNIX, SOCK_STREAM);
        l.bind(path);
        l.listen(0);
        List<SocketType> queued = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            SocketType c = first.socket(AF_UNIX, SOCK_STREAM);
            queued.add(c);
            c.setblocking(false);
            if (c.connect_ex(path) != 0) {
                break;
            }
        }
        SocketType c = first.socket(AF_UNIX, SOCK_STREAM);
        CompletableFuture<Object> connected = call(true, () -> {
            c.connect(path);
            return "connected";
        });
        Thread.sleep(100);
        assertFalse(connected.isDone(), "the backlog is full");
        first.handOver(WINDOW);
        provider();
        l.settimeout(0.2); // make room: accept what is queued until the connect is through
        while (!connected.isDone()) {
            try {
                l.accept().conn().close();
            } catch (org.bsdsock.socket.api.SocketTimeoutException nothingQueued) {
                // the connect's own connection may have been accepted already: look again
            }
        }
        assertEquals("connected", connected.get(10, TimeUnit.SECONDS));
        c.close();
        l.close();
        for (SocketType q : queued) {
            q.close();
        }
    }

    @Test
    void socketsNobodyTakesAreClosedWhenTheWindowEnds() throws Exception {
        NativeSocketModule first = provider();
        SocketPair p = first.socketpair(AF_UNIX, SOCK_STREAM, 0);
        int fd = p.a().fileno();
        CompletableFuture<byte[]> waiting = call(true, () -> p.a().recv(10));
        waitInside(waiting);
        long start = System.nanoTime();
        first.handOver(Duration.ofMillis(300));
        SocketException e = assertInstanceOf(SocketException.class,
                assertThrows(java.util.concurrent.ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS))
                        .getCause());
        assertEquals(Errno.EBADF, e.errno());
        assertEquals("recv(..) failed: socket provider stopped", e.getMessage());
        assertTrue(System.nanoTime() - start >= 250_000_000L, "not before the window ends");
        await("fd " + fd + " closed").atMost(Duration.ofSeconds(10)).pollInSameThread().until(() -> !Files.exists(Path.of("/proc/self/fd/" + fd)));
        SocketException later = assertThrows(SocketException.class, () -> p.b().send("x".getBytes()));
        assertEquals("send(..) failed: socket provider stopped", later.getMessage());
        assertEquals(0, SocketKeeper.get().held().stream().filter(k -> k.owner().equals(owner)).count());
    }

    @Test
    void aWindowOfZeroClosesAtOnce() throws Exception {
        NativeSocketModule first = provider();
        SocketPair p = first.socketpair(AF_UNIX, SOCK_STREAM, 0);
        int fd = p.a().fileno();
        first.handOver(Duration.ZERO);
        assertFalse(Files.exists(Path.of("/proc/self/fd/" + fd)));
        assertEquals(-1, p.a().fileno());
    }

    interface Call<T> {
        T call() throws Exception;
    }

    static <T> CompletableFuture<T> call(boolean virtual, Call<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Runnable r = () -> {
            try {
                f.complete(body.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        };
        if (virtual) {
            Thread.ofVirtual().start(r);
        } else {
            Thread.ofPlatform().daemon().start(r);
        }
        return f;
    }

    /** Gives the calls a moment to block; each must still be waiting. */
    static void waitInside(CompletableFuture<?>... calls) throws InterruptedException {
        Thread.sleep(100);
        for (CompletableFuture<?> c : calls) {
            assertFalse(c.isDone(), "the call should be waiting");
        }
    }
}
