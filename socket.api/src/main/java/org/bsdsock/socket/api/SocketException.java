package org.bsdsock.socket.api;

import java.io.IOException;

/**
 * The socket module's error (the seed's {@code socket.error}, CPython 3's {@code OSError}):
 * raised for every socket- or address-related failure, carrying the {@code errno} value, its
 * {@code strerror} text and the call that failed. Subclasses follow CPython's {@code OSError}
 * tree; {@link #of(String, int, String)} picks the subclass for an errno, in one place.
 *
 * <p>Messages look like {@code connect(..) failed: Connection refused}. Invalid arguments
 * are not socket errors: they raise {@link IllegalArgumentException} or
 * {@link NullPointerException} before any system call, as Python raises {@code ValueError} or
 * {@code TypeError}.
 *
 * <p>It is an {@link IOException}, so streams over a socket ({@code makefile}) throw it as is.
 */
public class SocketException extends IOException {
    /** The serialized form's version. */
    private static final long serialVersionUID = 1L;

    /** The error number; 0 where the failure had none. */
    private final int errno;
    /** The system's text for the error. */
    private final String strerror;
    /** The name of the call that failed. */
    private final String call;

    /**
     * Creates a socket error of this exact class; use {@link #of(String, int, String)} to get
     * the subclass that matches the errno. The message is {@code call + "(..) failed: " +
     * strerror}.
     *
     * @param call     the failing call's name, e.g. {@code "connect"}; not null
     * @param errno    the error number ({@link Errno}), or 0 where there is none
     * @param strerror the system's text for it; not null
     */
    public SocketException(String call, int errno, String strerror) {
        super(call + "(..) failed: " + strerror);
        this.errno = errno;
        this.strerror = strerror;
        this.call = call;
    }

    /**
     * The exception a failed call raises: the subclass along CPython's tree that matches
     * {@code errno} ({@code ECONNREFUSED} gives {@link ConnectionRefusedException}, ...), or
     * this class itself.
     *
     * @param call     the failing call's name; not null
     * @param errno    the error number
     * @param strerror the system's text for it; not null
     * @return the exception to throw, never null
     */
    public static SocketException of(String call, int errno, String strerror) {
        if (errno == Errno.ECONNREFUSED) {
            return new ConnectionRefusedException(call, errno, strerror);
        } else if (errno == Errno.ECONNRESET) {
            return new ConnectionResetException(call, errno, strerror);
        } else if (errno == Errno.ECONNABORTED) {
            return new ConnectionAbortedException(call, errno, strerror);
        } else if (errno == Errno.EPIPE || errno == Errno.ESHUTDOWN) {
            return new BrokenPipeException(call, errno, strerror);
        } else if (errno == Errno.ETIMEDOUT) {
            return new SocketTimeoutException(call, errno, strerror);
        } else if (errno == Errno.EAGAIN || errno == Errno.EWOULDBLOCK || errno == Errno.EALREADY
                || errno == Errno.EINPROGRESS) {
            return new BlockingIOException(call, errno, strerror);
        }
        return new SocketException(call, errno, strerror);
    }

    /** {@return the error number (an {@link Errno} value); 0 where the failure had none} */
    public int errno() {
        return errno;
    }

    /** {@return the system's text for {@link #errno()}, e.g. {@code "Connection refused"}} */
    public String strerror() {
        return strerror;
    }

    /** {@return the name of the call that failed, e.g. {@code "connect"}} */
    public String call() {
        return call;
    }

    /** {@return the symbolic errno name, e.g. {@code "ECONNREFUSED"} ({@link Errno#errorcode(int)})} */
    public String errorName() {
        return Errno.errorcode(errno);
    }
}
