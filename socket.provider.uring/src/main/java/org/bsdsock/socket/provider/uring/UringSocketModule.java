package org.bsdsock.socket.provider.uring;

import org.bsdsock.socket.provider.ffm.Engine;
import org.bsdsock.socket.provider.ffm.NativeSocketModule;

/**
 * The socket module on the io_uring engine, for use outside OSGi: {@link java.util.ServiceLoader}
 * finds it in the {@code socket.provider.uring} jar (that jar's only {@code SocketModule} entry),
 * through this public no-argument constructor, and its owner closes it. The same module as
 * {@code socket.provider.native}'s {@link NativeSocketModule}, but for how its sockets wait:
 * through io_uring completions ({@link Engine#URING}) instead of epoll readiness.
 *
 * <p>The two jars carry the same provider classes: put one of them on a module path, not both
 * (a split package); on a class path the first jar's {@code ServiceLoader} entry comes first.
 */
public class UringSocketModule extends NativeSocketModule {
    /** The provider's name, as its {@code provider} service property and {@link #provider()} say. */
    public static final String PROVIDER = "uring";

    /** Creates a module for use outside OSGi; {@link java.util.ServiceLoader} calls this. */
    public UringSocketModule() {
        super("classpath", Engine.URING);
    }
}
