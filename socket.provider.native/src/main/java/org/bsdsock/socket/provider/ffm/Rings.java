package org.bsdsock.socket.provider.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bsdsock.socket.api.SocketException;

/**
 * The io_uring engine's rings, shared by every provider instance of the bundle that uses it
 * (as {@link Pollers} are by the epoll engine's): one <em>shared</em> ring with its reaper, where
 * virtual threads submit and park, and one <em>own</em> ring per platform thread, on which the
 * thread submits and waits in one {@code io_uring_enter}, as a blocking system call waits
 * (a reaper in between would cost that thread two wake-ups per call). Started on first use,
 * stopped when the last instance leaves: the shared ring and every own ring are closed then.
 * An own ring whose thread ended is closed when the thread is collected.
 */
final class Rings {
    /** SQ size of the shared ring: submissions in flight at once before a submitter must enter. */
    static final int SHARED_ENTRIES = 256;

    private static final Object LOCK = new Object();
    /** The running group; guarded by LOCK. */
    private static Rings current;

    /** Guarded by LOCK. */
    private int users;
    /** Guarded by LOCK. */
    private boolean stopped;
    /** Guarded by LOCK; read racily (a null read takes the lock). */
    private volatile Uring shared;
    /** Every own ring not yet closed: its thread (weakly) and its registration with the cleaner. */
    private final Map<Uring, Owner> owned = new ConcurrentHashMap<>();

    /** Who an own ring belongs to. */
    private record Owner(java.lang.ref.WeakReference<Thread> thread, Cleaner.Cleanable cleanable) {
        boolean gone() {
            Thread t = thread.get();
            return t == null || !t.isAlive();
        }
    }

    private Rings() {
    }

    /** @return the running group, joined (made if none runs) */
    static Rings acquire() {
        synchronized (LOCK) {
            if (current == null) {
                current = new Rings();
            }
            current.users++;
            return current;
        }
    }

    /**
     * @return the shared ring, set up on first use
     * @throws SocketException when it cannot be set up ({@code ENOSYS}, {@code EPERM}, {@code EMFILE}...)
     */
    Uring shared() throws SocketException {
        Uring r = shared;
        if (r != null) {
            return r;
        }
        synchronized (LOCK) {
            if (stopped) {
                throw Errors.closed("io_uring", Errors.STOPPED);
            }
            if (shared == null) {
                shared = Uring.open(SHARED_ENTRIES);
            }
            return shared;
        }
    }

    /**
     * @return the calling platform thread's own ring, set up on its first call
     * @throws SocketException when it cannot be set up
     */
    Uring own() throws SocketException {
        // Kept in the thread's scratch, not a ThreadLocal of this class: the thread's map would
        // hold the ring, and through it the provider's class loader, after the provider stopped.
        Scratch sc = Scratch.get();
        Uring r = sc.ownRing;
        if (r != null && sc.ownRingGroup == this) {
            return r;
        }
        sweep();
        synchronized (LOCK) {
            if (stopped) {
                throw Errors.closed("io_uring", Errors.STOPPED);
            }
            r = Uring.openOwn();
            Uring ring = r;
            Thread me = Thread.currentThread();
            // The cleaner's action holds the ring, not the thread: the thread can be collected.
            owned.put(r, new Owner(new java.lang.ref.WeakReference<>(me), SharedCleaner.register(me, () -> closeOwn(ring))));
        }
        sc.ownRing = r;
        sc.ownRingGroup = this;
        return r;
    }

    private void closeOwn(Uring r) {
        if (owned.remove(r) != null) {
            r.close();
        }
    }

    /**
     * Closes the own rings of threads that ended: a thread that ended uses its ring no more.
     * Run when a ring is made and when a provider instance lets go, so that a program making
     * many short-lived platform threads holds about one ring per live thread, not one per
     * thread it ever made (the cleaner would close them only once the threads are collected).
     */
    void sweep() {
        for (Map.Entry<Uring, Owner> e : owned.entrySet()) {
            if (e.getValue().gone() && owned.remove(e.getKey()) != null) {
                e.getValue().cleanable().clean(); // runs closeOwn: already removed, so it closes nothing
                e.getKey().close();
            }
        }
    }

    /** Leaves the group; the last one out closes every ring. */
    void release() {
        Uring s;
        List<Map.Entry<Uring, Owner>> owns;
        synchronized (LOCK) {
            if (--users > 0) {
                owns = null;
                s = null;
            } else {
            stopped = true;
            if (current == this) {
                current = null;
            }
            s = shared;
            shared = null;
            owns = new ArrayList<>(owned.entrySet());
            }
        }
        if (owns == null) {
            sweep(); // an instance let go: a moment to close the rings of ended threads
            return;
        }
        for (Map.Entry<Uring, Owner> e : owns) {
            if (owned.remove(e.getKey()) != null) {
                e.getValue().cleanable().clean(); // runs closeOwn, which finds it removed
                e.getKey().close();
            }
        }
        if (s != null) {
            s.close();
        }
        buffers.close(); // no operation is in flight: the last socket handle is gone
    }

    // ---- native buffers for virtual threads' heap transfers -------------------------------

    /** The two sizes of the pool: a small message, and the largest transfer one operation moves from the heap. */
    static final int SMALL_BUFFER = 2048;
    static final int LARGE_BUFFER = Transfers.BLOCKING_BUFFER_SIZE;

    private final Arena buffers = Arena.ofShared();
    private final Object bufferLock = new Object();
    private MemorySegment[] small = new MemorySegment[16];
    private int smallCount;
    private MemorySegment[] large = new MemorySegment[4];
    private int largeCount;

    /**
     * A native buffer for one ring operation on heap memory by a virtual thread, which parks
     * while the kernel holds it: {@link #SMALL_BUFFER} bytes for up to that many, else
     * {@link #LARGE_BUFFER}. Reused through {@link #giveBack}; the pool keeps what the most
     * operations in flight at once needed, until the rings stop.
     */
    MemorySegment buffer(long len) {
        boolean isSmall = len <= SMALL_BUFFER;
        synchronized (bufferLock) {
            if (isSmall && smallCount > 0) {
                MemorySegment b = small[--smallCount];
                small[smallCount] = null;
                return b;
            }
            if (!isSmall && largeCount > 0) {
                MemorySegment b = large[--largeCount];
                large[largeCount] = null;
                return b;
            }
            return buffers.allocate(isSmall ? SMALL_BUFFER : LARGE_BUFFER, 64);
        }
    }

    /** Returns a buffer from {@link #buffer} to the pool. */
    void giveBack(MemorySegment b) {
        synchronized (bufferLock) {
            if (b.byteSize() == SMALL_BUFFER) {
                if (smallCount == small.length) {
                    small = Arrays.copyOf(small, small.length * 2);
                }
                small[smallCount++] = b;
            } else {
                if (largeCount == large.length) {
                    large = Arrays.copyOf(large, large.length * 2);
                }
                large[largeCount++] = b;
            }
        }
    }
}
