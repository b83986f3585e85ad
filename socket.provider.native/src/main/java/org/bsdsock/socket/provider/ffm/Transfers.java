package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;

/**
 * Moves bytes between the caller's buffer and one system call — the role of the JDK's
 * {@code IOUtil}. A buffer is given as a {@code byte[]} ({@code array}), a heap segment
 * ({@code seg}) or a native address ({@code addr}), whichever applies, the others null or 0:
 * passing the array itself, with the offset and length apart, lets a loop on one array or
 * direct buffer allocate nothing, and lets a virtual thread's small transfer go through its
 * CPU's lane buffer without looking up a segment for the array.
 *
 * <p>Each method makes one call and knows nothing of sockets, modes or waiting: an attempt
 * returns the count or minus {@code errno}; the I/O core ({@link IoCore}) decides what a
 * failure means.
 */
final class Transfers {
    private Transfers() {
    }

    /** Size of the native buffer a blocking call on heap memory goes through (a thread's own). */
    static final int BLOCKING_BUFFER_SIZE = Scratch.IO_BUFFER_SIZE;

    /**
     * Whether a blocking system call can move this transfer whole: native memory always; heap
     * memory goes through the thread's {@link #BLOCKING_BUFFER_SIZE} buffer, which may cut a
     * stream transfer (a stream call may move less than asked) but never a datagram, which is
     * whole or nothing.
     */
    static boolean fitsBlockingCall(boolean heap, long len, boolean stream) {
        return !heap || stream || len <= BLOCKING_BUFFER_SIZE;
    }

    /**
     * One receive that cannot block (the flags carry {@code MSG_DONTWAIT}): the count, or minus
     * errno. A heap buffer is written in place (a critical call), or through the CPU's lane
     * buffer when small and the thread virtual.
     */
    static long recvAttempt(int fd, byte[] array, MemorySegment seg, long addr, long off, long len, int flags) {
        Scratch s = Scratch.forAttempt();
        try {
            long n;
            if (array == null && seg == null) {
                n = Libc.recvNow(s.state, fd, addr + off, len, flags);
            } else if (smallBuffer(s, len) instanceof MemorySegment small) {
                n = Libc.recvNow(s.state, fd, small.address(), len, flags);
                if (n > 0) {
                    copyOut(small, array, seg, off, Math.min(n, len)); // MSG_TRUNC may report more
                }
            } else {
                n = Libc.recv(s.state, fd, inPlace(s, array, seg, off), len, flags);
            }
            return n >= 0 ? n : -s.errno();
        } finally {
            s.release();
        }
    }

    /**
     * One receive that may block in the kernel: native memory directly, heap memory through
     * the thread's blocking buffer (see {@link #fitsBlockingCall}). The count, or minus errno.
     */
    static long recvBlocking(Scratch s, int fd, byte[] array, MemorySegment seg, long addr, long off, long len,
            int flags) {
        long n;
        if (array == null && seg == null) {
            n = Libc.recvWait(s.state, fd, addr + off, len, flags);
        } else {
            MemorySegment io = s.blockingBuffer();
            n = Libc.recvWait(s.state, fd, io.address(), Math.min(len, io.byteSize()), flags);
            if (n > 0) {
                copyOut(io, array, seg, off, Math.min(n, Math.min(len, io.byteSize()))); // MSG_TRUNC may report more
            }
        }
        return n >= 0 ? n : -s.errno();
    }

    /** One send that cannot block: the count, or minus errno (see {@link #recvAttempt}). */
    static long sendAttempt(int fd, byte[] array, MemorySegment seg, long addr, long off, long len, int flags) {
        Scratch s = Scratch.forAttempt();
        try {
            long n = array == null && seg == null
                    ? Libc.sendNow(s.state, fd, addr + off, len, flags)
                    : Libc.send(s.state, fd, outgoing(s, array, seg, off, len), len, flags);
            return n >= 0 ? n : -s.errno();
        } finally {
            s.release();
        }
    }

    /** One send that may block in the kernel (see {@link #recvBlocking}). The count, or minus errno. */
    static long sendBlocking(Scratch s, int fd, byte[] array, MemorySegment seg, long addr, long off, long len,
            int flags) {
        long n;
        if (array == null && seg == null) {
            n = Libc.sendWait(s.state, fd, addr + off, len, flags);
        } else {
            MemorySegment io = s.blockingBuffer();
            long chunk = Math.min(len, io.byteSize());
            copyIn(array, seg, off, io, chunk);
            n = Libc.sendWait(s.state, fd, io.address(), chunk, flags);
        }
        return n >= 0 ? n : -s.errno();
    }

    /**
     * One sendto that cannot block, of a whole array, to an address already encoded in native
     * memory: the count, or minus errno.
     */
    static long sendtoAttempt(int fd, byte[] data, int flags, MemorySegment addr, int addrlen) {
        Scratch s = Scratch.forAttempt();
        try {
            long n = Libc.sendto(s.state, fd, outgoing(s, data, null, 0, data.length), data.length, flags, addr,
                    addrlen);
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
        MemorySegment small = smallBuffer(s, len);
        if (small != null) {
            copyIn(array, seg, off, small, len);
            return small;
        }
        return inPlace(s, array, seg, off);
    }

    /** The heap buffer (array or segment) from {@code off}, for a critical call to use in place. */
    private static MemorySegment inPlace(Scratch s, byte[] array, MemorySegment seg, long off) {
        MemorySegment whole = array != null ? s.threadOwn().segment(array) : seg;
        return off == 0 ? whole : whole.asSlice(off);
    }

    /**
     * The native buffer a small heap transfer is copied through, or null to use the heap
     * buffer in place: a lane's buffer; on a platform thread, its own blocking buffer. A copy
     * of a few bytes costs less than finding a segment for the array, which for an array not
     * seen before (the seed's {@code data = recv(n)}, {@code send(data)}) allocates a segment
     * and two weak references. A virtual thread's own scratch has no buffer to spare (there
     * may be thousands), so it stays in place.
     */
    private static MemorySegment smallBuffer(Scratch s, long len) {
        if (len > Scratch.LANE_IO_SIZE) {
            return null;
        }
        if (s.isLane()) {
            return s.laneIo;
        }
        return Thread.currentThread().isVirtual() ? null : s.blockingBuffer();
    }

    /** Copies {@code n} bytes to send from the heap buffer (array or segment), from {@code off}, into native memory. */
    static void copyIn(byte[] array, MemorySegment seg, long off, MemorySegment to, long n) {
        if (array != null) {
            MemorySegment.copy(array, (int) off, to, JAVA_BYTE, 0, (int) n);
        } else {
            MemorySegment.copy(seg, off, to, 0, n);
        }
    }

    /** Copies {@code n} received bytes from native memory into the heap buffer (array or segment), from {@code off}. */
    static void copyOut(MemorySegment from, byte[] array, MemorySegment seg, long off, long n) {
        if (array != null) {
            MemorySegment.copy(from, JAVA_BYTE, 0, array, (int) off, (int) n);
        } else {
            MemorySegment.copy(from, 0, seg, off, n);
        }
    }
}
