package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SHUT_RDWR;
import static org.bsdsock.socket.api.SocketConstants.SOCK_CLOEXEC;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.bsdsock.socket.api.Errno;
import org.junit.jupiter.api.Test;

/**
 * The downcalls added for waking platform threads blocked in the kernel ({@code pthread_self},
 * {@code pthread_kill}, {@code sigaction}, {@code __libc_current_sigrtmax}, {@code abs} as a
 * handler), {@code ioctl(FIONREAD)}, and how a symbol libc lacks fails: its calls, not the class.
 */
class LibcTest {

    @Test
    void aMissingSymbolFailsItsOwnCallsOnly() throws Throwable {
        MethodHandle plain = Libc.downcall("no_such_function_in_libc", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class, () -> {
            int ignored = (int) plain.invokeExact(1);
        });
        assertTrue(e.getMessage().contains("no_such_function_in_libc"), e.getMessage());
        // the same with errno captured: the handle keeps the call-state parameter, and fails each call
        MethodHandle withErrno = Libc.downcall("no_such_function_in_libc",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS), Linker.Option.captureCallState("errno"));
        for (int i = 0; i < 2; i++) {
            assertThrows(UnsatisfiedLinkError.class, () -> {
                long ignored = (long) withErrno.invokeExact(Scratch.get().state, 1, MemorySegment.NULL);
            });
        }
        assertTrue(Libc.get_nprocs_conf() > 0, "the rest of libc is still there");
    }

    @Test
    void pthreadSelfNamesTheCallingThread() throws Exception {
        long main = Libc.pthread_self();
        assertNotEquals(0L, main);
        assertEquals(main, Libc.pthread_self());
        CompletableFuture<Long> other = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> other.complete(Libc.pthread_self()));
        assertNotEquals(main, (long) other.get(10, TimeUnit.SECONDS));
    }

    @Test
    void pthreadKillReturnsItsErrorInsteadOfSettingErrno() {
        assertEquals(0, Libc.pthread_kill(Libc.pthread_self(), 0), "signal 0: the thread exists");
        assertEquals(Errno.EINVAL, Libc.pthread_kill(Libc.pthread_self(), 100_000));
    }

    @Test
    void sigrtmaxIsLinuxs() throws Exception {
        int sigrtmax = Libc.__libc_current_sigrtmax();
        String python = CPython.unavailable() == null
                ? CPython.run("import signal\nprint(int(signal.SIGRTMAX))").get(0) : "64";
        assertEquals(Integer.parseInt(python), sigrtmax, "as CPython's signal.SIGRTMAX");
    }

    @Test
    void fionreadCountsTheBytesQueued() {
        try (Arena arena = Arena.ofConfined()) {
            int[] fds = socketpair(arena);
            try {
                MemorySegment st = Scratch.get().state;
                MemorySegment n = arena.allocate(JAVA_INT);
                assertEquals(0, Libc.ioctl(st, fds[1], Libc.FIONREAD, n));
                assertEquals(0, n.get(JAVA_INT, 0));
                assertEquals(5, Libc.send(st, fds[0], arena.allocateFrom("hello"), 5, 0));
                assertEquals(0, Libc.ioctl(st, fds[1], Libc.SIOCINQ, n));
                assertEquals(5, n.get(JAVA_INT, 0));
                assertEquals(-1, Libc.ioctl(st, -1, Libc.FIONREAD, n));
                assertEquals(Errno.EBADF, Libc.errno(st));
            } finally {
                close(fds);
            }
        }
    }

    /**
     * A handler that does nothing (libc's {@code abs}), installed without {@code SA_RESTART} on
     * {@code SIGRTMAX-2}: {@code pthread_kill} from another thread makes a platform thread's
     * blocking {@code recv} return {@code EINTR}.
     */
    @Test
    void pthreadKillWakesARecvWithEintr() throws Exception {
        int sig = Libc.__libc_current_sigrtmax() - 2;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment st = arena.allocate(Libc.CALL_STATE);
            MemorySegment act = arena.allocate(Layouts.SIGACTION); // zeroed: empty mask, sa_flags 0
            act.set(ADDRESS, Layouts.SA_HANDLER, Libc.absAddress());
            MemorySegment old = arena.allocate(Layouts.SIGACTION);
            assertEquals(0, Libc.sigaction(st, sig, act, old), () -> "sigaction: errno " + Libc.errno(st));
            int[] fds = socketpair(arena);
            try {
                MemorySegment installed = arena.allocate(Layouts.SIGACTION);
                assertEquals(0, Libc.sigaction(st, sig, MemorySegment.NULL, installed));
                // Until this holds, a signal would take the process down (its default action).
                assertEquals(Libc.absAddress(), installed.get(ADDRESS, Layouts.SA_HANDLER));
                assertEquals(0, installed.get(JAVA_INT, Layouts.SA_FLAGS) & Libc.SA_RESTART, "no SA_RESTART");

                AtomicLong blocked = new AtomicLong();
                MemorySegment buf = arena.allocate(16);
                CompletableFuture<long[]> outcome = new CompletableFuture<>();
                Thread reader = Thread.ofPlatform().name("blocked-in-recv").daemon().start(() -> {
                    MemorySegment own = Scratch.get().state;
                    blocked.set(Libc.pthread_self());
                    long n = Libc.recvWait(own, fds[1], buf.address(), buf.byteSize(), 0);
                    outcome.complete(new long[] {n, Libc.errno(own)});
                });
                Waits.until(() -> blocked.get() != 0 && inRecv(reader), Duration.ofSeconds(10),
                        () -> "the reader blocks in recv: " + Arrays.toString(reader.getStackTrace()));
                // The reader may be in recvWait's frame a moment before it is in the kernel, where
                // a signal would find it not yet blocked: signal until it returns.
                long[] result = null;
                for (int i = 0; i < 200 && result == null; i++) {
                    assertEquals(0, Libc.pthread_kill(blocked.get(), sig));
                    try {
                        result = outcome.get(50, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException notYet) {
                        // not woken yet: signal again
                    }
                }
                assertArrayEquals(new long[] {-1, Errno.EINTR}, result, "recv returned -1 with EINTR");
                reader.join(10_000);
            } finally {
                Libc.shutdown(st, fds[1], SHUT_RDWR); // a reader still blocked returns
                close(fds);
                assertEquals(0, Libc.sigaction(st, sig, old, MemorySegment.NULL));
            }
        }
    }

    private static boolean inRecv(Thread t) {
        return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().equals(Libc.class.getName())
                && f.getMethodName().equals("recvWait"));
    }

    private static int[] socketpair(Arena arena) {
        MemorySegment sv = arena.allocate(JAVA_INT, 2);
        MemorySegment st = Scratch.get().state;
        assertEquals(0, Libc.socketpair(st, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), () -> "errno "
                + Libc.errno(st));
        return new int[] {sv.getAtIndex(JAVA_INT, 0), sv.getAtIndex(JAVA_INT, 1)};
    }

    private static void close(int[] fds) {
        for (int fd : fds) {
            Libc.close(Scratch.get().state, fd);
        }
    }
}
