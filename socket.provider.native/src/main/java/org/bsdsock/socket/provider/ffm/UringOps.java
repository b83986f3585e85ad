package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;

/**
 * The socket operations on an io_uring ({@link Uring}), each a blocking call as the socket layer
 * makes one: prepare the slot, submit, park until the completion, apply the retry policy.
 * Results are the kernel's: a count, a descriptor or 0, or {@code -errno}; nothing throws for
 * an errno (the socket layer maps them, as it does libc's).
 *
 * <p>The policy, in one place ({@link #run}):
 * <ul>
 * <li>every operation on a socket runs inside its {@link FdHandle} (between {@code enter} and
 * {@code leave}), so the descriptor is closed only after every operation on it completed, and
 * no operation reaches the number once the kernel may have given it to another file;</li>
 * <li>{@code -ECANCELED} (or {@code -EINTR}) that nobody asked for — kernels have cancelled the
 * operations of a thread that exits, e.g. a retired carrier that flushed them — is resubmitted,
 * with what is left of the timeout;</li>
 * <li>a close ({@link #close}) cancels every operation on the descriptor: they return
 * {@code -EBADF};</li>
 * <li>a linked timeout that fired makes the operation return {@code -ETIME} (the operation's
 * own CQE says {@code -ECANCELED}, the timeout's {@code -ETIME});</li>
 * <li>an interrupted waiter cancels its operation: {@code -EINTR} unless it completed first.</li>
 * </ul>
 *
 * <p>Buffers, addresses and {@code msghdr}s are native segments that must stay valid until the
 * call returns (the kernel reads and writes them while the operation is in flight); heap
 * segments are refused. A descriptor with {@code O_NONBLOCK} makes a data operation that would
 * wait complete with {@code -EAGAIN}, as the system call would: that is non-blocking mode.
 */
final class UringOps {
    private UringOps() {
    }

    /** {@code IORING_OP_BIND} (Linux 6.11): newer than the C headers here, checked by what it does (UringOpsTest). */
    static final int IORING_OP_BIND = 56;
    /** {@code IORING_OP_LISTEN} (Linux 6.11): likewise. */
    static final int IORING_OP_LISTEN = 57;

    /**
     * Submits the operation prepared in {@code s} and waits for it, with the retry policy of the
     * class comment.
     *
     * @param handle the descriptor's handle, which the caller has entered; null for an
     *               operation on no socket
     */
    static int run(Uring.Slot s, FdHandle handle) {
        long timeout = s.timeoutNanos;
        long deadline = timeout >= 0 ? System.nanoTime() + timeout : 0;
        for (s.attempts = 1;; s.attempts++) {
            int refused = s.ring.submit(s, handle);
            if (refused < 0) {
                return refused;
            }
            int res = s.await();
            if (s.timedOut()) {
                return -Errno.ETIME;
            }
            if (res != -Errno.ECANCELED && res != -Errno.EINTR) {
                return res;
            }
            if (handle != null && handle.isClosed()) {
                return -Errno.EBADF;
            }
            if (s.interrupted) {
                return -Errno.EINTR;
            }
            if (s.ring.isClosing()) {
                return -Errno.ECANCELED;
            }
            if (timeout >= 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return -Errno.ETIME;
                }
                s.timeout(left);
            }
        }
    }

    /** Runs an operation on {@code handle}'s descriptor, prepared by {@code prep} once the descriptor is known. */
    private static int onHandle(Uring.Slot s, FdHandle handle, String call, long opAddr, int opcode, int len,
            long off, int opFlags, long timeoutNanos) {
        int fd;
        try {
            fd = handle.enter(call);
        } catch (SocketException closed) {
            return -Errno.EBADF;
        }
        try {
            s.prep(opcode, fd, opAddr, len, off).opFlags(opFlags).timeout(timeoutNanos);
            return run(s, handle);
        } finally {
            handle.leave();
        }
    }

    private static long address(MemorySegment m) {
        if (!m.isNative()) {
            throw new IllegalArgumentException("io_uring needs native memory: the kernel uses it after the call");
        }
        return m.address();
    }

    /** {@code IORING_OP_NOP}: a completion and nothing else. */
    static int nop(Uring.Slot s) {
        s.prep(Libc.IORING_OP_NOP, -1, 0, 0, 0);
        return run(s, null);
    }

    /**
     * {@code accept4(2)} as {@code IORING_OP_ACCEPT}.
     *
     * @param addr    a {@code sockaddr_storage} for the peer's address, or NULL
     * @param addrlen its {@code socklen_t} (in: size, out: length), or NULL
     * @param flags   {@code SOCK_CLOEXEC}, {@code SOCK_NONBLOCK}
     * @param timeoutNanos -1 for none
     * @return the new descriptor, or {@code -errno}
     */
    static int accept(Uring.Slot s, FdHandle h, MemorySegment addr, MemorySegment addrlen, int flags,
            long timeoutNanos) {
        return onHandle(s, h, "accept", addr.equals(MemorySegment.NULL) ? 0 : address(addr), Libc.IORING_OP_ACCEPT,
                0, addrlen.equals(MemorySegment.NULL) ? 0 : address(addrlen), flags, timeoutNanos);
    }

    /**
     * Multishot accept ({@code IORING_ACCEPT_MULTISHOT}): one SQE, a CQE per connection. The
     * handle is held until {@link MultishotAccept#close}.
     *
     * @return the accepting operation, or null if the handle is closed
     */
    static MultishotAccept acceptMultishot(Uring ring, FdHandle h, int flags) {
        int fd;
        try {
            fd = h.enter("accept");
        } catch (SocketException closed) {
            return null;
        }
        Uring.Multishot m = ring.multishot();
        m.prep(Libc.IORING_OP_ACCEPT, fd, 0, 0, 0).opFlags(flags).ioprio(Libc.IORING_ACCEPT_MULTISHOT);
        if (ring.submit(m, h) < 0) {
            h.leave();
            m.release();
            return null;
        }
        return new MultishotAccept(m, h);
    }

    /** A multishot accept in flight: {@link #take} the connections, {@link #close} to stop. */
    static final class MultishotAccept implements AutoCloseable {
        private final Uring.Multishot m;
        private final FdHandle h;
        private boolean closed;

        private MultishotAccept(Uring.Multishot m, FdHandle h) {
            this.m = m;
            this.h = h;
        }

        /** @return the next accepted descriptor, or, once the accepting ended, {@code -errno} ({@code -EBADF} after a close) */
        int take() {
            int r = m.take();
            return r == -Errno.ECANCELED && h.isClosed() ? -Errno.EBADF : r;
        }

        /** Cancels the accepting, waits for its end, closes the connections accepted and not taken. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (!m.ended()) {
                m.ring.cancel(m);
            }
            m.waiter = Thread.currentThread();
            while (m.outstanding != 0) {
                java.util.concurrent.locks.LockSupport.park(this);
            }
            Scratch s = Scratch.get();
            for (int fd : m.drain()) {
                Libc.close(s.state, fd);
            }
            h.leave();
            m.release();
        }
    }

    /** {@code connect(2)} as {@code IORING_OP_CONNECT}; a connect resumed after a cancellation nobody asked for finishes with poll and {@code SO_ERROR}. */
    static int connect(Uring.Slot s, FdHandle h, MemorySegment addr, int len, long timeoutNanos) {
        int fd;
        try {
            fd = h.enter("connect");
        } catch (SocketException closed) {
            return -Errno.EBADF;
        }
        try {
            s.prep(Libc.IORING_OP_CONNECT, fd, address(addr), 0, len).timeout(timeoutNanos);
            int r = run(s, h);
            if (r == -Errno.EALREADY) {
                // A first attempt was cancelled after it started: wait until writable, then read its outcome.
                s.prep(Libc.IORING_OP_POLL_ADD, fd, 0, 0, 0).opFlags(Libc.POLLOUT).timeout(timeoutNanos);
                r = run(s, h);
                if (r >= 0) {
                    Scratch sc = Scratch.get();
                    sc.len.set(JAVA_INT, 0, Integer.BYTES);
                    if (Libc.getsockopt(sc.state, fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_ERROR,
                            sc.intval, sc.len) != 0) {
                        return -sc.errno();
                    }
                    r = -sc.intval.get(JAVA_INT, 0);
                }
            } else if (r == -Errno.EISCONN && s.attempts > 1) {
                r = 0; // the cancelled attempt had connected
            }
            return r;
        } finally {
            h.leave();
        }
    }

    /** {@code send(2)} as {@code IORING_OP_SEND}: the count sent, or {@code -errno}. */
    static int send(Uring.Slot s, FdHandle h, MemorySegment buf, int flags, long timeoutNanos) {
        return onHandle(s, h, "send", address(buf), Libc.IORING_OP_SEND, (int) Math.min(buf.byteSize(),
                Integer.MAX_VALUE), 0, flags | SocketConstants.MSG_NOSIGNAL, timeoutNanos);
    }

    /** {@code recv(2)} as {@code IORING_OP_RECV}: the count received (0 at end of stream), or {@code -errno}. */
    static int recv(Uring.Slot s, FdHandle h, MemorySegment buf, int flags, long timeoutNanos) {
        return onHandle(s, h, "recv", address(buf), Libc.IORING_OP_RECV, (int) Math.min(buf.byteSize(),
                Integer.MAX_VALUE), 0, flags, timeoutNanos);
    }

    /** {@code sendmsg(2)} as {@code IORING_OP_SENDMSG}; {@code msghdr} and all it points to native. */
    static int sendmsg(Uring.Slot s, FdHandle h, MemorySegment msghdr, int flags, long timeoutNanos) {
        return onHandle(s, h, "sendmsg", address(msghdr), Libc.IORING_OP_SENDMSG, 1, 0,
                flags | SocketConstants.MSG_NOSIGNAL, timeoutNanos);
    }

    /** {@code recvmsg(2)} as {@code IORING_OP_RECVMSG}; the kernel fills {@code msg_namelen}, {@code msg_controllen}, {@code msg_flags}. */
    static int recvmsg(Uring.Slot s, FdHandle h, MemorySegment msghdr, int flags, long timeoutNanos) {
        return onHandle(s, h, "recvmsg", address(msghdr), Libc.IORING_OP_RECVMSG, 1, 0, flags, timeoutNanos);
    }

    /** {@code shutdown(2)} as {@code IORING_OP_SHUTDOWN}. */
    static int shutdown(Uring.Slot s, FdHandle h, int how) {
        return onHandle(s, h, "shutdown", 0, Libc.IORING_OP_SHUTDOWN, how, 0, 0, -1);
    }

    /** {@code bind(2)} as {@code IORING_OP_BIND} (where {@link Uring#supports} it). */
    static int bind(Uring.Slot s, FdHandle h, MemorySegment addr, int len) {
        return onHandle(s, h, "bind", address(addr), IORING_OP_BIND, 0, len, 0, -1);
    }

    /** {@code listen(2)} as {@code IORING_OP_LISTEN} (where {@link Uring#supports} it). */
    static int listen(Uring.Slot s, FdHandle h, int backlog) {
        return onHandle(s, h, "listen", 0, IORING_OP_LISTEN, backlog, 0, 0, -1);
    }

    /** {@code socket(2)} as {@code IORING_OP_SOCKET}: the new descriptor (a plain one, not a fixed file), or {@code -errno}. */
    static int socket(Uring.Slot s, int domain, int type, int protocol) {
        s.prep(Libc.IORING_OP_SOCKET, domain, 0, protocol, type);
        return run(s, null);
    }

    /**
     * {@code close(2)} of a bare descriptor as {@code IORING_OP_CLOSE}: for descriptors no
     * handle owns (one just accepted and refused, say). A socket's close is {@link #close(Uring, FdHandle)}.
     */
    static int closeFd(Uring.Slot s, int fd) {
        s.prep(Libc.IORING_OP_CLOSE, fd, 0, 0, 0);
        int r = s.ring.submit(s, null);
        return r < 0 ? r : s.await(); // never retried: the descriptor is gone even on error
    }

    /**
     * Closes a socket's handle and cancels every operation on its descriptor: each waiter
     * returns {@code -EBADF} (or its result, if it completed first), and the last of them to
     * leave the handle closes the descriptor, as {@link FdHandle} does for system calls.
     *
     * <p>Order: the handle is entered (so the number stays this file's), marked closed, then
     * the cancellation ({@code IORING_ASYNC_CANCEL_FD | ALL}) submitted. An operation submitted
     * before the mark is ahead of the cancellation in the SQ and is cancelled; one after it is
     * refused by {@link Uring#submit}, which reads the mark under the SQ lock.
     *
     * @return true if this call closed the handle
     */
    static boolean close(Uring ring, FdHandle h) {
        int fd;
        try {
            fd = h.enter("close");
        } catch (SocketException closed) {
            return false;
        }
        try {
            boolean mine = h.close();
            if (mine) {
                ring.cancelFd(fd);
            }
            return mine;
        } finally {
            h.leave();
        }
    }
}
