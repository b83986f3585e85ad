package org.bsdsock.socket.provider.ffm;

import org.bsdsock.socket.api.SocketException;

/**
 * One provider instance's hold on the shared {@link Rings} (the io_uring engine's counterpart
 * of {@link PollerLease}): taken on its sockets' first ring operation, given back once the
 * instance is closed and its last socket handle is gone.
 */
final class RingLease {
    private final Object lock = new Object();
    /** The shared rings, once a socket has used them; guarded by lock. */
    private volatile Rings rings;
    /** Set once the instance is closed: no new lease is taken. Guarded by lock. */
    private boolean closed;

    /**
     * @param call the call, for the error
     * @return the rings, joined on first use
     * @throws SocketException {@code EBADF} once the instance is closed
     */
    Rings rings(String call) throws SocketException {
        Rings r = rings;
        if (r == null) {
            synchronized (lock) {
                if (closed) {
                    throw Errors.closed(call, Errors.STOPPED);
                }
                r = rings;
                if (r == null) {
                    r = rings = Rings.acquire();
                }
            }
        }
        return r;
    }

    /** @return whether the instance is stopping or stopped */
    boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Refuses new leases from now on. */
    void close() {
        synchronized (lock) {
            closed = true;
        }
    }

    /** Gives the rings back; only once no socket handle of the instance remains. */
    void release() {
        synchronized (lock) {
            if (rings != null) {
                rings.release();
                rings = null;
            }
        }
    }
}
