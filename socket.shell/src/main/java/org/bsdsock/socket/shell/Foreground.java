package org.bsdsock.socket.shell;

import org.bsdsock.socket.api.SocketException;

/**
 * Runs a command's socket call where the console's Ctrl-C reaches it. Ctrl-C interrupts the
 * command line's thread, a platform thread; a platform thread blocked in a system call
 * ({@code accept4}, {@code recv}) does not see {@link Thread#interrupt()}, so the call would stay
 * in the kernel after the prompt came back and later take the connection or the data meant for
 * the next command. A virtual thread waits for a socket by parking, and the provider ends a
 * parked call on an interrupt ({@code EINTR}); so the call runs on a virtual thread, the command
 * line's thread waits for it interruptibly, and Ctrl-C interrupts both.
 */
final class Foreground {
    /** How long an interrupted call may take to leave: the provider ends a parked call at once. */
    private static final long LEAVE_MILLIS = 2_000;

    private Foreground() {
    }

    /** Ctrl-C ended the command line; the call it ran has left (or was not a socket wait). */
    static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted() {
            super("interrupted");
        }

        @Override
        public String toString() {
            return "Interrupted: the command was stopped (Ctrl-C)";
        }
    }

    /** @return what {@code c} returns, run on a virtual thread that an interrupt of this thread reaches */
    static <T> T call(SocketFailure.SocketCall<T> c) throws SocketException {
        if (Thread.currentThread().isVirtual()) {
            return c.call(); // an interrupt reaches this thread's wait already
        }
        Outcome<T> out = new Outcome<>();
        Thread call = Thread.ofVirtual().name("socket-shell-call").start(() -> out.run(c));
        try {
            call.join();
        } catch (InterruptedException e) {
            call.interrupt();
            try {
                call.join(LEAVE_MILLIS); // e.g. getaddrinfo cannot be interrupted: it finishes unseen
            } catch (InterruptedException again) {
                // a second Ctrl-C: stop waiting for the call to leave
            }
            if (!out.done || out.failure != null) {
                throw new Interrupted(); // a failure now is the interrupt's (EINTR)
            }
            Thread.currentThread().interrupt(); // the call finished first: keep its result, and the interrupt
        }
        return out.result();
    }

    /** What the call gave: a result or a failure. */
    private static final class Outcome<T> {
        T value;
        Throwable failure;
        /** Written last: read after a join that may have timed out, it says whether the rest is there. */
        volatile boolean done;

        void run(SocketFailure.SocketCall<T> c) {
            try {
                value = c.call();
            } catch (Throwable e) {
                failure = e;
            }
            done = true;
        }

        T result() throws SocketException {
            if (failure instanceof SocketException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            return value;
        }
    }
}
