package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.bsdsock.socket.provider.ffm.Libc.POLLIN;
import static org.bsdsock.socket.provider.ffm.Libc.POLLOUT;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.ReceivedInto;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketTimeoutException;
import org.bsdsock.socket.spi.CallDeadline;
import org.bsdsock.socket.spi.HandedOverException;

/**
 * The I/O core of one socket: its descriptor's {@link FdHandle}, its mode (CPython's timeout
 * model) and the policy of every call that may wait — the part of the JDK's
 * {@code NioSocketImpl} that decides how to wait. The socket object ({@link NativeSocket})
 * checks arguments and shapes results; {@link Messages} and {@link SendFile} run their system
 * calls through {@link #io}; the bytes move in {@link Transfers}.
 *
 * <p>Data calls first try with {@code MSG_DONTWAIT}; such an attempt never blocks. When it
 * would ({@code EAGAIN}), what happens depends on who waits, decided here:
 * <ul>
 * <li>a platform thread, no timeout, descriptor still blocking ({@link #mayBlockInKernel}):
 * one blocking system call, as a blocking JDK channel makes. Calls on native memory (direct
 * buffers) and small heap reads skip the attempt and make that call at once (ping-pong
 * traffic would make the attempt fail every time);</li>
 * <li>otherwise (a virtual thread, a timeout, non-blocking mode) {@link #await} polls
 * (platform thread) or parks (virtual thread; the {@link Poller} unparks it, so it holds no
 * carrier) until ready, the deadline, or close.</li>
 * </ul>
 * {@code EINTR} is retried (PEP 475).
 *
 * <p>Why one file of this size: every loop here reads the mode, the descriptor's flag state and
 * the handle on each attempt of a hot path, and the waiting they share (await, poll, park, the
 * connect pauses) decides on the same fields; split across objects, each data call would pay
 * one more indirection. The parts are in sections: mode, waiting, the generic loop,
 * connections, receiving, sending.
 */
final class IoCore {
    /** Heap reads up to this size go straight to one blocking call on a platform thread (see class doc). */
    static final int SMALL_READ = 4096;

    private final FdHandle handle;
    private final boolean stream;
    private final PollerLease pollers;
    /** The instance's rings when its engine is {@link Engine#URING}; null for epoll. */
    private final RingLease rings;
    /** Nanoseconds; -1 means None (block forever), 0 non-blocking mode. */
    private volatile long timeoutNanos;
    /** Whether the descriptor has {@code O_NONBLOCK}, as far as this socket knows (see {@link #syncFlag}). */
    private volatile boolean fdNonBlocking;

    /**
     * @param handle        the socket's descriptor
     * @param type          the socket's {@code SOCK_*} type, without creation flags
     * @param pollers       where this socket's waits on virtual threads find their poller
     * @param rings         where its operations find their rings (the io_uring engine), or null (epoll)
     * @param timeoutNanos  the mode the socket starts in (see {@link Timeouts})
     * @param fdNonBlocking whether the descriptor already has {@code O_NONBLOCK}
     */
    IoCore(FdHandle handle, int type, PollerLease pollers, RingLease rings, long timeoutNanos, boolean fdNonBlocking) {
        this.handle = handle;
        this.stream = type == SocketConstants.SOCK_STREAM;
        this.pollers = pollers;
        this.rings = rings;
        this.timeoutNanos = timeoutNanos;
        this.fdNonBlocking = fdNonBlocking;
        if (rings != null) {
            handle.closesOnRing(rings);
        }
    }

    FdHandle handle() {
        return handle;
    }

    // ---- the mode ----------------------------------------------------------------------

    long timeoutNanos() {
        return timeoutNanos;
    }

    /**
     * Sets the mode, as {@code settimeout}/{@code setblocking} do: the descriptor's
     * {@code O_NONBLOCK} follows it at once, as in CPython (set for a timeout or non-blocking
     * mode, cleared for None). Threads parked waiting on this socket wake and see the new mode:
     * in non-blocking mode their wait ends with {@code EAGAIN}.
     */
    void mode(long nanos) {
        timeoutNanos = nanos;
        syncFlag();
        handle.wake(true);
        handle.wake(false);
        if (rings != null) {
            wakeRingWaiters();
        }
    }

    /** Ends the ring waits on this socket (their callers try again, in the new mode). */
    private void wakeRingWaiters() {
        try {
            handle.enter("settimeout");
        } catch (SocketException closed) {
            return;
        }
        try {
            handle.cancelRingOps();
        } finally {
            handle.leave();
        }
    }

    boolean fdNonBlocking() {
        return fdNonBlocking;
    }

    /** @return the deadline (System.nanoTime) of a call starting now, or 0 for none */
    long deadline() {
        long t = timeoutNanos;
        if (t <= 0) {
            return 0;
        }
        long d = System.nanoTime() + t;
        // a call made again after a hand-over ends within its first deadline (CallDeadline)
        return CallDeadline.of(d == 0 ? 1 : d);
    }

    /**
     * True when the calling thread may block in the kernel: a platform thread, a socket
     * without timeout, a descriptor without {@code O_NONBLOCK}.
     */
    private boolean mayBlockInKernel() {
        return rings == null && timeoutNanos < 0 && !fdNonBlocking && !Thread.currentThread().isVirtual();
    }

    // Calls inside that rely on O_NONBLOCK (accept, connect, sendfile on a virtual thread or with
    // a timeout). While there is one, the flag is not cleared under it.
    private final AtomicInteger nonBlockingUsers = new AtomicInteger();

    /**
     * Sets {@code O_NONBLOCK} for a call that relies on it, even in blocking mode (a virtual
     * thread's accept); the caller is inside the handle and calls {@link #returnNonBlocking}.
     * The flag is not cleared when the call ends (that would add system calls to a hot path),
     * but at the latest when the descriptor is next handed out ({@link #syncFlag}).
     */
    private void borrowNonBlocking(int fd) throws SocketException {
        nonBlockingUsers.incrementAndGet();
        if (fdNonBlocking) {
            return;
        }
        try {
            synchronized (this) {
                if (!fdNonBlocking) {
                    Descriptors.setNonBlocking(fd, true, "fcntl");
                    fdNonBlocking = true;
                }
            }
        } catch (SocketException | RuntimeException e) {
            nonBlockingUsers.decrementAndGet();
            throw e;
        }
    }

    private void returnNonBlocking() {
        nonBlockingUsers.decrementAndGet();
    }

    /**
     * Puts the descriptor's {@code O_NONBLOCK} in step with the mode, as CPython keeps it, so
     * that whoever sees the open file (a dup, a makefile stream, fcntl, a process it is passed
     * to) sees the socket's mode. Called where that can be observed: a mode change, fileno(),
     * dup, makefile, detach. Left alone while a call that relies on the flag is inside, or once
     * the socket is closed.
     */
    void syncFlag() {
        boolean want = timeoutNanos >= 0;
        if (want == fdNonBlocking || (!want && nonBlockingUsers.get() > 0)) {
            return;
        }
        int fd;
        try {
            fd = handle.enter("fcntl");
        } catch (SocketException closed) {
            return;
        }
        try {
            synchronized (this) {
                want = timeoutNanos >= 0;
                if (want != fdNonBlocking && (want || nonBlockingUsers.get() == 0)) {
                    Descriptors.setNonBlocking(fd, want, "fcntl");
                    fdNonBlocking = want;
                }
            }
        } catch (SocketException notASocketAnyMore) {
            // fcntl on an open descriptor fails only if it is not ours to change: nothing to keep in step
        } finally {
            handle.leave();
        }
    }

    /**
     * Whether a call with these flags must not wait: {@code MSG_DONTWAIT} asks so; a receive
     * with {@code MSG_OOB} never waits in the kernel either (urgent data is not announced as
     * readable, so waiting for POLLIN could last forever).
     */
    static boolean noWait(int flags, boolean receive) {
        return (flags & SocketConstants.MSG_DONTWAIT) != 0 || (receive && (flags & SocketConstants.MSG_OOB) != 0);
    }

    private static boolean wouldBlock(int errno) {
        return errno == Errno.EAGAIN || errno == Errno.EWOULDBLOCK;
    }

    // ---- waiting -----------------------------------------------------------------------

    /**
     * Handles a failed attempt: returns if the call should be tried again (after
     * {@code EINTR}, or after waiting for readiness on {@code EAGAIN}); throws otherwise. A
     * would-block raises at once when {@code noWait}, even in blocking mode.
     */
    private void retryOrThrow(String call, int errno, short events, long deadline, boolean noWait)
            throws SocketException {
        if (errno == Errno.EINTR) {
            return;
        }
        if (!wouldBlock(errno) || noWait) {
            throw Errors.of(call, errno);
        }
        await(call, events, deadline);
    }

    /**
     * The pause before a datagram send is made again after its wait for POLLOUT let it
     * through and it found no room once more: an unconnected AF_UNIX datagram socket reports
     * POLLOUT whatever its receiver's queue holds (the room is the receiver's), so that wait
     * returns at once and the send would spin a CPU until the receiver reads. Nothing the
     * kernel offers waits for that receiver but a blocking send, which a socket with a
     * timeout, or a virtual thread, cannot make; so the sender pauses, from 20 µs doubling to
     * 5 ms (a close or the deadline is seen at the latest one pause later). A send whose wait
     * was real succeeds on its first retry and never pauses.
     *
     * @param pause the pause so far (0 before the first retry)
     * @return the next pause
     */
    private long pauseBeforeSendingAgain(String call, long pause, long deadline) throws SocketException {
        if (stream) {
            return 0;
        }
        if (pause > 0) {
            // A park returns at once while the interrupt status is set, so the pause would be a
            // spin (and clearing the status does not help: setting it again unparks the thread,
            // so the next pause would return at once). A virtual thread's wait ends with EINTR
            // when interrupted (park), so this one does too, on both engines (the ring's POLL for
            // POLLOUT completes at once and never sees the interrupt). A platform thread's
            // blocking call is not ended by an interrupt: it pauses in poll(2) on no descriptor,
            // which no interrupt ends (at least 1 ms; the status stays set).
            if (Thread.currentThread().isInterrupted()) {
                if (Thread.currentThread().isVirtual()) {
                    throw Errors.of(call, Errno.EINTR);
                }
                long nanos = deadline == 0 ? pause : Math.min(pause, remaining(call, deadline));
                Libc.poll(Scratch.get().state, MemorySegment.NULL, 0, (int) Math.max(1, nanos / 1_000_000));
            } else {
                java.util.concurrent.locks.LockSupport.parkNanos(this,
                        deadline == 0 ? pause : Math.min(pause, remaining(call, deadline)));
            }
            if (handle.isClosed()) {
                throw handle.closedError(call, deadline);
            }
        }
        return pause == 0 ? 20_000 : Math.min(pause * 2, 5_000_000);
    }

    /**
     * After a blocking call failed: {@code EINTR} retries, and so does {@code EAGAIN} after
     * waiting (another holder of the open file may have set {@code O_NONBLOCK} on it); a
     * close() in between reads as {@code EBADF}.
     */
    private void afterBlockingFailure(String call, int errno, short events) throws SocketException {
        if (handle.isClosed()) {
            throw handle.closedError(call);
        }
        if (wouldBlock(errno)) {
            await(call, events, 0);
        } else if (errno != Errno.EINTR) {
            throw Errors.of(call, errno);
        }
    }

    /**
     * Waits until the descriptor is ready for {@code events}, the deadline passes
     * ({@link SocketTimeoutException}) or the socket is closed ({@code EBADF}). In
     * non-blocking mode it does not wait: it raises {@code EAGAIN}. The caller is inside
     * the handle (between enter and leave).
     */
    void await(String call, short events, long deadline) throws SocketException {
        if (timeoutNanos == 0) {
            throw Errors.of(call, Errno.EAGAIN);
        }
        if (rings != null) {
            ringPoll(call, events, deadline);
        } else if (Thread.currentThread().isVirtual()) {
            park(call, events == POLLIN, deadline);
        } else {
            poll(call, events, deadline);
        }
        if (handle.isClosed()) {
            throw handle.closedError(call, deadline);
        }
    }

    private static long remaining(String call, long deadline) throws SocketTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException(call, Errno.ETIMEDOUT, "timed out");
        }
        return left;
    }

    /**
     * The io_uring engine's wait for readiness: {@code IORING_OP_POLL_ADD} on the ring, with the
     * deadline as a linked timeout (see {@link RingIo}). A cancellation nobody asked for (a
     * mode change) returns, and the caller's next attempt decides.
     */
    private void ringPoll(String call, short events, long deadline) throws SocketException {
        long timeout = deadline == 0 ? -1 : remaining(call, deadline);
        int res = RingIo.run(rings, handle, call, Libc.IORING_OP_POLL_ADD, handle.fd(), 0, 0, 0, events & 0xffff,
                timeout);
        if (res >= 0 || res == -Errno.ECANCELED || res == -Errno.EBADF) {
            return;
        }
        if (res == -Errno.ETIME) {
            throw new SocketTimeoutException(call, Errno.ETIMEDOUT, "timed out");
        }
        throw Errors.of(res == -Errno.EINTR ? call : "poll", -res);
    }

    /** A platform thread waits in the kernel; close() interrupts it (see {@link FdHandle#enterKernel}). */
    private void poll(String call, short events, long deadline) throws SocketException {
        Scratch scratch = Scratch.get();
        for (;;) {
            if (handle.isClosed()) {
                return;
            }
            int millis = -1;
            if (deadline != 0) {
                millis = (int) Math.min(Integer.MAX_VALUE, (remaining(call, deadline) + 999_999) / 1_000_000);
            }
            int n;
            boolean open = handle.enterKernel(scratch);
            try {
                n = open ? Libc.poll(scratch.state, scratch.pollfd(handle.fd(), events), 1, millis) : 0;
            } finally {
                handle.leaveKernel(scratch);
            }
            if (n > 0) {
                return;
            }
            if (n < 0 && scratch.errno() != Errno.EINTR) {
                throw Errors.of("poll", scratch.errno());
            }
            if (timeoutNanos == 0) {
                return; // now in non-blocking mode: the caller's next attempt decides
            }
        }
    }

    /**
     * A virtual thread parks; the poller (or close()) unparks it. The descriptor is registered
     * edge-triggered, once ({@link Poller#register}); the caller's attempt has just said
     * EAGAIN. An edge since the last clear (data that came after it) means: try again now.
     * Otherwise any later edge finds this thread enqueued and unparks it; the mark is cleared
     * before the caller's next attempt, which sees the data of every edge so far.
     */
    private void park(String call, boolean read, long deadline) throws SocketException {
        Poller poller;
        try {
            poller = pollers.poller(call, handle.fd());
        } catch (SocketException stopping) {
            if (!pollers.isClosed()) {
                throw stopping; // the pollers could not start (EMFILE...): that is the call's failure
            }
            awaitStopping(call, read, deadline, stopping);
            return; // the handle is closed or handed over now: await() says which
        }
        poller.register(handle);
        handle.enqueue(read);
        try {
            if (handle.isClosed()) { // checked after enqueueing: close() cannot be missed
                return;
            }
            if (handle.takeReady(read)) { // checked after enqueueing: an edge cannot be missed
                return;
            }
            if (deadline == 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, remaining(call, deadline));
            }
            handle.clearReady(read);
            if (Thread.currentThread().isInterrupted()) {
                throw Errors.of(call, Errno.EINTR);
            }
        } finally {
            handle.dequeue(read);
        }
    }

    /**
     * The instance this socket belongs to is stopping (its pollers refuse new waits) but has not
     * yet reached this socket: it is about to hand it over, or close it. Waiting for that, rather
     * than failing with "socket provider stopped" at once, lets a hand-over make this call again
     * on the next provider ({@code HandedOverException}) instead of failing it. Both a hand-over
     * and a close wake this socket's waiters. Bounded by the deadline, and by 10 s.
     */
    private void awaitStopping(String call, boolean read, long deadline, SocketException stopping) throws SocketException {
        long until = System.nanoTime() + 10_000_000_000L;
        handle.enqueue(read);
        try {
            while (!handle.isClosed()) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    throw stopping;
                }
                LockSupport.parkNanos(this, Math.min(left, deadline == 0 ? left : remaining(call, deadline)));
            }
        } finally {
            handle.dequeue(read);
        }
    }

    // ---- the generic loop ------------------------------------------------------------------

    /** One attempt of a system call on the descriptor: a count, or -1 with errno in {@code state}. */
    @FunctionalInterface
    interface Attempt {
        long run(int fd, MemorySegment state);
    }

    /**
     * Runs {@code attempt} inside the handle until it succeeds: {@code EINTR} is retried, a
     * would-block waits for {@code events} until {@code deadline} (or raises in non-blocking
     * mode, or at once when the flags ask not to wait), any other errno raises.
     *
     * @return the attempt's non-negative result
     */
    long io(String call, short events, int flags, long deadline, Attempt attempt) throws SocketException {
        return io(call, events, flags, deadline, true, attempt);
    }

    /**
     * As {@link #io(String, short, int, long, Attempt)}; {@code needsNonBlockingFd} false for an
     * attempt that cannot block by itself (it passes {@code MSG_DONTWAIT}).
     */
    long io(String call, short events, int flags, long deadline, boolean needsNonBlockingFd, Attempt attempt)
            throws SocketException {
        int fd = handle.enter(call);
        try {
            // sendfile(2) and read(2) have no MSG_DONTWAIT: their attempts need O_NONBLOCK
            if (needsNonBlockingFd) {
                borrowNonBlocking(fd);
            }
            try {
                Scratch s = Scratch.get();
                long pause = 0;
                for (;;) {
                    long n = attempt.run(fd, s.state);
                    if (n >= 0) {
                        return n;
                    }
                    int errno = s.errno();
                    retryOrThrow(call, errno, events, deadline, noWait(flags, events == POLLIN));
                    if (events == POLLOUT && wouldBlock(errno)) {
                        pause = pauseBeforeSendingAgain(call, pause, deadline);
                    }
                }
            } finally {
                if (needsNonBlockingFd) {
                    returnNonBlocking();
                }
            }
        } finally {
            handle.leave();
        }
    }

    // ---- connections -----------------------------------------------------------------------

    /** A descriptor {@link #accept} returned, and its peer's address. */
    record AcceptedFd(int fd, SockAddr peer) {
    }

    /**
     * Accepts a connection; the new descriptor starts in the mode {@code newTimeoutNanos}
     * gives (close-on-exec, and non-blocking in non-blocking mode).
     */
    AcceptedFd accept(long newTimeoutNanos) throws SocketException {
        if (viaRing(0, true)) {
            return ringAccept(newTimeoutNanos);
        }
        int fd = handle.enter("accept");
        boolean blocking = mayBlockInKernel();
        try {
            Scratch s = Scratch.get();
            if (!blocking) {
                borrowNonBlocking(fd);
            }
            long deadline = deadline();
            for (;;) {
                int conn;
                if (blocking) {
                    boolean open = handle.enterKernel(s);
                    try {
                        conn = open ? Libc.accept4(s.state, fd, s.addr, s.addrLen(),
                                Descriptors.creationFlags(newTimeoutNanos)) : -1;
                    } finally {
                        handle.leaveKernel(s);
                    }
                } else {
                    conn = Libc.accept4(s.state, fd, s.addr, s.addrLen(), Descriptors.creationFlags(newTimeoutNanos));
                }
                if (conn >= 0) {
                    return new AcceptedFd(conn, SockAddrs.decode(s.addr, s.len.get(JAVA_INT, 0), handle));
                }
                if (blocking) {
                    afterBlockingFailure("accept", s.errno(), POLLIN);
                } else {
                    retryOrThrow("accept", s.errno(), POLLIN, deadline, false);
                }
            }
        } finally {
            if (!blocking) {
                returnNonBlocking();
            }
            handle.leave();
        }
    }

    /**
     * Connects to the address encoded in {@code addr}; returns 0 or the errno of the connect
     * itself. Other failures raise. A timeout raises when {@code raise}, else gives
     * {@code EWOULDBLOCK} as CPython's connect_ex does.
     */
    int connect(MemorySegment addr, int len, boolean raise) throws SocketException {
        return connect(addr, len, raise, false);
    }

    /**
     * @param resumed a hand-over interrupted this connect on the previous provider: one still
     *                under way ({@code EALREADY}) is waited for, one that completed meanwhile
     *                ({@code EISCONN}) is a success
     */
    int connect(MemorySegment addr, int len, boolean raise, boolean resumed) throws SocketException {
        int fd = handle.enter("connect");
        boolean viaRing = rings != null && timeoutNanos < 0 && !resumed && ringConnects(addr);
        // On the ring engine, a family the ring does not connect blocks in connect(2) as epoll's does.
        boolean blocking = rings == null ? mayBlockInKernel()
                : !viaRing && timeoutNanos < 0 && !fdNonBlocking && !Thread.currentThread().isVirtual();
        boolean borrow = !blocking && !viaRing;
        try {
            if (borrow) {
                borrowNonBlocking(fd);
            }
            Scratch s = Scratch.get();
            int result;
            int errno;
            if (viaRing) {
                // Blocking mode on the ring: the kernel finishes the connect before completing.
                // A timeout's O_NONBLOCK would only make it EINPROGRESS: that waits below.
                for (;;) {
                    result = RingIo.run(rings, handle, "connect", Libc.IORING_OP_CONNECT, fd, addr.address(), 0, len, 0, -1);
                    if (result == -Errno.EINTR && Thread.currentThread().isVirtual()) {
                        throw Errors.of("connect", Errno.EINTR);
                    }
                    if (result != -Errno.ECANCELED) {
                        break;
                    }
                    // Cancelled by nobody (a mode change): made again, as a resumed one is. One
                    // under way answers EALREADY (waited for below), one done EISCONN; an AF_UNIX
                    // connect to a full backlog was not under way at all: it waits again.
                    resumed = true;
                }
                errno = -result;
            } else if (blocking) {
                boolean open = handle.enterKernel(s);
                try {
                    result = open ? Libc.connect(s.state, fd, addr, len) : -1;
                } finally {
                    handle.leaveKernel(s);
                }
                errno = result == 0 ? 0 : s.errno();
            } else {
                result = Libc.connect(s.state, fd, addr, len);
                errno = result == 0 ? 0 : s.errno();
            }
            if (result == 0) {
                return 0;
            }
            if (resumed && errno == Errno.EISCONN) {
                return 0;
            }
            if (resumed && errno == Errno.EALREADY) {
                errno = Errno.EINPROGRESS;
            }
            if (handle.isClosed()) {
                throw handle.closedError("connect");
            }
            // EINPROGRESS: under way. EINTR: the connect goes on in the kernel (PEP 475).
            long deadline = deadline();
            try {
                if (wouldBlock(errno) && timeoutNanos != 0) {
                    // AF_UNIX answers a non-blocking connect to a full backlog with EAGAIN: nothing
                    // is under way, and no readiness event announces room in another socket's
                    // backlog. So the connect is tried again after pauses, as long as it may wait.
                    errno = retryConnect(s, fd, addr, len, deadline);
                    if (errno != Errno.EINPROGRESS) {
                        return errno;
                    }
                }
                if ((errno != Errno.EINPROGRESS && errno != Errno.EINTR) || timeoutNanos == 0) {
                    return errno;
                }
                for (;;) {
                    await("connect", POLLOUT, deadline);
                    int error = Descriptors.intOption(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_ERROR, "connect");
                    if (error != 0 || rings == null || stillConnecting(s, fd) == 0) {
                        return error;
                    }
                    // The ring's poll reported writability of a connect still under way (AF_VSOCK
                    // does, VsockTest): it has not ended, so wait again, after a pause (the next
                    // poll may report the same at once).
                    LockSupport.parkNanos(this, deadline == 0 ? 1_000_000 : Math.min(1_000_000, remaining("connect", deadline)));
                    if (handle.isClosed()) {
                        throw handle.closedError("connect", deadline);
                    }
                }
            } catch (SocketTimeoutException e) {
                if (raise) {
                    throw e;
                }
                return Errno.EWOULDBLOCK;
            }
        } finally {
            if (borrow) {
                returnNonBlocking();
            }
            handle.leave();
        }
    }

    /**
     * Whether a blocking connect to this address goes to the ring whole: IP and AF_UNIX. Other
     * families wait for writability and read {@code SO_ERROR}, as the epoll engine does: the
     * ring's connect trusts writability alone, which AF_VSOCK reports for a connect that then
     * fails (VsockTest).
     */
    private static boolean ringConnects(MemorySegment addr) {
        int family = addr.get(java.lang.foreign.ValueLayout.JAVA_SHORT, 0);
        return family == SocketConstants.AF_INET || family == SocketConstants.AF_INET6 || family == SocketConstants.AF_UNIX;
    }

    /** @return 1 if the socket has no peer yet ({@code ENOTCONN}), else 0 */
    private static int stillConnecting(Scratch s, int fd) {
        return Libc.getpeername(s.state, fd, s.addr, s.addrLen()) < 0 && s.errno() == Errno.ENOTCONN ? 1 : 0;
    }

    /** The longest pause between two connects to a full AF_UNIX backlog. */
    private static final long MAX_CONNECT_PAUSE_NANOS = 20_000_000;

    /**
     * Connects again and again (non-blocking) while the answer is {@code EAGAIN}, pausing 50 µs
     * at first, up to 20 ms; close() ends a pause at once.
     *
     * @return 0 once connected, or the errno of the last connect (never EAGAIN)
     * @throws SocketTimeoutException at the deadline
     */
    private int retryConnect(Scratch s, int fd, MemorySegment addr, int len, long deadline) throws SocketException {
        long pause = 50_000;
        for (;;) {
            handle.enqueue(false); // close() unparks waiters: a pause ends at once
            try {
                if (handle.isClosed()) {
                    throw handle.closedError("connect", deadline);
                }
                long nap = deadline == 0 ? pause : Math.min(pause, remaining("connect", deadline));
                LockSupport.parkNanos(this, nap);
            } finally {
                handle.dequeue(false);
            }
            if (handle.isClosed()) {
                throw handle.closedError("connect", deadline);
            }
            if (Thread.currentThread().isInterrupted() && Thread.currentThread().isVirtual()) {
                throw Errors.of("connect", Errno.EINTR);
            }
            if (Libc.connect(s.state, fd, addr, len) == 0) {
                return 0;
            }
            int errno = s.errno();
            if (!wouldBlock(errno) && errno != Errno.EINTR) {
                return errno;
            }
            pause = Math.min(pause * 2, MAX_CONNECT_PAUSE_NANOS);
        }
    }

    // ---- receiving ---------------------------------------------------------------------

    /** Receives asking for more than this learn first what can arrive (see {@link #receivable}). */
    static final int LARGE_RECEIVE = 256 << 10;

    /** The largest buffer a receive that must fill it ({@code MSG_WAITALL}) may ask for. */
    static final int MAX_WAITALL = 64 << 20;

    /**
     * The buffer a receive of {@code bufsize} bytes allocates ({@code recv}, {@code recvfrom},
     * {@code recvmsg}, {@code recv_fds}): as asked when small; out-of-band, at most
     * {@link #LARGE_RECEIVE}; with {@code MSG_WAITALL} on a
     * stream, as asked up to {@link #MAX_WAITALL} (it must fill it); else only what can arrive
     * ({@link #receivable}), after waiting for it as the receive would.
     */
    int allocation(String call, int bufsize, int flags) throws SocketException {
        if (bufsize <= LARGE_RECEIVE) {
            return bufsize;
        }
        if ((flags & SocketConstants.MSG_OOB) != 0) {
            // Out-of-band data is one byte where a protocol has it (TCP, AF_UNIX streams): a
            // huge buffer would only cost the heap (SocketCallFuzzTest found the OutOfMemoryError).
            return LARGE_RECEIVE;
        }
        if (waitsForAll(flags)) {
            if (bufsize > MAX_WAITALL) {
                throw new IllegalArgumentException(call + " with MSG_WAITALL: buffersize too large: " + bufsize
                        + " (at most " + MAX_WAITALL + ")");
            }
            return bufsize;
        }
        return (int) receivable(call, bufsize, flags);
    }

    /**
     * For a receive asking for {@code bufsize} bytes: waits as that receive would (mode, timeout,
     * close), then tells how many bytes it can return at most, so that its buffer costs memory
     * in proportion to what arrives: a datagram's length ({@code MSG_PEEK|MSG_TRUNC}), or a
     * stream's queued bytes ({@code FIONREAD}; a stream receive may return less than asked).
     *
     * @return at least 1 (room for the end of a stream or an empty datagram), at most {@code bufsize}
     */
    long receivable(String call, long bufsize, int flags) throws SocketException {
        Scratch own = Scratch.get();
        int peek = SocketConstants.MSG_PEEK | SocketConstants.MSG_DONTWAIT | (stream ? 0 : SocketConstants.MSG_TRUNC);
        long n = io(call, POLLIN, flags, deadline(), false, (fd, st) -> {
            long got = Libc.recvNow(st, fd, own.intval.address(), 1, peek);
            if (got <= 0 || !stream) {
                return got;
            }
            own.intval.set(JAVA_INT, 0, 0);
            return Libc.ioctl(st, fd, Libc.FIONREAD, own.intval) < 0 ? 1 : own.intval.get(JAVA_INT, 0);
        });
        return Math.max(1, Math.min(n, bufsize));
    }

    /**
     * Whether a receive must loop for {@code MSG_WAITALL}: the kernel honours it only on a
     * blocking descriptor, and ours never blocks, so on a stream the I/O core waits for the
     * rest itself. With {@code MSG_PEEK} there is nothing to wait for (readiness stays
     * reported while the peeked bytes are queued), so it returns what is queued.
     */
    boolean waitsForAll(int flags) {
        return (flags & SocketConstants.MSG_WAITALL) != 0 && (flags & SocketConstants.MSG_PEEK) == 0 && stream;
    }

    /**
     * The receive core (buffer kinds: see {@link Transfers}), into the buffer from {@code off}:
     * returns the count, 0 at end of stream.
     */
    int recv(byte[] array, MemorySegment seg, long addr, long off, long len, int flags) throws SocketException {
        if (len == 0) {
            // CPython's recv(0) and recv_into of an empty buffer answer at once, without a system
            // call (the kernel's would wait for data on most sockets); its recvfrom(0) and
            // recvmsg(0) do call it. On a closed socket, EBADF from enter.
            handle.enter("recv");
            handle.leave();
            return 0;
        }
        if (waitsForAll(flags)) {
            MemorySegment all = array != null ? MemorySegment.ofArray(array).asSlice(off, len)
                    : seg != null ? seg.asSlice(off, len) : MemorySegment.ofAddress(addr + off).reinterpret(len);
            return recvAll("recv", all, flags, false).nbytes();
        }
        int fd = handle.enter("recv");
        try {
            // One blocking call, like a blocking JDK channel: into native memory (no copy) or a
            // small heap read (a small copy). A large heap read tries in place first.
            boolean heap = array != null || seg != null;
            boolean noWait = noWait(flags, true);
            if (viaRing(flags, true) && Transfers.fitsBlockingCall(heap, len, stream)) {
                return ringTransfer("recv", true, fd, array, seg, addr, off, len, flags, deadline());
            }
            if (!noWait && (!heap || len <= SMALL_READ) && mayBlockInKernel()) {
                return recvBlocking(fd, array, seg, addr, off, len, flags);
            }
            long deadline = deadline();
            for (;;) {
                long n = Transfers.recvAttempt(fd, array, seg, addr, off, len, flags | SocketConstants.MSG_DONTWAIT);
                if (n >= 0) {
                    return (int) n;
                }
                int errno = (int) -n;
                if (wouldBlock(errno) && !noWait && mayBlockInKernel() && Transfers.fitsBlockingCall(heap, len, stream)) {
                    return recvBlocking(fd, array, seg, addr, off, len, flags);
                }
                retryOrThrow("recv", errno, POLLIN, deadline, noWait);
            }
        } finally {
            handle.leave();
        }
    }

    /** Blocking receives until one succeeds; the caller is inside the handle. */
    private int recvBlocking(int fd, byte[] array, MemorySegment seg, long addr, long off, long len, int flags)
            throws SocketException {
        Scratch s = Scratch.get();
        for (;;) {
            long n;
            boolean open = handle.enterKernel(s);
            try {
                n = open ? Transfers.recvBlocking(s, fd, array, seg, addr, off, len, flags) : -Errno.EBADF;
            } finally {
                handle.leaveKernel(s);
            }
            if (n >= 0) {
                return (int) n;
            }
            afterBlockingFailure("recv", (int) -n, POLLIN);
        }
    }

    /** recvfrom into a heap or native segment; the count never exceeds the segment. */
    ReceivedInto recvfrom(MemorySegment buf, int flags) throws SocketException {
        if (waitsForAll(flags)) {
            return recvAll("recvfrom", buf, flags, true);
        }
        int fd = handle.enter("recvfrom");
        try {
            long deadline = deadline();
            if (viaRing(flags, true) && Transfers.fitsBlockingCall(!buf.isNative(), buf.byteSize(), false)) {
                int got = ringMessage("recvfrom", true, fd, null, buf, 0, buf.byteSize(), flags, null, 0, deadline);
                Scratch own = Scratch.get();
                return new ReceivedInto(got, SockAddrs.decode(own.addr, own.ringMsg().get(JAVA_INT, Layouts.MSG_NAMELEN),
                        handle));
            }
            for (;;) {
                long n;
                SockAddr from = null;
                Scratch s = Scratch.forAttempt();
                try {
                    n = Libc.recvfrom(s.state, fd, buf, buf.byteSize(), flags | SocketConstants.MSG_DONTWAIT,
                            s.addr, s.addrLen());
                    if (n >= 0) {
                        from = SockAddrs.decode(s.addr, s.len.get(JAVA_INT, 0), handle);
                    } else {
                        n = -s.errno();
                    }
                } finally {
                    s.release();
                }
                if (n >= 0) {
                    // MSG_TRUNC may report the datagram's full length; never claim more than fits
                    return new ReceivedInto((int) Math.min(n, buf.byteSize()), from);
                }
                retryOrThrow("recvfrom", (int) -n, POLLIN, deadline, noWait(flags, true));
            }
        } finally {
            handle.leave();
        }
    }

    /**
     * {@code MSG_WAITALL} on a stream, as the kernel does it for a blocking descriptor: receives
     * until the buffer is full or the stream ends. A failure (the timeout included) after some
     * bytes arrived ends the call with those bytes, as in the kernel; the failure shows on the
     * next call. {@code from} also returns the address of the first receive.
     */
    private ReceivedInto recvAll(String call, MemorySegment buf, int flags, boolean from) throws SocketException {
        int fd = handle.enter(call);
        try {
            Scratch s = Scratch.get();
            long deadline = deadline();
            long size = buf.byteSize();
            long got = 0;
            SockAddr address = null;
            while (got < size) {
                MemorySegment rest = buf.asSlice(got);
                boolean first = from && got == 0;
                int now = flags | SocketConstants.MSG_DONTWAIT; // an attempt never blocks
                long n = first
                        ? Libc.recvfrom(s.state, fd, rest, rest.byteSize(), now, s.addr, s.addrLen())
                        : Libc.recv(s.state, fd, rest, rest.byteSize(), now);
                if (n == 0) {
                    break; // end of stream
                }
                if (n > 0) {
                    if (first) {
                        address = SockAddrs.decode(s.addr, s.len.get(JAVA_INT, 0), handle);
                    }
                    got += n;
                    continue;
                }
                try {
                    retryOrThrow(call, s.errno(), POLLIN, deadline, noWait(flags, true));
                } catch (SocketException e) {
                    if (got > 0) {
                        break;
                    }
                    throw e;
                }
            }
            return new ReceivedInto((int) got, address);
        } finally {
            handle.leave();
        }
    }

    // ---- sending -------------------------------------------------------------------------

    /**
     * The send core: {@code len} bytes from offset {@code off} of the buffer (see
     * {@link Transfers}); returns the count accepted by the kernel.
     */
    int send(byte[] array, MemorySegment seg, long addr, long off, long len, int flags, long deadline)
            throws SocketException {
        int fd = handle.enter("send");
        try {
            // MSG_NOSIGNAL: a closed peer gives EPIPE, never a SIGPIPE to the process.
            int base = flags | SocketConstants.MSG_NOSIGNAL;
            boolean heap = array != null || seg != null;
            boolean noWait = noWait(flags, false);
            if (!heap && !noWait && mayBlockInKernel()) {
                return sendBlocking(fd, null, null, addr, off, len, base); // native memory: one call, no copy
            }
            for (;;) {
                long n = Transfers.sendAttempt(fd, array, seg, addr, off, len, base | SocketConstants.MSG_DONTWAIT);
                if (n >= 0) {
                    return (int) n;
                }
                int errno = (int) -n;
                // The ring engine sends what there is room for at once, as this attempt did, and
                // hands the ring only a send that must wait (a virtual thread would park for a
                // completion the attempt gives now). Streams only: see #ringSends.
                if (wouldBlock(errno) && ringSends(flags) && Transfers.fitsBlockingCall(heap, len, stream)) {
                    return ringTransfer("send", false, fd, array, seg, addr, off, len, flags, deadline);
                }
                if (wouldBlock(errno) && !noWait && mayBlockInKernel() && Transfers.fitsBlockingCall(heap, len, stream)) {
                    return sendBlocking(fd, array, seg, addr, off, len, base);
                }
                retryOrThrow("send", errno, POLLOUT, deadline, noWait);
            }
        } finally {
            handle.leave();
        }
    }

    /** Blocking sends until one succeeds; the caller is inside the handle. */
    private int sendBlocking(int fd, byte[] array, MemorySegment seg, long addr, long off, long len, int flags)
            throws SocketException {
        Scratch s = Scratch.get();
        for (;;) {
            long n;
            boolean open = handle.enterKernel(s);
            try {
                n = open ? Transfers.sendBlocking(s, fd, array, seg, addr, off, len, flags) : -Errno.EBADF;
            } finally {
                handle.leaveKernel(s);
            }
            if (n >= 0) {
                return (int) n;
            }
            afterBlockingFailure("send", (int) -n, POLLOUT);
        }
    }

    /**
     * Sends every byte of the buffer from {@code start}; the socket's timeout bounds the whole
     * call, as in CPython. Returns the count sent ({@code size}).
     */
    long sendall(byte[] array, MemorySegment seg, long addr, long start, long size) throws SocketException {
        long deadline = deadline();
        long sent = 0;
        try {
            while (sent < size) {
                sent += send(array, seg, addr, start + sent, size - sent, 0, deadline);
            }
        } catch (HandedOverException e) {
            throw new HandedOverException("sendall", sent, deadline); // the next provider sends the rest, by the same deadline
        }
        return sent;
    }

    /** sendto of a whole array to an address already encoded in {@code addr} (the caller's own scratch). */
    int sendto(byte[] data, int flags, MemorySegment addr, int addrlen) throws SocketException {
        int fd = handle.enter("sendto");
        try {
            long deadline = deadline();
            int now = flags | SocketConstants.MSG_NOSIGNAL | SocketConstants.MSG_DONTWAIT;
            long pause = 0;
            for (;;) {
                long n = Transfers.sendtoAttempt(fd, data, now, addr, addrlen);
                if (n >= 0) {
                    return (int) n;
                }
                if (wouldBlock((int) -n) && ringSends(flags) && Transfers.fitsBlockingCall(true, data.length, false)) {
                    return ringMessage("sendto", false, fd, data, null, 0, data.length, flags, addr, addrlen, deadline);
                }
                retryOrThrow("sendto", (int) -n, POLLOUT, deadline, noWait(flags, false));
                if (wouldBlock((int) -n)) {
                    pause = pauseBeforeSendingAgain("sendto", pause, deadline);
                }
            }
        } finally {
            handle.leave();
        }
    }

    // ---- the io_uring engine's operations ---------------------------------------------------

    /**
     * Whether a call goes to the ring as an operation: on the io_uring engine, a call that may
     * wait (receives, accepts and connects at once; sends once their attempt found no room).
     * One that must not (non-blocking mode, {@code MSG_DONTWAIT}, an out-of-band
     * receive) is the attempt of the epoll engine, a plain system call: a ring adds nothing to
     * a call that does not wait.
     */
    private boolean viaRing(int flags, boolean receive) {
        return rings != null && timeoutNanos != 0 && !noWait(flags, receive);
    }

    /**
     * Whether a send that must wait goes to the ring as {@code IORING_OP_SEND}/{@code SENDMSG}:
     * on a stream only. A datagram send waits for writability and is attempted again, as on
     * epoll: the kernel makes a waiting SEND/SENDMSG again after its first try, and an AF_UNIX
     * datagram socket whose receiver's queue was full has consumed the data by then (the
     * retry sent an empty datagram and the call returned 0; UringAttackTest).
     */
    private boolean ringSends(int flags) {
        return stream && viaRing(flags, false);
    }

    /**
     * Whether the last ring receive left data queued ({@code IORING_CQE_F_SOCK_NONEMPTY}): the
     * next one then tries at once rather than waiting for readiness first. A hint, written and
     * read racily. True until a receive brought data: a receive that fails at once without the
     * socket ever becoming readable (on a listening socket) must be tried, not wait for POLLIN.
     */
    private boolean moreQueued = true;

    /**
     * The linked timeout of a ring operation of a call with this deadline; -1 for none. A
     * deadline that passed still makes the operation (1 ns), as the epoll engine still makes its
     * attempt: what is queued is returned, only a wait times out.
     */
    private static long ringTimeout(String call, long deadline) {
        return deadline == 0 ? -1 : Math.max(1, deadline - System.nanoTime());
    }

    /**
     * After a ring operation ended without a result: returns if it is to be made again, throws
     * otherwise. {@code EAGAIN} means the descriptor has {@code O_NONBLOCK} (a timeout's mode,
     * or another holder of the open file set it): the ring then waits for readiness first.
     */
    private void afterRing(String call, int res, short events, long deadline) throws SocketException {
        int errno = -res;
        if (wouldBlock(errno)) {
            await(call, events, deadline);
        } else if (errno == Errno.ECANCELED) {
            if (timeoutNanos == 0) { // a mode change ended the wait: now non-blocking
                throw Errors.of(call, Errno.EAGAIN);
            }
        } else if (errno == Errno.ETIME) {
            throw new SocketTimeoutException(call, Errno.ETIMEDOUT, "timed out");
        } else if (errno == Errno.EBADF && handle.isClosed()) {
            throw handle.closedError(call, deadline);
        } else if (errno != Errno.EINTR || Thread.currentThread().isVirtual()) {
            throw Errors.of(call, errno);
        }
    }

    /**
     * {@code IORING_OP_RECV} or {@code IORING_OP_SEND}, made until it moves bytes or fails:
     * native memory directly; heap memory through a native buffer that stays the kernel's
     * while the operation is in flight (a platform thread's own blocking buffer, or one from
     * the rings' pool for a virtual thread, which parks meanwhile). The caller is inside the
     * handle.
     */
    private int ringTransfer(String call, boolean receive, int fd, byte[] array, MemorySegment seg, long addr, long off,
            long len, int flags, long deadline) throws SocketException {
        boolean heap = array != null || seg != null;
        Rings pool = heap && Thread.currentThread().isVirtual() ? rings.rings(call) : null;
        MemorySegment buf = !heap ? null : pool != null ? pool.buffer(len) : Scratch.get().blockingBuffer();
        long n = heap ? Math.min(len, buf.byteSize()) : len;
        try {
            if (heap && !receive) {
                Transfers.copyIn(array, seg, off, buf, n);
            }
            long at = heap ? buf.address() : addr + off;
            int opcode = receive ? Libc.IORING_OP_RECV : Libc.IORING_OP_SEND;
            // MSG_WAITALL is the I/O core's (waitsForAll): the ring would repeat a peek to fill the buffer
            int opFlags = receive ? flags & ~SocketConstants.MSG_WAITALL : flags | SocketConstants.MSG_NOSIGNAL;
            for (;;) {
                // A receive that found the socket drained last time (ping-pong traffic) waits for
                // data before trying: the attempt at submission would find nothing.
                // Not with a deadline: the poll's completion would race the linked timeout.
                int ioprio = receive && !moreQueued && deadline == 0 ? Libc.IORING_RECVSEND_POLL_FIRST : 0;
                long done = RingIo.runWithFlags(rings, handle, call, opcode, fd, at, (int) Math.min(n, Integer.MAX_VALUE),
                        0, opFlags, ioprio, ringTimeout(call, deadline));
                int res = RingIo.res(done);
                if (receive && res > 0) {
                    moreQueued = (RingIo.flags(done) & Libc.IORING_CQE_F_SOCK_NONEMPTY) != 0;
                }
                if (res >= 0) {
                    if (heap && receive && res > 0) {
                        Transfers.copyOut(buf, array, seg, off, Math.min(res, n)); // MSG_TRUNC may report more
                    }
                    return res;
                }
                afterRing(call, res, receive ? POLLIN : POLLOUT, deadline);
            }
        } finally {
            if (pool != null) {
                pool.giveBack(buf);
            }
        }
    }

    /**
     * {@code IORING_OP_RECVMSG} with the sender's address ({@code recvfrom}), or
     * {@code IORING_OP_SENDMSG} to {@code to} ({@code sendto}), of {@code len} bytes of
     * {@code buf} from {@code off}; the {@code msghdr} is the thread's own (see
     * {@link Scratch#ringMsg}), and after a receive it holds the sender's address length, the
     * thread's scratch the address. The caller is inside the handle.
     *
     * @return the count
     */
    private int ringMessage(String call, boolean receive, int fd, byte[] array, MemorySegment buf, long off, long len,
            int flags, MemorySegment to, int toLen, long deadline) throws SocketException {
        boolean heap = array != null || !buf.isNative();
        Rings pool = heap && Thread.currentThread().isVirtual() ? rings.rings(call) : null;
        Scratch s = Scratch.get();
        MemorySegment io = !heap ? buf : pool != null ? pool.buffer(len) : s.blockingBuffer();
        long at = heap ? io.address() : io.address() + off;
        long n = heap ? Math.min(len, io.byteSize()) : len;
        try {
            if (heap && !receive) {
                Transfers.copyIn(array, buf, off, io, n);
            }
            MemorySegment msg = s.ringMsg();
            long iov = Layouts.MSGHDR.byteSize();
            for (;;) {
                msg.fill((byte) 0);
                msg.set(java.lang.foreign.ValueLayout.ADDRESS, Layouts.MSG_NAME, receive ? s.addr : to);
                msg.set(JAVA_INT, Layouts.MSG_NAMELEN, receive ? Scratch.SOCKADDR_STORAGE_SIZE : toLen);
                msg.set(java.lang.foreign.ValueLayout.JAVA_LONG, Layouts.MSG_IOV, msg.address() + iov);
                msg.set(java.lang.foreign.ValueLayout.JAVA_LONG, Layouts.MSG_IOVLEN, 1L);
                msg.set(java.lang.foreign.ValueLayout.JAVA_LONG, iov + Layouts.IOV_BASE, at);
                msg.set(java.lang.foreign.ValueLayout.JAVA_LONG, iov + Layouts.IOV_LEN, n);
                int res = RingIo.run(rings, handle, call, receive ? Libc.IORING_OP_RECVMSG : Libc.IORING_OP_SENDMSG, fd,
                        msg.address(), 1, 0, receive ? flags & ~SocketConstants.MSG_WAITALL : flags | SocketConstants.MSG_NOSIGNAL,
                        ringTimeout(call, deadline));
                if (res >= 0) {
                    if (!receive) {
                        return res;
                    }
                    int got = (int) Math.min(res, n); // MSG_TRUNC may report the datagram's full length
                    if (heap && got > 0) {
                        Transfers.copyOut(io, array, buf, off, got);
                    }
                    return got;
                }
                afterRing(call, res, receive ? POLLIN : POLLOUT, deadline);
            }
        } finally {
            if (pool != null) {
                pool.giveBack(io);
            }
        }
    }

    /**
     * {@code sendmsg}/{@code recvmsg} of a {@code msghdr} in native memory that stays valid
     * through the call: on the ring engine a receive, or a send that its attempt found no room
     * for, is {@code IORING_OP_RECVMSG}/{@code SENDMSG}; otherwise {@link #io} runs the attempt.
     *
     * @param sysFlags the flags of the system call ({@code flags} and what the caller adds)
     * @param attempt  the same call as a system call with {@code MSG_DONTWAIT}
     */
    long message(String call, boolean receive, MemorySegment msghdr, int flags, int sysFlags, long deadline,
            Attempt attempt) throws SocketException {
        short events = receive ? POLLIN : POLLOUT;
        if (!viaRing(flags, receive)) {
            return io(call, events, flags, deadline, false, attempt);
        }
        int fd = handle.enter(call);
        try {
            if (!receive) {
                Scratch s = Scratch.get();
                long pause = 0;
                for (;;) {
                    long n = attempt.run(fd, s.state);
                    if (n >= 0) {
                        return n;
                    }
                    int errno = s.errno();
                    if (wouldBlock(errno) && ringSends(flags)) {
                        break;
                    }
                    retryOrThrow(call, errno, events, deadline, false);
                    if (wouldBlock(errno)) {
                        pause = pauseBeforeSendingAgain(call, pause, deadline);
                    }
                }
            }
            int opFlags = receive ? sysFlags & ~SocketConstants.MSG_WAITALL : sysFlags | SocketConstants.MSG_NOSIGNAL;
            for (;;) {
                int res = RingIo.run(rings, handle, call, receive ? Libc.IORING_OP_RECVMSG : Libc.IORING_OP_SENDMSG, fd,
                        msghdr.address(), 1, 0, opFlags, ringTimeout(call, deadline));
                if (res >= 0) {
                    return res;
                }
                afterRing(call, res, events, deadline);
            }
        } finally {
            handle.leave();
        }
    }

    /**
     * {@code bind(2)} of an address encoded at {@code addr}; on the ring engine
     * {@code IORING_OP_BIND} where the kernel has it.
     */
    void bind(MemorySegment addr, int len) throws SocketException {
        ringOrSystemCall("bind", UringOps.IORING_OP_BIND, addr.address(), 0, len,
                (fd, state) -> Libc.bind(state, fd, addr, len));
    }

    /** {@code listen(2)}; on the ring engine {@code IORING_OP_LISTEN} where the kernel has it. */
    void listen(int backlog) throws SocketException {
        ringOrSystemCall("listen", UringOps.IORING_OP_LISTEN, 0, backlog, 0, (fd, state) -> Libc.listen(state, fd, backlog));
    }

    /**
     * A call that does not wait: the ring operation ({@link RingIo#runIfSupported}, the SQE's
     * addr/len/off given) on the ring engine where the kernel has it, else the system call.
     */
    private void ringOrSystemCall(String call, int opcode, long opAddr, int opLen, long opOff, Attempt systemCall)
            throws SocketException {
        int fd = handle.enter(call);
        try {
            if (rings != null) {
                int res = RingIo.runIfSupported(rings, handle, call, opcode, fd, opAddr, opLen, opOff);
                if (res != RingIo.UNSUPPORTED) {
                    if (res < 0) {
                        throw -res == Errno.EBADF && handle.isClosed() ? handle.closedError(call) : Errors.of(call, -res);
                    }
                    return;
                }
            }
            Scratch s = Scratch.get();
            if (systemCall.run(fd, s.state) < 0) {
                throw Errors.of(call, s.errno());
            }
        } finally {
            handle.leave();
        }
    }

    /** {@code shutdown(2)}; on the ring engine {@code IORING_OP_SHUTDOWN}. */
    void shutdown(int how) throws SocketException {
        int fd = handle.enter("shutdown");
        try {
            if (rings != null) {
                int res = RingIo.run(rings, handle, "shutdown", Libc.IORING_OP_SHUTDOWN, fd, 0, how, 0, 0, -1);
                if (res < 0) {
                    throw -res == Errno.EBADF && handle.isClosed() ? handle.closedError("shutdown") : Errors.of("shutdown", -res);
                }
                return;
            }
            Scratch s = Scratch.get();
            if (Libc.shutdown(s.state, fd, how) < 0) {
                throw Errors.of("shutdown", s.errno());
            }
        } finally {
            handle.leave();
        }
    }

    /** {@code IORING_OP_ACCEPT} until a connection comes (see {@link #accept}). */
    private AcceptedFd ringAccept(long newTimeoutNanos) throws SocketException {
        int fd = handle.enter("accept");
        try {
            Scratch s = Scratch.get(); // the thread's own: the kernel writes the address while it waits
            long deadline = deadline();
            for (;;) {
                int conn = RingIo.run(rings, handle, "accept", Libc.IORING_OP_ACCEPT, fd, s.addr.address(), 0,
                        s.addrLen().address(), Descriptors.creationFlags(newTimeoutNanos), ringTimeout("accept", deadline));
                if (conn >= 0) {
                    return new AcceptedFd(conn, SockAddrs.decode(s.addr, s.len.get(JAVA_INT, 0), handle));
                }
                afterRing("accept", conn, POLLIN, deadline);
            }
        } finally {
            handle.leave();
        }
    }
}
