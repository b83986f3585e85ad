package org.bsdsock.socket.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The socket module: the seed's module-level functions and the {@code socket()} factory,
 * published as an OSGi service (and found through {@link java.util.ServiceLoader} outside
 * OSGi).
 *
 * <p>Thread safety: every method may be called from any number of threads at once.
 *
 * <p>Sockets belong to the provider that made them: when a provider goes away (its bundle
 * stops), every socket it made is closed and every call blocked on one fails.
 */
@ProviderType
public interface SocketModule {

    /**
     * Creates a socket, as {@code socket(family, type, 0)}.
     *
     * @see #socket(int, int, int)
     */
    default SocketType socket(int family, int type) throws SocketException {
        return socket(family, type, 0);
    }

    /**
     * Creates a new socket with the given address family, socket type and protocol number
     * (POSIX {@code socket(2)}). The socket starts in blocking mode (its timeout is
     * {@code None}); its descriptor is close-on-exec.
     *
     * @param family an address family, {@code AF_INET} or {@code AF_UNIX} ({@link SocketConstants})
     * @param type   a socket type, {@code SOCK_STREAM}, {@code SOCK_DGRAM} or another {@code SOCK_*}
     * @param proto  a protocol number, usually 0 (the default for family and type)
     * @return the new socket, owned by the caller, who must close it
     * @throws SocketException with {@code EAFNOSUPPORT}, {@code EINVAL}, {@code EPROTONOSUPPORT},
     *                         {@code EACCES}/{@code EPERM} (e.g. {@code SOCK_RAW} without
     *                         privilege), {@code EMFILE}, {@code ENFILE}, {@code ENOBUFS},
     *                         {@code ENOMEM}
     */
    SocketType socket(int family, int type, int proto) throws SocketException;
}
