package org.bsdsock.socket.api;

/**
 * The socket's timeout expired ({@code settimeout}), or the system reported {@code ETIMEDOUT} (CPython's {@code socket.timeout}, i.e. {@code TimeoutError}).
 */
public class SocketTimeoutException extends SocketException {
    /** The serialized form's version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a call that timed out; the provider raises it
     * with {@code ETIMEDOUT} and {@code "timed out"} when the socket's timeout expires, and
     * {@link SocketException#of(String, int, String)} picks it for a system call's
     * {@code ETIMEDOUT}.
     *
     * @param call     the failing call's name; not null
     * @param errno    the error number
     * @param strerror the system's text for it; not null
     */
    public SocketTimeoutException(String call, int errno, String strerror) {
        super(call, errno, strerror);
    }
}
