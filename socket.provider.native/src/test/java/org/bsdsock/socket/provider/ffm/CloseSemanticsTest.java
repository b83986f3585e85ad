package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketFile;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What close() does to a socket others hold, and to callers blocked in connect: closing one
 * descriptor wakes this socket's blocked callers and leaves the open file alone, so a
 * {@code dup}, a {@code makefile} stream or another process keeps the connection; a caller
 * blocked in {@code connect} (a listener's full backlog) wakes within 100 ms with EBADF.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CloseSemanticsTest {
    private static final long WAKE_BOUND_NANOS = 100_000_000L;
    private final NativeSocketModule module = TestEngine.module();

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        module.close();
        assertEquals(0, module.openSockets());
    }

    private SocketType[] tcpPair() throws SocketException {
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            SocketType c = module.socket(AF_INET, SOCK_STREAM);
            c.connect(l.getsockname());
            return new SocketType[] {c, l.accept().conn()};
        }
    }

    interface Blocking {
        void call() throws Exception;
    }

    /** The outcome of a call run on its own thread, and when it ended. */
    private record Outcome(Thread thread, CompletableFuture<Throwable> result, AtomicLong endedAt) {
    }

    private static Outcome start(boolean virtual, Blocking body) {
        CompletableFuture<Throwable> result = new CompletableFuture<>();
        AtomicLong endedAt = new AtomicLong();
        Runnable r = () -> {
            try {
                body.call();
                endedAt.set(System.nanoTime());
                result.complete(null);
            } catch (Throwable t) {
                endedAt.set(System.nanoTime());
                result.complete(t);
            }
        };
        return new Outcome(virtual ? Thread.ofVirtual().start(r) : Thread.ofPlatform().start(r), result, endedAt);
    }

    /** Waits until the thread is parked in the I/O core or inside a blocking downcall, the same frame twice in a row. */
    private static void awaitBlocked(Thread t, String downcall) throws InterruptedException {
        int stable = 0;
        for (int i = 0; i < 10_000 && stable < 2; i++) {
            stable = blockedIn(t, downcall) ? stable + 1 : 0;
            Thread.sleep(1);
        }
        assertTrue(stable >= 2, "the call never blocked: " + List.of(t.getStackTrace()));
    }

    private static boolean blockedIn(Thread t, String downcall) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().equals(IoCore.class.getName()) && Set.of("park", "retryConnect").contains(f.getMethodName())) {
                return true;
            }
            if (f.getClassName().equals(Libc.class.getName()) && Set.of(downcall, "poll").contains(f.getMethodName())) {
                return true;
            }
            if (TestEngine.ringWait(f)) {
                return true;
            }
        }
        return false;
    }

    /** Closes {@code target} and checks the blocked call ends within the bound with EBADF. */
    private static void closeAndExpectWake(SocketType target, Outcome o, String call) throws Exception {
        long closedAt = System.nanoTime();
        target.close();
        Throwable thrown = o.result().get(10, TimeUnit.SECONDS);
        long wake = o.endedAt().get() - closedAt;
        SocketException e = assertInstanceOf(SocketException.class, thrown, "the call ended without an error");
        assertEquals(Errno.EBADF, e.errno(), e.getMessage());
        assertEquals(call + "(..) failed: Bad file descriptor", e.getMessage());
        assertTrue(wake < WAKE_BOUND_NANOS, "woken after " + wake / 1e6 + " ms");
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeWakesAConnectBlockedOnAFullUnixBacklog(boolean virtual) throws Exception {
        UnixAddr path = UnixAddr.of(tmp.resolve("full.sock").toString());
        List<SocketType> queued = new ArrayList<>();
        try (SocketType l = module.socket(AF_UNIX, SOCK_STREAM)) {
            l.bind(path);
            l.listen(0);
            // fill the backlog with connections nobody accepts, until one would wait
            for (int i = 0; i < 8; i++) {
                SocketType c = module.socket(AF_UNIX, SOCK_STREAM);
                queued.add(c);
                c.setblocking(false);
                if (c.connect_ex(path) != 0) {
                    break;
                }
            }
            SocketType blocked = module.socket(AF_UNIX, SOCK_STREAM);
            Outcome o = start(virtual, () -> blocked.connect(path));
            awaitBlocked(o.thread(), "connect");
            closeAndExpectWake(blocked, o, "connect");
        } finally {
            for (SocketType c : queued) {
                c.close();
            }
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeWakesATcpConnectWhoseSynIsDropped(boolean virtual) throws Exception {
        List<SocketType> queued = new ArrayList<>();
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(0);
            SockAddr at = l.getsockname();
            // A full accept queue: further SYNs are dropped, so a connect stays in SYN_SENT.
            for (int i = 0; i < 4; i++) {
                SocketType c = module.socket(AF_INET, SOCK_STREAM);
                queued.add(c);
                c.settimeout(0.3);
                if (c.connect_ex(at) != 0) {
                    break;
                }
            }
            SocketType blocked = module.socket(AF_INET, SOCK_STREAM);
            Outcome o = start(virtual, () -> blocked.connect(at));
            awaitBlocked(o.thread(), "connect");
            closeAndExpectWake(blocked, o, "connect");
        } finally {
            for (SocketType c : queued) {
                c.close();
            }
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeLeavesADupWorking(boolean virtual) throws Exception {
        SocketType[] p = tcpPair();
        SocketType s = p[1];
        try (SocketType peer = p[0]; SocketType d = s.dup()) {
            Outcome o = start(virtual, () -> s.recv(100));
            awaitBlocked(o.thread(), "recvWait");
            closeAndExpectWake(s, o, "recv");
            // the connection is the dup's now, in both directions
            d.sendall("still here".getBytes());
            assertArrayEquals("still here".getBytes(), peer.recv(100));
            peer.sendall("and you".getBytes());
            assertArrayEquals("and you".getBytes(), d.recv(100));
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeLeavesAMakefileStreamWorking(boolean virtual) throws Exception {
        SocketType[] p = tcpPair();
        SocketType s = p[1];
        try (SocketType peer = p[0]; SocketFile f = s.makefile("rwb", 0)) {
            Outcome o = start(virtual, () -> s.recv(100));
            awaitBlocked(o.thread(), "recvWait");
            closeAndExpectWake(s, o, "recv");
            OutputStream out = f.output();
            out.write("via the file".getBytes());
            out.flush();
            assertArrayEquals("via the file".getBytes(), peer.recv(100));
            peer.sendall("back".getBytes());
            InputStream in = f.input();
            assertArrayEquals("back".getBytes(), in.readNBytes(4));
        }
    }

    /**
     * On the io_uring engine close(2) is a ring operation ({@code IORING_OP_CLOSE}: a platform
     * thread's on its own ring, a virtual thread's on the shared ring), on the epoll engine a
     * system call; either way the descriptor is closed once, at once: the peer reads the end
     * of the stream, and the call on the closed socket fails with EBADF. A socket whose
     * blocked reader the close woke is closed by that reader, the last to leave.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeIsARingOperationOnTheRingEngine(boolean virtual) throws Exception {
        boolean ring = TestEngine.ENGINE == Engine.URING;
        SocketType[] p = tcpPair();
        long before = RingIo.CLOSES.sum();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
            try {
                p[0].close();
                closed.complete(null);
            } catch (Throwable t) {
                closed.completeExceptionally(t);
            }
        });
        closed.get(5, TimeUnit.SECONDS);
        assertEquals(ring ? 1 : 0, RingIo.CLOSES.sum() - before, "closes made on a ring");
        assertEquals(0, p[1].recv(10).length, "the peer sees the end of the stream");
        SocketException e = org.junit.jupiter.api.Assertions.assertThrows(SocketException.class, () -> p[0].recv(1));
        assertEquals(Errno.EBADF, e.errno());

        // a reader blocked in recv, woken by the close, makes the close when it leaves
        SocketType[] q = tcpPair();
        org.bsdsock.socket.testing.InCall<byte[]> reader = org.bsdsock.socket.testing.InCall
                .start("reader", virtual, () -> q[0].recv(10)).awaitBlockedIn("recv", java.time.Duration.ofSeconds(10));
        before = RingIo.CLOSES.sum();
        q[0].close();
        assertInstanceOf(SocketException.class, reader.failure(java.time.Duration.ofSeconds(5)));
        assertEquals(ring ? 1 : 0, RingIo.CLOSES.sum() - before, "closes made on a ring");
        assertEquals(0, q[1].recv(10).length, "the peer sees the end of the stream");
        p[1].close();
        q[1].close();
    }

    /**
     * A thread closing with its interrupt status set (a virtual thread parks for the ring's
     * close; a platform thread's own ring is entered with a signal pending) closes the
     * descriptor once and keeps its interrupt status; many such closes at once leave no
     * descriptor behind.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void anInterruptedThreadClosesOnceAndStaysInterrupted(boolean virtual) throws Exception {
        List<SocketType[]> pairs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pairs.add(tcpPair());
        }
        List<Thread> closers = new ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<String> wrong = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (SocketType[] p : pairs) {
            closers.add((virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                Thread.currentThread().interrupt();
                p[0].close();
                if (!Thread.currentThread().isInterrupted()) {
                    wrong.add("interrupt status lost");
                }
            }));
        }
        for (Thread t : closers) {
            t.join(10_000);
        }
        assertTrue(wrong.isEmpty(), wrong.toString());
        for (SocketType[] p : pairs) {
            p[1].settimeout(5.0);
            assertEquals(0, p[1].recv(10).length, "the peer sees the end of the stream");
            p[1].close();
        }
        assertEquals(0, module.openSockets());
    }
}
