package org.bsdsock.socket.api;

/**
 * The socket's timeout expired ({@code settimeout}), or the system reported {@code ETIMEDOUT} (CPython's {@code socket.timeout}, i.e. {@code TimeoutError}).
 */
public class SocketTimeoutException extends SocketException {
    private static final long serialVersionUID = 1L;

    /**
     * @param call     the failing call's name; not null
     * @param errno    the error number
     * @param strerror the system's text for it; not null
     */
    public SocketTimeoutException(String call, int errno, String strerror) {
        super(call, errno, strerror);
    }
}
