package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.bsdsock.socket.provider.ffm.Layouts.CMSGHDR;
import static org.bsdsock.socket.provider.ffm.MsgStructs.CMSG_ALIGN;
import static org.bsdsock.socket.provider.ffm.MsgStructs.CMSG_DATA;
import static org.bsdsock.socket.provider.ffm.MsgStructs.CMSG_LEN;
import static org.bsdsock.socket.provider.ffm.Layouts.CMSG_LEN_FIELD;
import static org.bsdsock.socket.provider.ffm.Layouts.CMSG_LEVEL;
import static org.bsdsock.socket.provider.ffm.MsgStructs.CMSG_SPACE;
import static org.bsdsock.socket.provider.ffm.Layouts.CMSG_TYPE;
import static org.bsdsock.socket.provider.ffm.Layouts.IOVEC;
import static org.bsdsock.socket.provider.ffm.Layouts.IOV_BASE;
import static org.bsdsock.socket.provider.ffm.Layouts.IOV_LEN;
import static org.bsdsock.socket.provider.ffm.Layouts.MSGHDR;
import static org.bsdsock.socket.provider.ffm.Layouts.MSG_CONTROL;
import static org.bsdsock.socket.provider.ffm.Layouts.MSG_CONTROLLEN;
import static org.bsdsock.socket.provider.ffm.Layouts.MSG_FLAGS;
import static org.bsdsock.socket.provider.ffm.Layouts.MSG_IOV;
import static org.bsdsock.socket.provider.ffm.Layouts.MSG_IOVLEN;
import static org.bsdsock.socket.provider.ffm.Layouts.MSG_NAME;
import static org.bsdsock.socket.provider.ffm.Layouts.MSG_NAMELEN;
import static org.bsdsock.socket.provider.ffm.MsgStructs.SOCKLEN_T_LIMIT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bsdsock.socket.api.ControlMessage;
import org.bsdsock.socket.api.ReceivedFds;
import org.bsdsock.socket.api.ReceivedMessage;
import org.bsdsock.socket.api.ReceivedMessageInto;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;

/**
 * {@code sendmsg}/{@code recvmsg}/{@code recvmsg_into} with ancillary data, and CPython's
 * {@code recv_fds} on top.
 *
 * <p>Memory: an {@code iovec} and a control buffer hold addresses inside native memory, which a
 * Java array never has (a critical downcall may pass a heap segment as an argument, but its
 * address cannot be stored in a structure). So each call allocates one confined arena for the
 * {@code msghdr}, the {@code iovec}s, the data, the control buffer and the address, and copies:
 * the caller's arrays in before {@code sendmsg}, the bytes received out after
 * {@code recvmsg} (into an array of exactly their length, so a receive copies once, where
 * {@code recv} trims with a second copy). The arena is freed when the call returns.
 *
 * <p>Descriptors: {@code recvmsg} always passes {@code MSG_CMSG_CLOEXEC}, so received
 * descriptors are close-on-exec from the moment they exist. Once the kernel has installed
 * them they belong to the caller; if anything fails between the system call and the return,
 * they are closed here, so none leaks.
 */
final class Messages {
    private Messages() {
    }

    private static final long INT_SIZE = JAVA_INT.byteSize();

    /** The most control data one message carries that any ancillary buffer needs room for. */
    private static final int MAX_CONTROL = 64 << 10;

    /** Linux's SCM_MAX_FD: the most descriptors one message passes. */
    private static final int SCM_MAX_FD = 253;

    static int sendmsg(IoCore sock, int family, List<byte[]> buffers, List<ControlMessage> ancdata, int flags,
            SockAddr address) throws SocketException {
        Objects.requireNonNull(buffers, "buffers");
        Objects.requireNonNull(ancdata, "ancdata");
        long total = 0;
        for (byte[] b : buffers) {
            total += Objects.requireNonNull(b, "buffers element").length;
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sendmsg: message too long: " + total + " bytes");
        }
        long controlSize = 0;
        for (ControlMessage c : ancdata) {
            controlSize += CMSG_SPACE(Objects.requireNonNull(c, "ancdata element").length());
        }
        if (controlSize > SOCKLEN_T_LIMIT) {
            throw new IllegalArgumentException("sendmsg: ancillary data items too large: " + controlSize + " bytes");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment msg = arena.allocate(MSGHDR);
            if (address != null) {
                MemorySegment name = arena.allocate(Scratch.SOCKADDR_STORAGE_SIZE, 8);
                msg.set(ADDRESS, MSG_NAME, name);
                msg.set(JAVA_INT, MSG_NAMELEN, SockAddrs.encode(family, address, name, sock.handle()));
            }
            if (!buffers.isEmpty()) {
                MemorySegment iov = arena.allocate(IOVEC, buffers.size());
                MemorySegment data = arena.allocate(Math.max(1, total));
                long off = 0;
                for (int i = 0; i < buffers.size(); i++) {
                    byte[] b = buffers.get(i);
                    MemorySegment.copy(b, 0, data, JAVA_BYTE, off, b.length);
                    long at = i * IOVEC.byteSize();
                    iov.set(ADDRESS, at + IOV_BASE, data.asSlice(off, b.length));
                    iov.set(JAVA_LONG, at + IOV_LEN, b.length);
                    off += b.length;
                }
                msg.set(ADDRESS, MSG_IOV, iov);
                msg.set(JAVA_LONG, MSG_IOVLEN, buffers.size());
            }
            if (controlSize > 0) {
                MemorySegment control = arena.allocate(controlSize, CMSGHDR.byteAlignment()); // zeroed: padding stays 0
                long off = 0;
                for (ControlMessage c : ancdata) {
                    control.set(JAVA_LONG, off + CMSG_LEN_FIELD, CMSG_LEN(c.length()));
                    control.set(JAVA_INT, off + CMSG_LEVEL, c.cmsg_level());
                    control.set(JAVA_INT, off + CMSG_TYPE, c.cmsg_type());
                    byte[] d = c.cmsg_data();
                    MemorySegment.copy(d, 0, control, JAVA_BYTE, off + CMSG_DATA(), d.length);
                    off += CMSG_SPACE(d.length);
                }
                msg.set(ADDRESS, MSG_CONTROL, control);
                msg.set(JAVA_LONG, MSG_CONTROLLEN, controlSize);
            }
            // MSG_NOSIGNAL: a closed peer gives EPIPE, never a SIGPIPE to the process.
            int sysFlags = flags | SocketConstants.MSG_NOSIGNAL;
            return (int) sock.message("sendmsg", false, msg, flags, sysFlags, sock.deadline(),
                    (fd, st) -> Libc.sendmsg(st, fd, msg, sysFlags | SocketConstants.MSG_DONTWAIT));
        }
    }

    static ReceivedMessage recvmsg(IoCore sock, int bufsize, int ancbufsize, int flags) throws SocketException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffer size in recvmsg: " + bufsize);
        }
        if (ancbufsize < 0) {
            throw new IllegalArgumentException("negative ancillary buffer size in recvmsg: " + ancbufsize);
        }
        return receive(sock, bufsize, ancbufsize, flags,
                (data, anc, msgFlags, address) -> new ReceivedMessage(data.toArray(JAVA_BYTE), anc, msgFlags, address));
    }

    /**
     * {@code recvmsg_into}: one {@code recvmsg} into the arena, as above, then the bytes are
     * scattered over the caller's buffers in order (one copy, as {@code recvmsg} copies into
     * its array; direct buffers are not read into in place, so that {@code MSG_WAITALL}'s loop
     * and truncation work the same for every kind of buffer).
     */
    static ReceivedMessageInto recvmsg_into(IoCore sock, List<ByteBuffer> buffers, int ancbufsize, int flags)
            throws SocketException {
        Objects.requireNonNull(buffers, "buffers");
        if (ancbufsize < 0) {
            throw new IllegalArgumentException("negative ancillary buffer size in recvmsg_into: " + ancbufsize);
        }
        long total = 0;
        for (ByteBuffer b : buffers) {
            Objects.requireNonNull(b, "buffer");
            if (b.isReadOnly()) {
                throw new IllegalArgumentException("recvmsg_into needs writable buffers");
            }
            total += b.remaining();
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("recvmsg_into buffers too large: " + total + " bytes");
        }
        return receive(sock, (int) total, ancbufsize, flags, (data, anc, msgFlags, address) -> {
            long off = 0;
            for (ByteBuffer b : buffers) {
                long n = Math.min(b.remaining(), data.byteSize() - off);
                if (n > 0) {
                    MemorySegment.copy(data, off, MemorySegment.ofBuffer(b), 0, n);
                    b.position(b.position() + (int) n);
                    off += n;
                }
            }
            return new ReceivedMessageInto((int) data.byteSize(), anc, msgFlags, address);
        });
    }

    /** Makes a call's result from what {@code recvmsg} received, while the arena still holds it. */
    @FunctionalInterface
    private interface Received<R> {
        /** @param data the normal data received (a slice of the arena) */
        R make(MemorySegment data, List<ControlMessage> ancdata, int msgFlags, SockAddr address);
    }

    static ReceivedFds recv_fds(IoCore sock, int bufsize, int maxfds, int flags) throws SocketException {
        if (bufsize < 0) {
            throw new IllegalArgumentException("negative buffer size in recv_fds: " + bufsize);
        }
        if (maxfds < 0) {
            throw new IllegalArgumentException("negative maxfds in recv_fds: " + maxfds);
        }
        // CPython's size: no room for a descriptor more; no message carries more than SCM_MAX_FD
        long ancbufsize = CMSG_LEN(Math.min(maxfds, SCM_MAX_FD) * INT_SIZE);
        if (ancbufsize > SOCKLEN_T_LIMIT) {
            throw new IllegalArgumentException("maxfds too large in recv_fds: " + maxfds);
        }
        ReceivedMessage m = recvmsg(sock, bufsize, (int) ancbufsize, flags);
        try {
            int n = 0;
            for (ControlMessage c : m.ancdata()) {
                if (isRights(c.cmsg_level(), c.cmsg_type())) {
                    n += c.length() / (int) INT_SIZE;
                }
            }
            int[] fds = new int[n];
            int i = 0;
            for (ControlMessage c : m.ancdata()) {
                if (isRights(c.cmsg_level(), c.cmsg_type())) {
                    for (int fd : c.fds()) {
                        fds[i++] = fd;
                    }
                }
            }
            return new ReceivedFds(m.data(), fds, m.msg_flags(), m.address());
        } catch (RuntimeException | Error e) {
            for (ControlMessage c : m.ancdata()) {
                if (isRights(c.cmsg_level(), c.cmsg_type())) {
                    closeAll(c.fds());
                }
            }
            throw e;
        }
    }

    /**
     * One {@code recvmsg} (several, for {@code MSG_WAITALL} on a stream: until the buffer is
     * full, the stream ends, or control data arrives, where the kernel would stop too).
     */
    private static <R> R receive(IoCore sock, int bufsize, int ancbufsize, int flags, Received<R> result)
            throws SocketException {
        boolean all = sock.waitsForAll(flags);
        bufsize = sock.allocation("recvmsg", bufsize, flags); // memory for what can arrive, not what was asked
        // The kernel never writes more control data than this (SCM_MAX_FD descriptors, credentials,
        // a few small items), so a larger request costs no memory beyond it.
        ancbufsize = Math.min(ancbufsize, MAX_CONTROL);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment msg = arena.allocate(MSGHDR);
            MemorySegment iov = arena.allocate(IOVEC);
            MemorySegment data = arena.allocate(bufsize);
            MemorySegment control = ancbufsize > 0 ? arena.allocate(ancbufsize, CMSGHDR.byteAlignment()) : MemorySegment.NULL;
            MemorySegment name = arena.allocate(Scratch.SOCKADDR_STORAGE_SIZE, 8);
            int sysFlags = flags | SocketConstants.MSG_CMSG_CLOEXEC;
            long deadline = sock.deadline();
            long got = 0;
            long controllen = 0;
            int namelen = 0;
            int msgFlags = 0;
            boolean first = true;
            do {
                // The address is the first call's: later calls (MSG_WAITALL) pass none.
                msg.set(ADDRESS, MSG_NAME, first ? name : MemorySegment.NULL);
                msg.set(JAVA_INT, MSG_NAMELEN, first ? (int) name.byteSize() : 0);
                iov.set(ADDRESS, IOV_BASE, data.asSlice(got));
                iov.set(JAVA_LONG, IOV_LEN, bufsize - got);
                msg.set(ADDRESS, MSG_IOV, iov);
                msg.set(JAVA_LONG, MSG_IOVLEN, 1L);
                msg.set(ADDRESS, MSG_CONTROL, control);
                msg.set(JAVA_LONG, MSG_CONTROLLEN, (long) ancbufsize);
                msg.set(JAVA_INT, MSG_FLAGS, 0);
                long n;
                try {
                    n = sock.message("recvmsg", true, msg, flags, sysFlags, deadline,
                            (fd, st) -> Libc.recvmsg(st, fd, msg, sysFlags | SocketConstants.MSG_DONTWAIT));
                } catch (SocketException e) {
                    if (got > 0) {
                        break; // MSG_WAITALL: the bytes that arrived are the result, as in the kernel
                    }
                    throw e;
                }
                controllen = msg.get(JAVA_LONG, MSG_CONTROLLEN);
                msgFlags = msg.get(JAVA_INT, MSG_FLAGS);
                if (first) {
                    namelen = msg.get(JAVA_INT, MSG_NAMELEN);
                    first = false;
                }
                // MSG_TRUNC on a datagram reports its real length: never claim more than fits.
                got += Math.min(n, bufsize - got);
                if (!all || n == 0 || controllen > 0) {
                    break;
                }
            } while (got < bufsize);
            try {
                if ((flags & SocketConstants.MSG_CMSG_CLOEXEC) == 0) {
                    msgFlags &= ~SocketConstants.MSG_CMSG_CLOEXEC; // ours, not the caller's
                }
                List<ControlMessage> ancdata = parse(control, controllen);
                SockAddr address = SockAddrs.decode(name, Math.min(namelen, (int) name.byteSize()), sock.handle());
                return result.make(data.asSlice(0, got), ancdata, msgFlags, address);
            } catch (RuntimeException | Error e) {
                closeRights(control, controllen);
                throw e;
            }
        }
    }

    /**
     * Reads the control messages the kernel wrote ({@code controllen} bytes), as CPython does:
     * an item whose header does not fit ends the list; an item whose data was cut short
     * ({@code MSG_CTRUNC}) is returned with the bytes that fit; a malformed {@code cmsg_len}
     * (shorter than its header) ends the list.
     */
    static List<ControlMessage> parse(MemorySegment control, long controllen) {
        List<ControlMessage> items = new ArrayList<>();
        long header = CMSGHDR.byteSize();
        for (long off = 0; off + header <= controllen; ) {
            long len = control.get(JAVA_LONG, off + CMSG_LEN_FIELD);
            if (len < CMSG_DATA()) {
                break;
            }
            long size = Math.min(len - CMSG_DATA(), controllen - off - CMSG_DATA());
            byte[] d = control.asSlice(off + CMSG_DATA(), size).toArray(JAVA_BYTE);
            items.add(new ControlMessage(control.get(JAVA_INT, off + CMSG_LEVEL), control.get(JAVA_INT, off + CMSG_TYPE), d));
            off += CMSG_ALIGN(len);
        }
        return items;
    }

    /** Closes every descriptor of the {@code SCM_RIGHTS} items in a control buffer. */
    private static void closeRights(MemorySegment control, long controllen) {
        long header = CMSGHDR.byteSize();
        for (long off = 0; off + header <= controllen; ) {
            long len = control.get(JAVA_LONG, off + CMSG_LEN_FIELD);
            if (len < CMSG_DATA()) {
                return;
            }
            if (isRights(control.get(JAVA_INT, off + CMSG_LEVEL), control.get(JAVA_INT, off + CMSG_TYPE))) {
                long end = Math.min(off + len, controllen);
                for (long p = off + CMSG_DATA(); p + INT_SIZE <= end; p += INT_SIZE) {
                    Libc.close(Scratch.get().state, control.get(JAVA_INT, p));
                }
            }
            off += CMSG_ALIGN(len);
        }
    }

    private static void closeAll(int[] fds) {
        for (int fd : fds) {
            Libc.close(Scratch.get().state, fd);
        }
    }

    private static boolean isRights(int level, int type) {
        return level == SocketConstants.SOL_SOCKET && type == SocketConstants.SCM_RIGHTS;
    }
}
