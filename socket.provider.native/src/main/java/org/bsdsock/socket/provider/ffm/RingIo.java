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
        Rings rings = lease.rings(call);
        if (!Thread.currentThread().isVirtual()) {
            Uring own = rings.own();
            own.own().prep(opcode, fd, addr, len, off).opFlags(opFlags).timeout(timeoutNanos);
            return own.runOwn(h, Scratch.get());
        }
        Uring ring = rings.shared();
        h.usesRing(ring);
        Uring.Slot s = ring.slot();
        try {
            s.prep(opcode, fd, addr, len, off).opFlags(opFlags).timeout(timeoutNanos);
            int refused = ring.submit(s, h);
            if (refused < 0) {
                return refused == -Errno.EBADF || h.isClosed() ? -Errno.EBADF : refused;
            }
            int res = s.await();
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
}
