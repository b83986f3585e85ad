package org.bsdsock.socket.provider.ffm;

/**
 * CPython's timeout values (None, 0.0, positive seconds) and the provider's nanoseconds
 * (-1 for None, 0 for non-blocking), converted in one place.
 */
final class Timeouts {
    private Timeouts() {
    }

    /** Nanoseconds standing for None: block without a deadline. */
    static final long NONE = -1;

    /**
     * @param seconds null (None), 0.0, or a positive number of seconds
     * @return the same in nanoseconds; a tiny positive timeout stays positive (at least 1 ns)
     * @throws IllegalArgumentException for a negative or NaN value, as CPython's ValueError
     */
    static long toNanos(Double seconds) {
        if (seconds == null) {
            return NONE;
        }
        double s = seconds;
        if (Double.isNaN(s) || s < 0) {
            throw new IllegalArgumentException("Timeout value out of range: " + seconds);
        }
        if (s == 0) {
            return 0;
        }
        double nanos = s * 1e9;
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, (long) Math.ceil(nanos));
    }

    /** @return seconds for nanoseconds, null for None */
    static Double toSeconds(long nanos) {
        return nanos < 0 ? null : nanos / 1e9;
    }
}
