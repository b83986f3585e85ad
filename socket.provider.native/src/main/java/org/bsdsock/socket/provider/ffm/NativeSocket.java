package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.bsdsock.socket.provider.ffm.Libc.POLLIN;
import static org.bsdsock.socket.provider.ffm.Libc.POLLOUT;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketTimeoutException;
import org.bsdsock.socket.api.SocketType;

/**
 * A socket on a kernel file descriptor.
 *
 * <p>The I/O core: the descriptor is always in non-blocking mode ({@code O_NONBLOCK}), so
 * every system call returns at once and the data calls can be critical downcalls that read
 * and write a caller's {@code byte[]} in place. A call that would block ({@code EAGAIN})
 * waits for readiness with {@link #await} and tries again; {@code EINTR} is retried (PEP
 * 475). Blocking, timeouts and non-blocking mode are all decided in {@link #await}, from the
 * socket's timeout, the way CPython does it.
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
        this.timeoutNanos = timeoutNanos;
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

    // ---- the I/O core ----------------------------------------------------------------

    /** @return the deadline (System.nanoTime) of a call starting now, or 0 for none */
    private long deadline() {
        long t = timeoutNanos;
        return t > 0 ? System.nanoTime() + t : 0;
    }

    /**
     * Handles a failed attempt: returns if the call should be tried again (after
     * {@code EINTR}, or after waiting for readiness on {@code EAGAIN}); throws otherwise.
     */
    private void retryOrThrow(String call, int errno, int fd, short events, long deadline)
            throws SocketException {
        if (errno == Errno.EINTR) {
            return;
        }
        if (errno != Errno.EAGAIN && errno != Errno.EWOULDBLOCK) {
            throw Errors.of(call, errno);
        }
        await(call, fd, events, deadline);
    }

    /**
     * Waits until the descriptor is ready for {@code events}, the deadline passes, or the
     * socket is closed. In non-blocking mode it does not wait: it raises {@code EAGAIN}.
     */
    private void await(String call, int fd, short events, long deadline) throws SocketException {
        if (timeoutNanos == 0) {
            throw Errors.of(call, Errno.EAGAIN);
        }
        Scratch scratch = Scratch.get();
        for (;;) {
            if (handle.isClosed()) {
                throw Errors.closed(call);
            }
            int millis = -1;
            if (deadline != 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException(call, Errno.ETIMEDOUT, "timed out");
                }
                millis = (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
            }
            int n = Libc.poll(scratch.state, scratch.pollfd(fd, events), 1, millis);
            if (n > 0) {
                if (handle.isClosed()) {
                    throw Errors.closed(call);
                }
                return;
            }
            if (n < 0 && scratch.errno() != Errno.EINTR) {
                throw Errors.of("poll", scratch.errno());
            }
        }
    }

    // ---- socket calls -----------------------------------------------------------------

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
                retryOrThrow("accept", s.errno(), fd, POLLIN, deadline);
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
        int errno = connect0(address);
        if (errno != 0) {
            throw Errors.of("connect", errno);
        }
    }

    @Override
    public int connect_ex(SockAddr address) throws SocketException {
        return connect0(address);
    }

    /** Connects; returns 0 or the errno of the connect itself. Other failures raise. */
    private int connect0(SockAddr address) throws SocketException {
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
            await("connect", fd, POLLOUT, deadline());
            return intOption(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_ERROR, "connect");
        } finally {
            handle.leave();
        }
    }

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
        s.len.set(JAVA_INT, 0, 4);
        if (Libc.getsockopt(s.state, fd, level, optname, s.intval, s.len) < 0) {
            throw Errors.of(call, s.errno());
        }
        return s.intval.get(JAVA_INT, 0);
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
    public byte[] recv(int bufsize, int flags) throws SocketException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recv: " + bufsize);
        }
        byte[] buf = new byte[bufsize];
        int n = recvInto(MemorySegment.ofArray(buf), flags);
        return n == bufsize ? buf : Arrays.copyOf(buf, n);
    }

    /** Receives into a segment (heap or native) and returns the count; 0 at end of stream. */
    int recvInto(MemorySegment buf, int flags) throws SocketException {
        int fd = handle.enter("recv");
        try {
            Scratch s = Scratch.get();
            long deadline = deadline();
            for (;;) {
                long n = Libc.recv(s.state, fd, buf, buf.byteSize(), flags);
                if (n >= 0) {
                    return (int) n;
                }
                retryOrThrow("recv", s.errno(), fd, POLLIN, deadline);
            }
        } finally {
            handle.leave();
        }
    }

    @Override
    public int send(byte[] data, int flags) throws SocketException {
        Objects.requireNonNull(data, "data");
        return sendFrom(MemorySegment.ofArray(data), flags);
    }

    /** Sends from a segment (heap or native); returns the count accepted by the kernel. */
    int sendFrom(MemorySegment buf, int flags) throws SocketException {
        int fd = handle.enter("send");
        try {
            Scratch s = Scratch.get();
            long deadline = deadline();
            for (;;) {
                // MSG_NOSIGNAL: a closed peer gives EPIPE, never a SIGPIPE to the process.
                long n = Libc.send(s.state, fd, buf, buf.byteSize(), flags | SocketConstants.MSG_NOSIGNAL);
                if (n >= 0) {
                    return (int) n;
                }
                retryOrThrow("send", s.errno(), fd, POLLOUT, deadline);
            }
        } finally {
            handle.leave();
        }
    }

    @Override
    public void sendall(byte[] data) throws SocketException {
        MemorySegment all = MemorySegment.ofArray(Objects.requireNonNull(data, "data"));
        long off = 0;
        while (off < all.byteSize()) {
            off += sendFrom(all.asSlice(off), 0);
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

    // ---- scaffolding: replaced by the real calls in the next commits ----
    @Override public int send(java.nio.ByteBuffer data, int flags) { throw new UnsupportedOperationException(); }
    @Override public void sendall(java.nio.ByteBuffer data) { throw new UnsupportedOperationException(); }
    @Override public int sendto(byte[] data, int flags, SockAddr address) { throw new UnsupportedOperationException(); }
    @Override public org.bsdsock.socket.api.Received recvfrom(int bufsize, int flags) { throw new UnsupportedOperationException(); }
    @Override public int recv_into(byte[] buffer, int nbytes, int flags) { throw new UnsupportedOperationException(); }
    @Override public int recv_into(java.nio.ByteBuffer buffer, int flags) { throw new UnsupportedOperationException(); }
    @Override public org.bsdsock.socket.api.ReceivedInto recvfrom_into(byte[] buffer, int nbytes, int flags) { throw new UnsupportedOperationException(); }
    @Override public org.bsdsock.socket.api.SocketFile makefile(String mode, int bufsize) { throw new UnsupportedOperationException(); }
    @Override public void setblocking(boolean flag) { throw new UnsupportedOperationException(); }
    @Override public boolean getblocking() { throw new UnsupportedOperationException(); }
    @Override public void settimeout(Double seconds) { throw new UnsupportedOperationException(); }
    @Override public Double gettimeout() { throw new UnsupportedOperationException(); }
    @Override public byte[] getsockopt(int level, int optname, int buflen) { throw new UnsupportedOperationException(); }
    @Override public void setsockopt(int level, int optname, byte[] value) { throw new UnsupportedOperationException(); }

    @Override
    public String toString() {
        return "socket(fd=" + fileno() + ", family=" + family + ", type=" + type + ", proto=" + proto + ")";
    }
}
