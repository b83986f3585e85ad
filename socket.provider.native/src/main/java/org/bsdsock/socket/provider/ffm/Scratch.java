package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Per-thread native scratch memory for the small out-parameters of system calls: the errno
 * call state, a {@code sockaddr_storage}, a {@code socklen_t}, an int option and a
 * {@code pollfd}. Reused by every call on the thread, so a warm call allocates nothing.
 *
 * <p>Each thread's block lives in an automatic arena: it is freed when the thread (and so
 * its {@link ThreadLocal} value) is gone, which no confined arena could express for a
 * thread-lifetime cache. Per-call allocations elsewhere use confined arenas.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    /** {@code sizeof(struct sockaddr_storage)} on Linux. */
    static final int SOCKADDR_STORAGE_SIZE = 128;

    final MemorySegment state;
    final MemorySegment addr;
    final MemorySegment len;
    final MemorySegment intval;
    final MemorySegment pollfd;
    final MemorySegment epollEvent;

    private Scratch() {
        Arena arena = Arena.ofAuto();
        state = arena.allocate(Libc.CALL_STATE);
        addr = arena.allocate(SOCKADDR_STORAGE_SIZE, 8);
        len = arena.allocate(JAVA_INT);
        intval = arena.allocate(JAVA_INT);
        pollfd = arena.allocate(8, 4); // struct pollfd { int fd; short events; short revents; }
        epollEvent = arena.allocate(16, 8); // struct epoll_event (12 or 16 bytes, see Poller)
    }

    static Scratch get() {
        return LOCAL.get();
    }

    /** Size of the native buffer a blocking call on a heap array goes through. */
    static final int IO_BUFFER_SIZE = 64 << 10;

    private MemorySegment io;
    // The last arrays and direct buffers used on this thread (a few, so that a thread that
    // sends from one and receives into another still hits), held weakly: reusing their
    // segment or address keeps a loop allocation-free without keeping the caller's memory alive.
    private static final int CACHED = 4;
    @SuppressWarnings("unchecked")
    private final java.lang.ref.WeakReference<byte[]>[] arrays = new java.lang.ref.WeakReference[CACHED];
    @SuppressWarnings("unchecked")
    private final java.lang.ref.WeakReference<MemorySegment>[] arraySegments = new java.lang.ref.WeakReference[CACHED];
    @SuppressWarnings("unchecked")
    private final java.lang.ref.WeakReference<java.nio.ByteBuffer>[] buffers = new java.lang.ref.WeakReference[CACHED];
    private final long[] bufferAddresses = new long[CACHED];
    private int nextArray;
    private int nextBuffer;

    /**
     * A native buffer for blocking calls on heap arrays (a blocking call cannot be critical,
     * so it cannot reach the heap); made on a thread's first such call, kept with the thread.
     */
    MemorySegment io() {
        MemorySegment b = io;
        if (b == null) {
            b = io = Arena.ofAuto().allocate(IO_BUFFER_SIZE, 64);
        }
        return b;
    }

    /**
     * @return a heap segment over the whole array; recent ones are reused, so a loop on a
     *         few arrays allocates nothing
     */
    MemorySegment segment(byte[] array) {
        for (int i = 0; i < CACHED; i++) {
            if (arrays[i] != null && arrays[i].get() == array) {
                MemorySegment seg = arraySegments[i].get();
                if (seg != null) {
                    return seg;
                }
            }
        }
        MemorySegment seg = MemorySegment.ofArray(array);
        int i = nextArray;
        nextArray = (i + 1) % CACHED;
        arrays[i] = new java.lang.ref.WeakReference<>(array);
        arraySegments[i] = new java.lang.ref.WeakReference<>(seg);
        return seg;
    }

    /** @return the native address of a direct buffer's first byte (recent ones cached) */
    long address(java.nio.ByteBuffer direct) {
        for (int i = 0; i < CACHED; i++) {
            if (buffers[i] != null && buffers[i].get() == direct) {
                return bufferAddresses[i];
            }
        }
        long address = MemorySegment.ofBuffer(direct.duplicate().clear()).address();
        int i = nextBuffer;
        nextBuffer = (i + 1) % CACHED;
        buffers[i] = new java.lang.ref.WeakReference<>(direct);
        bufferAddresses[i] = address;
        return address;
    }

    /** @return errno as captured by the last errno-capturing call on this thread */
    int errno() {
        return Libc.errno(state);
    }

    /** Sets the socklen_t in-out parameter to the size of {@link #addr}. */
    MemorySegment addrLen() {
        len.set(JAVA_INT, 0, SOCKADDR_STORAGE_SIZE);
        return len;
    }

    /** Fills {@link #pollfd} for one descriptor and returns it. */
    MemorySegment pollfd(int fd, short events) {
        pollfd.set(JAVA_INT, 0, fd);
        pollfd.set(JAVA_SHORT, 4, events);
        pollfd.set(JAVA_SHORT, 6, (short) 0);
        return pollfd;
    }
}
