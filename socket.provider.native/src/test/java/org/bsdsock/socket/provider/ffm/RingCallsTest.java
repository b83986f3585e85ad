package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;
import org.bsdsock.socket.testing.InCall;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The calls that do not wait yet have an io_uring operation: on the ring engine {@code bind}
 * and {@code listen} are {@code IORING_OP_BIND} / {@code LISTEN} (this kernel has them; the
 * ring's probe decides), with the system call's results and errors; on the epoll engine they
 * are system calls. (Close: {@link CloseSemanticsTest}.)
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RingCallsTest extends ProviderFixture {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void bindAndListenAreRingOperationsOnTheRingEngine(boolean virtual) throws Exception {
        boolean ring = TestEngine.ENGINE == Engine.URING;
        InCall.start("setup", virtual, () -> {
            long before = RingIo.NON_WAITING.sum();
            try (SocketType l = module.socket(AF_INET, SOCK_STREAM);
                    SocketType other = module.socket(AF_INET, SOCK_STREAM);
                    SocketType u = module.socket(AF_UNIX, SOCK_STREAM);
                    SocketType u2 = module.socket(AF_UNIX, SOCK_STREAM)) {
                l.bind(new InetAddr("127.0.0.1", 0));
                l.listen(5);
                assertEquals(ring ? 2 : 0, RingIo.NON_WAITING.sum() - before, "bind and listen made on a ring");
                // the system call's errors, through the ring too
                SocketException inUse = assertThrows(SocketException.class, () -> other.bind(l.getsockname()));
                assertEquals(Errno.EADDRINUSE, inUse.errno());
                SocketException twice = assertThrows(SocketException.class, () -> l.bind(new InetAddr("127.0.0.1", 0)));
                assertEquals(Errno.EINVAL, twice.errno());
                String path = tmp.resolve("s").toString();
                u.bind(UnixAddr.of(path));
                u.listen(0);
                SocketException exists = assertThrows(SocketException.class, () -> u2.bind(UnixAddr.of(path)));
                assertEquals(Errno.EADDRINUSE, exists.errno());
                // and they work: a connection to each listener
                try (SocketType c = module.socket(AF_INET, SOCK_STREAM); SocketType d = module.socket(AF_UNIX, SOCK_STREAM)) {
                    c.connect(l.getsockname());
                    d.connect(UnixAddr.of(path));
                    l.accept().conn().close();
                    u.accept().conn().close();
                }
            }
            return null;
        }).result(WAIT);
    }

    /**
     * A platform thread's first calls at the descriptor limit: on the ring engine its own ring
     * cannot be set up (io_uring_setup: EMFILE), so a receive that waits goes to the shared
     * ring and a close is a system call; on the epoll engine a blocking call needs no
     * descriptor either. Either way the calls work as below the limit.
     */
    @org.junit.jupiter.api.Test
    void aPlatformThreadsFirstCallsAtTheDescriptorLimitWork() throws Throwable {
        long[] limits = DescriptorLimit.current();
        long soft = limits[0];
        long hard = limits[1];
        org.bsdsock.socket.api.SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM);
        // the shared ring (or the pollers) set up first, by a virtual thread's wait
        InCall<byte[]> warm = InCall.start("warm", true, () -> p.b().recv(1)).awaitBlockedIn("recv", WAIT);
        p.a().sendall("w".getBytes());
        assertEquals(1, warm.result(WAIT).length);
        java.util.List<java.io.FileInputStream> fillers = new java.util.ArrayList<>();
        try {
            DescriptorLimit.set(DescriptorLimit.open(), hard);
            try { // no descriptor left: the limit is on numbers, the count may leave holes below it
                for (int i = 0; i < 1000; i++) {
                    fillers.add(new java.io.FileInputStream("/dev/null"));
                }
                org.junit.jupiter.api.Assertions.fail("1,000 descriptors opened under the limit");
            } catch (java.io.IOException full) {
                org.junit.jupiter.api.Assertions.assertTrue(full.getMessage().contains("Too many open files"), full.getMessage());
            }
            // (no InCall: watching a thread reads /proc, which needs a descriptor)
            java.util.concurrent.CompletableFuture<String> first = new java.util.concurrent.CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    String got = new String(p.b().recv(100));
                    p.b().close();
                    first.complete(got);
                } catch (Throwable t) {
                    first.completeExceptionally(t);
                }
            });
            Thread.sleep(200); // most likely waiting by now; if not, the data is there when it asks
            p.a().sendall("at the limit".getBytes());
            assertEquals("at the limit", first.get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, p.a().recv(10).length, "the close reached the peer");
        } finally {
            for (java.io.FileInputStream f : fillers) {
                f.close();
            }
            DescriptorLimit.set(soft, hard);
            p.a().close();
        }
    }
}
