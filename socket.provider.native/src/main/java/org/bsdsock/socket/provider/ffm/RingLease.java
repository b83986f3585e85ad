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
    /** Set once the instance is closed. Guarded by lock. */
    private boolean closed;
    /** Set once the rings were given back: no new lease is taken. Guarded by lock. */
    private boolean released;

    /**
     * @param call the call, for the error
     * @return the rings, joined on first use
     * @throws SocketException {@code EBADF} once the instance is closed and its sockets gone
     */
    Rings rings(String call) throws SocketException {
        Rings r = rings;
        if (r == null) {
            synchronized (lock) {
                // A closed instance may still be handing its sockets over: their calls wait on
                // the ring until the hand-over (or the close) cancels them. Only once the last
                // handle is gone (released) is there nothing left to serve.
                if (released) {
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
            released = true;
            if (rings != null) {
                rings.release();
                rings = null;
            }
        }
    }
}
