package org.bsdsock.socket.api;

import java.util.Objects;

/**
 * An {@code AF_INET} address, the seed's {@code (host, port)} pair.
 *
 * <p>{@code host} is a host name ({@code "localhost"}), a dotted quad ({@code "127.0.0.1"}),
 * {@link #ANY} ({@code ""}, meaning {@code INADDR_ANY}) or {@link #BROADCAST}
 * ({@code "<broadcast>"}, meaning {@code INADDR_BROADCAST}). Addresses the module returns
 * always hold a dotted quad.
 *
 * @param host the host; not null
 * @param port the port, 0 to 65535
 */
public record InetAddr(String host, int port) implements SockAddr {
    /** The empty host, which stands for {@code INADDR_ANY}. */
    public static final String ANY = "";
    /** The host {@code "<broadcast>"}, which stands for {@code INADDR_BROADCAST}. */
    public static final String BROADCAST = "<broadcast>";

    /**
     * Creates an address, the seed's {@code (host, port)}.
     *
     * @throws NullPointerException     if host is null
     * @throws IllegalArgumentException if port is outside 0 to 65535
     */
    public InetAddr {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
    }

    /** {@return {@code host:port}, e.g. {@code 127.0.0.1:50007}} */
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
