package org.bsdsock.socket.api;

/**
 * A non-blocking operation could not complete at once: {@code EAGAIN}/{@code EWOULDBLOCK}, {@code EINPROGRESS} or {@code EALREADY} (CPython's {@code BlockingIOError}).
 */
public class BlockingIOException extends SocketException {
    /** The serialized form's version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a call that could not complete at once; {@link SocketException#of(String, int, String)} picks
     * this class from the errno.
     *
     * @param call     the failing call's name; not null
     * @param errno    the error number
     * @param strerror the system's text for it; not null
     */
    public BlockingIOException(String call, int errno, String strerror) {
        super(call, errno, strerror);
    }
}
