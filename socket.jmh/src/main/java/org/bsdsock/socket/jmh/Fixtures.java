package org.bsdsock.socket.jmh;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.bsdsock.socket.api.SocketModule;

/** What every benchmark's setup shares: our module (through the public API) and native memory. */
final class Fixtures {
    private Fixtures() {
    }

    private static final SocketModule MODULE = ServiceLoader.load(SocketModule.class).findFirst().orElseThrow();

    static SocketModule module() {
        return MODULE;
    }

    private static SocketModule uring;

    /**
     * The same provider on its io_uring engine, made once per fork through the provider's
     * protected constructor {@code NativeSocketModule(String owner, Engine engine)}: reflection,
     * as in socket.bench, rather than a public door into the provider made for a benchmark.
     */
    static synchronized SocketModule uringModule() {
        if (uring == null) {
            try {
                Class<?> module = Class.forName("org.bsdsock.socket.provider.ffm.NativeSocketModule");
                @SuppressWarnings({"unchecked", "rawtypes"})
                Class<Enum> engines = (Class<Enum>) Class.forName("org.bsdsock.socket.provider.ffm.Engine");
                @SuppressWarnings("unchecked")
                Object e = Enum.valueOf(engines, "URING");
                var make = module.getDeclaredConstructor(String.class, engines);
                make.setAccessible(true);
                uring = (SocketModule) make.newInstance("classpath", e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the provider's io_uring engine cannot be made", e);
            }
        }
        return uring;
    }

    /** Zeroed native memory that lives as long as the benchmark's JVM (one fork). */
    static MemorySegment nativeBytes(long size) {
        return Arena.global().allocate(size, 8);
    }

    /** A fresh AF_UNIX socket path in a new temporary directory. */
    static Path socketPath() throws java.io.IOException {
        return Files.createTempDirectory("socket-jmh").resolve("s");
    }
}
