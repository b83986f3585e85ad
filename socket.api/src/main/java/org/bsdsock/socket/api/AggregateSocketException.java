package org.bsdsock.socket.api;

import java.util.List;

/**
 * Several attempts failed, each with its own error: CPython's {@code ExceptionGroup}, as
 * {@link SocketModule#create_connection(SockAddr, Double, SockAddr, boolean)} raises it with
 * {@code all_errors}. It is a {@link SocketException} (so the call keeps its {@code throws}
 * clause), with {@link #errno()} 0; the failures, in the order of the attempts, are
 * {@link #exceptions()} and also this exception's suppressed exceptions, so a stack trace
 * shows them all.
 */
public class AggregateSocketException extends SocketException {
    /** The serialized form's version. */
    private static final long serialVersionUID = 1L;

    /** The failures, in the order of the attempts; unmodifiable, never empty. */
    private final List<SocketException> exceptions;

    /**
     * Creates the group; each failure is also added as a suppressed exception.
     *
     * @param call       the failing call's name, e.g. {@code "create_connection"}; not null
     * @param exceptions the failures, at least one; not null, copied
     * @throws IllegalArgumentException if exceptions is empty
     */
    public AggregateSocketException(String call, List<? extends SocketException> exceptions) {
        super(call, 0, count(exceptions));
        this.exceptions = List.copyOf(exceptions);
        this.exceptions.forEach(this::addSuppressed);
    }

    /**
     * The message, as CPython's {@code ExceptionGroup} gives it, e.g. {@code "2 sub-exceptions"}.
     *
     * @param exceptions the failures
     * @return the message
     * @throws IllegalArgumentException if exceptions is empty
     */
    private static String count(List<? extends SocketException> exceptions) {
        int n = exceptions.size();
        if (n == 0) {
            throw new IllegalArgumentException("an exception group needs at least one exception");
        }
        return n + (n == 1 ? " sub-exception" : " sub-exceptions");
    }

    /** {@return the failures, in the order of the attempts; unmodifiable, never empty} */
    public List<SocketException> exceptions() {
        return exceptions;
    }
}
