package org.bsdsock.socket.jmh;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What a wrapper adds around a system call, one mechanism at a time and without the system
 * call (whose cost would drown a few ns): FFM downcalls of libc's {@code abs} (no system call)
 * normal or critical, with or without {@code errno} capture; and models of the provider's
 * per-call bookkeeping, built the same way (the provider's classes are not public): the
 * descriptor handle's enter/leave on one atomic int, a virtual thread's claim and release of
 * its CPU's scratch lane ({@code sched_getcpu}, a CAS, a release store), a thread-local read.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class Mechanisms {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MemorySegment ABS_SYMBOL = LINKER.defaultLookup().find("abs").orElseThrow();
    private static final FunctionDescriptor INT_INT = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);
    private static final MethodHandle ABS = LINKER.downcallHandle(ABS_SYMBOL, INT_INT);
    private static final MethodHandle ABS_CRITICAL = LINKER.downcallHandle(ABS_SYMBOL, INT_INT, CRITICAL);
    private static final MethodHandle ABS_ERRNO = LINKER.downcallHandle(ABS_SYMBOL, INT_INT, ERRNO);
    private static final MethodHandle ABS_CRITICAL_ERRNO = LINKER.downcallHandle(ABS_SYMBOL, INT_INT, ERRNO, CRITICAL);
    // int sched_getcpu(void); critical, as the provider declares it
    private static final MethodHandle SCHED_GETCPU = LINKER.downcallHandle(
            LINKER.defaultLookup().find("sched_getcpu").orElseThrow(), FunctionDescriptor.of(JAVA_INT), CRITICAL);

    private static final int CLOSED = Integer.MIN_VALUE;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Mechanisms.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;
    private int x = -42;
    private final MemorySegment callState = Fixtures.nativeBytes(Bare.STATE_SIZE);
    private final AtomicIntegerArray taken = new AtomicIntegerArray(8 * 16);
    private static final ThreadLocal<int[]> LOCAL = ThreadLocal.withInitial(() -> new int[1]);

    @Benchmark
    public int mech_downcall() throws Throwable {
        return (int) ABS.invokeExact(x);
    }

    @Benchmark
    public int mech_downcall_critical() throws Throwable {
        return (int) ABS_CRITICAL.invokeExact(x);
    }

    @Benchmark
    public int mech_downcall_errno() throws Throwable {
        return (int) ABS_ERRNO.invokeExact(callState, x);
    }

    @Benchmark
    public int mech_downcall_critical_errno() throws Throwable {
        return (int) ABS_CRITICAL_ERRNO.invokeExact(callState, x);
    }

    /** The descriptor handle's bookkeeping around each call: a CAS to enter, an atomic add to leave. */
    @Benchmark
    public int mech_handle_enter_leave() {
        int s;
        do {
            s = state;
            if (s < 0) {
                throw new IllegalStateException("closed");
            }
        } while (!STATE.compareAndSet(this, s, s + 1));
        return (int) STATE.getAndAdd(this, -1) - 1 == CLOSED ? 1 : 0;
    }

    @Benchmark
    public int mech_sched_getcpu() throws Throwable {
        return (int) SCHED_GETCPU.invokeExact();
    }

    /** A virtual thread's lane claim and release around an attempt: its CPU, a CAS, a release store. */
    @Benchmark
    public int mech_lane_claim_release() throws Throwable {
        int i = ((int) SCHED_GETCPU.invokeExact()) & 7;
        if (!taken.compareAndSet(i * 16, 0, 1)) {
            return -1;
        }
        taken.setRelease(i * 16, 0);
        return i;
    }

    @Benchmark
    public int[] mech_thread_local() {
        return LOCAL.get();
    }
}
