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

    /** Zeroed native memory that lives as long as the benchmark's JVM (one fork). */
    static MemorySegment nativeBytes(long size) {
        return Arena.global().allocate(size, 8);
    }

    /** A fresh AF_UNIX socket path in a new temporary directory. */
    static Path socketPath() throws java.io.IOException {
        return Files.createTempDirectory("socket-jmh").resolve("s");
    }
}
