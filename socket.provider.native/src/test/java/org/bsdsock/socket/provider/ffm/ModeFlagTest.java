package org.bsdsock.socket.provider.ffm;

import static org.awaitility.Awaitility.await;
import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SOCK_NONBLOCK;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.BlockingIOException;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The descriptor's {@code O_NONBLOCK} follows the socket's mode, as in CPython, wherever
 * someone else can see it; and a mode change reaches a thread already waiting.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ModeFlagTest {
    private final NativeSocketModule module = TestEngine.module();

    @AfterEach
    void stop() {
        module.close();
        assertEquals(0, module.openSockets());
    }

    /** O_NONBLOCK of an open descriptor of this process, as the kernel reports it. */
    static boolean nonBlocking(int fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) {
                return (Integer.parseInt(line.substring(6).trim(), 8) & 04000) != 0;
            }
        }
        throw new AssertionError("no flags for fd " + fd);
    }

    @Test
    void theFlagFollowsEveryModeChange() throws Exception {
        try (SocketType s = module.socket(AF_INET, SOCK_STREAM)) {
            assertFalse(nonBlocking(s.fileno()), "a new socket is blocking (timeout None)");
            s.setblocking(false);
            assertTrue(nonBlocking(s.fileno()), "setblocking(False)");
            s.setblocking(true);
            assertFalse(nonBlocking(s.fileno()), "setblocking(True)");
            s.settimeout(10.0);
            assertTrue(nonBlocking(s.fileno()), "settimeout(10)");
            s.settimeout(null);
            assertFalse(nonBlocking(s.fileno()), "settimeout(None)");
        }
        try (SocketType s = module.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK)) {
            assertTrue(nonBlocking(s.fileno()));
            assertFalse(s.getblocking());
            s.setblocking(true);
            assertFalse(nonBlocking(s.fileno()), "a SOCK_NONBLOCK socket made blocking");
        }
    }

    @Test
    void aDefaultTimeoutMakesNewAndAcceptedSocketsNonBlocking() throws Exception {
        module.setdefaulttimeout(5.0);
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM)) {
            assertTrue(nonBlocking(l.fileno()));
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            try (SocketType c = module.socket(AF_INET, SOCK_STREAM)) {
                c.connect(l.getsockname());
                try (SocketType a = l.accept().conn()) {
                    assertEquals(5.0, a.gettimeout());
                    assertTrue(nonBlocking(a.fileno()));
                }
            }
        } finally {
            module.setdefaulttimeout(null);
        }
    }

    @Test
    void aVirtualThreadsWaitLeavesNoFlagOnTheHandedOutDescriptor() throws Exception {
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            CompletableFuture<SocketType> accepted = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    accepted.complete(l.accept().conn());
                } catch (Throwable t) {
                    accepted.completeExceptionally(t);
                }
            });
            try (SocketType c = module.socket(AF_INET, SOCK_STREAM)) {
                c.connect(l.getsockname());
                accepted.get(10, TimeUnit.SECONDS).close();
            }
            assertTrue(l.getblocking());
            int fd = l.fileno();
            assertFalse(nonBlocking(fd), "blocking mode, as fileno()'s caller sees it");
            try (SocketType d = l.dup()) {
                assertFalse(nonBlocking(d.fileno()));
            }
        }
    }

    @Test
    void setblockingFalseEndsAVirtualThreadsTimedWait() throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM, 0)) {
            p.b().settimeout(30.0);
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    p.b().recv(10);
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            await("reader parked").atMost(java.time.Duration.ofSeconds(10)).pollInSameThread().until(() -> parked(t));
            long changed = System.nanoTime();
            p.b().setblocking(false);
            assertInstanceOf(BlockingIOException.class, outcome.get(10, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - changed < 5_000_000_000L, "ended by the mode change, not the old timeout");
        }
    }

    private static boolean parked(Thread t) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().equals(IoCore.class.getName()) && f.getMethodName().equals("park")) {
                return true;
            }
            if (TestEngine.ringWait(f)) {
                return true;
            }
        }
        return false;
    }
}
