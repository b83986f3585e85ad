package org.bsdsock.socket.provider.ffm;

/**
 * How a provider instance's sockets wait and move data: the one choice that separates the
 * two provider bundles built from these classes. Everything else (arguments, results, errors,
 * descriptor ownership, the hand-over) is the same code for both.
 */
public enum Engine {
    /**
     * Readiness: a call is tried with {@code MSG_DONTWAIT}; when it would block, a platform
     * thread makes one blocking system call or polls, a virtual thread parks until epoll says
     * the descriptor is ready. The {@code socket.provider.native} bundle.
     */
    EPOLL("native"),
    /**
     * Completion: a call that may wait is submitted to an io_uring and the thread waits for its
     * completion (a virtual thread parks, the ring's reaper unparks it; a platform thread waits
     * in {@code io_uring_enter} on its own ring). The {@code socket.provider.uring} bundle.
     */
    URING("uring");

    private final String provider;

    Engine(String provider) {
        this.provider = provider;
    }

    /** @return the provider's name, as its {@code provider} service property says */
    public String provider() {
        return provider;
    }
}
