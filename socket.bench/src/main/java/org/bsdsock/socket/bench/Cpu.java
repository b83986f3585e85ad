package org.bsdsock.socket.bench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The process's CPU time as the kernel accounts it ({@code getrusage(RUSAGE_SELF)}): every
 * thread of this JVM, the JIT compiler and the garbage collector included, as for the C
 * program. Read at the start and the end of a measured window.
 */
record Cpu(double user, double sys) {
    // int getrusage(int who, struct rusage *usage); struct rusage starts with two struct
    // timeval (tv_sec, tv_usec: two longs each on LP64), then 14 longs: 144 bytes.
    private static final MethodHandle GETRUSAGE = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("getrusage").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final int RUSAGE_SELF = 0;
    private static final long RUSAGE_SIZE = 144;

    /** Not measured (a run of exact operation counts). */
    static final Cpu NONE = new Cpu(Double.NaN, Double.NaN);

    /** @return the user and system CPU seconds this process has used so far */
    static Cpu now() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment u = arena.allocate(RUSAGE_SIZE, 8);
            if ((int) GETRUSAGE.invokeExact(RUSAGE_SELF, u) != 0) {
                throw new IllegalStateException("getrusage failed");
            }
            return new Cpu(u.get(JAVA_LONG, 0) + u.get(JAVA_LONG, 8) / 1e6,
                    u.get(JAVA_LONG, 16) + u.get(JAVA_LONG, 24) / 1e6);
        } catch (Throwable t) {
            throw new IllegalStateException("getrusage", t);
        }
    }

    /** @return the CPU time used from {@code start} to this reading */
    Cpu since(Cpu start) {
        return new Cpu(user - start.user, sys - start.sys);
    }
}
