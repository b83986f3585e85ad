package org.bsdsock.socket.provider.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.bsdsock.socket.api.SocketModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh provider per test, used through the {@link SocketModule} interface, and closed after
 * it with a check that the test left no socket open; a temporary directory for AF_UNIX paths.
 */
abstract class ProviderFixture {
    protected final NativeSocketModule impl = TestEngine.module();
    protected final SocketModule module = impl;

    @TempDir
    protected Path tmp;

    @AfterEach
    void closeProvider() {
        impl.close();
        assertEquals(0, impl.openSockets(), "sockets left open");
    }
}
