package org.bsdsock.socket.attack;

import java.util.ServiceLoader;
import org.bsdsock.socket.api.SocketModule;

/**
 * The module under attack, found as a program outside OSGi finds it: through
 * {@link ServiceLoader}, so only the public API ({@code socket.api}) is used and the provider's
 * inside may change freely.
 */
final class Provider {
    private Provider() {
    }

    private static final SocketModule MODULE = ServiceLoader.load(SocketModule.class).findFirst()
            .orElseThrow(() -> new IllegalStateException("no SocketModule on the class path"));

    /** @return the one module instance of this JVM */
    static SocketModule module() {
        return MODULE;
    }
}
