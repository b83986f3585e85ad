package org.bsdsock.socket.provider.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Wakes a platform thread blocked in a system call on a socket, without touching the socket:
 * a signal whose handler does nothing and is installed without {@code SA_RESTART} makes the
 * call return {@code EINTR}. {@code close()} uses it, where shutting the socket down would
 * also end it for every other holder of the open file (a {@code dup}, a {@code makefile}
 * stream, a process it was passed to); the JDK wakes its own blocked channels the same way,
 * with the same signal ({@code SIGRTMAX - 2}), so the two share a handler that does nothing
 * whichever installed it last.
 */
final class KernelWakeup {
    private KernelWakeup() {
    }

    /** The signal: {@code SIGRTMAX - 2}, as the JDK's own. */
    static final int SIGNAL = Libc.__libc_current_sigrtmax() - 2;

    static {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment act = arena.allocate(Layouts.SIGACTION); // zeroed: empty mask, no SA_RESTART
            act.set(ValueLayout.ADDRESS, Layouts.SA_HANDLER, Libc.absAddress());
            Scratch s = Scratch.get();
            if (Libc.sigaction(s.state, SIGNAL, act, MemorySegment.NULL) != 0) {
                throw new ExceptionInInitializerError("sigaction(" + SIGNAL + ") failed: " + Errors.strerror(s.errno()));
            }
        }
        // Link pthread_kill now (signal 0 only checks the thread), not at the first close that needs it.
        Libc.pthread_kill(Libc.pthread_self(), 0);
    }

    /** @return the calling thread's {@code pthread_t} */
    static long self() {
        return Libc.pthread_self();
    }

    /** Interrupts the system call {@code thread} is blocked in, if any; the thread must be alive. */
    static void interrupt(long thread) {
        Libc.pthread_kill(thread, SIGNAL);
    }
}
