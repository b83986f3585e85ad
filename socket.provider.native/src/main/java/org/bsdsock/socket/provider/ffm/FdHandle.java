package org.bsdsock.socket.provider.ffm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.spi.HandedOverException;

/**
 * One file descriptor and its lifecycle: every system call on the descriptor runs between
 * {@link #enter} and {@link #leave}, and the descriptor is closed exactly once, by whichever
 * of {@link #close} and the last {@link #leave} comes later. So no call ever reaches the
 * descriptor number after {@code close(2)}, when the kernel may have given it to another file.
 *
 * <p>State is one atomic int: the sign bit says "closed", the rest counts callers inside.
 *
 * <p>The handle also keeps the threads parked waiting for it to become readable or
 * writable (see {@link Poller}); {@link #close} wakes them all.
 */
final class FdHandle {
    private static final int CLOSED = Integer.MIN_VALUE;
    /** With CLOSED: the descriptor was handed over, not closed; the last to leave does not close it. */
    private static final int HANDED = 1 << 30;

    private final int fd;
    // The state word lives in the handle itself (through STATE), not in an AtomicInteger of
    // its own: one cache line fewer for each call to touch.
    private volatile int state;
    private final Runnable onClosed;
    // Parked waiters. Most of the time one thread waits per direction: it takes the slot
    // (no allocation); further ones queue, in queues made on first use.
    private volatile Thread reader;
    private volatile Thread writer;
    private volatile Queue<Thread> readers;
    private volatile Queue<Thread> writers;
    private static final VarHandle STATE;
    private static final VarHandle READER;
    private static final VarHandle WRITER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(FdHandle.class, "state", int.class);
            READER = l.findVarHandle(FdHandle.class, "reader", Thread.class);
            WRITER = l.findVarHandle(FdHandle.class, "writer", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /** The poller this descriptor is registered with, if any. */
    private volatile Poller poller;
    // Why the handle was closed when its owner did not close it (null otherwise): the callers
    // it wakes, and later calls, say so instead of a bare EBADF.
    private volatile String closedBy;

    /**
     * @param fd       an open descriptor, now owned by this handle
     * @param onClosed run once, after the descriptor is closed (e.g. to leave a registry)
     */
    FdHandle(int fd, Runnable onClosed) {
        this.fd = fd;
        this.onClosed = onClosed;
        OWNED.put(fd, this);
    }

    /**
     * Every descriptor a handle of this provider holds, whichever instance made it (one
     * instance per consuming bundle): calls that take a descriptor number from outside
     * ({@code close(fd)}, {@code socket(..., fileno)}) must not reach another owner's socket.
     */
    private static final Map<Integer, FdHandle> OWNED = new ConcurrentHashMap<>();

    /** @return true if an open handle of this provider, of any instance, holds {@code fd} */
    static boolean isOwned(int fd) {
        FdHandle h = OWNED.get(fd);
        return h != null && !h.isClosed();
    }

    /** @return the open handle of this provider holding {@code fd}, or null */
    static FdHandle owner(int fd) {
        return OWNED.get(fd);
    }

    /** @return the descriptor number; only meaningful between {@link #enter} and {@link #leave} */
    int fd() {
        return fd;
    }

    boolean isClosed() {
        return state < 0;
    }

    /**
     * Starts a call on the descriptor.
     *
     * @param call the call's name, for the error
     * @return the descriptor
     * @throws SocketException {@code EBADF} once closed
     */
    int enter(String call) throws SocketException {
        for (;;) {
            int s = state;
            if (s < 0) {
                throw closedError(call);
            }
            if (STATE.compareAndSet(this, s, s + 1)) {
                return fd;
            }
        }
    }

    /** Ends a call started by {@link #enter}; closes the descriptor if it was the last one of a closed handle. */
    void leave() {
        if ((((int) STATE.getAndAdd(this, -1) - 1) & ~HANDED) == CLOSED) {
            release();
        }
    }

    /**
     * Closes the handle. Idempotent. When calls are in progress they are woken: parked
     * threads by unparking, platform threads blocked in a system call by a signal
     * ({@link KernelWakeup}), sent until each has left the call; they then see the handle
     * closed and fail with {@code EBADF}, and the last to leave closes the descriptor.
     *
     * @return true if this call closed the handle, false if it was closed already
     */
    boolean close() {
        for (;;) {
            int s = state;
            if (s < 0) {
                return false;
            }
            if (s == 0) {
                if (STATE.compareAndSet(this, 0, CLOSED)) {
                    release();
                    return true;
                }
            } else if (STATE.compareAndSet(this, s, (s + 1) | CLOSED)) {
                // We hold a count ourselves, so the descriptor stays ours while we wake the others.
                // The socket itself is left alone (no shutdown): other descriptors of the same
                // open file, a dup or a process it was passed to, go on using it.
                wake(true);
                wake(false);
                cancelRingOps(); // we hold a count: the number is still this file's
                interruptKernelCallers();
                leave();
                return true;
            }
        }
    }

    /**
     * Closes the handle as {@link #close()} does, for a reason other than its owner's close
     * (e.g. the provider stopping): callers woken and later calls fail with {@code EBADF} and
     * that reason as their text.
     *
     * @param reason e.g. {@code "socket provider stopped"}
     * @return true if this call closed the handle
     */
    boolean close(String reason) {
        if (!isClosed()) {
            closedBy = reason;
        }
        return close();
    }

    /**
     * Lets go of the descriptor without closing it, for the next provider: callers are woken
     * as by {@link #close()} and fail with {@link HandedOverException}; the last to leave does
     * not close the descriptor. The pollers forget it.
     *
     * @return the descriptor, now the caller's; -1 if the handle was closed already
     */
    int handOver() {
        for (;;) {
            int s = state;
            if (s < 0) {
                return -1;
            }
            if (s == 0) {
                if (STATE.compareAndSet(this, 0, CLOSED | HANDED)) {
                    release();
                    return fd;
                }
            } else if (STATE.compareAndSet(this, s, (s + 1) | CLOSED | HANDED)) {
                wake(true);
                wake(false);
                cancelRingOps(); // we hold a count: the number is still this file's
                interruptKernelCallers();
                leave();
                return fd;
            }
        }
    }

    /** @return what calls on the closed handle say: the reason it was closed for, or the system's text for EBADF */
    String closedReason() {
        String reason = closedBy;
        return reason != null ? reason : Errors.strerror(Errno.EBADF);
    }

    /** @return whether the descriptor was handed over (rather than closed) */
    boolean isHandedOver() {
        return (state & HANDED) != 0 && state < 0;
    }

    /** @return the exception for a call on this closed handle: {@code EBADF}, or the hand-over */
    SocketException closedError(String call) {
        return closedError(call, 0);
    }

    /**
     * @param deadline the call's deadline (System.nanoTime), 0 for none: a call the hand-over
     *                 interrupted ends by then on the next provider too
     * @return the exception for a call on this closed handle: {@code EBADF}, or the hand-over
     */
    SocketException closedError(String call, long deadline) {
        if (isHandedOver()) {
            return new HandedOverException(call, 0, deadline);
        }
        String reason = closedBy;
        return reason == null ? Errors.closed(call) : Errors.closed(call, reason);
    }

    // ---- parked waiters ---------------------------------------------------------------

    private Queue<Thread> waiters(boolean read) {
        Queue<Thread> q = read ? readers : writers;
        if (q == null) {
            synchronized (this) {
                q = read ? readers : writers;
                if (q == null) {
                    q = new ConcurrentLinkedQueue<>();
                    if (read) {
                        readers = q;
                    } else {
                        writers = q;
                    }
                }
            }
        }
        return q;
    }

    /** Enqueues the current thread as a waiter for one direction; call before looking at the ready mark. */
    void enqueue(boolean read) {
        Thread me = Thread.currentThread();
        if (!(read ? READER : WRITER).compareAndSet(this, null, me)) {
            waiters(read).add(me);
        }
    }

    /** Removes the current thread from the waiters (after a timeout, or an early wake). */
    void dequeue(boolean read) {
        Thread me = Thread.currentThread();
        if (!(read ? READER : WRITER).compareAndSet(this, me, null)) {
            Queue<Thread> q = read ? readers : writers;
            if (q != null) {
                q.remove(me);
            }
        }
    }

    // Edge-triggered readiness (see Poller#register): set by the poller for each edge, before it
    // wakes the waiters; taken or cleared by a waiter before the attempt that follows.
    private volatile boolean readReady;
    private volatile boolean writeReady;
    private static final VarHandle READ_READY;
    private static final VarHandle WRITE_READY;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            READ_READY = l.findVarHandle(FdHandle.class, "readReady", boolean.class);
            WRITE_READY = l.findVarHandle(FdHandle.class, "writeReady", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The poller saw an edge in one direction: marks it, then wakes that direction's waiters. */
    void ready(boolean read) {
        if (read) {
            readReady = true;
        } else {
            writeReady = true;
        }
        wake(read);
    }

    /** @return whether an edge came in one direction since the last take or clear; clears it */
    boolean takeReady(boolean read) {
        VarHandle flag = read ? READ_READY : WRITE_READY;
        return (boolean) flag.get(this) && (boolean) flag.getAndSet(this, false);
    }

    /** Forgets the edges so far in one direction: the attempt about to be made will see their data. */
    void clearReady(boolean read) {
        if (read) {
            readReady = false;
        } else {
            writeReady = false;
        }
    }

    /** Unparks every waiter of one direction. */
    void wake(boolean read) {
        Thread t = (Thread) (read ? READER : WRITER).getAndSet(this, null);
        if (t != null) {
            LockSupport.unpark(t);
        }
        Queue<Thread> q = read ? readers : writers;
        if (q == null) {
            return;
        }
        for (t = q.poll(); t != null; t = q.poll()) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Records that operations on this descriptor are submitted to {@code r} (the io_uring
     * engine's shared ring), so that a close or hand-over cancels them there. The submitter
     * sets it before its submission reads the closed mark, and close reads it after setting
     * the mark: one of the two sees the other.
     */
    void usesRing(Uring r) {
        if (ring != r) {
            ring = r;
        }
    }

    /**
     * Cancels every operation on this descriptor in the shared ring, if it has any: their
     * waiters wake (the ring's counterpart of {@link #wake}). The caller holds a count, so the
     * number is still this file's.
     */
    void cancelRingOps() {
        Uring r = ring;
        if (r != null && !r.isClosing()) {
            r.cancelFd(fd);
        }
    }

    /** The shared ring operations on this descriptor go to, if any. */
    private volatile Uring ring;

    /**
     * Makes the descriptor's close an io_uring operation ({@link RingIo#close}): set by the
     * io_uring engine's sockets when they are made.
     */
    void closesOnRing(RingLease lease) {
        closeRing = lease;
    }

    /** The rings the descriptor's close goes to; null on the epoll engine (close(2)). */
    private volatile RingLease closeRing;

    /** Records that a poller holds this descriptor, so it is forgotten there before close. */
    void polledBy(Poller poller) {
        this.poller = poller;
    }

    private void release() {
        forgetPollers();
        OWNED.remove(fd, this); // before close(2): the number may be someone else's right after
        if ((state & HANDED) == 0) {
            // close(2) is never retried: on Linux the descriptor is gone even when it reports EINTR.
            RingLease r = closeRing;
            if (r == null || !RingIo.close(r, fd)) {
                Libc.close(Scratch.get().state, fd);
            }
        }
        onClosed.run();
    }

    private void forgetPollers() {
        Poller p = poller;
        if (p != null) {
            p.forget(this);
        }
    }

    /**
     * Closes the handle without closing the descriptor, and hands the descriptor out (CPython's
     * {@code detach}). Only an idle handle can do so: with a call inside, the caller would own a
     * descriptor that call still uses, and a later {@code close(2)} by the caller could make the
     * call reach a recycled number. The pollers forget the descriptor (so its number can be
     * reused safely) and {@code onClosed} runs, as for a close.
     *
     * @return the descriptor, now the caller's; -1 if the handle was closed already
     * @throws SocketException {@code EBUSY} while a call is inside; the handle stays open
     */
    int detach(String call) throws SocketException {
        for (;;) {
            int s = state;
            if (s < 0) {
                if ((s & HANDED) != 0) {
                    // handed over, not closed: the socket lives on with the next provider, which
                    // detaches it (-1 here would tell the caller it was closed)
                    throw closedError(call);
                }
                return -1;
            }
            if (s > 0) {
                throw Errors.of(call, Errno.EBUSY);
            }
            if (STATE.compareAndSet(this, 0, CLOSED)) {
                forgetPollers();
                OWNED.remove(fd, this);
                onClosed.run();
                return fd;
            }
        }
    }

    // ---- platform threads inside a blocking system call ----------------------------------

    // Most of the time at most one thread blocks in the kernel on a descriptor: it takes the
    // slot; further ones queue, in a queue made on first use.
    private volatile Scratch inKernel;
    private volatile Queue<Scratch> moreInKernel;
    private static final VarHandle IN_KERNEL;

    static {
        try {
            IN_KERNEL = MethodHandles.lookup().findVarHandle(FdHandle.class, "inKernel", Scratch.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Registers the calling platform thread (its own scratch {@code s}) before a system call
     * that may block, so that {@link #close} can interrupt it. The caller is inside the handle.
     *
     * @return false if the handle is closed already: the caller must not make the call (it
     *         leaves with {@link #leaveKernel} all the same)
     */
    boolean enterKernel(Scratch s) {
        s.enterKernel();
        if (!IN_KERNEL.compareAndSet(this, null, s)) {
            kernelQueue().add(s);
        }
        return !isClosed(); // after registering: a close() now finds this thread
    }

    /** Ends what {@link #enterKernel} started, whatever it returned. */
    void leaveKernel(Scratch s) {
        if (!IN_KERNEL.compareAndSet(this, s, null)) {
            Queue<Scratch> q = moreInKernel;
            if (q != null) {
                q.remove(s);
            }
        }
        s.leaveKernel();
    }

    private Queue<Scratch> kernelQueue() {
        Queue<Scratch> q = moreInKernel;
        if (q == null) {
            synchronized (this) {
                q = moreInKernel;
                if (q == null) {
                    q = moreInKernel = new ConcurrentLinkedQueue<>();
                }
            }
        }
        return q;
    }

    /**
     * Signals every platform thread registered in a blocking call until none is left. A thread
     * that registered but has not yet entered the call when the first signal comes would
     * block afterwards, so the signal is repeated (after 50 µs, then less and less often, at
     * least every 10 ms) until the thread is out.
     */
    private void interruptKernelCallers() {
        long pause = 50_000;
        for (;;) {
            boolean inside = false;
            Scratch s = inKernel;
            if (s != null) {
                inside = s.interruptKernelCall();
            }
            Queue<Scratch> q = moreInKernel;
            if (q != null) {
                for (Scratch t : q) {
                    inside |= t.interruptKernelCall();
                }
            }
            if (!inside) {
                return;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 10_000_000);
        }
    }

    @Override
    public String toString() {
        return "fd " + fd + (isClosed() ? " (closed)" : "");
    }
}
