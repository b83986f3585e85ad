package org.bsdsock.socket.provider.ffm;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketInfo;

/**
 * The descriptors one provider instance owns. Every socket it makes is registered here, so
 * that {@link #closeAll()} (the component's deactivation) can close each one and wake every
 * caller blocked on it; a socket that becomes unreachable without being closed is closed by
 * the {@link SharedCleaner}, as the seed says sockets are closed when garbage-collected.
 */
final class SocketRegistry {
    /** Every registry not yet closed, in this provider: the administrative view spans them all. */
    private static final Set<SocketRegistry> LIVE = ConcurrentHashMap.newKeySet();

    // The open sockets: a list threaded through their entries (which hold the socket objects
    // weakly, so that an unreachable one can be cleaned), guarded by this monitor: no map
    // entry per socket (32 bytes a map's node cost, on top of the entry).
    private final Object open = new Object();
    /** The first entry of the list; guarded by {@link #open}. */
    private Entry first;
    /** How many entries the list has; guarded by {@link #open}. */
    private int count;
    private final String owner;
    private final PollerLease pollers = new PollerLease();
    /** The instance's rings, for {@link Engine#URING}; null for {@link Engine#EPOLL}. */
    private final RingLease rings;
    private volatile boolean closed;
    /** The hand-over window once the registry hands its sockets over (-1 while it does not). */
    private volatile long handOverWindow = -1;
    private volatile long defaultTimeoutNanos = -1;

    /** @param owner who makes the sockets: a bundle ({@code name [id]}) or {@code classpath} */
    SocketRegistry(String owner) {
        this(owner, Engine.EPOLL);
    }

    /**
     * @param owner  who makes the sockets
     * @param engine how they wait and move data
     */
    SocketRegistry(String owner, Engine engine) {
        this.owner = owner;
        this.rings = engine == Engine.URING ? new RingLease() : null;
        LIVE.add(this);
        SharedCleaner.join();
    }

    /** @return where this instance's sockets find their pollers */
    PollerLease pollers() {
        return pollers;
    }

    /** @return where this instance's sockets find their rings; null for the epoll engine */
    RingLease rings() {
        return rings;
    }

    /**
     * Takes ownership of a new descriptor for the socket object {@code sock}.
     *
     * @throws SocketException if the provider is already stopped (the descriptor is closed)
     */
    FdHandle adopt(int fd, NativeSocket sock) throws SocketException {
        Entry entry = new Entry(sock);
        FdHandle handle = new FdHandle(fd, entry);
        entry.handle = handle; // before the entry is published: nobody reaches the handle earlier
        link(entry);
        if (closed && handOverWindow < 0) { // re-checked after adding, so closeAll() cannot miss it
            handle.close();
            throw Errors.stopped("socket");
        }
        entry.cleanable = SharedCleaner.register(sock, handle::close);
        if (handle.isClosed()) {
            entry.unregister(); // closed before it was registered
        }
        return handle;
    }

    /**
     * One socket in the registry: the weak reference to the socket object (so that an
     * unreachable one can be cleaned) and its handle's close action, in one object. It replaces
     * a weak reference, a capturing lambda and the two one-slot arrays it captured (120 bytes
     * per socket, 40 now); the cleaner's action stays a separate object, {@code handle::close},
     * because its run must not be told apart from this one's by guessing. The entry is also
     * the registry's list node (no map entry per socket): 48 bytes for all of it.
     */
    private final class Entry extends WeakReference<NativeSocket> implements Runnable {
        /**
         * Set once, before the entry is published (in the list of {@link #open}); volatile
         * because the handle exists, in the cross-instance ownership map, a moment before.
         */
        volatile FdHandle handle;
        /** The previous entry in the list, null for the first (or once unlinked); guarded by {@link #open}. */
        Entry prev;
        /** The next entry in the list, null for the last; guarded by {@link #open}. */
        Entry next;
        /** The cleaner registration, once made; the close unregisters it. */
        volatile Cleaner.Cleanable cleanable;

        Entry(NativeSocket sock) {
            super(sock);
        }

        /** The handle's close action: runs once, after its descriptor was closed, detached or handed over. */
        @Override
        public void run() {
            FdHandle h = handle;
            unlink(this);
            NativeSocket s = get();
            if (s != null && !h.isHandedOver()) {
                s.closedForGood(h.closedReason());
            }
            if (closed && isEmpty()) {
                synchronized (open) {
                    open.notifyAll(); // awaitEmpty
                }
            }
            unregister();
            if (closed && isEmpty()) {
                releaseLeases(); // the last socket of a closed registry is gone
            }
        }

        /** Unregisters from the cleaner (its action, a close, is done already): the cleaner keeps nothing. */
        void unregister() {
            Cleaner.Cleanable c = cleanable;
            if (c != null) {
                c.clean();
            }
        }
    }

    /** Adds an entry to the list of open sockets. */
    private void link(Entry e) {
        synchronized (open) {
            Entry f = first;
            e.next = f;
            if (f != null) {
                f.prev = e;
            }
            first = e;
            count++;
        }
    }

    /** Removes an entry from the list of open sockets, if it is there. */
    private void unlink(Entry e) {
        synchronized (open) {
            if (e.prev == null && first != e) {
                return; // not linked (removed already)
            }
            Entry p = e.prev;
            Entry n = e.next;
            if (p == null) {
                first = n;
            } else {
                p.next = n;
            }
            if (n != null) {
                n.prev = p;
            }
            e.prev = null;
            e.next = null;
            count--;
        }
    }

    /** @return whether no socket is open */
    private boolean isEmpty() {
        synchronized (open) {
            return count == 0;
        }
    }

    /** @return the open sockets' entries now, a copy to walk outside the monitor */
    private Entry[] entries() {
        synchronized (open) {
            Entry[] all = new Entry[count];
            int i = 0;
            for (Entry e = first; e != null; e = e.next) {
                all[i++] = e;
            }
            return all;
        }
    }

    /** @return who makes the sockets: a bundle ({@code name [id]}) or {@code classpath} */
    String owner() {
        return owner;
    }

    /**
     * @return the window of the hand-over under way (a socket made now, by an accept already
     *         in the kernel, is handed over too), or -1
     */
    long handOverWindow() {
        return handOverWindow;
    }

    /**
     * Refuses new sockets and hands every open one over to the keeper instead of closing it:
     * their descriptors stay open, their callers move to the next provider that serves the
     * same owner, and those not adopted within {@code windowNanos} are closed.
     */
    void handOver(long windowNanos) {
        if (closed) {
            return;
        }
        handOverWindow = Math.max(0, windowNanos);
        closed = true;
        SharedCleaner.leave();
        closeLeases();
        LIVE.remove(this);
        for (Entry ref : entries()) {
            NativeSocket s = ref.get();
            if (s != null) {
                s.handOverToKeeper(handOverWindow);
            }
        }
        if (isEmpty()) {
            releaseLeases();
        }
        awaitEmpty();
        afterLastStopped();
    }

    /**
     * Once no instance of this provider is live and its callers have left: the threads that
     * used it let go of their scratch, which would keep this bundle's classes reachable.
     */
    private static void afterLastStopped() {
        if (LIVE.isEmpty()) {
            Scratch.dropThreadScratch();
        }
    }

    /** How long closing or handing over waits for the callers inside to leave. */
    private static final long LEAVE_WAIT_NANOS = 10_000_000_000L;

    /**
     * Waits (bounded) until every socket's last caller has left: once a provider bundle is
     * updated its classes can no longer be loaded, so the woken callers must be out of its
     * code before its deactivation returns.
     */
    private void awaitEmpty() {
        long deadline = System.nanoTime() + LEAVE_WAIT_NANOS;
        synchronized (open) {
            for (long left = LEAVE_WAIT_NANOS; count > 0 && left > 0; left = deadline - System.nanoTime()) {
                try {
                    open.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Throws the provider-stopped error if this registry is closed. */
    void checkOpen(String call) throws SocketException {
        if (closed) {
            throw Errors.stopped(call);
        }
    }

    /** @return every open socket of every live registry of this provider, ordered by descriptor */
    static List<SocketInfo> allSockets() {
        List<SocketInfo> all = new ArrayList<>();
        for (SocketRegistry r : LIVE) {
            for (Entry ref : r.entries()) {
                NativeSocket s = ref.get();
                SocketInfo info = s == null ? null : SocketInfos.of(s, r.owner);
                if (info != null) {
                    all.add(info);
                }
            }
        }
        all.sort(Comparator.comparingInt(SocketInfo::fd));
        return all;
    }

    /** Closes the socket with descriptor {@code fd}, in whichever live registry holds it. */
    static boolean closeFd(int fd) {
        for (SocketRegistry r : LIVE) {
            for (Entry e : r.entries()) {
                FdHandle h = e.handle;
                if (h.fd() == fd && h.close()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return the timeout, in nanoseconds (-1 for None), that new sockets start with */
    long defaultTimeoutNanos() {
        return defaultTimeoutNanos;
    }

    void defaultTimeoutNanos(long nanos) {
        this.defaultTimeoutNanos = nanos;
    }

    /** @return how many descriptors are open now */
    int openCount() {
        synchronized (open) {
            return count;
        }
    }

    /**
     * Refuses new sockets, closes every open one (waking their blocked callers), then gives
     * the pollers back.
     */
    void closeAll() {
        if (closed) {
            return;
        }
        closed = true;
        SharedCleaner.leave();
        closeLeases();
        LIVE.remove(this);
        for (Entry e : entries()) {
            e.handle.close(Errors.STOPPED);
        }
        if (isEmpty()) {
            releaseLeases();
        } // else the last handle's release does it: a caller still inside may be registering one
        awaitEmpty();
        afterLastStopped();
    }

    boolean isClosed() {
        return closed;
    }

    /** Refuses new leases of pollers and rings: the instance is stopping. */
    private void closeLeases() {
        pollers.close();
        if (rings != null) {
            rings.close();
        }
    }

    /** Gives the pollers and rings back; only once no socket handle of the instance remains. */
    private void releaseLeases() {
        pollers.release();
        if (rings != null) {
            rings.release();
        }
    }
}
