package org.bsdsock.socket.provider.ffm;

import org.bsdsock.socket.api.SocketException;

/**
 * One provider instance's hold on the shared {@link Pollers}: taken on its sockets' first
 * wait, given back once the instance is closed and its last socket handle is gone. This is
 * the socket's path to its poller; it knows nothing of who owns which socket.
 */
final class PollerLease {
    private final Object lock = new Object();
    /** The shared pollers, once a socket has waited; guarded by lock. */
    private volatile Pollers pollers;
    /** Set once the instance is closed: no new lease is taken. Guarded by lock. */
    private boolean closed;

    /**
     * @param call the call that waits, for the error
     * @return the poller for descriptor {@code fd} (both directions), started on first use
     * @throws SocketException {@code EBADF} once the instance is closed (its sockets are being
     *         closed too), or the failure to start a poller
     */
    Poller poller(String call, int fd) throws SocketException {
        Pollers p = pollers;
        if (p == null) {
            synchronized (lock) {
                if (closed) {
                    throw Errors.closed(call, Errors.STOPPED);
                }
                p = pollers;
                if (p == null) {
                    p = pollers = Pollers.acquire();
                }
            }
        }
        return p.poller(fd);
    }

    /** @return whether the instance is stopping or stopped: no new lease is taken */
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

    /** Gives the shared pollers back; only once no socket handle of the instance remains. */
    void release() {
        synchronized (lock) {
            if (pollers != null) {
                pollers.release();
                pollers = null;
            }
        }
    }
}
