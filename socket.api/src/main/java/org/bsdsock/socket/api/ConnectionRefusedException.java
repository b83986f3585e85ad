package org.bsdsock.socket.api;

/**
 * The peer refused the connection: {@code ECONNREFUSED} (CPython's {@code ConnectionRefusedError}).
 */
public class ConnectionRefusedException extends ConnectionException {
    /** The serialized form's version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a refused connection; {@link SocketException#of(String, int, String)} picks
     * this class from the errno.
     *
     * @param call     the failing call's name; not null
     * @param errno    the error number
     * @param strerror the system's text for it; not null
     */
    public ConnectionRefusedException(String call, int errno, String strerror) {
        super(call, errno, strerror);
    }
}
