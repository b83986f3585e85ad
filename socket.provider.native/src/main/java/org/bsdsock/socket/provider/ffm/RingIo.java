package org.bsdsock.socket.provider.ffm;

import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.SocketException;

/**
 * One operation through the io_uring engine's rings, as {@link IoCore} makes it when its socket
 * belongs to an {@link Engine#URING} instance: a virtual thread submits to the shared ring and
 * parks until the reaper hands it the completion; a platform thread submits to its own ring
 * and waits in the same {@code io_uring_enter}. Either way the caller is inside the socket's
 * {@link FdHandle}, the operation's memory is native and stays valid until this returns, and
 * a close or hand-over of the handle cancels the operation.
 *
 * <p>The result is the kernel's ({@code res}: a count, a descriptor, 0, or {@code -errno}) with
 * four more meanings: {@code -ETIME} the timeout ended it, {@code -EBADF} the handle was
 * closed or handed over, {@code -EINTR} a virtual thread was interrupted (its interrupt status
 * kept), and {@code -ECANCELED} a cancellation nobody asked for reached it (a mode change, or a
 * kernel cancelling the operations of an exiting submitter): the caller tries again, as after
 * a spurious wake-up.
 */
final class RingIo {
    private RingIo() {
    }

    /**
     * @param timeoutNanos a linked timeout, or -1 for none
     */
    static int run(RingLease lease, FdHandle h, String call, int opcode, int fd, long addr, int len, long off,
            int opFlags, long timeoutNanos) throws SocketException {
        return res(runWithFlags(lease, h, call, opcode, fd, addr, len, off, opFlags, 0, timeoutNanos));
    }

    /**
     * As {@link #run(RingLease, FdHandle, String, int, int, long, int, long, int, long)}, with
     * the SQE's {@code ioprio} (e.g. {@link Libc#IORING_RECVSEND_POLL_FIRST}) and the CQE's
     * flags: the result and the flags in one long ({@link #res}, {@link #flags}), so that a
     * virtual thread needs no scratch of its own for them.
     */
    static long runWithFlags(RingLease lease, FdHandle h, String call, int opcode, int fd, long addr, int len, long off,
            int opFlags, int ioprio, long timeoutNanos) throws SocketException {
        Rings rings = rings(lease, h, call);
        if (rings == null) {
            return packed(-Errno.EBADF, 0);
        }
        if (!Thread.currentThread().isVirtual()) {
            Uring ring = ownOrNone(rings);
            if (ring != null) {
                Uring.Slot s = ring.own();
                s.prep(opcode, fd, addr, len, off).opFlags(opFlags).ioprio(ioprio).timeout(timeoutNanos);
                int res = ring.runOwn(h, Scratch.get());
                return packed(res, s.cqeFlags);
            }
            // no own ring to be had: on the shared ring, parked as a virtual thread would be
        }
        Uring ring = rings.shared();
        h.usesRing(ring);
        Uring.Slot s = ring.slot();
        try {
            s.prep(opcode, fd, addr, len, off).opFlags(opFlags).ioprio(ioprio).timeout(timeoutNanos);
            int refused = ring.submit(s, h);
            if (refused < 0) {
                return packed(refused == -Errno.EBADF || h.isClosed() ? -Errno.EBADF : refused, 0);
            }
            int res = s.await();
            int flags = s.cqeFlags;
            if (s.timedOut()) {
                return packed(-Errno.ETIME, flags);
            }
            if (res == -Errno.ECANCELED || res == -Errno.EINTR) {
                if (h.isClosed()) {
                    return packed(-Errno.EBADF, flags);
                }
                if (s.interrupted) {
                    return packed(-Errno.EINTR, flags);
                }
                if (ring.isClosing()) {
                    return packed(-Errno.EBADF, flags);
                }
                // a cancellation nobody asked for (a mode change): an operation in a kernel worker
                // (a blocking connect) reports it as EINTR, yet the thread was not interrupted
                return packed(-Errno.ECANCELED, flags);
            }
            return packed(res, flags);
        } finally {
            ring.release(s);
        }
    }

    /** Operations {@link #runIfSupported} made on a ring (the two engines' tests tell them apart by it). */
    static final java.util.concurrent.atomic.LongAdder NON_WAITING = new java.util.concurrent.atomic.LongAdder();

    /** {@link #runIfSupported}'s answer where the kernel has no such operation: the caller makes the system call. */
    static final int UNSUPPORTED = Integer.MIN_VALUE;

    /**
     * An operation that does not wait, on the ring where the kernel has it
     * ({@code IORING_OP_BIND} and {@code LISTEN} since Linux 6.11, by the ring's probe): so
     * that the calls io_uring can make go through the ring, the system call kept for kernels
     * without them. The caller is inside the socket's handle, which holds the instance's rings
     * for the operation's length.
     *
     * @param h the socket's handle, entered by the caller
     * @return the kernel's {@code res} as {@link #run}'s, or {@link #UNSUPPORTED}
     */
    static int runIfSupported(RingLease lease, FdHandle h, String call, int opcode, int fd, long addr, int len,
            long off) throws SocketException {
        Rings rings = lease.rings(call);
        Uring ring;
        try {
            ring = Thread.currentThread().isVirtual() ? rings.shared() : rings.own();
        } catch (SocketException noRing) {
            return UNSUPPORTED; // e.g. no descriptor left for a thread's own ring: the call needs none
        }
        if (!ring.supports(opcode)) {
            return UNSUPPORTED;
        }
        int res = run(lease, h, call, opcode, fd, addr, len, off, 0, -1);
        NON_WAITING.increment();
        return res;
    }

    /** Closes taken by a ring (the two engines' tests tell them apart by it). */
    static final java.util.concurrent.atomic.LongAdder CLOSES = new java.util.concurrent.atomic.LongAdder();

    /**
     * The descriptor's {@code close(2)} as {@code IORING_OP_CLOSE}, made by the last one to
     * leave a closed handle ({@link FdHandle}): on the calling platform thread's own ring, or
     * on the shared ring for a virtual thread (which parks for the completion; the reaper,
     * when awake, submits it with the others: no system call of its own). The result is not
     * looked at, as close(2)'s is not: on Linux the descriptor is gone whatever it says.
     *
     * @return false when no ring took the close (the instance let its rings go, a ring cannot
     *         be set up, the ring is shutting down; or a virtual thread's close was cancelled
     *         before a kernel worker ran it): the descriptor is still open, the caller closes
     *         by system call
     */
    static boolean close(RingLease lease, int fd) {
        Rings rings;
        Uring ring;
        boolean virtual = Thread.currentThread().isVirtual();
        try {
            rings = lease.rings("close");
            ring = virtual ? rings.shared() : rings.own();
        } catch (SocketException unavailable) {
            return false;
        }
        if (!virtual) {
            if (ring.closeOwn(fd, Scratch.get()) == Uring.NOT_TAKEN) {
                return false;
            }
            CLOSES.increment();
            return true;
        }
        Uring.Slot s = ring.slot();
        try {
            s.prep(Libc.IORING_OP_CLOSE, fd, 0, 0, 0);
            // In a kernel worker (io-wq), not inline in whichever io_uring_enter submits it: the
            // kernel's final release of the socket runs in the task that closed it, on its way
            // back from the kernel, and a lingering one (SO_LINGER with unsent data) waits there
            // up to its timeout. Inline, that task may be the reaper, and every operation of the
            // shared ring would wait with it (a platform thread's close on its own ring, as
            // close(2), waits in that thread only; on epoll a virtual thread's close(2) holds one
            // carrier). RingCloseAttackTest.aLingeringCloseDoesNotStallOtherSockets.
            s.sqeFlags = Libc.IOSQE_ASYNC;
            if (ring.submit(s, null) < 0) {
                return false;
            }
            // An interrupt meanwhile is kept. It cancels the close (as the ring's shutdown does):
            // one still waiting for a worker then never ran (-ECANCELED), and the caller closes
            // by system call; one a worker runs completes regardless.
            if (s.await() == -Errno.ECANCELED) {
                return false;
            }
            CLOSES.increment();
            return true;
        } finally {
            ring.release(s);
        }
    }

    /**
     * @return the calling platform thread's own ring, or null when it cannot be set up (no
     *         descriptor left: {@code EMFILE}/{@code ENFILE}, or no memory): the operation then
     *         goes to the shared ring, so that a thread's first call at the descriptor limit
     *         works as the epoll engine's blocking call does, needing no descriptor of its own
     *         (a Java interrupt then ends its wait, as a virtual thread's)
     */
    private static Uring ownOrNone(Rings rings) throws SocketException {
        try {
            return rings.own();
        } catch (SocketException e) {
            if (e.errno() == Errno.EMFILE || e.errno() == Errno.ENFILE || e.errno() == Errno.ENOMEM) {
                return null;
            }
            throw e;
        }
    }

    private static long packed(int res, int flags) {
        return ((long) flags << 32) | (res & 0xffff_ffffL);
    }

    /** @return the result ({@code res}, or {@code -errno}) of {@link #runWithFlags}'s answer */
    static int res(long packed) {
        return (int) packed;
    }

    /** @return the CQE flags of {@link #runWithFlags}'s answer */
    static int flags(long packed) {
        return (int) (packed >>> 32);
    }

    /**
     * The instance's rings; when it has let them go, its sockets are being handed over or
     * closed: a socket adopted while its instance hands over (two swaps in quick succession)
     * waits until its own hand-over or close, up to 10 s, as the epoll engine's waits do.
     *
     * @return the rings, or null once the handle is closed or handed over
     */
    private static Rings rings(RingLease lease, FdHandle h, String call) throws SocketException {
        try {
            return lease.rings(call);
        } catch (SocketException stopped) {
            long until = System.nanoTime() + 10_000_000_000L;
            h.enqueue(true); // a hand-over or close wakes the handle's readers
            try {
                while (!h.isClosed()) {
                    long left = until - System.nanoTime();
                    if (left <= 0) {
                        throw stopped;
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(h, Math.min(left, 10_000_000L));
                }
            } finally {
                h.dequeue(true);
            }
            return null;
        }
    }
}
