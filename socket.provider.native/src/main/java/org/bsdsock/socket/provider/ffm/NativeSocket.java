package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.bsdsock.socket.provider.ffm.Libc.POLLIN;
import static org.bsdsock.socket.provider.ffm.Libc.POLLOUT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.ControlMessage;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.Received;
import org.bsdsock.socket.api.ReceivedFds;
import org.bsdsock.socket.api.ReceivedInto;
import org.bsdsock.socket.api.ReceivedMessage;
import org.bsdsock.socket.api.ReceivedMessageInto;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketFile;
import org.bsdsock.socket.api.SocketInfo;
import org.bsdsock.socket.api.SocketTimeoutException;
import org.bsdsock.socket.api.SocketType;

/**
 * A socket on a kernel file descriptor.
 *
 * <p>The I/O core. Data calls first try with {@code MSG_DONTWAIT} as critical downcalls that
 * read and write a caller's {@code byte[]} in place; such an attempt never blocks. When it
 * would ({@code EAGAIN}), what happens depends on who waits, decided in one place:
 * <ul>
 * <li>a platform thread, no timeout, descriptor still blocking ({@link #mayBlockInKernel}):
 * one blocking system call, as a blocking JDK channel makes — the kernel wakes it, and
 * {@link #close} wakes it by shutting the socket down. Calls on native memory (direct
 * buffers) and small heap reads skip the attempt and make that call at once (ping-pong
 * traffic would make the attempt fail every time; bulk traffic would make it fail whenever
 * the reader is ahead or the send buffer full);</li>
 * <li>otherwise (a virtual thread, a timeout, non-blocking mode) the descriptor is switched to
 * {@code O_NONBLOCK} for good, and {@link #await} polls (platform thread) or parks (virtual
 * thread; the {@link Poller} unparks it, so it holds no carrier) until ready, the deadline,
 * or close.</li>
 * </ul>
 * {@code EINTR} is retried (PEP 475).
 */
final class NativeSocket implements SocketType {
    /** Socket type flags that are requested at creation but never reported in {@link #type()}. */
    static final int TYPE_FLAGS = SocketConstants.SOCK_NONBLOCK | SocketConstants.SOCK_CLOEXEC;

    /** Heap reads up to this size go straight to one blocking call on a platform thread (see class doc). */
    static final int SMALL_READ = 4096;

    private final FdHandle handle;
    private final int family;
    private final int type;
    private final int proto;
    private final SocketRegistry registry;
    /** Nanoseconds; -1 means None (block forever), 0 non-blocking mode. */
    private volatile long timeoutNanos;
    /** Whether the descriptor has {@code O_NONBLOCK}; once set, never cleared. */
    private volatile boolean fdNonBlocking;

    /**
     * @param fdNonBlocking whether the descriptor already has {@code O_NONBLOCK}
     */
    NativeSocket(SocketRegistry registry, int fd, int family, int type, int proto, long timeoutNanos,
            boolean fdNonBlocking) throws SocketException {
        this.registry = registry;
        this.family = family;
        this.type = type & ~TYPE_FLAGS;
        this.proto = proto;
        this.timeoutNanos = (type & SocketConstants.SOCK_NONBLOCK) != 0 ? 0 : timeoutNanos;
        this.fdNonBlocking = fdNonBlocking || (type & SocketConstants.SOCK_NONBLOCK) != 0;
        this.handle = registry.adopt(fd, this);
    }

    /** @return the {@code SOCK_*} creation flags for a new descriptor that starts with this timeout */
    static int creationFlags(long timeoutNanos) {
        return SocketConstants.SOCK_CLOEXEC | (timeoutNanos == 0 ? SocketConstants.SOCK_NONBLOCK : 0);
    }

    FdHandle handle() {
        return handle;
    }

    @Override
    public int family() {
        return family;
    }

    @Override
    public int type() {
        return type;
    }

    @Override
    public int proto() {
        return proto;
    }

    @Override
    public int fileno() {
        return handle.isClosed() ? -1 : handle.fd();
    }

    @Override
    public void close() {
        handle.close();
    }

    // ---- timeouts -------------------------------------------------------------------------

    @Override
    public void setblocking(boolean flag) {
        timeoutNanos = flag ? Timeouts.NONE : 0;
    }

    @Override
    public boolean getblocking() {
        return timeoutNanos != 0;
    }

    @Override
    public void settimeout(Double seconds) {
        timeoutNanos = Timeouts.toNanos(seconds);
    }

    @Override
    public Double gettimeout() {
        return Timeouts.toSeconds(timeoutNanos);
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    // ---- the I/O core ----------------------------------------------------------------

    /** @return the deadline (System.nanoTime) of a call starting now, or 0 for none */
    long deadline() {
        long t = timeoutNanos;
        if (t <= 0) {
            return 0;
        }
        long d = System.nanoTime() + t;
        return d == 0 ? 1 : d;
    }

    private static boolean wouldBlock(int errno) {
        return errno == Errno.EAGAIN || errno == Errno.EWOULDBLOCK;
    }

    /**
     * True when the calling thread may block in the kernel: a platform thread, a socket
     * without timeout, a descriptor without {@code O_NONBLOCK}.
     */
    private boolean mayBlockInKernel() {
        return timeoutNanos < 0 && !fdNonBlocking && !Thread.currentThread().isVirtual();
    }

    /** Sets {@code O_NONBLOCK} on the descriptor, once and for good; the caller is inside the handle. */
    private void nonBlockingFd(int fd) throws SocketException {
        if (fdNonBlocking) {
            return;
        }
        synchronized (this) {
            if (!fdNonBlocking) {
                Scratch s = Scratch.get();
                int flags = Libc.fcntl(s.state, fd, Libc.F_GETFL, 0);
                if (flags < 0 || Libc.fcntl(s.state, fd, Libc.F_SETFL, flags | Libc.O_NONBLOCK) < 0) {
                    throw Errors.of("fcntl", s.errno());
                }
                fdNonBlocking = true;
            }
        }
    }

    /**
     * Handles a failed attempt: returns if the call should be tried again (after
     * {@code EINTR}, or after waiting for readiness on {@code EAGAIN}); throws otherwise.
     */
    private void retryOrThrow(String call, int errno, short events, long deadline) throws SocketException {
        if (errno == Errno.EINTR) {
            return;
        }
        if (!wouldBlock(errno)) {
            throw Errors.of(call, errno);
        }
        await(call, events, deadline);
    }

    /** After a blocking call failed: EINTR retries; a close() in between reads as EBADF. */
    private void afterBlockingFailure(String call, int errno) throws SocketException {
        if (handle.isClosed()) {
            throw handle.closedError(call);
        }
        if (errno != Errno.EINTR) {
            throw Errors.of(call, errno);
        }
    }

    /**
     * As {@link #retryOrThrow(String, int, short, long)}, but a would-block raises at once when
     * {@code noWait} (see {@link #noWait}), even in blocking mode.
     */
    private void retryOrThrow(String call, int errno, short events, long deadline, boolean noWait)
            throws SocketException {
        if (noWait && (errno == Errno.EAGAIN || errno == Errno.EWOULDBLOCK)) {
            throw Errors.of(call, errno);
        }
        retryOrThrow(call, errno, events, deadline);
    }

    /**
     * Whether a call with these flags must not wait: {@code MSG_DONTWAIT} asks so; a receive
     * with {@code MSG_OOB} never waits in the kernel either (urgent data is not announced as
     * readable, so waiting for POLLIN could last forever).
     */
    static boolean noWait(int flags, boolean receive) {
        return (flags & SocketConstants.MSG_DONTWAIT) != 0 || (receive && (flags & SocketConstants.MSG_OOB) != 0);
    }

    /**
     * Waits until the descriptor is ready for {@code events}, the deadline passes
     * ({@link SocketTimeoutException}) or the socket is closed ({@code EBADF}). In
     * non-blocking mode it does not wait: it raises {@code EAGAIN}. The caller is inside
     * {@code handle} (between enter and leave).
     */
    private void await(String call, short events, long deadline) throws SocketException {
        if (timeoutNanos == 0) {
            throw Errors.of(call, Errno.EAGAIN);
        }
        if (Thread.currentThread().isVirtual()) {
            park(call, events == POLLIN, deadline);
        } else {
            poll(call, events, deadline);
        }
        if (handle.isClosed()) {
            throw handle.closedError(call);
        }
    }

    private static long remaining(String call, long deadline) throws SocketTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException(call, Errno.ETIMEDOUT, "timed out");
        }
        return left;
    }

    /** A platform thread waits in the kernel; close() wakes it by shutting the socket down. */
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
            int n = Libc.poll(scratch.state, scratch.pollfd(handle.fd(), events), 1, millis);
            if (n > 0) {
                return;
            }
            if (n < 0 && scratch.errno() != Errno.EINTR) {
                throw Errors.of("poll", scratch.errno());
            }
        }
    }

    /**
     * A virtual thread parks; the poller (or close()) unparks it. The descriptor is registered
     * edge-triggered, once ({@link Poller#register}); the caller's attempt has just said
     * EAGAIN. An edge since the last clear (data that came after it) means: try again now.
     * Otherwise any later edge finds this thread enqueued and unparks it; the flag is cleared
     * before the caller's next attempt, which sees the data of every edge so far.
     */
    private void park(String call, boolean read, long deadline) throws SocketException {
        Poller poller;
        try {
            poller = registry.poller(handle.fd());
        } catch (SocketException e) {
            if (registry.isClosed()) { // the provider stopped: its closeAll() closes this socket too
                throw Errors.closed(call, SocketRegistry.STOPPED);
            }
            throw e;
        }
        poller.register(handle);
        handle.await(read);
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
            handle.stopWaiting(read);
        }
    }

    // ---- connections ---------------------------------------------------------------------

    @Override
    public Accepted accept() throws SocketException {
        int fd = handle.enter("accept");
        try {
            Scratch s = Scratch.get();
            boolean blocking = mayBlockInKernel();
            if (!blocking) {
                nonBlockingFd(fd);
            }
            long deadline = deadline();
            long timeout = registry.defaultTimeoutNanos();
            for (;;) {
                int conn = Libc.accept4(s.state, fd, s.addr, s.addrLen(), creationFlags(timeout));
                if (conn >= 0) {
                    SockAddr peer = SockAddrs.decode(s.addr, s.len.get(JAVA_INT, 0));
                    NativeSocket sock = new NativeSocket(registry, conn, family, type, proto, timeout, timeout == 0);
                    return new Accepted(sock, peer);
                }
                if (blocking) {
                    afterBlockingFailure("accept", s.errno());
                } else {
                    retryOrThrow("accept", s.errno(), POLLIN, deadline);
                }
            }
        } finally {
            handle.leave();
        }
    }

    @Override
    public void bind(SockAddr address) throws SocketException {
        Scratch s = Scratch.get();
        int len = SockAddrs.encode(family, address, s.addr);
        int fd = handle.enter("bind");
        try {
            if (Libc.bind(s.state, fd, s.addr, len) < 0) {
                throw Errors.of("bind", s.errno());
            }
        } finally {
            handle.leave();
        }
    }

    @Override
    public void connect(SockAddr address) throws SocketException {
        int errno = connect0(address, true);
        if (errno != 0) {
            throw Errors.of("connect", errno);
        }
    }

    @Override
    public int connect_ex(SockAddr address) throws SocketException {
        return connect0(address, false);
    }

    /**
     * Connects; returns 0 or the errno of the connect itself. Other failures raise. A timeout
     * raises when {@code raise}, else gives {@code EWOULDBLOCK} as CPython's connect_ex does.
     */
    private int connect0(SockAddr address, boolean raise) throws SocketException {
        Scratch s = Scratch.get();
        int len = SockAddrs.encode(family, address, s.addr);
        int fd = handle.enter("connect");
        try {
            if (!mayBlockInKernel()) {
                nonBlockingFd(fd);
            }
            if (Libc.connect(s.state, fd, s.addr, len) == 0) {
                return 0;
            }
            int errno = s.errno();
            if (handle.isClosed()) {
                throw handle.closedError("connect");
            }
            // EINPROGRESS: under way. EINTR: the connect goes on in the kernel (PEP 475).
            if ((errno != Errno.EINPROGRESS && errno != Errno.EINTR) || timeoutNanos == 0) {
                return errno;
            }
            try {
                await("connect", POLLOUT, deadline());
            } catch (SocketTimeoutException e) {
                if (raise) {
                    throw e;
                }
                return Errno.EWOULDBLOCK;
            }
            return intOption(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_ERROR, "connect");
        } finally {
            handle.leave();
        }
    }

    @Override
    public void listen(int backlog) throws SocketException {
        int fd = handle.enter("listen");
        try {
            Scratch s = Scratch.get();
            if (Libc.listen(s.state, fd, Math.max(0, backlog)) < 0) {
                throw Errors.of("listen", s.errno());
            }
        } finally {
            handle.leave();
        }
    }

    @Override
    public void shutdown(int how) throws SocketException {
        int fd = handle.enter("shutdown");
        try {
            Scratch s = Scratch.get();
            if (Libc.shutdown(s.state, fd, how) < 0) {
                throw Errors.of("shutdown", s.errno());
            }
        } finally {
            handle.leave();
        }
    }

    // ---- names ---------------------------------------------------------------------------

    @Override
    public SockAddr getpeername() throws SocketException {
        int fd = handle.enter("getpeername");
        try {
            Scratch s = Scratch.get();
            if (Libc.getpeername(s.state, fd, s.addr, s.addrLen()) < 0) {
                throw Errors.of("getpeername", s.errno());
            }
            return SockAddrs.decode(s.addr, s.len.get(JAVA_INT, 0));
        } finally {
            handle.leave();
        }
    }

    @Override
    public SockAddr getsockname() throws SocketException {
        int fd = handle.enter("getsockname");
        try {
            Scratch s = Scratch.get();
            if (Libc.getsockname(s.state, fd, s.addr, s.addrLen()) < 0) {
                throw Errors.of("getsockname", s.errno());
            }
            return SockAddrs.decode(s.addr, s.len.get(JAVA_INT, 0));
        } finally {
            handle.leave();
        }
    }

    // ---- options -------------------------------------------------------------------------

    @Override
    public int getsockopt(int level, int optname) throws SocketException {
        int fd = handle.enter("getsockopt");
        try {
            return intOption(fd, level, optname, "getsockopt");
        } finally {
            handle.leave();
        }
    }

    private static int intOption(int fd, int level, int optname, String call) throws SocketException {
        Scratch s = Scratch.get();
        s.intval.set(JAVA_INT, 0, 0);
        s.len.set(JAVA_INT, 0, 4);
        if (Libc.getsockopt(s.state, fd, level, optname, s.intval, s.len) < 0) {
            throw Errors.of(call, s.errno());
        }
        return s.intval.get(JAVA_INT, 0);
    }

    @Override
    public byte[] getsockopt(int level, int optname, int buflen) throws SocketException {
        if (buflen <= 0 || buflen > 1024) {
            throw new IllegalArgumentException("getsockopt buflen out of range: " + buflen);
        }
        int fd = handle.enter("getsockopt");
        try (Arena arena = Arena.ofConfined()) {
            Scratch s = Scratch.get();
            MemorySegment buf = arena.allocate(buflen);
            s.len.set(JAVA_INT, 0, buflen);
            if (Libc.getsockopt(s.state, fd, level, optname, buf, s.len) < 0) {
                throw Errors.of("getsockopt", s.errno());
            }
            return buf.asSlice(0, s.len.get(JAVA_INT, 0)).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        } finally {
            handle.leave();
        }
    }

    @Override
    public void setsockopt(int level, int optname, int value) throws SocketException {
        int fd = handle.enter("setsockopt");
        try {
            Scratch s = Scratch.get();
            s.intval.set(JAVA_INT, 0, value);
            if (Libc.setsockopt(s.state, fd, level, optname, s.intval, 4) < 0) {
                throw Errors.of("setsockopt", s.errno());
            }
        } finally {
            handle.leave();
        }
    }

    @Override
    public void setsockopt(int level, int optname, byte[] value) throws SocketException {
        Objects.requireNonNull(value, "value");
        int fd = handle.enter("setsockopt");
        try (Arena arena = Arena.ofConfined()) {
            Scratch s = Scratch.get();
            MemorySegment buf = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, value.length);
            if (Libc.setsockopt(s.state, fd, level, optname, buf, value.length) < 0) {
                throw Errors.of("setsockopt", s.errno());
            }
        } finally {
            handle.leave();
        }
    }

    // ---- receiving -----------------------------------------------------------------------
    //
    // A buffer is a byte[] (array, from index 0), a heap segment (seg) or a native address
    // (addr), whichever is given (the others null); len is checked against it by the caller.
    // Passing the array itself, and the length apart, lets a loop on one array or direct
    // buffer allocate nothing, and lets a virtual thread's small transfer go through its CPU's
    // lane buffer without looking up a segment for the array.

    @Override
    public byte[] recv(int bufsize, int flags) throws SocketException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recv: " + bufsize);
        }
        byte[] buf = new byte[bufsize];
        int n = recv(buf, null, 0, bufsize, flags);
        return n == bufsize ? buf : Arrays.copyOf(buf, n);
    }

    @Override
    public int recv_into(byte[] buffer, int nbytes, int flags) throws SocketException {
        int len = intoLength(buffer, nbytes, "recv_into");
        return recv(buffer, null, 0, len, flags);
    }

    @Override
    public int recv_into(ByteBuffer buffer, int flags) throws SocketException {
        if (buffer.isReadOnly()) {
            throw new IllegalArgumentException("recv_into needs a writable buffer");
        }
        int n = buffer.isDirect()
                ? recv(null, null, Scratch.get().address(buffer) + buffer.position(), buffer.remaining(), flags)
                : recv(null, MemorySegment.ofBuffer(buffer), 0, buffer.remaining(), flags);
        buffer.position(buffer.position() + n);
        return n;
    }

    private static int intoLength(byte[] buffer, int nbytes, String call) {
        Objects.requireNonNull(buffer, "buffer");
        if (nbytes < 0) {
            throw new IllegalArgumentException("negative buffersize in " + call + ": " + nbytes);
        }
        if (nbytes > buffer.length) {
            throw new IllegalArgumentException("buffer too small for requested bytes: " + nbytes + " > " + buffer.length);
        }
        return nbytes == 0 ? buffer.length : nbytes;
    }

    /** Receives into a segment (heap or native), for the streams of makefile. */
    int recv(MemorySegment buf, int flags) throws SocketException {
        return buf.isNative() ? recv(null, null, buf.address(), buf.byteSize(), flags)
                : recv(null, buf, 0, buf.byteSize(), flags);
    }

    /** The receive core: returns the count, 0 at end of stream. */
    private int recv(byte[] array, MemorySegment seg, long addr, long len, int flags) throws SocketException {
        if (waitsForAll(flags)) {
            MemorySegment all = array != null ? MemorySegment.ofArray(array).asSlice(0, len)
                    : seg != null ? seg.asSlice(0, len) : MemorySegment.ofAddress(addr).reinterpret(len);
            return recvAll("recv", all, flags, false).nbytes();
        }
        int fd = handle.enter("recv");
        try {
            // One blocking call, like a blocking JDK channel: into native memory (no copy) or a
            // small heap read (a small copy). A large heap read tries in place first.
            boolean heap = array != null || seg != null;
            if (!noWait(flags, true) && (!heap || len <= SMALL_READ) && mayBlockInKernel()) {
                return recvBlocking(fd, array, seg, addr, len, flags);
            }
            long deadline = deadline();
            for (;;) {
                long n = recvAttempt(fd, array, seg, addr, len, flags | SocketConstants.MSG_DONTWAIT);
                if (n >= 0) {
                    return (int) n;
                }
                int errno = (int) -n;
                if (wouldBlock(errno) && !noWait(flags, true) && mayBlockInKernel()) {
                    return recvBlocking(fd, array, seg, addr, len, flags);
                }
                retryOrThrow("recv", errno, POLLIN, deadline, noWait(flags, true));
            }
        } finally {
            handle.leave();
        }
    }

    /**
     * One receive attempt that cannot block (the flags carry {@code MSG_DONTWAIT}): returns
     * the count, or minus errno. A heap buffer is written in place (critical call), or through
     * the CPU's lane buffer when small and the thread virtual.
     */
    private static long recvAttempt(int fd, byte[] array, MemorySegment seg, long addr, long len, int flags) {
        Scratch s = Scratch.claim();
        try {
            long n;
            if (array == null && seg == null) {
                n = Libc.recvNow(s.state, fd, addr, len, flags);
            } else if (s.isLane() && len <= Scratch.LANE_IO_SIZE) {
                n = Libc.recvNow(s.state, fd, s.laneIo.address(), len, flags);
                if (n > 0) {
                    copyOut(s.laneIo, array, seg, Math.min(n, len)); // MSG_TRUNC may report more
                }
            } else {
                n = Libc.recv(s.state, fd, array != null ? s.own().segment(array) : seg, len, flags);
            }
            return n >= 0 ? n : -s.errno();
        } finally {
            s.release();
        }
    }

    /** Copies {@code n} received bytes from native memory into the heap buffer (array or segment). */
    private static void copyOut(MemorySegment from, byte[] array, MemorySegment seg, long n) {
        if (array != null) {
            MemorySegment.copy(from, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, array, 0, (int) n);
        } else {
            MemorySegment.copy(from, 0, seg, 0, n);
        }
    }

    /** One blocking recv: a heap buffer goes through the thread's native buffer. */
    private int recvBlocking(int fd, byte[] array, MemorySegment seg, long addr, long len, int flags)
            throws SocketException {
        Scratch s = Scratch.get();
        for (;;) {
            long n;
            if (array == null && seg == null) {
                n = Libc.recvWait(s.state, fd, addr, len, flags);
            } else {
                MemorySegment io = s.io();
                n = Libc.recvWait(s.state, fd, io.address(), Math.min(len, io.byteSize()), flags);
                if (n > 0) {
                    copyOut(io, array, seg, Math.min(n, len)); // MSG_TRUNC may report more
                }
            }
            if (n >= 0) {
                if (n == 0 && len > 0 && handle.isClosed()) {
                    throw handle.closedError("recv"); // woken by close()'s shutdown, not by the peer
                }
                return (int) n;
            }
            afterBlockingFailure("recv", s.errno());
        }
    }

    @Override
    public Received recvfrom(int bufsize, int flags) throws SocketException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recvfrom: " + bufsize);
        }
        byte[] buf = new byte[bufsize];
        ReceivedInto r = recvfrom(MemorySegment.ofArray(buf), flags);
        return new Received(r.nbytes() == bufsize ? buf : Arrays.copyOf(buf, r.nbytes()), r.address());
    }

    @Override
    public ReceivedInto recvfrom_into(byte[] buffer, int nbytes, int flags) throws SocketException {
        return recvfrom(MemorySegment.ofArray(buffer).asSlice(0, intoLength(buffer, nbytes, "recvfrom_into")), flags);
    }

    private ReceivedInto recvfrom(MemorySegment buf, int flags) throws SocketException {
        if (waitsForAll(flags)) {
            return recvAll("recvfrom", buf, flags, true);
        }
        int fd = handle.enter("recvfrom");
        try {
            long deadline = deadline();
            for (;;) {
                long n;
                SockAddr from = null;
                Scratch s = Scratch.claim();
                try {
                    n = Libc.recvfrom(s.state, fd, buf, buf.byteSize(), flags | SocketConstants.MSG_DONTWAIT,
                            s.addr, s.addrLen());
                    if (n >= 0) {
                        from = SockAddrs.decode(s.addr, s.len.get(JAVA_INT, 0));
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

    // ---- sending -------------------------------------------------------------------------

    @Override
    public int send(byte[] data, int flags) throws SocketException {
        Objects.requireNonNull(data, "data");
        return send(data, null, 0, 0, data.length, flags, deadline());
    }

    @Override
    public int send(ByteBuffer data, int flags) throws SocketException {
        int n = data.isDirect()
                ? send(null, null, Scratch.get().address(data), data.position(), data.remaining(), flags, deadline())
                : send(null, MemorySegment.ofBuffer(data), 0, 0, data.remaining(), flags, deadline());
        data.position(data.position() + n);
        return n;
    }

    /**
     * The send core: {@code len} bytes from offset {@code off} of the buffer (array, heap
     * segment or native address, as for receiving); returns the count accepted by the kernel.
     */
    private int send(byte[] array, MemorySegment seg, long addr, long off, long len, int flags, long deadline)
            throws SocketException {
        int fd = handle.enter("send");
        try {
            // MSG_NOSIGNAL: a closed peer gives EPIPE, never a SIGPIPE to the process.
            int base = flags | SocketConstants.MSG_NOSIGNAL;
            boolean heap = array != null || seg != null;
            if (!heap && !noWait(flags, false) && mayBlockInKernel()) {
                return sendBlocking(fd, null, null, addr, off, len, base); // native memory: one call, no copy
            }
            for (;;) {
                long n = sendAttempt(fd, array, seg, addr, off, len, base | SocketConstants.MSG_DONTWAIT);
                if (n >= 0) {
                    return (int) n;
                }
                int errno = (int) -n;
                if (wouldBlock(errno) && !noWait(flags, false) && mayBlockInKernel()) {
                    return sendBlocking(fd, array, seg, addr, off, len, base);
                }
                retryOrThrow("send", errno, POLLOUT, deadline, noWait(flags, false));
            }
        } finally {
            handle.leave();
        }
    }

    /** One send attempt that cannot block: the count, or minus errno (see {@link #recvAttempt}). */
    private static long sendAttempt(int fd, byte[] array, MemorySegment seg, long addr, long off, long len,
            int flags) {
        Scratch s = Scratch.claim();
        try {
            long n = array == null && seg == null
                    ? Libc.sendNow(s.state, fd, addr + off, len, flags)
                    : Libc.send(s.state, fd, outgoing(s, array, seg, off, len), len, flags);
            return n >= 0 ? n : -s.errno();
        } finally {
            s.release();
        }
    }

    /**
     * The heap bytes an attempt sends, as one segment: copied into the CPU's lane buffer when
     * small and the scratch is a lane (hot memory, no segment to look up), else the heap
     * buffer itself, in place (a critical call).
     */
    private static MemorySegment outgoing(Scratch s, byte[] array, MemorySegment seg, long off, long len) {
        if (s.isLane() && len <= Scratch.LANE_IO_SIZE) {
            copyIn(array, seg, off, s.laneIo, len);
            return s.laneIo;
        }
        MemorySegment from = array != null ? s.own().segment(array) : seg;
        return off == 0 ? from : from.asSlice(off);
    }

    /** Copies {@code n} bytes to send from the heap buffer (array or segment), from {@code off}, into native memory. */
    private static void copyIn(byte[] array, MemorySegment seg, long off, MemorySegment to, long n) {
        if (array != null) {
            MemorySegment.copy(array, (int) off, to, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (int) n);
        } else {
            MemorySegment.copy(seg, off, to, 0, n);
        }
    }

    /** One blocking send: a heap buffer goes through the thread's native buffer. */
    private int sendBlocking(int fd, byte[] array, MemorySegment seg, long addr, long off, long len, int flags)
            throws SocketException {
        Scratch s = Scratch.get();
        for (;;) {
            long n;
            if (array == null && seg == null) {
                n = Libc.sendWait(s.state, fd, addr + off, len, flags);
            } else {
                MemorySegment io = s.io();
                long chunk = Math.min(len, io.byteSize());
                copyIn(array, seg, off, io, chunk);
                n = Libc.sendWait(s.state, fd, io.address(), chunk, flags);
            }
            if (n >= 0) {
                return (int) n;
            }
            afterBlockingFailure("send", s.errno());
        }
    }

    @Override
    public void sendall(byte[] data) throws SocketException {
        Objects.requireNonNull(data, "data");
        sendall(data, null, 0, data.length);
    }

    @Override
    public void sendall(ByteBuffer data) throws SocketException {
        long sent = 0;
        try {
            sent = data.isDirect()
                    ? sendall(null, null, Scratch.get().address(data) + data.position(), data.remaining())
                    : sendall(null, MemorySegment.ofBuffer(data), 0, data.remaining());
        } finally {
            data.position(data.position() + (int) sent);
        }
    }

    /** Sends a segment (heap or native) whole, for the streams of makefile. */
    long sendall(MemorySegment all) throws SocketException {
        return all.isNative() ? sendall(null, null, all.address(), all.byteSize())
                : sendall(null, all, 0, all.byteSize());
    }

    /** Sends every byte; the socket's timeout bounds the whole call, as in CPython. */
    private long sendall(byte[] array, MemorySegment seg, long addr, long size) throws SocketException {
        long deadline = deadline();
        long off = 0;
        while (off < size) {
            off += send(array, seg, addr, off, size - off, 0, deadline);
        }
        return off;
    }

    @Override
    public int sendto(byte[] data, int flags, SockAddr address) throws SocketException {
        Objects.requireNonNull(data, "data");
        // The address is encoded once, into the thread's own scratch: it stays the thread's
        // across a wait, where a CPU's lane would not.
        Scratch own = Scratch.get();
        int addrlen = SockAddrs.encode(family, address, own.addr);
        int fd = handle.enter("sendto");
        try {
            long deadline = deadline();
            int now = flags | SocketConstants.MSG_NOSIGNAL | SocketConstants.MSG_DONTWAIT;
            for (;;) {
                long n = sendtoAttempt(fd, data, now, own.addr, addrlen);
                if (n >= 0) {
                    return (int) n;
                }
                retryOrThrow("sendto", (int) -n, POLLOUT, deadline, noWait(flags, false));
            }
        } finally {
            handle.leave();
        }
    }

    /** One sendto attempt that cannot block: the count, or minus errno (see {@link #recvAttempt}). */
    private static long sendtoAttempt(int fd, byte[] data, int flags, MemorySegment addr, int addrlen) {
        Scratch s = Scratch.claim();
        try {
            long n = Libc.sendto(s.state, fd, outgoing(s, data, null, 0, data.length), data.length, flags, addr, addrlen);
            return n >= 0 ? n : -s.errno();
        } finally {
            s.release();
        }
    }

    // ---- files ---------------------------------------------------------------------------

    @Override
    public SocketFile makefile(String mode, int bufsize) throws SocketException {
        Objects.requireNonNull(mode, "mode");
        return new NativeSocketFile(dup("makefile"), mode, bufsize);
    }

    /** @return a new socket on a duplicate of this descriptor, with this socket's timeout */
    NativeSocket dup(String call) throws SocketException {
        int fd = handle.enter(call);
        try {
            Scratch s = Scratch.get();
            int copy = Libc.fcntl(s.state, fd, Libc.F_DUPFD_CLOEXEC, 0);
            if (copy < 0) {
                throw Errors.of(call, s.errno());
            }
            return new NativeSocket(registry, copy, family, type, proto, timeoutNanos, fdNonBlocking);
        } finally {
            handle.leave();
        }
    }

    /**
     * @param owner the registry's owner
     * @return what the administrative view shows of this socket, or null once it is closed
     */
    SocketInfo info(String owner) {
        if (handle == null) {
            return null; // still being constructed
        }
        int fd;
        try {
            fd = handle.enter("info");
        } catch (SocketException closed) {
            return null;
        }
        try {
            Scratch s = Scratch.get();
            SockAddr local = Libc.getsockname(s.state, fd, s.addr, s.addrLen()) == 0
                    ? SockAddrs.decode(s.addr, s.len.get(JAVA_INT, 0)) : null;
            SockAddr peer = Libc.getpeername(s.state, fd, s.addr, s.addrLen()) == 0
                    ? SockAddrs.decode(s.addr, s.len.get(JAVA_INT, 0)) : null;
            boolean listening = false;
            try {
                listening = intOption(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_ACCEPTCONN, "info") != 0;
            } catch (SocketException notApplicable) {
                // e.g. a descriptor adopted with fromfd that is not a socket
            }
            String state = listening ? "LISTEN" : peer != null ? "CONNECTED" : bound(local) ? "BOUND" : "UNBOUND";
            return new SocketInfo(fd, family, type, proto, local, peer, state, gettimeout(), owner);
        } catch (RuntimeException undecodable) {
            return new SocketInfo(fd, family, type, proto, null, null, "UNKNOWN", gettimeout(), owner);
        } finally {
            handle.leave();
        }
    }

    private static boolean bound(SockAddr local) {
        if (local instanceof org.bsdsock.socket.api.InetAddr in) {
            return in.port() != 0;
        }
        if (local instanceof org.bsdsock.socket.api.UnixAddr un) {
            return !un.isUnnamed();
        }
        return local != null;
    }

    @Override
    public String toString() {
        return "socket(fd=" + fileno() + ", family=" + family + ", type=" + type + ", proto=" + proto + ")";
    }

    // ---- CPython 3 superset (issue: superset): the loop Messages and SendFile run on ----

    /** One attempt of a system call on the descriptor: a count, or -1 with errno in {@code state}. */
    @FunctionalInterface
    interface Attempt {
        long run(int fd, MemorySegment state);
    }

    /**
     * Runs {@code attempt} inside the handle until it succeeds, as the data calls above do:
     * {@code EINTR} is retried, a would-block waits for {@code events} until {@code deadline}
     * (or raises in non-blocking mode, or at once when the flags ask not to wait), any other
     * errno raises.
     *
     * @return the attempt's non-negative result
     */
    long io(String call, short events, int flags, long deadline, Attempt attempt) throws SocketException {
        int fd = handle.enter(call);
        try {
            // sendfile(2) and read(2) have no MSG_DONTWAIT: their attempts need O_NONBLOCK
            nonBlockingFd(fd);
            Scratch s = Scratch.get();
            for (;;) {
                long n = attempt.run(fd, s.state);
                if (n >= 0) {
                    return n;
                }
                retryOrThrow(call, s.errno(), events, deadline, noWait(flags, events == POLLIN));
            }
        } finally {
            handle.leave();
        }
    }

    /**
     * Whether a receive must loop for {@code MSG_WAITALL}: the kernel honours it only on a
     * blocking descriptor, and ours never blocks, so on a stream the I/O core waits for the
     * rest itself. With {@code MSG_PEEK} there is nothing to wait for (readiness stays
     * reported while the peeked bytes are queued), so it returns what is queued.
     */
    boolean waitsForAll(int flags) {
        return (flags & SocketConstants.MSG_WAITALL) != 0 && (flags & SocketConstants.MSG_PEEK) == 0
                && type == SocketConstants.SOCK_STREAM;
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
                        address = SockAddrs.decode(s.addr, s.len.get(JAVA_INT, 0));
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

    // ---- CPython 3 superset: descriptors ----

    @Override
    public SocketType dup() throws SocketException {
        return dup("dup");
    }

    @Override
    public int detach() throws SocketException {
        return handle.detach("detach");
    }

    // ---- CPython 3 superset: messages (Messages) and sendfile (SendFile) ----

    @Override
    public int sendmsg(List<byte[]> buffers, List<ControlMessage> ancdata, int flags, SockAddr address)
            throws SocketException {
        return Messages.sendmsg(this, buffers, ancdata, flags, address);
    }

    @Override
    public ReceivedMessage recvmsg(int bufsize, int ancbufsize, int flags) throws SocketException {
        return Messages.recvmsg(this, bufsize, ancbufsize, flags);
    }

    @Override
    public ReceivedMessageInto recvmsg_into(List<ByteBuffer> buffers, int ancbufsize, int flags) throws SocketException {
        return Messages.recvmsg_into(this, buffers, ancbufsize, flags);
    }

    @Override
    public ReceivedFds recv_fds(int bufsize, int maxfds, int flags) throws SocketException {
        return Messages.recv_fds(this, bufsize, maxfds, flags);
    }

    @Override
    public long sendfile(Path file, long offset, long count) throws SocketException {
        return SendFile.sendfile(this, file, offset, count);
    }

    @Override
    public long sendfile(int in_fd, long offset, long count) throws SocketException {
        return SendFile.sendfile(this, in_fd, offset, count);
    }

    @Override
    public long sendfile(FileChannel file, long offset, long count) throws SocketException {
        return SendFile.sendfile(this, file, offset, count);
    }
}
