package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.ControlMessage;
import org.bsdsock.socket.api.Received;
import org.bsdsock.socket.api.ReceivedFds;
import org.bsdsock.socket.api.ReceivedInto;
import org.bsdsock.socket.api.ReceivedMessage;
import org.bsdsock.socket.api.ReceivedMessageInto;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketFile;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.spi.HandedOverException;
import org.bsdsock.socket.spi.HeldSocket;
import org.bsdsock.socket.spi.KeptSocket;
import org.bsdsock.socket.spi.ProviderSocket;

/**
 * The socket object: a socket on a kernel file descriptor, as {@link SocketType} describes it.
 * It checks arguments and shapes results; how a call waits and retries is its
 * {@link IoCore}'s business, how bytes move is {@link Transfers}', and the calls of CPython's
 * superset live in {@link Messages} and {@link SendFile}.
 *
 * <p>Its size is the API's: one short method for each call of {@link SocketType}, plus the
 * provider SPI's hand-over.
 */
final class NativeSocket implements ProviderSocket {
    private final int family;
    private final int type;
    private final int proto;
    private final SocketRegistry registry;
    private final IoCore core;
    // The object consumers hold, and a hand-over asked for before it was linked (an accept in
    // flight while the provider hands over); guarded by this.
    private KeptSocket kept;
    private long pendingHandOver = -1;

    /** Made only by {@link Sockets#wrap}, which normalises the type's flags and the mode. */
    NativeSocket(SocketRegistry registry, int fd, int family, int type, int proto, long timeoutNanos,
            boolean fdNonBlocking) throws SocketException {
        this.registry = registry;
        this.family = family;
        this.type = type;
        this.proto = proto;
        FdHandle handle = registry.adopt(fd, this);
        this.core = new IoCore(handle, type, registry.pollers(), registry.rings(), timeoutNanos, fdNonBlocking);
    }

    IoCore core() {
        return core;
    }

    /** Links the object consumers hold; a hand-over asked for meanwhile happens now. */
    void link(KeptSocket k) {
        long window;
        synchronized (this) {
            kept = k;
            window = pendingHandOver;
        }
        if (window >= 0) {
            k.handOver(this, window);
        }
    }

    /** @return the object consumers hold */
    synchronized KeptSocket kept() {
        return kept;
    }

    /** The descriptor is closed for good: the object consumers hold lets go of this socket. */
    void closedForGood(String why) {
        KeptSocket k = kept();
        if (k != null) {
            k.providerClosed(this, why);
        }
    }

    /** Hands this socket over to the keeper, for the next provider (see {@link SocketRegistry#handOver}). */
    void handOverToKeeper(long windowNanos) {
        KeptSocket k;
        synchronized (this) {
            k = kept;
            if (k == null) {
                pendingHandOver = windowNanos; // link() does it
                return;
            }
        }
        k.handOver(this, windowNanos);
    }

    @Override
    public HeldSocket handOver() {
        int fd = core.handle().handOver();
        return fd < 0 ? null : new HeldSocket(fd, family, type, proto, core.timeoutNanos());
    }

    @Override
    public int resumeConnect(SockAddr address, boolean raise) throws SocketException {
        Scratch s = Scratch.get();
        int len = SockAddrs.encode(family, address, s.addr, core.handle());
        int errno = core.connect(s.addr, len, raise, true);
        if (errno != 0 && raise) {
            throw Errors.of("connect", errno);
        }
        return errno;
    }

    @Override
    public void closeHeld(int fd) {
        Descriptors.closeQuietly(fd);
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
        FdHandle handle = core.handle();
        if (handle.isClosed()) {
            return -1;
        }
        core.syncFlag(); // the number is handed out: its open file shows the socket's mode
        return handle.fd();
    }

    @Override
    public void close() {
        core.handle().close();
    }

    // ---- timeouts -------------------------------------------------------------------------

    @Override
    public void setblocking(boolean flag) {
        core.mode(flag ? Timeouts.NONE : 0);
    }

    @Override
    public boolean getblocking() {
        return core.timeoutNanos() != 0;
    }

    @Override
    public void settimeout(Double seconds) {
        core.mode(Timeouts.toNanos(seconds));
    }

    @Override
    public Double gettimeout() {
        return Timeouts.toSeconds(core.timeoutNanos());
    }

    // ---- connections ---------------------------------------------------------------------

    @Override
    public Accepted accept() throws SocketException {
        long timeout = registry.defaultTimeoutNanos();
        // Stays inside the listener's handle until the new descriptor is registered: a
        // hand-over (or close) that lands after accept4(2) returned waits for this caller
        // (SocketRegistry#awaitEmpty) until the new socket is in the registry, so the registry
        // hands it over too; the provider's deactivation cannot return while this thread still
        // runs its code with a descriptor nobody else knows of.
        FdHandle listener = core.handle();
        listener.enter("accept");
        try {
            IoCore.AcceptedFd conn = core.accept(timeout);
            return new Accepted(Sockets.open(registry, conn.fd(), family, type, proto, timeout, timeout >= 0),
                    conn.peer());
        } finally {
            listener.leave();
        }
    }

    @Override
    public void bind(SockAddr address) throws SocketException {
        Scratch s = Scratch.get();
        int len = SockAddrs.encode(family, address, s.addr, core.handle());
        core.bind(s.addr, len);
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

    private int connect0(SockAddr address, boolean raise) throws SocketException {
        Scratch s = Scratch.get();
        int len = SockAddrs.encode(family, address, s.addr, core.handle());
        return core.connect(s.addr, len, raise);
    }

    @Override
    public void listen(int backlog) throws SocketException {
        core.listen(Math.max(0, backlog));
    }

    @Override
    public void shutdown(int how) throws SocketException {
        core.shutdown(how);
    }

    // ---- names ---------------------------------------------------------------------------

    @Override
    public SockAddr getpeername() throws SocketException {
        FdHandle handle = core.handle();
        int fd = handle.enter("getpeername");
        try {
            Scratch s = Scratch.get();
            if (Libc.getpeername(s.state, fd, s.addr, s.addrLen()) < 0) {
                throw Errors.of("getpeername", s.errno());
            }
            return SockAddrs.decode(s.addr, s.len.get(JAVA_INT, 0), handle);
        } finally {
            handle.leave();
        }
    }

    @Override
    public SockAddr getsockname() throws SocketException {
        FdHandle handle = core.handle();
        int fd = handle.enter("getsockname");
        try {
            Scratch s = Scratch.get();
            if (Libc.getsockname(s.state, fd, s.addr, s.addrLen()) < 0) {
                throw Errors.of("getsockname", s.errno());
            }
            return SockAddrs.decode(s.addr, s.len.get(JAVA_INT, 0), handle);
        } finally {
            handle.leave();
        }
    }

    // ---- options -------------------------------------------------------------------------

    @Override
    public int getsockopt(int level, int optname) throws SocketException {
        FdHandle handle = core.handle();
        int fd = handle.enter("getsockopt");
        try {
            return Descriptors.intOption(fd, level, optname, "getsockopt");
        } finally {
            handle.leave();
        }
    }

    @Override
    public byte[] getsockopt(int level, int optname, int buflen) throws SocketException {
        if (buflen <= 0 || buflen > 1024) {
            throw new IllegalArgumentException("getsockopt buflen out of range: " + buflen);
        }
        FdHandle handle = core.handle();
        int fd = handle.enter("getsockopt");
        try (Arena arena = Arena.ofConfined()) {
            Scratch s = Scratch.get();
            MemorySegment buf = arena.allocate(buflen);
            s.len.set(JAVA_INT, 0, buflen);
            if (Libc.getsockopt(s.state, fd, level, optname, buf, s.len) < 0) {
                throw Errors.of("getsockopt", s.errno());
            }
            // Some options report the length they would need, past buflen (netlink's
            // NETLINK_LIST_MEMBERSHIPS); only buflen bytes were written. (CPython resizes its
            // bytes to the reported length, showing bytes the kernel never wrote.)
            int len = Math.clamp(s.len.get(JAVA_INT, 0), 0, buflen);
            return buf.asSlice(0, len).toArray(JAVA_BYTE);
        } finally {
            handle.leave();
        }
    }

    @Override
    public void setsockopt(int level, int optname, int value) throws SocketException {
        FdHandle handle = core.handle();
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
        FdHandle handle = core.handle();
        int fd = handle.enter("setsockopt");
        try (Arena arena = Arena.ofConfined()) {
            Scratch s = Scratch.get();
            MemorySegment buf = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, buf, JAVA_BYTE, 0, value.length);
            if (Libc.setsockopt(s.state, fd, level, optname, buf, value.length) < 0) {
                throw Errors.of("setsockopt", s.errno());
            }
        } finally {
            handle.leave();
        }
    }

    @Override
    public void setsockopt(int level, int optname, Void value, int optlen) throws SocketException {
        if (optlen < 0) {
            throw new IllegalArgumentException("setsockopt optlen must be 0 or more, not " + optlen);
        }
        FdHandle handle = core.handle();
        int fd = handle.enter("setsockopt");
        try {
            Scratch s = Scratch.get();
            if (Libc.setsockopt(s.state, fd, level, optname, MemorySegment.NULL, optlen) < 0) {
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
        int size = core.allocation("recv", bufsize, flags);
        byte[] buf = new byte[size];
        int n = core.recv(buf, null, 0, 0, size, flags);
        return n == size ? buf : Arrays.copyOf(buf, n);
    }

    @Override
    public int recv_into(byte[] buffer, int nbytes, int flags) throws SocketException {
        int len = intoLength(buffer, nbytes, "recv_into");
        return core.recv(buffer, null, 0, 0, len, flags);
    }

    @Override
    public int recv_into(ByteBuffer buffer, int flags) throws SocketException {
        if (buffer.isReadOnly()) {
            throw new IllegalArgumentException("recv_into needs a writable buffer");
        }
        // A writable heap buffer has an array: received into in place, as a byte[] is (no segment to make).
        int n = buffer.isDirect()
                ? core.recv(null, null, Scratch.get().address(buffer), buffer.position(), buffer.remaining(), flags)
                : core.recv(buffer.array(), null, 0, buffer.arrayOffset() + buffer.position(), buffer.remaining(), flags);
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

    @Override
    public Received recvfrom(int bufsize, int flags) throws SocketException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffersize in recvfrom: " + bufsize);
        }
        int size = core.allocation("recvfrom", bufsize, flags);
        byte[] buf = new byte[size];
        ReceivedInto r = core.recvfrom(MemorySegment.ofArray(buf), flags);
        return new Received(r.nbytes() == size ? buf : Arrays.copyOf(buf, r.nbytes()), r.address());
    }

    @Override
    public ReceivedInto recvfrom_into(byte[] buffer, int nbytes, int flags) throws SocketException {
        return core.recvfrom(MemorySegment.ofArray(buffer).asSlice(0, intoLength(buffer, nbytes, "recvfrom_into")),
                flags);
    }

    // ---- sending -------------------------------------------------------------------------

    @Override
    public int send(byte[] data, int flags) throws SocketException {
        Objects.requireNonNull(data, "data");
        return core.send(data, null, 0, 0, data.length, flags, core.deadline());
    }

    @Override
    public int send(ByteBuffer data, int flags) throws SocketException {
        int n = data.isDirect()
                ? core.send(null, null, Scratch.get().address(data), data.position(), data.remaining(), flags,
                        core.deadline())
                : data.hasArray() // sent from in place, as a byte[] is (no segment to make)
                        ? core.send(data.array(), null, 0, data.arrayOffset() + data.position(), data.remaining(), flags,
                                core.deadline())
                        : core.send(null, MemorySegment.ofBuffer(data), 0, 0, data.remaining(), flags, core.deadline());
        data.position(data.position() + n);
        return n;
    }

    @Override
    public void sendall(byte[] data) throws SocketException {
        Objects.requireNonNull(data, "data");
        core.sendall(data, null, 0, 0, data.length);
    }

    @Override
    public void sendall(ByteBuffer data) throws SocketException {
        long sent = 0;
        try {
            sent = data.isDirect()
                    ? core.sendall(null, null, Scratch.get().address(data), data.position(), data.remaining())
                    : data.hasArray()
                            ? core.sendall(data.array(), null, 0, data.arrayOffset() + data.position(), data.remaining())
                            : core.sendall(null, MemorySegment.ofBuffer(data), 0, 0, data.remaining());
        } catch (HandedOverException e) {
            sent = e.progress(); // the position says how far it got: the next provider goes on from there
            throw e;
        } finally {
            data.position(data.position() + (int) sent);
        }
    }

    @Override
    public int sendto(byte[] data, int flags, SockAddr address) throws SocketException {
        Objects.requireNonNull(data, "data");
        // The address is encoded once, into the thread's own scratch: it stays the thread's
        // across a wait, where a CPU's lane would not.
        Scratch own = Scratch.get();
        int addrlen = SockAddrs.encode(family, address, own.addr, core.handle());
        return core.sendto(data, flags, own.addr, addrlen);
    }

    // ---- files and descriptors -------------------------------------------------------------

    @Override
    public SocketFile makefile(String mode, int bufsize) throws SocketException {
        Objects.requireNonNull(mode, "mode");
        return new NativeSocketFile(dup("makefile"), mode, bufsize);
    }

    @Override
    public SocketType dup() throws SocketException {
        return dup("dup");
    }

    /** @return a new socket on a duplicate of this descriptor, with this socket's timeout */
    private KeptSocket dup(String call) throws SocketException {
        core.syncFlag(); // the duplicate shares the open file, and its O_NONBLOCK
        FdHandle handle = core.handle();
        int fd = handle.enter(call);
        try {
            int copy = Descriptors.dupCloexec(fd, call);
            return Sockets.open(registry, copy, family, type, proto, core.timeoutNanos(), core.fdNonBlocking());
        } finally {
            handle.leave();
        }
    }

    @Override
    public int detach() throws SocketException {
        core.syncFlag(); // the caller owns the descriptor from now on: it shows the socket's mode
        return core.handle().detach("detach");
    }

    @Override
    public String toString() {
        return "socket(fd=" + fileno() + ", family=" + family + ", type=" + type + ", proto=" + proto + ")";
    }

    // ---- messages (Messages) and sendfile (SendFile) ----------------------------------------

    @Override
    public int sendmsg(List<byte[]> buffers, List<ControlMessage> ancdata, int flags, SockAddr address)
            throws SocketException {
        return Messages.sendmsg(core, family, buffers, ancdata, flags, address);
    }

    @Override
    public ReceivedMessage recvmsg(int bufsize, int ancbufsize, int flags) throws SocketException {
        return Messages.recvmsg(core, bufsize, ancbufsize, flags);
    }

    @Override
    public ReceivedMessageInto recvmsg_into(List<ByteBuffer> buffers, int ancbufsize, int flags) throws SocketException {
        return Messages.recvmsg_into(core, buffers, ancbufsize, flags);
    }

    @Override
    public ReceivedFds recv_fds(int bufsize, int maxfds, int flags) throws SocketException {
        return Messages.recv_fds(core, bufsize, maxfds, flags);
    }

    @Override
    public long sendfile(Path file, long offset, long count) throws SocketException {
        return SendFile.sendfile(core, type, file, offset, count);
    }

    @Override
    public long sendfile(int in_fd, long offset, long count) throws SocketException {
        return SendFile.sendfile(core, type, in_fd, offset, count);
    }

    @Override
    public long sendfile(FileChannel file, long offset, long count) throws SocketException {
        return SendFile.sendfile(core, type, file, offset, count);
    }
}
