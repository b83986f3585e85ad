package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.SocketException;

/**
 * One io_uring instance: its submission and completion rings, mapped from the ring's
 * descriptor and read through {@link MemorySegment}s, and the one platform thread (the
 * <em>reaper</em>) that waits for completions and hands each to its {@link Slot}.
 *
 * <p><b>Memory ordering.</b> The kernel and this process share four counters. The process
 * writes the SQ tail (after the entries it publishes) and the CQ head (after the entries it
 * has read); the kernel writes the SQ head and the CQ tail. Each side reads the other's counter
 * with acquire and writes its own with release, as liburing does ({@code getAcquire} and
 * {@code setRelease} on an int {@link VarHandle} over the ring segment). The SQ tail is
 * published with {@code setVolatile}, a release store that is also ordered before the next
 * load, since a flusher looks at the tail right after releasing its flag (see {@link #flush}).
 *
 * <p><b>Submission.</b> Any thread, virtual or platform, submits: it copies its slot's
 * prepared operation into the next SQE under {@link #sqLock} (held for the copy only, never
 * across a system call save when the SQ is full) and then flushes. One thread at a time
 * flushes: it calls {@code io_uring_enter} with every SQE published so far, its own and those
 * other threads published meanwhile, until none is left; the others return at once and park.
 * Under load, one system call submits a batch.
 *
 * <p><b>Completion.</b> The reaper waits in {@code io_uring_enter(IORING_ENTER_GETEVENTS)}, reads
 * every CQE present, and completes each slot by its {@code user_data} (the slot's number, and a
 * bit for the linked timeout's CQE): the slot's result is stored, then its waiter unparked. A
 * virtual thread parks in Java ({@link LockSupport}), so it never pins its carrier; a platform
 * thread parks the same way. Nobody spins.
 *
 * <p><b>Why submitters enter the kernel themselves.</b> A submitter's {@code io_uring_enter}
 * issues its operation at once, inline when the data is there. The kernel runs an operation's
 * deferred work (the retry of a receive once the socket is readable) in the task that
 * submitted it, so a carrier thread that flushed a batch may be woken to run another's retry;
 * and kernels have cancelled the operations of a submitting thread that exits (the virtual
 * thread scheduler retires idle carriers) — 6.18 completes them (UringOpsTest), and
 * {@link UringOps} resubmits an {@code -ECANCELED} nobody asked for either way, as PEP 475
 * retries {@code EINTR}. Submitting from the reaper alone ({@code IORING_SETUP_SINGLE_ISSUER},
 * {@code DEFER_TASKRUN}) is the alternative to measure next.
 *
 * <p><b>Shutdown</b> ({@link #close}): new submissions are refused ({@code -ECANCELED} to their
 * caller's slot), every pending operation is cancelled, the rings wait until every slot has
 * its completions, a NOP stops the reaper, then the rings are unmapped (their arena closed, so
 * a late access fails in Java instead of faulting) and the descriptor closed.
 */
final class Uring implements AutoCloseable {
    /** An int of a ring segment at a byte offset: the four shared counters. */
    private static final VarHandle INT = JAVA_INT.varHandle();

    /** {@code user_data} of completions nobody waits for (fire-and-forget cancellations). */
    static final long IGNORED = 0;
    /** {@code user_data} of the NOP that stops the reaper. */
    private static final long STOP = -1L;
    /** Set in the {@code user_data} of a slot's linked timeout; the low 32 bits are the slot's number. */
    private static final long TIMEOUT_TAG = 1L << 32;

    private static final int SQE_SIZE = (int) Layouts.IO_URING_SQE.byteSize();
    private static final int CQE_SIZE = (int) Layouts.IO_URING_CQE.byteSize();
    /** The highest opcode a probe asks about. */
    private static final int PROBE_OPS = 256;

    /** The ring's descriptor. */
    final int fd;
    /** {@code io_uring_params.features}. */
    final int features;
    final int sqEntries;
    final int cqEntries;

    private final Arena ringArena = Arena.ofShared();
    private final MemorySegment sq;
    private final MemorySegment cq;
    private final MemorySegment sqes;
    private final long sqHead;
    private final long sqTailOff;
    private final long sqFlags;
    private final long cqHead;
    private final long cqTail;
    private final long cqOverflow;
    private final long cqes;
    private final int sqMask;
    private final int cqMask;
    private final boolean singleMmap;
    private final boolean[] supported = new boolean[PROBE_OPS];

    private final ReentrantLock sqLock = new ReentrantLock();
    /** The SQ tail as this process knows it; guarded by {@link #sqLock}. */
    private int sqTail;
    private volatile boolean flushing;
    private static final VarHandle FLUSHING;
    /** Set under {@link #sqLock}: no SQE is written after it but the shutdown's own. */
    private volatile boolean closing;
    private volatile boolean closed;

    /** Slots by number; slot 0 is never used ({@link #IGNORED}). Grown under {@link #slotLock}. */
    private volatile Slot[] slots = new Slot[64];
    private final Object slotLock = new Object();
    private int[] freeIds = new int[64];
    private int freeCount;
    private int nextId = 1;
    private Slot[] idle = new Slot[64];
    private int idleCount;
    /** Native memory of slots (their timespecs); lives as long as the ring. */
    private final Arena slotArena = Arena.ofShared();

    private final Thread reaper;
    /** An own ring's one slot ({@link #openOwn}); null on a reaped ring. */
    private Slot own;
    /** Completions the reaper handed out, for tests and measurements. */
    private volatile long reaped;
    /** {@code io_uring_enter} calls made to submit, for measurements. */
    private volatile long submitCalls;

    static {
        try {
            FLUSHING = MethodHandles.lookup().findVarHandle(Uring.class, "flushing", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Uring(int fd, MemorySegment params, boolean reaped) throws SocketException {
        this.fd = fd;
        this.features = params.get(JAVA_INT, Layouts.IOP_FEATURES);
        this.sqEntries = params.get(JAVA_INT, Layouts.IOP_SQ_ENTRIES);
        this.cqEntries = params.get(JAVA_INT, Layouts.IOP_CQ_ENTRIES);
        long so = Layouts.IOP_SQ_OFF;
        long co = Layouts.IOP_CQ_OFF;
        int sqArray = params.get(JAVA_INT, so + Layouts.SQ_OFF_ARRAY);
        long sqSize = sqArray + (long) sqEntries * Integer.BYTES;
        long cqSize = params.get(JAVA_INT, co + Layouts.CQ_OFF_CQES) + (long) cqEntries * CQE_SIZE;
        singleMmap = (features & Libc.IORING_FEAT_SINGLE_MMAP) != 0;
        try {
            if (singleMmap) {
                sq = map(Math.max(sqSize, cqSize), Libc.IORING_OFF_SQ_RING);
                cq = sq;
            } else {
                sq = map(sqSize, Libc.IORING_OFF_SQ_RING);
                cq = map(cqSize, Libc.IORING_OFF_CQ_RING);
            }
            sqes = map((long) sqEntries * SQE_SIZE, Libc.IORING_OFF_SQES);
        } catch (SocketException e) {
            ringArena.close(); // unmaps what was mapped
            throw e;
        }
        sqHead = params.get(JAVA_INT, so + Layouts.SQ_OFF_HEAD);
        sqTailOff = params.get(JAVA_INT, so + Layouts.SQ_OFF_TAIL);
        sqFlags = params.get(JAVA_INT, so + Layouts.SQ_OFF_FLAGS);
        sqMask = sq.get(JAVA_INT, params.get(JAVA_INT, so + Layouts.SQ_OFF_RING_MASK));
        cqHead = params.get(JAVA_INT, co + Layouts.CQ_OFF_HEAD);
        cqTail = params.get(JAVA_INT, co + Layouts.CQ_OFF_TAIL);
        cqOverflow = params.get(JAVA_INT, co + Layouts.CQ_OFF_OVERFLOW);
        cqes = params.get(JAVA_INT, co + Layouts.CQ_OFF_CQES);
        cqMask = cq.get(JAVA_INT, params.get(JAVA_INT, co + Layouts.CQ_OFF_RING_MASK));
        // SQE i always sits at array index i: the indirection is set once, not per submission.
        for (int i = 0; i < sqEntries; i++) {
            sq.set(JAVA_INT, sqArray + (long) i * Integer.BYTES, i);
        }
        sqTail = (int) INT.getAcquire(sq, sqTailOff);
        probe();
        if (reaped) {
            reaper = Thread.ofPlatform().daemon().name("uring-reaper-" + fd).unstarted(this::reap);
            reaper.start();
        } else {
            reaper = null;
            own = slot();
        }
    }

    /**
     * Sets up a ring: {@code io_uring_setup(2)} with {@code entries} SQEs and a CQ of
     * {@code 4 * entries} (operations in flight outnumber submissions in flight: each waiting
     * receive holds a completion to come), both clamped to the kernel's limits;
     * {@code IORING_SETUP_SUBMIT_ALL} so that one bad SQE does not hold back the batch behind it.
     *
     * @param entries SQ size, a power of two
     * @return the ring, its reaper started
     * @throws SocketException {@code ENOSYS} (no io_uring), {@code EPERM} (disabled by
     *                         {@code kernel.io_uring_disabled} or a seccomp policy), {@code ENOMEM},
     *                         {@code EOPNOTSUPP} when the kernel lacks a feature the ring relies on
     */
    static Uring open(int entries) throws SocketException {
        return open(entries, true);
    }

    /**
     * Sets up a ring for one platform thread, which submits and waits on it itself
     * ({@link #runOwn}): no reaper, room for one operation and its linked timeout at a time.
     */
    static Uring openOwn() throws SocketException {
        return open(4, false);
    }

    private static Uring open(int entries, boolean reaped) throws SocketException {
        // Every downcall linked now, as the provider does at activation: a virtual thread's
        // first call of a function would load its holder class, pinning its carrier meanwhile.
        Libc.linkAll();
        if (Libc.SYS_io_uring_setup < 0) {
            throw Errors.of("io_uring_setup", Errno.ENOSYS);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = arena.allocate(Layouts.IO_URING_PARAMS);
            // An own ring has one task, which submits and waits itself: the kernel may then skip
            // the ring's locking (SINGLE_ISSUER) and run the completion work when that task
            // waits for it, instead of interrupting it (DEFER_TASKRUN). On the shared ring the
            // completion work of an operation runs in the task that submitted it (a carrier, or
            // the reaper): COOP_TASKRUN lets it wait for that task's next entry into the kernel
            // (a carrier makes system calls all the time, and a sleeping one is woken) instead
            // of interrupting a running carrier for each completion.
            params.set(JAVA_INT, Layouts.IOP_FLAGS,
                    Libc.IORING_SETUP_CQSIZE | Libc.IORING_SETUP_CLAMP | Libc.IORING_SETUP_SUBMIT_ALL
                            | (reaped ? Libc.IORING_SETUP_COOP_TASKRUN
                                    : Libc.IORING_SETUP_SINGLE_ISSUER | Libc.IORING_SETUP_DEFER_TASKRUN));
            params.set(JAVA_INT, Layouts.IOP_CQ_ENTRIES, entries * 4);
            Scratch s = Scratch.get();
            int fd = (int) Libc.syscall(s.state, Libc.SYS_io_uring_setup, entries, params.address());
            if (fd < 0) {
                throw Errors.of("io_uring_setup", s.errno());
            }
            int features = params.get(JAVA_INT, Layouts.IOP_FEATURES);
            // NODROP: a completion the CQ has no room for waits in the kernel instead of being
            // lost (a lost one would leave its waiter parked forever).
            if ((features & Libc.IORING_FEAT_NODROP) == 0) {
                Libc.close(s.state, fd);
                throw SocketException.of("io_uring_setup", Errno.EOPNOTSUPP,
                        "io_uring without IORING_FEAT_NODROP (kernel older than 5.5)");
            }
            try {
                return new Uring(fd, params, reaped);
            } catch (SocketException | RuntimeException | Error e) {
                Libc.close(s.state, fd);
                throw e;
            }
        }
    }

    private MemorySegment map(long size, long offset) throws SocketException {
        Scratch s = Scratch.get();
        MemorySegment at = Libc.mmap(s.state, MemorySegment.NULL, size, Libc.PROT_READ | Libc.PROT_WRITE,
                Libc.MAP_SHARED | Libc.MAP_POPULATE, fd, offset);
        if (at.address() == -1L) {
            throw Errors.of("mmap", s.errno());
        }
        long address = at.address();
        return at.reinterpret(size, ringArena,
                gone -> Libc.munmap(Scratch.get().state, MemorySegment.ofAddress(address), size));
    }

    /** Fills {@link #supported} from {@code IORING_REGISTER_PROBE}. */
    private void probe() {
        try (Arena arena = Arena.ofConfined()) {
            long opSize = Layouts.IO_URING_PROBE_OP.byteSize();
            MemorySegment p = arena.allocate(Layouts.IO_URING_PROBE.byteSize() + PROBE_OPS * opSize, 8);
            Scratch s = Scratch.get();
            if (Libc.syscall(s.state, Libc.SYS_io_uring_register, fd, Libc.IORING_REGISTER_PROBE, p.address(),
                    PROBE_OPS) < 0) {
                return; // a kernel without the probe (before 5.6): nothing is known to be supported
            }
            int n = Math.min(PROBE_OPS, Byte.toUnsignedInt(p.get(JAVA_BYTE, Layouts.PROBE_OPS_LEN)));
            long ops = Layouts.IO_URING_PROBE.byteSize();
            for (int i = 0; i < n; i++) {
                short flags = p.get(JAVA_SHORT, ops + i * opSize + Layouts.PROBE_OP_FLAGS);
                supported[i] = (flags & Libc.IO_URING_OP_SUPPORTED) != 0;
            }
        }
    }

    /** @return whether the kernel's probe lists {@code opcode} as supported */
    boolean supports(int opcode) {
        return opcode >= 0 && opcode < PROBE_OPS && supported[opcode];
    }

    /** @return whether the kernel shares one mapping between the SQ and CQ rings */
    boolean singleMmap() {
        return singleMmap;
    }

    /** @return the reaper thread (for tests) */
    Thread reaper() {
        return reaper;
    }

    /** @return completions handed out so far */
    long reaped() {
        return reaped;
    }

    /** @return {@code io_uring_enter} calls made to submit so far */
    long submitCalls() {
        return submitCalls;
    }

    // ---- slots ------------------------------------------------------------------------

    /**
     * @return a completion slot of this ring, for one operation at a time, reused by its owner
     *         (a socket keeps one per direction): a recycled one where there is one, so a warm
     *         ring allocates nothing here
     */
    Slot slot() {
        synchronized (slotLock) {
            if (idleCount > 0) {
                Slot s = idle[--idleCount];
                idle[idleCount] = null;
                slots[s.id] = s;
                return s;
            }
            return register(new Slot(this, newId(), slotArena.allocate(Layouts.KERNEL_TIMESPEC)));
        }
    }

    /** @return a multishot slot of this ring, for an operation that completes many times */
    Multishot multishot() {
        synchronized (slotLock) {
            return register(new Multishot(this, newId()));
        }
    }

    private int newId() {
        return freeCount > 0 ? freeIds[--freeCount] : nextId++;
    }

    private <S extends Slot> S register(S s) {
        Slot[] table = slots;
        if (s.id >= table.length) {
            Slot[] bigger = java.util.Arrays.copyOf(table, Math.max(table.length * 2, s.id + 1));
            slots = table = bigger;
        }
        table[s.id] = s;
        return s;
    }

    /** Gives a slot back; it must have no operation in flight. */
    void release(Slot s) {
        if (s.outstanding != 0) {
            throw new IllegalStateException("slot " + s.id + " has an operation in flight");
        }
        synchronized (slotLock) {
            if (slots[s.id] != s) {
                return; // released already
            }
            if (s.getClass() == Slot.class) {
                s.waiter = null;
                if (idleCount == idle.length) {
                    idle = java.util.Arrays.copyOf(idle, idle.length * 2);
                }
                idle[idleCount++] = s; // keeps its number: slots[id] stays null until reused
                slots[s.id] = null;
            } else {
                slots[s.id] = null;
                if (freeCount == freeIds.length) {
                    freeIds = java.util.Arrays.copyOf(freeIds, freeIds.length * 2);
                }
                freeIds[freeCount++] = s.id;
            }
        }
    }

    // ---- submission ---------------------------------------------------------------------

    /**
     * Submits the operation prepared in {@code s} (with its linked timeout, if it has one) on
     * behalf of the calling thread, which becomes the slot's waiter. Refused when
     * {@code handle} is closed: checked under the same lock that orders the SQEs, so an
     * operation is either placed before the cancellation a close submits, or sees the close
     * (see {@link UringOps#close}).
     *
     * @param handle the descriptor the operation works on, or null
     * @return 0, or {@code -EBADF} (the handle is closed) or {@code -ECANCELED} (the ring is
     *         shutting down), with nothing submitted
     */
    int submit(Slot s, FdHandle handle) {
        int n = s.timeoutNanos >= 0 ? 2 : 1;
        s.waiter = Thread.currentThread();
        s.res = 0;
        s.cqeFlags = 0;
        s.timeoutRes = 0;
        s.interrupted = false;
        s.outstanding = n; // before the SQEs exist: the reaper may complete them at once
        sqLock.lock();
        try {
            int refused = closing ? -Errno.ECANCELED : handle != null && handle.isClosed() ? -Errno.EBADF : 0;
            if (refused != 0) {
                s.outstanding = 0;
                return refused;
            }
            reserve(n);
            int t = sqTail;
            long sqe = sqeAt(t);
            writeSqe(sqe, s.opcode, n == 2 ? s.sqeFlags | Libc.IOSQE_IO_LINK : s.sqeFlags, s.ioprio, s.fd, s.off,
                    s.addr, s.len, s.opFlags, s.id, s.spliceFdIn);
            if (n == 2) {
                MemorySegment ts = s.timespec;
                ts.set(JAVA_LONG, 0, s.timeoutNanos / 1_000_000_000L);
                ts.set(JAVA_LONG, 8, s.timeoutNanos % 1_000_000_000L);
                writeSqe(sqeAt(t + 1), Libc.IORING_OP_LINK_TIMEOUT, 0, 0, -1, 0, ts.address(), 1, 0,
                        s.id | TIMEOUT_TAG, 0);
            }
            publish(t + n);
        } finally {
            sqLock.unlock();
        }
        // The reaper, while awake, submits what is published before it waits again (see reap):
        // then the submitter enters no system call. Read after the tail was published, as the
        // reaper reads the tail after clearing its flag, so one of the two sees the other.
        if (!reaperAwake) {
            flush();
        }
        return 0;
    }

    /**
     * Cancels the operation in flight in {@code s} ({@code IORING_OP_ASYNC_CANCEL} by its
     * {@code user_data}); its CQE comes to the slot as usual, {@code -ECANCELED} if the
     * cancellation reached it first. Fire and forget: the cancellation's own CQE is ignored.
     */
    void cancel(Slot s) {
        submitInternal(Libc.IORING_OP_ASYNC_CANCEL, -1, s.id, 0, true);
    }

    /**
     * Cancels every operation in flight on descriptor {@code fd}
     * ({@code IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_ALL}). The caller must hold the
     * descriptor (be inside its handle), so the number is still this file's.
     */
    void cancelFd(int fd) {
        submitInternal(Libc.IORING_OP_ASYNC_CANCEL, fd, 0,
                Libc.IORING_ASYNC_CANCEL_FD | Libc.IORING_ASYNC_CANCEL_ALL, true);
    }

    /** Writes one SQE whose completion nobody waits for; false if the ring is shutting down. */
    private boolean submitInternal(int opcode, int fd, long addr, int opFlags, boolean checkClosing) {
        sqLock.lock();
        try {
            if (checkClosing && closing) {
                return false;
            }
            reserve(1);
            int t = sqTail;
            writeSqe(sqeAt(t), opcode, opcode == Libc.IORING_OP_NOP ? 0 : Libc.IOSQE_CQE_SKIP_SUCCESS, 0, fd, 0,
                    addr, 0, opFlags, opcode == Libc.IORING_OP_NOP ? STOP : IGNORED, 0);
            publish(t + 1);
        } finally {
            sqLock.unlock();
        }
        flush();
        return true;
    }

    private long sqeAt(int tail) {
        return (long) (tail & sqMask) * SQE_SIZE;
    }

    private void writeSqe(long at, int opcode, int flags, int ioprio, int fd, long off, long addr, int len,
            int opFlags, long userData, int spliceFdIn) {
        MemorySegment q = sqes;
        q.set(JAVA_BYTE, at + Layouts.SQE_OPCODE, (byte) opcode);
        q.set(JAVA_BYTE, at + Layouts.SQE_FLAGS, (byte) flags);
        q.set(JAVA_SHORT, at + Layouts.SQE_IOPRIO, (short) ioprio);
        q.set(JAVA_INT, at + Layouts.SQE_FD, fd);
        q.set(JAVA_LONG, at + Layouts.SQE_OFF, off);
        q.set(JAVA_LONG, at + Layouts.SQE_ADDR, addr);
        q.set(JAVA_INT, at + Layouts.SQE_LEN, len);
        q.set(JAVA_INT, at + Layouts.SQE_OP_FLAGS, opFlags);
        q.set(JAVA_LONG, at + Layouts.SQE_USER_DATA, userData);
        q.set(JAVA_LONG, at + Layouts.SQE_USER_DATA + 8, 0L); // buf_index, personality
        q.set(JAVA_INT, at + Layouts.SQE_SPLICE_FD_IN, spliceFdIn);
        q.set(JAVA_LONG, at + Layouts.SQE_ADDR3, 0L);
        q.set(JAVA_LONG, at + Layouts.SQE_ADDR3 + 8, 0L);
    }

    /** Makes the SQEs up to {@code tail} the kernel's. Under {@link #sqLock}. */
    private void publish(int tail) {
        sqTail = tail;
        INT.setVolatile(sq, sqTailOff, tail);
    }

    /** Waits, under {@link #sqLock}, for room for {@code n} SQEs, submitting what is there to make it. */
    private void reserve(int n) {
        while (sqTail - (int) INT.getAcquire(sq, sqHead) > sqEntries - n) {
            enterToSubmit(sqTail - (int) INT.getAcquire(sq, sqHead));
        }
    }

    /** @return SQEs published and not yet consumed by the kernel */
    private int unsubmitted() {
        return (int) INT.getVolatile(sq, sqTailOff) - (int) INT.getAcquire(sq, sqHead);
    }

    /**
     * Submits every published SQE, unless another thread is doing so: that one sees ours too,
     * since it looks again after releasing its flag.
     */
    private void flush() {
        while (!closed && FLUSHING.compareAndSet(this, false, true)) {
            try {
                if (closed) {
                    return;
                }
                for (int n = unsubmitted(); n > 0; n = unsubmitted()) {
                    enterToSubmit(n);
                }
            } finally {
                FLUSHING.setVolatile(this, false);
            }
            if (closed || unsubmitted() == 0) {
                return;
            }
        }
    }

    /** One {@code io_uring_enter} submitting up to {@code n} SQEs; retried on EINTR, paused on EAGAIN/EBUSY. */
    private void enterToSubmit(int n) {
        Scratch s = Scratch.forAttempt();
        try {
            long r = Libc.syscall(s.state, Libc.SYS_io_uring_enter, fd, n, 0, 0, 0, 0);
            submitCalls++; // racy count, for measurements only
            if (r >= 0) {
                return;
            }
            int errno = s.errno();
            if (errno == Errno.EINTR) {
                return; // the caller looks again
            }
            if (errno != Errno.EAGAIN && errno != Errno.EBUSY) {
                throw new IllegalStateException("io_uring_enter(submit " + n + ") failed: " + Errors.strerror(errno));
            }
        } finally {
            s.release();
        }
        // EAGAIN/EBUSY: the kernel is short of memory for requests, or completions wait in its
        // overflow list until the reaper has read the CQ; let it.
        LockSupport.parkNanos(50_000);
    }

    // ---- an own ring: one platform thread submits and waits itself --------------------------

    /** @return the slot an own ring's operations are prepared in */
    Slot own() {
        return own;
    }

    /**
     * Runs the operation prepared in {@link #own()} on an own ring: submits it (with its linked
     * timeout) and waits for its completions in the same {@code io_uring_enter}, as a blocking
     * system call waits. The wait is registered with {@code handle} as a blocking call is
     * ({@link FdHandle#enterKernel}), so a close() interrupts it with a signal; the operation is
     * then cancelled here, and its completion awaited, before the call returns. Java interrupts
     * do not end the wait (as for a platform thread blocked in a system call).
     *
     * @param handle the descriptor's handle, entered by the caller; null for none
     * @param sc     the calling thread's scratch
     * @return the operation's {@code res}; {@code -ETIME} if its linked timeout ended it;
     *         {@code -EBADF} if the handle was closed before it completed
     */
    int runOwn(FdHandle handle, Scratch sc) {
        Slot s = own;
        int n = s.timeoutNanos >= 0 ? 2 : 1;
        s.res = 0;
        s.cqeFlags = 0;
        s.timeoutRes = 0;
        s.outstanding = n;
        int t = sqTail;
        writeSqe(sqeAt(t), s.opcode, n == 2 ? s.sqeFlags | Libc.IOSQE_IO_LINK : s.sqeFlags, s.ioprio, s.fd, s.off,
                s.addr, s.len, s.opFlags, s.id, s.spliceFdIn);
        if (n == 2) {
            MemorySegment ts = s.timespec;
            ts.set(JAVA_LONG, 0, s.timeoutNanos / 1_000_000_000L);
            ts.set(JAVA_LONG, 8, s.timeoutNanos % 1_000_000_000L);
            writeSqe(sqeAt(t + 1), Libc.IORING_OP_LINK_TIMEOUT, 0, 0, -1, 0, ts.address(), 1, 0, s.id | TIMEOUT_TAG, 0);
        }
        publish(t + n);
        boolean cancelled = false;
        for (;;) {
            boolean open = handle == null || handle.enterKernel(sc);
            long r;
            try {
                if (!open && !cancelled) {
                    cancelled = true; // closed: the operation goes, its completion still comes
                    int c = sqTail;
                    writeSqe(sqeAt(c), Libc.IORING_OP_ASYNC_CANCEL, Libc.IOSQE_CQE_SKIP_SUCCESS, 0, -1, 0, s.id, 0, 0,
                            IGNORED, 0);
                    publish(c + 1);
                }
                r = open || cancelled
                        ? Libc.syscall(sc.state, Libc.SYS_io_uring_enter, fd, unsubmitted(), 1,
                                Libc.IORING_ENTER_GETEVENTS, 0, 0)
                        : 0;
            } finally {
                if (handle != null) {
                    handle.leaveKernel(sc);
                }
            }
            if (r < 0) {
                int errno = sc.errno();
                if (errno != Errno.EINTR && errno != Errno.EAGAIN && errno != Errno.EBUSY) {
                    throw new IllegalStateException("io_uring_enter failed: " + Errors.strerror(errno));
                }
            }
            reapOwn();
            if (s.outstanding == 0) {
                break;
            }
        }
        if (cancelled || (handle != null && handle.isClosed() && s.res == -Errno.ECANCELED)) {
            return s.res >= 0 ? s.res : -Errno.EBADF;
        }
        return s.timedOut() ? -Errno.ETIME : s.res;
    }

    /** {@link #closeOwn}'s answer when the kernel did not take the close: the caller makes it a system call. */
    static final int NOT_TAKEN = Integer.MIN_VALUE;

    /**
     * {@code close(fd)} as {@code IORING_OP_CLOSE} on an own ring. The kernel closes a socket
     * while it takes the SQE (nothing to wait for), so the close is taken or not by this
     * {@code io_uring_enter}: when it took none (an error before submission), the SQE is
     * taken back, which only the ring's one thread can do, and the caller closes by system
     * call; a close is never made twice, nor left in the ring to reach a reused number later.
     *
     * @return the close's {@code res} (0 or {@code -errno}; never retried, as close(2)), or
     *         {@link #NOT_TAKEN}
     */
    int closeOwn(int descriptor, Scratch sc) {
        Slot s = own;
        s.res = 0;
        s.cqeFlags = 0;
        s.timeoutRes = 0;
        s.timeoutNanos = -1;
        s.outstanding = 1;
        int t = sqTail;
        writeSqe(sqeAt(t), Libc.IORING_OP_CLOSE, 0, 0, descriptor, 0, 0, 0, 0, s.id, 0);
        publish(t + 1);
        long r = Libc.syscall(sc.state, Libc.SYS_io_uring_enter, fd, 1, 1, Libc.IORING_ENTER_GETEVENTS, 0, 0);
        if (r < 1 && (int) INT.getAcquire(sq, sqHead) == t) {
            publish(t); // not taken: back out of the ring
            s.outstanding = 0;
            return NOT_TAKEN;
        }
        for (;;) {
            reapOwn();
            if (s.outstanding == 0) {
                return s.res;
            }
            // taken, its completion not read yet (the wait was interrupted): wait for it
            Libc.syscall(sc.state, Libc.SYS_io_uring_enter, fd, 0, 1, Libc.IORING_ENTER_GETEVENTS, 0, 0);
        }
    }

    /** Reads an own ring's CQEs into its slot (the calling thread is the only reader). */
    private void reapOwn() {
        int head = (int) INT.getAcquire(cq, cqHead);
        int tail = (int) INT.getAcquire(cq, cqTail);
        if (head == tail) {
            return;
        }
        Slot s = own;
        do {
            long at = cqes + (long) (head & cqMask) * CQE_SIZE;
            long userData = cq.get(JAVA_LONG, at + Layouts.CQE_USER_DATA);
            if (userData != IGNORED) {
                int res = cq.get(JAVA_INT, at + Layouts.CQE_RES);
                if ((userData & TIMEOUT_TAG) != 0) {
                    s.timeoutRes = res;
                } else {
                    s.res = res;
                    s.cqeFlags = cq.get(JAVA_INT, at + Layouts.CQE_FLAGS);
                }
                s.outstanding--;
            }
            head++;
        } while (head != tail);
        INT.setRelease(cq, cqHead, head);
    }

    // ---- completion ---------------------------------------------------------------------

    /**
     * Whether the reaper is between two waits, handing out completions: it submits what was
     * published meanwhile before it waits again, so submitters need not enter the kernel.
     */
    private volatile boolean reaperAwake;

    private void reap() {
        Scratch s = Scratch.get();
        int head = (int) INT.getAcquire(cq, cqHead);
        for (;;) {
            int tail = (int) INT.getAcquire(cq, cqTail);
            if (head == tail) {
                // Going to wait: from now on submitters flush themselves; what they published
                // before they could see that goes with this wait's io_uring_enter.
                reaperAwake = false;
                int pending = unsubmitted();
                // Also flushes completions from the kernel's overflow list into the CQ.
                long r = Libc.syscall(s.state, Libc.SYS_io_uring_enter, fd, pending, 1, Libc.IORING_ENTER_GETEVENTS, 0, 0);
                reaperAwake = true;
                if (r < 0) {
                    int errno = s.errno();
                    if (errno != Errno.EINTR && errno != Errno.EAGAIN && errno != Errno.EBUSY) {
                        // Nothing else is expected; pause rather than spin, and go on reaping.
                        LockSupport.parkNanos(1_000_000);
                    }
                }
                continue;
            }
            if (unsubmitted() > 0) {
                // Published while this reaper was awake: submitted now, before the completions
                // are handed out (their waiters' next operations will be published meanwhile).
                Libc.syscall(s.state, Libc.SYS_io_uring_enter, fd, unsubmitted(), 0, 0, 0, 0);
            }
            boolean stop = false;
            long count = 0;
            do {
                long at = cqes + (long) (head & cqMask) * CQE_SIZE;
                long userData = cq.get(JAVA_LONG, at + Layouts.CQE_USER_DATA);
                int res = cq.get(JAVA_INT, at + Layouts.CQE_RES);
                int flags = cq.get(JAVA_INT, at + Layouts.CQE_FLAGS);
                head++;
                count++;
                if (userData == STOP) {
                    stop = true;
                } else if (userData != IGNORED) {
                    Slot slot = slots[(int) userData];
                    if (slot != null) {
                        slot.complete((userData & TIMEOUT_TAG) != 0, res, flags);
                    }
                }
            } while (head != tail);
            INT.setRelease(cq, cqHead, head);
            reaped += count; // the reaper is the only writer
            if (stop) {
                return;
            }
        }
    }

    /** @return completions the kernel had to keep in its overflow list so far ({@code cq_ring->overflow}) */
    int overflow() {
        return (int) INT.getAcquire(cq, cqOverflow);
    }

    /** @return {@code sq_ring->flags} (e.g. {@link Libc#IORING_SQ_CQ_OVERFLOW}) */
    int sqFlags() {
        return (int) INT.getAcquire(sq, sqFlags);
    }

    // ---- shutdown -----------------------------------------------------------------------

    /**
     * Shuts the ring down: refuses new operations, cancels the ones in flight and waits (up
     * to 10 s) until every slot has its completions, stops and joins the reaper, unmaps the
     * rings, closes the descriptor. Idempotent.
     *
     * @throws IllegalStateException when operations did not end in time (the ring then stays
     *                               open, its reaper running, so no waiter is left without its completion)
     */
    @Override
    public void close() {
        sqLock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
        } finally {
            sqLock.unlock();
        }
        if (reaper == null) { // an own ring: its thread has nothing in flight between two calls
            closed = true;
            ringArena.close();
            slotArena.close();
            Libc.close(Scratch.get().state, fd);
            return;
        }
        submitInternal(Libc.IORING_OP_ASYNC_CANCEL, -1, 0, Libc.IORING_ASYNC_CANCEL_ANY, false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long pause = 10_000;
        while (busySlots() > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(busySlots() + " io_uring operations did not end in 10 s");
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 5_000_000);
        }
        submitInternal(Libc.IORING_OP_NOP, -1, 0, 0, false);
        boolean interrupted = false;
        while (reaper.isAlive()) {
            try {
                reaper.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        // No flusher may touch the rings from here: take the flag for good.
        while (!FLUSHING.compareAndSet(this, false, true)) {
            LockSupport.parkNanos(10_000);
        }
        closed = true;
        ringArena.close(); // munmap
        slotArena.close();
        Libc.close(Scratch.get().state, fd);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return slots with an operation in flight */
    int busySlots() {
        int busy = 0;
        for (Slot s : slots) {
            if (s != null && s.outstanding != 0) {
                busy++;
            }
        }
        return busy;
    }

    /** @return whether {@link #close} has begun */
    boolean isClosing() {
        return closing;
    }

    // ---- slots ---------------------------------------------------------------------------

    /**
     * Where one operation's completion lands: the operation to submit (set by the
     * {@code prep} methods), then its result ({@code res}: a count, a descriptor, 0, or
     * {@code -errno}) and, for an operation with a linked timeout, the timeout's own result.
     * One operation at a time; reused for the next without allocation.
     *
     * <p>Fields are written by the owner before {@link #submit} and by the reaper before it
     * writes {@code outstanding} (volatile); the owner reads them after reading
     * {@code outstanding} as 0.
     */
    static class Slot {
        final Uring ring;
        final int id;
        final MemorySegment timespec;

        int opcode;
        int sqeFlags;
        int ioprio;
        int fd;
        long off;
        long addr;
        int len;
        int opFlags;
        int spliceFdIn;
        /** Linked timeout in nanoseconds, or -1 for none. */
        long timeoutNanos = -1;

        volatile Thread waiter;
        /** CQEs still to come for the operation in flight; 0 when idle. */
        volatile int outstanding;
        int res;
        int cqeFlags;
        int timeoutRes;
        /** Whether the waiter was interrupted and cancelled the operation. */
        boolean interrupted;
        /** Submissions of the current call so far (UringOps resubmits an operation cancelled by nobody). */
        int attempts;

        Slot(Uring ring, int id, MemorySegment timespec) {
            this.ring = ring;
            this.id = id;
            this.timespec = timespec;
        }

        /** Prepares the next operation: the common SQE fields, the rest zero, no timeout. */
        final Slot prep(int opcode, int fd, long addr, int len, long off) {
            this.opcode = opcode;
            this.fd = fd;
            this.addr = addr;
            this.len = len;
            this.off = off;
            this.sqeFlags = 0;
            this.ioprio = 0;
            this.opFlags = 0;
            this.spliceFdIn = 0;
            this.timeoutNanos = -1;
            return this;
        }

        /** The operation's flags ({@code msg_flags}, {@code accept_flags}, {@code cancel_flags}...). */
        final Slot opFlags(int flags) {
            this.opFlags = flags;
            return this;
        }

        final Slot ioprio(int ioprio) {
            this.ioprio = ioprio;
            return this;
        }

        /** A relative timeout linked to the operation ({@code IORING_OP_LINK_TIMEOUT}); -1 for none. */
        final Slot timeout(long nanos) {
            this.timeoutNanos = nanos;
            return this;
        }

        /** The reaper's: one CQE for this slot. */
        void complete(boolean timeout, int res, int flags) {
            if (timeout) {
                timeoutRes = res;
            } else {
                this.res = res;
                this.cqeFlags = flags;
            }
            Thread w = waiter; // read before the owner can see 0 and reuse the slot
            int left = outstanding - 1; // the reaper is the only writer while CQEs are due
            outstanding = left;
            if (left == 0 && w != null) {
                LockSupport.unpark(w);
            }
        }

        /**
         * Parks until every CQE of the operation in flight has come. If the thread is
         * interrupted meanwhile, the operation is cancelled (its result then tells whether it
         * ended first) and the interrupt status is kept.
         *
         * @return the operation's {@code res}
         */
        final int await() {
            boolean wasInterrupted = false;
            while (outstanding != 0) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    if (!wasInterrupted && outstanding != 0) {
                        ring.cancel(this);
                    }
                    wasInterrupted = true;
                }
            }
            if (wasInterrupted) {
                interrupted = true;
                Thread.currentThread().interrupt();
            }
            return res;
        }

        /** @return whether the linked timeout ended the operation: it got {@code -ECANCELED}, the timeout {@code -ETIME} */
        final boolean timedOut() {
            return timeoutNanos >= 0 && res == -Errno.ECANCELED && timeoutRes == -Errno.ETIME;
        }

        /** Gives the slot back to its ring. */
        final void release() {
            ring.release(this);
        }
    }

    /**
     * A slot for a multishot operation (multishot accept): each CQE flagged
     * {@code IORING_CQE_F_MORE} is queued for {@link #take}; the one without it ends the
     * operation.
     */
    static final class Multishot extends Slot {
        private int[] queue = new int[16];
        private int first;
        private int size;
        private boolean ended;

        Multishot(Uring ring, int id) {
            super(ring, id, MemorySegment.NULL);
        }

        @Override
        void complete(boolean timeout, int res, int flags) {
            boolean more = (flags & Libc.IORING_CQE_F_MORE) != 0;
            Thread w = waiter;
            synchronized (this) {
                if (res >= 0 || !more) {
                    if (size == queue.length) {
                        int[] bigger = new int[size * 2];
                        for (int i = 0; i < size; i++) {
                            bigger[i] = queue[(first + i) % queue.length];
                        }
                        queue = bigger;
                        first = 0;
                    }
                    queue[(first + size++) % queue.length] = res;
                }
                if (!more) {
                    ended = true;
                    this.res = res;
                }
            }
            if (!more) {
                outstanding = 0;
            }
            if (w != null) {
                LockSupport.unpark(w);
            }
        }

        /**
         * Waits for the next result: a descriptor, or, once the operation ended, its last
         * result ({@code -errno}) again and again.
         */
        int take() {
            waiter = Thread.currentThread();
            for (;;) {
                synchronized (this) {
                    if (size > 0) {
                        int r = queue[first];
                        if (size > 1 || !ended || r >= 0) {
                            first = (first + 1) % queue.length;
                            size--;
                        }
                        return r;
                    }
                    if (ended) {
                        return res;
                    }
                }
                LockSupport.park(this);
            }
        }

        /** @return the results queued and not taken (descriptors the caller must close) */
        synchronized int[] drain() {
            int n = 0;
            int[] out = new int[size];
            for (; size > 0; size--) {
                int r = queue[first];
                first = (first + 1) % queue.length;
                if (r >= 0) {
                    out[n++] = r;
                }
            }
            return java.util.Arrays.copyOf(out, n);
        }

        synchronized boolean ended() {
            return ended;
        }
    }
}
