package org.bsdsock.socket.api;

/**
 * A connection-related error (CPython's {@code ConnectionError}); see its subclasses.
 */
public class ConnectionException extends SocketException {
    /** The serialized form's version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a connection-related failure.
     *
     * @param call     the failing call's name; not null
     * @param errno    the error number
     * @param strerror the system's text for it; not null
     */
    public ConnectionException(String call, int errno, String strerror) {
        super(call, errno, strerror);
    }
}
