package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Native scratch memory for the small out-parameters of system calls: the errno call state,
 * a {@code sockaddr_storage}, a {@code socklen_t}, an int option, a {@code pollfd} and an
 * {@code epoll_event}. Reused by every call, so a warm call allocates nothing.
 *
 * <p>Two kinds:
 * <ul>
 * <li>a thread's own ({@link #get}), kept in a {@link ThreadLocal}; its block lives in an
 * automatic arena, freed when the thread (and so its value) is gone, which no confined arena
 * could express for a thread-lifetime cache;</li>
 * <li>a CPU's <em>lane</em> ({@link #forAttempt}), for a virtual thread's non-blocking attempts.
 * Thousands of virtual threads would each have their own scratch, cold in the cache every
 * time the thread runs again (measured on W7, 10,000 connections: the server's CPU per round
 * trip 13.8 µs that way, 12.5 µs with lanes); the scratch of the CPU the carrier runs on
 * stays hot. A lane is
 * claimed with a CAS (the OS may preempt a carrier holding it and run another thread on that
 * CPU, which then uses its own scratch) and released right after the attempt; it is never
 * held across a park, since the thread may resume on another CPU.</li>
 * </ul>
 */
final class Scratch {
    // A thread's own scratch is not the value of a ThreadLocal<Scratch>: the thread's map would
    // hold it, and through its class this bundle's class loader, for as long as the thread lives
    // (the shell's thread, a pool's, any consumer's), long after the provider is updated or
    // stopped. The map holds a JDK object instead, which holds the scratch until the last
    // provider instance stops (dropThreadScratch): then the map keeps an empty holder, and its
    // key, this class's ThreadLocal, is held weakly, so nothing of the provider stays reachable.
    private static final ThreadLocal<AtomicReference<Scratch>> LOCAL = new ThreadLocal<>();
    /** Every holder handed out, so that they can be emptied; weakly, so a gone thread's goes too. Guarded by itself. */
    private static final Map<AtomicReference<Scratch>, Boolean> HOLDERS = new WeakHashMap<>();

    /** {@code sizeof(struct sockaddr_storage)}. */
    static final int SOCKADDR_STORAGE_SIZE = (int) Layouts.SOCKADDR_STORAGE.byteSize();

    /** Heap transfers up to this size go through a lane's native buffer (a copy) rather than in place. */
    static final int LANE_IO_SIZE = 4096;

    final MemorySegment state;
    final MemorySegment addr;
    final MemorySegment len;
    final MemorySegment intval;
    final MemorySegment pollfd;
    final MemorySegment epollEvent;
    /** This scratch's lane number, or -1 for a thread's own. */
    private final int lane;
    /** A lane's buffer for small heap transfers (a thread's own uses {@link #blockingBuffer}); null for a thread's own. */
    final MemorySegment laneIo;

    /** Lanes of two CPUs never share a cache line pair (the adjacent-line prefetcher fetches pairs). */
    private static final long LINE_PAIR = 128;

    /** The block's layout: each member at its C alignment, the whole a multiple of {@link #LINE_PAIR}. */
    private static final StructLayout BLOCK = Layouts.sequential(LINE_PAIR,
            Libc.CALL_STATE.withName("state"),
            Layouts.EPOLL_EVENT.withName("epollEvent"),
            Layouts.POLLFD.withName("pollfd"),
            JAVA_INT.withName("len"), // socklen_t
            JAVA_INT.withName("intval"),
            Layouts.SOCKADDR_STORAGE.withName("addr"));

    private Scratch(int lane) {
        this.lane = lane;
        Arena arena = Arena.ofAuto();
        MemorySegment block = arena.allocate(BLOCK.byteSize(), LINE_PAIR);
        state = member(block, "state");
        epollEvent = member(block, "epollEvent");
        pollfd = member(block, "pollfd");
        len = member(block, "len");
        intval = member(block, "intval");
        addr = member(block, "addr");
        laneIo = lane < 0 ? null : arena.allocate(LANE_IO_SIZE, LINE_PAIR);
    }

    private static MemorySegment member(MemorySegment block, String name) {
        return block.asSlice(BLOCK.byteOffset(groupElement(name)), BLOCK.select(groupElement(name)).byteSize());
    }

    /** @return the calling thread's own scratch */
    static Scratch get() {
        AtomicReference<Scratch> holder = LOCAL.get();
        if (holder != null) {
            Scratch s = holder.get();
            if (s != null) {
                return s;
            }
        }
        return make(holder);
    }

    /** A thread's first scratch (or its first since {@link #dropThreadScratch}). */
    private static Scratch make(AtomicReference<Scratch> holder) {
        Scratch s = new Scratch(-1);
        synchronized (HOLDERS) {
            if (holder == null) {
                holder = new AtomicReference<>();
                LOCAL.set(holder);
            }
            HOLDERS.put(holder, Boolean.TRUE);
            holder.set(s);
        }
        return s;
    }

    /**
     * Lets go of every thread's own scratch: called when the last provider instance has
     * stopped and its callers have left, so that no long-lived thread that once used the
     * provider keeps its classes reachable. A thread calling again makes a new one.
     */
    static void dropThreadScratch() {
        synchronized (HOLDERS) {
            for (AtomicReference<Scratch> holder : HOLDERS.keySet()) {
                holder.set(null);
            }
            HOLDERS.clear();
        }
    }

    // ---- lanes ----

    private static final int LANE_MASK;
    /** Lanes tried before falling back to the thread's own scratch. */
    private static final int PROBES;
    private static final java.util.concurrent.atomic.AtomicReferenceArray<Scratch> LANES;
    /** Claim flags, one per 64-byte line (stride 16 ints), so that claims on two CPUs do not contend. */
    private static final java.util.concurrent.atomic.AtomicIntegerArray TAKEN;
    private static final int STRIDE = 16;

    static {
        // CPU numbers run below the count of configured CPUs (which may exceed the ones this
        // process may use); past 256 CPUs, lanes are shared by CPUs and the CAS sorts it out.
        int cpus = Math.max(Runtime.getRuntime().availableProcessors(), Libc.get_nprocs_conf());
        // Twice as many lanes as CPUs: the spare ones serve a CPU whose lane is held.
        int n = 2 * Integer.highestOneBit(Math.min(256, Math.max(1, cpus)) * 2 - 1);
        LANE_MASK = n - 1;
        PROBES = Math.min(n, 4);
        LANES = new java.util.concurrent.atomic.AtomicReferenceArray<>(n);
        TAKEN = new java.util.concurrent.atomic.AtomicIntegerArray(n * STRIDE);
    }

    /**
     * Scratch for one non-blocking attempt: on a virtual thread, the lane of the CPU it runs
     * on if free, else the thread's own; on a platform thread, its own (hot already). The
     * caller {@link #release}s it right after the attempt and never parks in between.
     */
    static Scratch forAttempt() {
        if (!Thread.currentThread().isVirtual()) {
            return get();
        }
        // The CPU's own lane; if taken (a carrier preempted while holding it, and this one run
        // on its CPU), the next ones: still hotter than this thread's own scratch.
        int cpu = Libc.sched_getcpu(); // -1 (no CPU number) also lands on a lane
        int i = cpu & LANE_MASK;
        for (int probe = 0; !TAKEN.compareAndSet(i * STRIDE, 0, 1); i = (i + 1) & LANE_MASK) {
            if (++probe == PROBES) {
                return get();
            }
        }
        Scratch s = LANES.get(i);
        if (s == null) { // the lane's first use; the claim makes this thread the only one here
            s = new Scratch(i);
            LANES.set(i, s);
        }
        return s;
    }

    /** Ends an attempt started with {@link #forAttempt}. */
    void release() {
        if (lane >= 0) {
            TAKEN.setRelease(lane * STRIDE, 0);
        }
    }

    /** @return whether this is a CPU's lane (and so has {@link #laneIo}) */
    boolean isLane() {
        return lane >= 0;
    }

    /** @return the calling thread's own scratch (this one, unless this is a lane) */
    Scratch threadOwn() {
        return lane < 0 ? this : get();
    }

    /** Size of the native buffer a blocking call on a heap array goes through. */
    static final int IO_BUFFER_SIZE = 64 << 10;

    private MemorySegment io;
    /** A platform thread's own io_uring ring ({@link Rings#own}) and the group it belongs to. */
    Uring ownRing;
    Rings ownRingGroup;
    private MemorySegment ringMsg;

    /**
     * A {@code msghdr} followed by one {@code iovec}, for the io_uring engine's message
     * operations: the kernel reads it while the thread waits, so it is the thread's own (a
     * virtual thread's too), never a lane's. Made on first use.
     */
    MemorySegment ringMsg() {
        MemorySegment m = ringMsg;
        if (m == null) {
            m = ringMsg = Arena.ofAuto().allocate(Layouts.MSGHDR.byteSize() + Layouts.IOVEC.byteSize(), 8);
        }
        return m;
    }
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
    MemorySegment blockingBuffer() {
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
        pollfd.set(JAVA_INT, Layouts.POLLFD_FD, fd);
        pollfd.set(JAVA_SHORT, Layouts.POLLFD_EVENTS, events);
        pollfd.set(JAVA_SHORT, Layouts.POLLFD_REVENTS, (short) 0);
        return pollfd;
    }

    // ---- a platform thread inside a blocking system call (see FdHandle#enterKernel) ----

    private static final int OUTSIDE = 0;
    private static final int INSIDE = 1;
    private static final int SIGNALLED = 2;
    /** OUTSIDE, INSIDE a blocking call, or being SIGNALLED by a closer; a thread's own scratch only. */
    private volatile int kernelState;
    private static final java.lang.invoke.VarHandle KERNEL_STATE;
    /** This thread's pthread_t, read on its first blocking call. */
    private long pthread;

    static {
        try {
            KERNEL_STATE = java.lang.invoke.MethodHandles.lookup().findVarHandle(Scratch.class, "kernelState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The owning thread is about to make a blocking system call. */
    void enterKernel() {
        if (pthread == 0) {
            pthread = KernelWakeup.self();
        }
        kernelState = INSIDE;
    }

    /**
     * The owning thread is back from its blocking call. It waits for a closer that is signalling
     * it right now, so that no signal is ever sent to a thread that has gone on (or ended).
     */
    void leaveKernel() {
        while (!KERNEL_STATE.compareAndSet(this, INSIDE, OUTSIDE)) {
            Thread.onSpinWait(); // SIGNALLED: a pthread_kill is under way, for a few microseconds
        }
    }

    /**
     * Interrupts the owning thread's blocking call, if it is inside one.
     *
     * @return false once the thread is outside (nothing left to interrupt)
     */
    boolean interruptKernelCall() {
        if (!KERNEL_STATE.compareAndSet(this, INSIDE, SIGNALLED)) {
            return kernelState != OUTSIDE; // another closer is signalling it: not done yet
        }
        try {
            KernelWakeup.interrupt(pthread);
        } finally {
            kernelState = INSIDE;
        }
        return true;
    }
}
