package org.bsdsock.socket.spi;

/**
 * The deadline of a call made again after a hand-over. A call with a timeout that the
 * hand-over interrupted must end within its own timeout overall, not a fresh one on the next
 * provider: the {@link KeptSocket} makes the call again inside a scope carrying the deadline
 * the first provider reported ({@link HandedOverException#deadline}), and a provider computing
 * a call's deadline from the socket's timeout passes it through {@link #of}.
 *
 * <p>A {@link ScopedValue} rather than a parameter: the provider's calls keep the signatures of
 * {@code SocketType}, and a call that is not made again pays only an unbound lookup, and only
 * when its socket has a timeout. Thread safe.
 *
 * @since 1.1
 */
public final class CallDeadline {
    /** Bound by {@link KeptSocket} around a call made again: the deadline in System.nanoTime terms, never 0. */
    static final ScopedValue<Long> CARRIED = ScopedValue.newInstance();

    /** Not instantiated: static methods only. */
    private CallDeadline() {
    }

    /**
     * The deadline a provider's call waits until: the one it computed from the socket's
     * timeout, unless the call is being made again after a hand-over and the deadline of its
     * first attempt comes sooner, so that the call as a whole ends within its own timeout.
     * Providers call this where they compute a deadline from the socket's timeout; the lookup
     * allocates nothing.
     *
     * @param computed the deadline ({@link System#nanoTime}, not 0) a provider computed from the
     *                 socket's timeout for a call starting now
     * @return {@code computed}, or the earlier deadline of the call this thread is making again
     *         after a hand-over
     */
    public static long of(long computed) {
        long carried = CARRIED.orElse(NONE);
        return carried == 0 || carried - computed >= 0 ? computed : carried;
    }

    /**
     * The deadline carried by the call this thread is making again after a hand-over, as the
     * {@link KeptSocket} bound it; unlike {@link #of}, not compared with anything.
     *
     * @return the deadline ({@link System#nanoTime} terms) carried for the call this thread is
     *         making again, 0 if none
     */
    public static long carried() {
        return CARRIED.orElse(NONE);
    }

    /** Unbound (orElse takes no null); a cached box, so the lookup allocates nothing. */
    private static final Long NONE = 0L;
}
