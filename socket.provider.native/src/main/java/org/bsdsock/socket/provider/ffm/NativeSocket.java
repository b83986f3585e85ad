package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.bsdsock.socket.provider.ffm.Libc.POLLIN;
import static org.bsdsock.socket.provider.ffm.Libc.POLLOUT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.Received;
import org.bsdsock.socket.api.ReceivedInto;
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
 * <p>The I/O core: the descriptor is always in non-blocking mode ({@code O_NONBLOCK}), so
 * every system call returns at once and the data calls can be critical downcalls that read
 * and write a caller's {@code byte[]} in place. A call that would block ({@code EAGAIN})
 * waits for readiness in {@link #await} and tries again; {@code EINTR} is retried (PEP 475).
 * Blocking, timeouts and non-blocking mode are all decided in {@link #await}, from the
 * socket's timeout, as CPython does: a platform thread waits in {@code poll(2)} in the
 * kernel; a virtual thread parks and the {@link Poller} unparks it, so it holds no carrier.
 */
final class NativeSocket implements SocketType {
    /** Socket type flags that are requested at creation but never reported in {@link #type()}. */
    static final int TYPE_FLAGS = SocketConstants.SOCK_NONBLOCK | SocketConstants.SOCK_CLOEXEC;

    private final FdHandle handle;
    private final int family;
    private final int type;
    private final int proto;
    private final SocketRegistry registry;
    /** Nanoseconds; -1 means None (block forever), 0 non-blocking mode. */
    private volatile long timeoutNanos;

    NativeSocket(SocketRegistry registry, int fd, int family, int type, int proto, long timeoutNanos)
            throws SocketException {
        this.registry = registry;
        this.family = family;
        this.type = type & ~TYPE_FLAGS;
        this.proto = proto;
        this.timeoutNanos = (type & SocketConstants.SOCK_NONBLOCK) != 0 ? 0 : timeoutNanos;
        this.handle = registry.adopt(fd, this);
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
    private long deadline() {
        long t = timeoutNanos;
        if (t <= 0) {
            return 0;
        }
        long d = System.nanoTime() + t;
        return d == 0 ? 1 : d;
    }

    /**
     * Handles a failed attempt: returns if the call should be tried again (after
     * {@code EINTR}, or after waiting for readiness on {@code EAGAIN}); throws otherwise.
     */
    private void retryOrThrow(String call, int errno, short events, long deadline) throws SocketException {
        if (errno == Errno.EINTR) {
            return;
        }
        if (errno != Errno.EAGAIN && errno != Errno.EWOULDBLOCK) {
            throw Errors.of(call, errno);
        }
        await(call, events, deadline);
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

    /** A virtual thread parks; the poller (or close()) unparks it. */
    private void park(String call, boolean read, long deadline) throws SocketException {
        Poller poller;
        try {
            poller = registry.poller(read);
        } catch (SocketException e) {
            if (registry.isClosed()) { // the provider stopped: its closeAll() closes this socket too
                throw Errors.closed(call, SocketRegistry.STOPPED);
            }
            throw e;
        }
        handle.await(read);
        try {
            if (handle.isClosed()) { // checked after enqueueing: close() cannot be missed
                return;
            }
            poller.arm(handle);
            if (deadline == 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, remaining(call, deadline));
            }
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
            long deadline = deadline();
            for (;;) {
                int conn = Libc.accept4(s.state, fd, s.addr, s.addrLen(), TYPE_FLAGS);
                if (conn >= 0) {
                    SockAddr peer = SockAddrs.decode(s.addr, s.len.get(JAVA_INT, 0));
                    NativeSocket sock = new NativeSocket(registry, conn, family, type, proto,
                            registry.defaultTimeoutNanos());
                    return new Accepted(sock, peer);
                }
                retryOrThrow("accept", s.errno(), POLLIN, deadline);
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
            if (Libc.connect(s.state, fd, s.addr, len) == 0) {
                return 0;
            }
            int errno = s.errno();
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

    @Override
    public byte[] recv(int bufsize, int flags) throws SocketException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recv: " + bufsize);
        }
        byte[] buf = new byte[bufsize];
        int n = recv(MemorySegment.ofArray(buf), flags);
        return n == bufsize ? buf : Arrays.copyOf(buf, n);
    }

    @Override
    public int recv_into(byte[] buffer, int nbytes, int flags) throws SocketException {
        return recv(MemorySegment.ofArray(buffer).asSlice(0, intoLength(buffer, nbytes, "recv_into")), flags);
    }

    @Override
    public int recv_into(ByteBuffer buffer, int flags) throws SocketException {
        if (buffer.isReadOnly()) {
            throw new IllegalArgumentException("recv_into needs a writable buffer");
        }
        int n = recv(MemorySegment.ofBuffer(buffer), flags);
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

    /** Receives into a segment (heap or native) and returns the count; 0 at end of stream. */
    int recv(MemorySegment buf, int flags) throws SocketException {
        int fd = handle.enter("recv");
        try {
            Scratch s = Scratch.get();
            long deadline = deadline();
            for (;;) {
                long n = Libc.recv(s.state, fd, buf, buf.byteSize(), flags);
                if (n >= 0) {
                    return (int) n;
                }
                retryOrThrow("recv", s.errno(), POLLIN, deadline);
            }
        } finally {
            handle.leave();
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
        int fd = handle.enter("recvfrom");
        try {
            Scratch s = Scratch.get();
            long deadline = deadline();
            for (;;) {
                long n = Libc.recvfrom(s.state, fd, buf, buf.byteSize(), flags, s.addr, s.addrLen());
                if (n >= 0) {
                    // MSG_TRUNC may report the datagram's full length; never claim more than fits
                    int got = (int) Math.min(n, buf.byteSize());
                    return new ReceivedInto(got, SockAddrs.decode(s.addr, s.len.get(JAVA_INT, 0)));
                }
                retryOrThrow("recvfrom", s.errno(), POLLIN, deadline);
            }
        } finally {
            handle.leave();
        }
    }

    // ---- sending -------------------------------------------------------------------------

    @Override
    public int send(byte[] data, int flags) throws SocketException {
        Objects.requireNonNull(data, "data");
        return send(MemorySegment.ofArray(data), flags, deadline());
    }

    @Override
    public int send(ByteBuffer data, int flags) throws SocketException {
        int n = send(MemorySegment.ofBuffer(data), flags, deadline());
        data.position(data.position() + n);
        return n;
    }

    /** Sends from a segment (heap or native); returns the count accepted by the kernel. */
    private int send(MemorySegment buf, int flags, long deadline) throws SocketException {
        int fd = handle.enter("send");
        try {
            Scratch s = Scratch.get();
            for (;;) {
                // MSG_NOSIGNAL: a closed peer gives EPIPE, never a SIGPIPE to the process.
                long n = Libc.send(s.state, fd, buf, buf.byteSize(), flags | SocketConstants.MSG_NOSIGNAL);
                if (n >= 0) {
                    return (int) n;
                }
                retryOrThrow("send", s.errno(), POLLOUT, deadline);
            }
        } finally {
            handle.leave();
        }
    }

    @Override
    public void sendall(byte[] data) throws SocketException {
        sendall(MemorySegment.ofArray(Objects.requireNonNull(data, "data")));
    }

    @Override
    public void sendall(ByteBuffer data) throws SocketException {
        MemorySegment all = MemorySegment.ofBuffer(data);
        long sent = 0;
        try {
            sent = sendall(all);
        } finally {
            data.position(data.position() + (int) Math.min(sent, all.byteSize()));
        }
    }

    /** Sends every byte; the socket's timeout bounds the whole call, as in CPython. */
    long sendall(MemorySegment all) throws SocketException {
        long deadline = deadline();
        long off = 0;
        long size = all.byteSize();
        while (off < size) {
            off += send(all.asSlice(off), 0, deadline);
        }
        return off;
    }

    @Override
    public int sendto(byte[] data, int flags, SockAddr address) throws SocketException {
        Objects.requireNonNull(data, "data");
        Scratch s = Scratch.get();
        int len = SockAddrs.encode(family, address, s.addr);
        MemorySegment buf = MemorySegment.ofArray(data);
        int fd = handle.enter("sendto");
        try {
            long deadline = deadline();
            for (;;) {
                long n = Libc.sendto(s.state, fd, buf, buf.byteSize(), flags | SocketConstants.MSG_NOSIGNAL, s.addr, len);
                if (n >= 0) {
                    return (int) n;
                }
                retryOrThrow("sendto", s.errno(), POLLOUT, deadline);
            }
        } finally {
            handle.leave();
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
            return new NativeSocket(registry, copy, family, type, proto, timeoutNanos);
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
}
