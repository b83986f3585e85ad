package org.bsdsock.socket.api;

/**
 * Writing to a connection whose other end or own write half is shut: {@code EPIPE} or {@code ESHUTDOWN} (CPython's {@code BrokenPipeError}).
 */
public class BrokenPipeException extends ConnectionException {
    /** The serialized form's version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a write to a broken connection; {@link SocketException#of(String, int, String)} picks
     * this class from the errno.
     *
     * @param call     the failing call's name; not null
     * @param errno    the error number
     * @param strerror the system's text for it; not null
     */
    public BrokenPipeException(String call, int errno, String strerror) {
        super(call, errno, strerror);
    }
}
