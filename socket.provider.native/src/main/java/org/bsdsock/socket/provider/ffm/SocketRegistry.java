package org.bsdsock.socket.provider.ffm;

import java.lang.ref.Cleaner;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bsdsock.socket.api.SocketException;

/**
 * The descriptors one provider instance owns. Every socket it makes is registered here, so
 * that {@link #closeAll()} (the component's deactivation) can close each one and wake every
 * caller blocked on it; a socket that becomes unreachable without being closed is closed by a
 * {@link Cleaner}, as the seed says sockets are closed when garbage-collected.
 */
final class SocketRegistry {
    private final Set<FdHandle> open = ConcurrentHashMap.newKeySet();
    private final Cleaner cleaner = Cleaner.create();
    private volatile boolean closed;
    private volatile long defaultTimeoutNanos = -1;

    /**
     * Takes ownership of a new descriptor for {@code owner}.
     *
     * @throws SocketException if the provider is already stopped (the descriptor is closed)
     */
    FdHandle adopt(int fd, Object owner) throws SocketException {
        FdHandle[] self = new FdHandle[1];
        FdHandle handle = new FdHandle(fd, () -> open.remove(self[0]));
        self[0] = handle;
        open.add(handle);
        if (closed) { // re-checked after adding, so closeAll() cannot miss it
            handle.close();
            throw new SocketException("socket", 0, "socket provider stopped");
        }
        cleaner.register(owner, handle::close);
        return handle;
    }

    /** @return the timeout, in nanoseconds (-1 for None), that new sockets start with */
    long defaultTimeoutNanos() {
        return defaultTimeoutNanos;
    }

    void defaultTimeoutNanos(long nanos) {
        this.defaultTimeoutNanos = nanos;
    }

    /**
     * @return true if an open socket of this provider owns descriptor {@code fd} (a linear scan:
     *         only calls that hand descriptor numbers in, never the data path, ask)
     */
    boolean owns(int fd) {
        for (FdHandle h : open) {
            if (h.fd() == fd && !h.isClosed()) {
                return true;
            }
        }
        return false;
    }

    /** @return how many descriptors are open now */
    int openCount() {
        return open.size();
    }

    private final Object pollerLock = new Object();
    private volatile Poller readPoller;
    private volatile Poller writePoller;

    /** @return the poller for one direction, started on first use */
    Poller poller(boolean read) throws SocketException {
        Poller p = read ? readPoller : writePoller;
        if (p != null) {
            return p;
        }
        synchronized (pollerLock) {
            if (closed) {
                throw new SocketException("poll", 0, "socket provider stopped");
            }
            p = read ? readPoller : writePoller;
            if (p == null) {
                p = new Poller(read);
                if (read) {
                    readPoller = p;
                } else {
                    writePoller = p;
                }
            }
            return p;
        }
    }

    /**
     * Refuses new sockets, closes every open one (waking their blocked callers), then stops
     * the pollers.
     */
    void closeAll() {
        closed = true;
        for (FdHandle h : open) {
            h.close();
        }
        synchronized (pollerLock) {
            for (Poller p : new Poller[] {readPoller, writePoller}) {
                if (p != null) {
                    p.stop();
                }
            }
            readPoller = null;
            writePoller = null;
        }
    }

    boolean isClosed() {
        return closed;
    }
}
