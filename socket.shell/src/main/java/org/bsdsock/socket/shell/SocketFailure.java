package org.bsdsock.socket.shell;

import org.bsdsock.socket.api.SocketException;

/**
 * A {@link SocketException} as the shell reports it: one line with the errno name first, e.g.
 * {@code SocketFailure: ECONNREFUSED: connect(..) failed: Connection refused}. The console
 * prints a failed command's exception as its {@link #toString()}, without a stack trace; the
 * original exception is the cause, so the console's {@code e} command
 * ({@code $exception printStackTrace}) shows both.
 */
public final class SocketFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private SocketFailure(String message, SocketException cause) {
        super(message, cause);
    }

    /** @return the failure for {@code e}: its message prefixed with its errno name, where it has one */
    static SocketFailure of(SocketException e) {
        // errno 0: a failure without a system error number (e.g. "socket provider stopped")
        String message = e.errno() == 0 ? e.getMessage() : e.errorName() + ": " + e.getMessage();
        return new SocketFailure(message, e);
    }

    /** @return {@code SocketFailure: } and the message: the line the console prints */
    @Override
    public String toString() {
        return getClass().getSimpleName() + ": " + getMessage();
    }

    /** @return the socket exception this reports */
    @Override
    public synchronized SocketException getCause() {
        return (SocketException) super.getCause();
    }

    /** @return the errno value ({@link SocketException#errno()}) */
    public int errno() {
        return getCause().errno();
    }

    /** A socket call, for {@link #call}. */
    @FunctionalInterface
    interface SocketCall<T> {
        T call() throws SocketException;
    }

    /** A socket call without a result, for {@link #run}. */
    @FunctionalInterface
    interface SocketAction {
        void run() throws SocketException;
    }

    /** Runs {@code c} where Ctrl-C reaches it ({@link Foreground}), reporting a {@link SocketException} as a {@code SocketFailure}. */
    static <T> T call(SocketCall<T> c) {
        try {
            return Foreground.call(c);
        } catch (SocketException e) {
            throw of(e);
        }
    }

    /** Runs {@code a} where Ctrl-C reaches it ({@link Foreground}), reporting a {@link SocketException} as a {@code SocketFailure}. */
    static void run(SocketAction a) {
        try {
            Foreground.call(() -> {
                a.run();
                return null;
            });
        } catch (SocketException e) {
            throw of(e);
        }
    }
}
