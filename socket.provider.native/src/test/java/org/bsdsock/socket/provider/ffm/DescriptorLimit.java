package org.bsdsock.socket.provider.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test JVM's descriptor limit ({@code RLIMIT_NOFILE}), for tests of what happens when no descriptor is left. */
final class DescriptorLimit {
    private DescriptorLimit() {
    }

    /** {@code RLIMIT_NOFILE} in {@code <sys/resource.h>} (the same on x86-64 and aarch64). */
    private static final int RLIMIT_NOFILE = 7;

    /** @return the soft and hard limits, from {@code /proc/self/limits} */
    static long[] current() throws Exception {
        String[] f = Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow().trim().split("\\s+");
        return new long[] {Long.parseLong(f[3]), Long.parseLong(f[4])};
    }

    /** @return the descriptors open now (the listing's own is closed again before this returns) */
    static long open() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /** Sets the limits with {@code setrlimit(2)}: no process to spawn, which would need descriptors. */
    static void set(long soft, long hard) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle setrlimit = linker.downcallHandle(linker.defaultLookup().find("setrlimit").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rlim = arena.allocate(16, 8); // struct rlimit { rlim_t rlim_cur, rlim_max; }
            rlim.set(ValueLayout.JAVA_LONG, 0, soft);
            rlim.set(ValueLayout.JAVA_LONG, 8, hard);
            assertEquals(0, (int) setrlimit.invokeExact(RLIMIT_NOFILE, rlim), "setrlimit");
        }
    }
}
