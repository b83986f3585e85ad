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

    /**
     * Whether this engine can run here: the io_uring engine needs {@code io_uring_setup(2)},
     * which kernels before 5.1, {@code kernel.io_uring_disabled} and container seccomp profiles
     * refuse. Sets up a small ring and closes it again.
     *
     * @return null if it can, else why not (the failing call and its error)
     */
    public String unavailable() {
        if (this == EPOLL) {
            return null;
        }
        try {
            Uring.openOwn().close();
            return null;
        } catch (org.bsdsock.socket.api.SocketException e) {
            return e.getMessage();
        }
    }
}
