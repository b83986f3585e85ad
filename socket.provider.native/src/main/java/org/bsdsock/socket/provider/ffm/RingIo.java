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
        return run(lease, h, call, opcode, fd, addr, len, off, opFlags, 0, timeoutNanos);
    }

    /**
     * As {@link #run(RingLease, FdHandle, String, int, int, long, int, long, int, long)}, with
     * the SQE's {@code ioprio} (e.g. {@link Libc#IORING_RECVSEND_POLL_FIRST}); the CQE's flags
     * are left in the calling thread's scratch ({@link #cqeFlags}).
     */
    static int run(RingLease lease, FdHandle h, String call, int opcode, int fd, long addr, int len, long off,
            int opFlags, int ioprio, long timeoutNanos) throws SocketException {
        Rings rings = rings(lease, h, call);
        if (rings == null) {
            return -Errno.EBADF;
        }
        Scratch own = Scratch.get();
        if (!Thread.currentThread().isVirtual()) {
            Uring ring = rings.own();
            Uring.Slot s = ring.own();
            s.prep(opcode, fd, addr, len, off).opFlags(opFlags).ioprio(ioprio).timeout(timeoutNanos);
            int res = ring.runOwn(h, own);
            own.ringCqeFlags = s.cqeFlags;
            return res;
        }
        Uring ring = rings.shared();
        h.usesRing(ring);
        Uring.Slot s = ring.slot();
        try {
            s.prep(opcode, fd, addr, len, off).opFlags(opFlags).ioprio(ioprio).timeout(timeoutNanos);
            int refused = ring.submit(s, h);
            if (refused < 0) {
                return refused == -Errno.EBADF || h.isClosed() ? -Errno.EBADF : refused;
            }
            int res = s.await();
            own.ringCqeFlags = s.cqeFlags;
            if (s.timedOut()) {
                return -Errno.ETIME;
            }
            if (res == -Errno.ECANCELED || res == -Errno.EINTR) {
                if (h.isClosed()) {
                    return -Errno.EBADF;
                }
                if (s.interrupted) {
                    return -Errno.EINTR;
                }
                if (ring.isClosing()) {
                    return -Errno.EBADF;
                }
            }
            return res;
        } finally {
            ring.release(s);
        }
    }

    /** @return the flags of the CQE of the calling thread's last ring operation */
    static int cqeFlags() {
        return Scratch.get().ringCqeFlags;
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
