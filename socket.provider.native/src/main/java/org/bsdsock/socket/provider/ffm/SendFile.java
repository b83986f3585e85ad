package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketTimeoutException;
import org.bsdsock.socket.spi.HandedOverException;

/**
 * CPython's {@code socket.sendfile}: Linux {@code sendfile(2)} copies from the file to the socket
 * inside the kernel; where it cannot (the input cannot be spliced), the bytes go through a
 * native buffer with {@code pread(2)}/{@code read(2)} and {@code send(2)}, as CPython falls back
 * on {@code send()}. The socket's waits go through {@link IoCore#io}, so its timeout
 * (bounding the whole call, as for {@code sendall}) and a concurrent close apply as to every
 * other call.
 */
final class SendFile {
    private SendFile() {
    }

    /** Each {@code sendfile(2)} asks for at most 1 GiB, as CPython (bpo-38319). */
    private static final long CHUNK = 1L << 30;
    /** The fallback's buffer: large enough to keep the socket busy, small enough for any arena. */
    private static final int COPY_BUFFER = 64 * 1024;

    /** The errno values of a {@code sendfile(2)} that could not splice from this input at all. */
    private static final Set<Integer> CANNOT_SPLICE =
            Set.of(Errno.EINVAL, Errno.ESPIPE, Errno.ENOSYS, Errno.EOPNOTSUPP);

    static long sendfile(IoCore sock, int type, Path file, long offset, long count) throws SocketException {
        Objects.requireNonNull(file, "file");
        check(sock, type, offset, count);
        Scratch s = Scratch.get();
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = Libc.open(s.state, arena.allocateFrom(file.toString()), Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        }
        if (fd < 0) {
            throw Errors.of("open", s.errno());
        }
        try {
            return spliceOrCopy(sock, fd, offset, count);
        } finally {
            Libc.close(Scratch.get().state, fd);
        }
    }

    static long sendfile(IoCore sock, int type, int inFd, long offset, long count) throws SocketException {
        if (inFd < 0) {
            throw new IllegalArgumentException("negative file descriptor: " + inFd);
        }
        check(sock, type, offset, count);
        if (isSocket(inFd)) {
            // sendfile(2) splices from a socket too, but blocks reading it, past this socket's
            // timeout and close: read it in the copy fallback, which waits for it in poll(2)
            return copy(sock, inFd, offset, count, sock.deadline());
        }
        return spliceOrCopy(sock, inFd, offset, count);
    }

    private static boolean isSocket(int fd) {
        try {
            Descriptors.intOption(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_TYPE, "sendfile");
            return true;
        } catch (SocketException notASocket) {
            return false; // ENOTSOCK (or EBADF, which sendfile(2) reports in its turn)
        }
    }

    static long sendfile(IoCore sock, int type, FileChannel file, long offset, long count) throws SocketException {
        Objects.requireNonNull(file, "file");
        check(sock, type, offset, count);
        long deadline = sock.deadline();
        long total = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(COPY_BUFFER);
            ByteBuffer bytes = buf.asByteBuffer();
            for (;;) {
                long want = count == 0 ? COPY_BUFFER : Math.min(COPY_BUFFER, count - total);
                if (want <= 0) {
                    return total;
                }
                bytes.clear().limit((int) want);
                int n;
                try {
                    n = file.read(bytes, offset + total);
                } catch (IOException e) {
                    SocketException wrapped = Errors.failure("sendfile", "cannot read the file: " + e);
                    wrapped.initCause(e);
                    throw wrapped;
                }
                if (n <= 0) {
                    return total; // -1: end of file
                }
                // counted send by send: a timeout mid-chunk still moves the position past what went
                for (long off = 0; off < n; ) {
                    long sent;
                    try {
                        sent = send(sock, buf.asSlice(off, n - off), deadline);
                    } catch (HandedOverException e) {
                        // the file is read again from there (positional reads), by the same deadline
                        throw new HandedOverException("sendfile", total, deadline);
                    }
                    off += sent;
                    total += sent;
                }
            }
        } finally {
            if (total > 0) {
                try {
                    file.position(offset + total);
                } catch (IOException closed) {
                    // the channel is closed or broken; the error in flight, if any, is the one to report
                }
            }
        }
    }

    /** CPython's checks, before any system call. */
    private static void check(IoCore sock, int type, long offset, long count) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be at least 0, not " + offset);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be a positive integer, or 0 for all (got " + count + ")");
        }
        if ((type & SocketConstants.SOCK_STREAM) == 0) {
            throw new IllegalArgumentException("only SOCK_STREAM type sockets are supported");
        }
        if (sock.timeoutNanos() == 0) {
            throw new IllegalArgumentException("non-blocking sockets are not supported");
        }
    }

    private static long spliceOrCopy(IoCore sock, int inFd, long offset, long count) throws SocketException {
        long deadline = sock.deadline();
        long total = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment off = arena.allocate(JAVA_LONG);
            SigpipeFree sigpipeFree = new SigpipeFree(arena);
            for (;;) {
                long want = count == 0 ? CHUNK : Math.min(CHUNK, count - total);
                if (want <= 0) {
                    return total;
                }
                off.set(JAVA_LONG, 0, offset + total);
                long n;
                try {
                    n = sock.io("sendfile", Libc.POLLOUT, 0, deadline,
                            (fd, st) -> sigpipeFree.sendfile(st, fd, inFd, off, want));
                } catch (HandedOverException e) {
                    throw new HandedOverException("sendfile", total, deadline); // the next provider goes on from here
                } catch (SocketException e) {
                    if (total == 0 && CANNOT_SPLICE.contains(e.errno())) {
                        return copy(sock, inFd, offset, count, deadline);
                    }
                    throw e;
                }
                if (n == 0) {
                    return total; // end of the input
                }
                total += n;
            }
        }
    }

    /**
     * The fallback: reads at {@code offset} with {@code pread(2)}; an unseekable input (a pipe)
     * read from its start ({@code offset} 0) is read with {@code read(2)}, as CPython reads a
     * file object it need not seek.
     */
    /** The longest a wait for an unseekable input goes without looking at the socket. */
    private static final int INPUT_POLL_MILLIS = 50;

    /**
     * Waits until an unseekable input (a pipe, a socket) has something to read, so that its
     * {@code read(2)} cannot block: the input is the caller's descriptor, not this socket's,
     * so neither this socket's timeout nor its close would reach a read blocked on it. The
     * wait honours both: it looks at them at least every {@value #INPUT_POLL_MILLIS} ms.
     */
    private static void awaitInput(IoCore sock, int inFd, long deadline) throws SocketException {
        Scratch s = Scratch.get();
        for (;;) {
            if (sock.handle().isClosed()) {
                throw sock.handle().closedError("sendfile");
            }
            int millis = INPUT_POLL_MILLIS;
            if (deadline != 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("sendfile", Errno.ETIMEDOUT, "timed out");
                }
                millis = (int) Math.min(INPUT_POLL_MILLIS, (left + 999_999) / 1_000_000);
            }
            int n = Libc.poll(s.state, s.pollfd(inFd, Libc.POLLIN), 1, millis);
            if (n > 0) {
                return; // readable, at end of input, or in error: read(2) answers at once
            }
            if (n < 0 && s.errno() != Errno.EINTR) {
                throw Errors.of("poll", s.errno());
            }
        }
    }

    private static long copy(IoCore sock, int inFd, long offset, long count, long deadline)
            throws SocketException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(COPY_BUFFER);
            Scratch s = Scratch.get();
            boolean sequential = false;
            long total = 0;
            for (;;) {
                long want = count == 0 ? COPY_BUFFER : Math.min(COPY_BUFFER, count - total);
                if (want <= 0) {
                    return total;
                }
                if (sequential) {
                    try {
                        awaitInput(sock, inFd, deadline);
                    } catch (HandedOverException e) {
                        // between two reads: nothing taken from the input is left unsent
                        throw new HandedOverException("sendfile", total, deadline, null, true);
                    }
                }
                long n = sequential
                        ? Libc.read(s.state, inFd, buf, want)
                        : Libc.pread(s.state, inFd, buf, want, offset + total);
                if (n < 0) {
                    int errno = s.errno();
                    if (errno == Errno.EINTR) {
                        continue;
                    }
                    if (errno == Errno.ESPIPE && !sequential && offset == 0 && total == 0) {
                        sequential = true;
                        continue;
                    }
                    throw Errors.of(sequential ? "read" : "pread", errno);
                }
                if (n == 0) {
                    return total;
                }
                for (long off = 0; off < n; ) {
                    try {
                        off += send(sock, buf.asSlice(off, n - off), deadline);
                    } catch (HandedOverException e) {
                        // A seekable input is read again from where the sending stopped. A
                        // sequential one (a pipe, a socket) cannot give its bytes twice: those
                        // read and not yet sent go to the next provider, which sends them first.
                        byte[] unsent = sequential ? buf.asSlice(off, n - off).toArray(JAVA_BYTE) : null;
                        throw new HandedOverException("sendfile", total + off, deadline, unsent, sequential);
                    }
                }
                total += n;
            }
        }
    }

    /** One {@code send(2)}, waiting for room until the deadline; returns the count sent. */
    private static long send(IoCore sock, MemorySegment data, long deadline) throws SocketException {
        // MSG_NOSIGNAL: a closed peer gives EPIPE, never a SIGPIPE to the process.
        return sock.io("send", Libc.POLLOUT, 0, deadline,
                (fd, st) -> Libc.send(st, fd, data, data.byteSize(), SocketConstants.MSG_NOSIGNAL));
    }
}
