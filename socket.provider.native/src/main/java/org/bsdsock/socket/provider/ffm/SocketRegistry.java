package org.bsdsock.socket.provider.ffm;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

    // The socket objects are held weakly, so that an unreachable one can be cleaned.
    private final Map<FdHandle, Entry> open = new ConcurrentHashMap<>();
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
        open.put(handle, entry);
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
     * because its run must not be told apart from this one's by guessing.
     */
    private final class Entry extends WeakReference<NativeSocket> implements Runnable {
        /** Set once, before the entry is published (in {@link #open}). */
        FdHandle handle;
        /** The cleaner registration, once made; the close unregisters it. */
        volatile Cleaner.Cleanable cleanable;

        Entry(NativeSocket sock) {
            super(sock);
        }

        /** The handle's close action: runs once, after its descriptor was closed, detached or handed over. */
        @Override
        public void run() {
            FdHandle h = handle;
            open.remove(h);
            NativeSocket s = get();
            if (s != null && !h.isHandedOver()) {
                s.closedForGood(h.closedReason());
            }
            if (closed && open.isEmpty()) {
                synchronized (open) {
                    open.notifyAll(); // awaitEmpty
                }
            }
            unregister();
            if (closed && open.isEmpty()) {
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
        for (Entry ref : open.values()) {
            NativeSocket s = ref.get();
            if (s != null) {
                s.handOverToKeeper(handOverWindow);
            }
        }
        if (open.isEmpty()) {
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
            for (long left = LEAVE_WAIT_NANOS; !open.isEmpty() && left > 0; left = deadline - System.nanoTime()) {
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
            for (Entry ref : r.open.values()) {
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
            for (FdHandle h : r.open.keySet()) {
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
        return open.size();
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
        for (FdHandle h : open.keySet()) {
            h.close(Errors.STOPPED);
        }
        if (open.isEmpty()) {
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
