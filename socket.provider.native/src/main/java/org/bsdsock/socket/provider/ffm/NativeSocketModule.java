package org.bsdsock.socket.provider.ffm;

import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The socket module on the Linux kernel, through libc and the FFM API. A DS component
 * publishing {@link SocketModule}; outside OSGi, {@link java.util.ServiceLoader} finds it.
 *
 * <p>Deactivation (the bundle stopping, or the component being disabled) closes every socket
 * this instance made and wakes every thread blocked on one.
 */
@Component(service = SocketModule.class, immediate = true, property = "provider=native")
public final class NativeSocketModule implements SocketModule, AutoCloseable {
    private final SocketRegistry registry = new SocketRegistry();

    /** Creates a module; DS and {@link java.util.ServiceLoader} call this. */
    public NativeSocketModule() {
    }

    /**
     * Closes every socket this instance made, waking their blocked callers, and refuses new
     * ones. DS calls it on deactivation; outside OSGi, the owner of the instance does.
     */
    @Deactivate
    @Override
    public void close() {
        registry.closeAll();
    }

    /** @return how many sockets this provider instance holds open */
    public int openSockets() {
        return registry.openCount();
    }

    @Override
    public SocketType socket(int family, int type, int proto) throws SocketException {
        if (registry.isClosed()) {
            throw new SocketException("socket", 0, "socket provider stopped");
        }
        Scratch s = Scratch.get();
        int fd = Libc.socket(s.state, family, type | NativeSocket.TYPE_FLAGS, proto);
        if (fd < 0) {
            throw Errors.of("socket", s.errno());
        }
        return new NativeSocket(registry, fd, family, type, proto, registry.defaultTimeoutNanos());
    }
}
