package org.bsdsock.socket.api;

import java.util.Objects;

/**
 * The answer of {@link SocketModule#getnameinfo(SockAddr, int)}: CPython's pair
 * {@code (host, port)}, both text.
 *
 * @param host the host name, or the numeric address ({@code NI_NUMERICHOST}, or where no name
 *             is known), with a {@code %zone} for a scoped IPv6 address; not null
 * @param port the service name ({@code "http"}), or the port number as text
 *             ({@code NI_NUMERICSERV}, or where no service is known); not null
 */
public record NameInfo(String host, String port) {
    /**
     * Creates an answer; the provider makes them, a consumer may for tests.
     *
     * @throws NullPointerException if host or port is null
     */
    public NameInfo {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
    }
}
