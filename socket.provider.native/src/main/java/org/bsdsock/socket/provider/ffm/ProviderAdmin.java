package org.bsdsock.socket.provider.ffm;

import java.util.List;
import org.bsdsock.socket.api.SocketAdmin;
import org.bsdsock.socket.api.SocketInfo;

/**
 * A provider bundle's administrative view as a service of its own: every socket of every
 * instance of the provider (this bundle's copy of the classes), without being a provider
 * instance. Registered as a singleton beside the bundle-scoped {@code SocketModule}, so that
 * looking at a provider's sockets ({@code socket:ls}) does not make the looking bundle a user of
 * that provider: an instance serving a bundle adopts the bundle's sockets at a hand-over, and
 * a bundle that only looks must not keep one (its sockets would stay on, or move to, the
 * provider it looks at rather than the one it uses).
 */
public abstract class ProviderAdmin implements SocketAdmin {
    private final Engine engine;

    /** @param engine the provider's engine, which names it */
    protected ProviderAdmin(Engine engine) {
        this.engine = engine;
    }

    @Override
    public String provider() {
        return engine.provider();
    }

    @Override
    public List<SocketInfo> sockets() {
        return SocketRegistry.allSockets();
    }

    @Override
    public boolean closeSocket(int fd) {
        return SocketRegistry.closeFd(fd);
    }
}
