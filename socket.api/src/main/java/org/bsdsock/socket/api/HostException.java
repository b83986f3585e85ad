package org.bsdsock.socket.api;

/**
 * A host lookup failed in the {@code gethostby*} family (CPython's {@code socket.herror}).
 * {@link #errno()} is the resolver's {@code h_errno} ({@code HOST_NOT_FOUND} = 1,
 * {@code TRY_AGAIN} = 2, {@code NO_RECOVERY} = 3, {@code NO_DATA} = 4), {@link #strerror()}
 * its {@code hstrerror} text.
 */
public class HostException extends SocketException {
    /** The serialized form's version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for a failed {@code gethostby*} lookup.
     *
     * @param call     the failing call's name; not null
     * @param hErrno   the resolver's h_errno
     * @param strerror its text, e.g. {@code "Unknown host"}; not null
     */
    public HostException(String call, int hErrno, String strerror) {
        super(call, hErrno, strerror);
    }

    /** {@return {@code HOST_NOT_FOUND}, {@code TRY_AGAIN}, {@code NO_RECOVERY}, {@code NO_DATA} or {@code h_errno N}} */
    @Override
    public String errorName() {
        return switch (errno()) {
            case 1 -> "HOST_NOT_FOUND";
            case 2 -> "TRY_AGAIN";
            case 3 -> "NO_RECOVERY";
            case 4 -> "NO_DATA";
            default -> "h_errno " + errno();
        };
    }
}
