package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * close() racing a blocked call: the blocked caller is woken within 100 ms with EBADF, and no
 * read or write reaches a recycled descriptor number. Deactivation fails every blocked caller,
 * with EBADF and the text "socket provider stopped".
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CloseWhileBlockedTest {
    private static final long WAKE_BOUND_NANOS = 100_000_000L;
    private final NativeSocketModule module = new NativeSocketModule();

    @AfterEach
    void stop() {
        module.close();
        assertEquals(0, module.openSockets());
    }

    private SocketType listener() throws SocketException {
        SocketType l = module.socket(AF_INET, SOCK_STREAM);
        l.bind(new InetAddr("127.0.0.1", 0));
        l.listen(1);
        return l;
    }

    private SocketType[] pair() throws SocketException {
        try (SocketType l = listener()) {
            SocketType c = module.socket(AF_INET, SOCK_STREAM);
            c.connect(l.getsockname());
            return new SocketType[] {c, l.accept().conn()};
        }
    }

    interface Blocking {
        void call() throws Exception;
    }

    /** Starts {@code body} on a thread, waits until it blocks inside the provider, closes, times the wake. */
    private static SocketException closeWhileBlocked(boolean virtual, SocketType target, Blocking body) throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        AtomicLong failedAt = new AtomicLong();
        Runnable r = () -> {
            try {
                body.call();
                outcome.complete(null);
            } catch (Throwable t) {
                failedAt.set(System.nanoTime());
                outcome.complete(t);
            }
        };
        Thread t = virtual ? Thread.ofVirtual().start(r) : Thread.ofPlatform().start(r);
        // blocked = parked (virtual) or in poll(2) (a platform thread in native code shows RUNNABLE)
        for (int i = 0; i < 5_000 && !blockedInProvider(t); i++) {
            Thread.sleep(1);
        }
        assertTrue(blockedInProvider(t), "the call never blocked");
        long closedAt = System.nanoTime();
        target.close();
        Throwable thrown = outcome.get(10, TimeUnit.SECONDS);
        long wake = failedAt.get() - closedAt;
        assertTrue(wake < WAKE_BOUND_NANOS, "woken after " + wake / 1e6 + " ms");
        SocketException e = assertInstanceOf(SocketException.class, thrown);
        assertEquals(Errno.EBADF, e.errno(), e.getMessage());
        return e;
    }

    /** Parked (virtual thread), or inside a blocking downcall (platform thread: poll, recv, accept). */
    private static boolean blockedInProvider(Thread t) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().equals(IoCore.class.getName()) && f.getMethodName().equals("park")) {
                return true;
            }
            if (f.getClassName().equals(Libc.class.getName())
                    && java.util.Set.of("poll", "recvWait", "sendWait", "accept4", "connect").contains(f.getMethodName())) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeWakesBlockedAccept(boolean virtual) throws Exception {
        SocketType l = listener();
        SocketException e = closeWhileBlocked(virtual, l, l::accept);
        assertEquals("accept(..) failed: Bad file descriptor", e.getMessage());
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeWakesBlockedRecv(boolean virtual) throws Exception {
        SocketType[] p = pair();
        try (SocketType peer = p[0]) {
            SocketException e = closeWhileBlocked(virtual, p[1], () -> p[1].recv(100));
            assertEquals("recv(..) failed: Bad file descriptor", e.getMessage());
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void noCallReachesARecycledDescriptor(boolean virtual) throws Exception {
        SocketType[] old = pair();
        int oldFd = old[1].fileno();
        closeWhileBlocked(virtual, old[1], () -> old[1].recv(100));
        old[0].close();
        // the kernel hands out the lowest free numbers: new sockets reuse the old one
        List<SocketType[]> fresh = new ArrayList<>();
        boolean reused = false;
        for (int i = 0; i < 4 && !reused; i++) {
            SocketType[] p = pair();
            fresh.add(p);
            reused = p[0].fileno() == oldFd || p[1].fileno() == oldFd;
        }
        assertTrue(reused, "descriptor " + oldFd + " was not reused");
        for (SocketType[] p : fresh) {
            byte[] msg = ("to fd " + p[1].fileno()).getBytes();
            p[0].sendall(msg);
            assertArrayEquals(msg, p[1].recv(100), "data intact on the new socket");
            p[0].close();
            p[1].close();
        }
        assertEquals(Errno.EBADF, assertInstanceOf(SocketException.class,
                org.junit.jupiter.api.Assertions.assertThrows(SocketException.class, () -> old[1].recv(1))).errno());
    }

    @Test
    void deactivationFailsEveryBlockedCaller() throws Exception {
        SocketType l = listener();
        // The peer belongs to another provider, so that it stays open (no end of stream races
        // the close) while this one deactivates.
        NativeSocketModule other = new NativeSocketModule();
        SocketType[] p = new SocketType[2];
        try (SocketType l2 = listener()) {
            p[0] = other.socket(AF_INET, SOCK_STREAM);
            p[0].connect(l2.getsockname());
            p[1] = l2.accept().conn();
        }
        List<CompletableFuture<Throwable>> outcomes = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            boolean virtual = i % 2 == 0;
            Blocking body = i < 2 ? l::accept : () -> p[1].recv(10);
            CompletableFuture<Throwable> f = new CompletableFuture<>();
            Runnable r = () -> {
                try {
                    body.call();
                    f.complete(null);
                } catch (Throwable t) {
                    f.complete(t);
                }
            };
            threads.add(virtual ? Thread.ofVirtual().start(r) : Thread.ofPlatform().start(r));
            outcomes.add(f);
        }
        for (Thread t : threads) {
            for (int i = 0; i < 5_000 && !blockedInProvider(t); i++) {
                Thread.sleep(1);
            }
        }
        module.close();
        for (int i = 0; i < outcomes.size(); i++) {
            SocketException e = assertInstanceOf(SocketException.class, outcomes.get(i).get(10, TimeUnit.SECONDS));
            assertEquals(Errno.EBADF, e.errno());
            // the woken caller learns why, not just "Bad file descriptor"
            assertEquals((i < 2 ? "accept" : "recv") + "(..) failed: socket provider stopped", e.getMessage());
        }
        assertEquals(0, module.openSockets());
        SocketException later = org.junit.jupiter.api.Assertions.assertThrows(SocketException.class, () -> p[1].send(new byte[1]));
        assertEquals(Errno.EBADF, later.errno());
        assertEquals("send(..) failed: socket provider stopped", later.getMessage());
        SocketException refused = org.junit.jupiter.api.Assertions.assertThrows(SocketException.class,
                () -> module.socket(AF_INET, SOCK_STREAM));
        assertEquals("socket(..) failed: socket provider stopped", refused.getMessage());
        other.close();
    }
}
