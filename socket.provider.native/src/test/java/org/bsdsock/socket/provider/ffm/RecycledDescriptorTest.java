package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.MSG_DONTWAIT;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bsdsock.socket.api.BlockingIOException;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.testing.Fds;
import org.bsdsock.socket.testing.InCall;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No call reaches a recycled descriptor number. A caller is held inside a call (blocked in
 * {@code recv}, {@code sendall} or {@code accept}); the socket is closed under it; then:
 * <ul>
 * <li>while the caller is still inside, its descriptor number stays open on the same file
 * (the kernel cannot hand it to another socket): checked in every sample where the caller is
 * seen inside (a platform thread asleep in a system call on that number, a virtual thread
 * parked in the call) after the number was seen open or closed;</li>
 * <li>new sockets are opened until one gets the number; once the old caller has left, every
 * new socket still holds the file it was opened with, carries exactly what the test sends
 * through it (the old caller read nothing from it and wrote nothing to it), and the old caller
 * failed with {@code EBADF}.</li>
 * </ul>
 * Many iterations, platform and virtual threads: a stray system call on the old number would
 * hit the new socket in some of them.
 */
@Tag("reliability")
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RecycledDescriptorTest extends ProviderFixture {
    private static final int ITERATIONS = Integer.getInteger("recycled.iterations", 100);
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The fresh sockets of one iteration; the one on the old number, once found. */
    private final List<SocketType> fresh = new ArrayList<>();

    private void closeFresh() {
        fresh.forEach(SocketType::close);
        fresh.clear();
    }

    /**
     * Fails if {@code caller} is seen inside its call after descriptor {@code fd} was seen not
     * holding {@code target} any more. The order of the two reads is what makes it sound: a
     * caller inside now was inside at the earlier read too (it entered before the close).
     */
    private static void assertOpenWhileInside(InCall<?> caller, String method, int fd, String target) {
        boolean open = target.equals(Fds.target(fd));
        boolean inside;
        if (caller.thread().isVirtual()) {
            // Parked inside the call, not in the close it makes as the last to leave (on the
            // io_uring engine a virtual thread parks for its IORING_OP_CLOSE's completion).
            StackTraceElement[] stack = caller.thread().getStackTrace();
            inside = caller.thread().getState() == Thread.State.WAITING
                    && Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith(InCall.PROVIDER_PACKAGES)
                            && f.getMethodName().equals(method))
                    && Arrays.stream(stack).noneMatch(f -> f.getClassName().equals(FdHandle.class.getName())
                            && f.getMethodName().equals("release"));
        } else {
            long[] call = caller.syscall();
            inside = call != null && call[1] == fd;
        }
        if (inside && !open) {
            fail("descriptor " + fd + " was closed (now " + Fds.target(fd) + ") while the caller was still inside " + method);
        }
    }

    /** Closes {@code old} under {@code caller}; opens sockets ({@code open}) until one has the old number; returns it. */
    private SocketType closeAndReuse(SocketType old, InCall<?> caller, String method, Opener open) throws Exception {
        int fd = old.fileno();
        String target = Fds.target(fd);
        assertNotNull(target);
        old.close();
        long deadline = System.nanoTime() + WAIT.toNanos();
        int openedAfterItLeft = 0;
        for (;;) {
            assertOpenWhileInside(caller, method, fd, target);
            SocketType onFd = null;
            for (SocketType s : open.open()) {
                fresh.add(s);
                if (s.fileno() == fd) {
                    onFd = s;
                }
            }
            if (onFd != null) {
                return onFd;
            }
            if (caller.outcome().isDone()) {
                if (++openedAfterItLeft > 64) {
                    throw new AssertionError("descriptor " + fd + " was never reused after the old caller left");
                }
            } else if (fresh.size() >= 64) {
                // enough numbers taken meanwhile: watch the caller until it leaves
                while (!caller.outcome().isDone() && System.nanoTime() < deadline) {
                    assertOpenWhileInside(caller, method, fd, target);
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the old caller is still inside " + method + " " + WAIT + " after close()");
            }
        }
    }

    @FunctionalInterface
    interface Opener {
        List<SocketType> open() throws SocketException;
    }

    private List<SocketType> newPair() throws SocketException {
        SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM);
        return List.of(p.a(), p.b());
    }

    /** @return the other end of the socketpair {@code s} belongs to, among {@link #fresh} */
    private SocketType peerOf(SocketType s) {
        int i = fresh.indexOf(s);
        return fresh.get(i % 2 == 0 ? i + 1 : i - 1);
    }

    /** Every fresh pair carries exactly what is sent through it, both ways, and nothing more. */
    private void assertFreshPairsIntact() throws SocketException {
        for (int i = 0; i < fresh.size(); i += 2) {
            SocketType a = fresh.get(i);
            SocketType b = fresh.get(i + 1);
            byte[] ab = ("a to b on fd " + a.fileno()).getBytes();
            byte[] ba = ("b to a on fd " + b.fileno()).getBytes();
            a.sendall(ab);
            b.sendall(ba);
            b.settimeout(10.0);
            a.settimeout(10.0);
            assertArrayEquals(ab, b.recv(ab.length), "what reached fd " + b.fileno());
            assertArrayEquals(ba, a.recv(ba.length), "what reached fd " + a.fileno());
            assertThrows(BlockingIOException.class, () -> a.recv(1, MSG_DONTWAIT), "stray bytes on fd " + a.fileno());
            assertThrows(BlockingIOException.class, () -> b.recv(1, MSG_DONTWAIT), "stray bytes on fd " + b.fileno());
        }
    }

    private static void assertFailedWithEbadf(InCall<?> caller) {
        SocketException e = assertInstanceOf(SocketException.class, caller.failure(WAIT));
        assertEquals(Errno.EBADF, e.errno(), e.getMessage());
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void aReaderWokenByCloseReadsNothingFromTheNextSocket(boolean virtual) throws Exception {
        for (int it = 0; it < ITERATIONS; it++) {
            try (SocketPair old = module.socketpair(AF_UNIX, SOCK_STREAM)) {
                InCall<byte[]> reader = InCall.start("reader", virtual, () -> old.b().recv(100))
                        .awaitBlockedIn("recv", WAIT);
                SocketType onFd = closeAndReuse(old.b(), reader, "recv", this::newPair);
                String target = Fds.target(onFd.fileno());
                // data waits on the new socket before the old reader has left
                peerOf(onFd).sendall("for the new socket".getBytes());
                assertFailedWithEbadf(reader);
                assertEquals(target, Fds.target(onFd.fileno()), "the new socket's descriptor still holds its file");
                assertArrayEquals("for the new socket".getBytes(), onFd.recv(100), "iteration " + it);
                assertFreshPairsIntact();
            } finally {
                closeFresh();
            }
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void aWriterWokenByCloseWritesNothingToTheNextSocket(boolean virtual) throws Exception {
        for (int it = 0; it < ITERATIONS; it++) {
            try (SocketPair old = module.socketpair(AF_UNIX, SOCK_STREAM)) {
                InCall<?> writer = InCall.start("writer", virtual, () -> {
                    old.b().sendall(new byte[8 << 20]); // more than the buffers hold: it blocks
                    return null;
                }).awaitBlockedIn("sendall", WAIT);
                SocketType onFd = closeAndReuse(old.b(), writer, "sendall", this::newPair);
                String target = Fds.target(onFd.fileno());
                assertFailedWithEbadf(writer);
                assertEquals(target, Fds.target(onFd.fileno()), "the new socket's descriptor still holds its file");
                assertFreshPairsIntact(); // no byte of the 8 MiB reached the new socket's peer
            } finally {
                closeFresh();
            }
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void anAcceptorWokenByCloseTakesNoConnectionOfTheNextListener(boolean virtual) throws Exception {
        for (int it = 0; it < ITERATIONS; it++) {
            SocketType old = module.socket(AF_INET, SOCK_STREAM);
            old.bind(new InetAddr("127.0.0.1", 0));
            old.listen(4);
            try {
                InCall<?> acceptor = InCall.start("acceptor", virtual, old::accept).awaitBlockedIn("accept", WAIT);
                SocketType onFd = closeAndReuse(old, acceptor, "accept", () -> {
                    SocketType l = module.socket(AF_INET, SOCK_STREAM);
                    l.bind(new InetAddr("127.0.0.1", 0));
                    l.listen(4);
                    return List.of(l);
                });
                String target = Fds.target(onFd.fileno());
                try (SocketType client = module.socket(AF_INET, SOCK_STREAM)) {
                    client.connect(onFd.getsockname()); // queued on the new listener before the old acceptor left
                    assertFailedWithEbadf(acceptor);
                    assertEquals(target, Fds.target(onFd.fileno()), "the new listener's descriptor still holds its file");
                    onFd.settimeout(10.0);
                    try (SocketType conn = onFd.accept().conn()) { // the connection is still there for its listener
                        assertEquals(client.getsockname(), conn.getpeername(), "iteration " + it);
                    }
                }
            } finally {
                old.close();
                closeFresh();
            }
        }
    }
}
