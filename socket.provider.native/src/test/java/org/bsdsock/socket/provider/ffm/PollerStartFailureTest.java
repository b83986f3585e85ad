package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * At the descriptor limit, a virtual thread's first wait cannot start the pollers: that is
 * reported as the poller's failure ({@code epoll_create1} or {@code eventfd}, {@code EMFILE}),
 * not as the call's, and the provider works again once descriptors are free.
 */
@Tag("reliability")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PollerStartFailureTest {
    private static long openDescriptors() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /** {@code RLIMIT_NOFILE} in {@code <sys/resource.h>} (the same on x86-64 and aarch64). */
    private static final int RLIMIT_NOFILE = 7;

    /** Sets the soft descriptor limit with {@code setrlimit(2)}: no process to spawn, which would need descriptors. */
    private static void limit(long soft, long hard) throws Throwable {
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

    @Test
    void aPollerThatCannotStartIsReportedAsThePollersFailure() throws Throwable {
        assumeTrue(Pollers.users() == 0, "the pollers run for another test: this one needs them stopped");
        String[] limits = Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow().trim().split("\\s+");
        long soft = Long.parseLong(limits[3]);
        long hard = Long.parseLong(limits[4]);
        NativeSocketModule module = TestEngine.module();
        SocketType l = module.socket(AF_INET, SOCK_STREAM);
        l.bind(new InetAddr("127.0.0.1", 0));
        l.listen(1);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        try {
            // room for nothing more: the accept's wait needs an epoll and an eventfd
            limit(openDescriptors(), hard);
            Thread.ofVirtual().start(() -> {
                try {
                    l.accept();
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            Throwable t = outcome.get(10, TimeUnit.SECONDS);
            assertTrue(t instanceof SocketException, String.valueOf(t));
            SocketException e = (SocketException) t;
            assertEquals(Errno.EMFILE, e.errno(), e.getMessage());
            assertTrue(e.call().equals("epoll_create1") || e.call().equals("eventfd"), "reported as " + e.getMessage());
        } finally {
            limit(soft, hard);
        }
        // descriptors free again: the next wait starts the pollers
        CompletableFuture<Throwable> again = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                l.accept().conn().close();
                again.complete(null);
            } catch (Throwable t) {
                again.complete(t);
            }
        });
        try (SocketType c = module.socket(AF_INET, SOCK_STREAM)) {
            c.connect(l.getsockname());
            assertEquals(null, again.get(10, TimeUnit.SECONDS));
        }
        l.close();
        module.close();
    }
}
