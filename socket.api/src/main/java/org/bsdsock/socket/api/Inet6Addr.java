package org.bsdsock.socket.api;

import java.util.Objects;

/**
 * An {@code AF_INET6} address, CPython's {@code (host, port, flowinfo, scope_id)} tuple.
 *
 * <p>{@code host} is a host name, an IPv6 literal ({@code "::1"}) or {@link #ANY}
 * ({@code ""}, meaning {@code in6addr_any}). A name is resolved with {@code getaddrinfo(3)} for
 * {@code AF_INET6} when the address is used; as in CPython, a {@code %zone} suffix is accepted
 * in the host, but the scope the kernel gets is {@link #scope_id()}. Addresses the module
 * returns always hold the numeric form that {@code inet_ntop(3)} writes ({@code "::1"},
 * {@code "::ffff:127.0.0.1"} for an IPv4 peer of a dual-stack socket), without a zone.
 *
 * @param host     the host; not null
 * @param port     the port, 0 to 65535
 * @param flowinfo the flow label ({@code sin6_flowinfo}), 0 to 0xFFFFF
 * @param scope_id the scope, an interface index ({@code sin6_scope_id}), 0 to 2<sup>32</sup>-1;
 *                 0 for none
 */
public record Inet6Addr(String host, int port, int flowinfo, long scope_id) implements SockAddr {
    /** The empty host, which stands for {@code in6addr_any} ({@code "::"}). */
    public static final String ANY = "";

    /**
     * Creates an address, CPython's four-element form {@code (host, port, flowinfo, scope_id)}.
     *
     * @throws NullPointerException     if host is null
     * @throws IllegalArgumentException if port, flowinfo or scope_id is out of its range
     */
    public Inet6Addr {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
        if (flowinfo < 0 || flowinfo > 0xFFFFF) {
            throw new IllegalArgumentException("flowinfo must be 0-1048575, not " + flowinfo);
        }
        if (scope_id < 0 || scope_id > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("scope_id must be 0-4294967295, not " + scope_id);
        }
    }

    /**
     * CPython's two-element form {@code (host, port)}: flowinfo and scope_id 0.
     *
     * @param host the host; not null
     * @param port the port, 0 to 65535
     */
    public Inet6Addr(String host, int port) {
        this(host, port, 0, 0);
    }

    /**
     * Returns the address as text, in the form of a URL's host and port.
     *
     * @return {@code [host]:port}, with {@code %scope_id} inside the brackets when it is not 0,
     *         e.g. {@code [::1]:50007}, {@code [fe80::1%2]:50007}
     */
    @Override
    public String toString() {
        return "[" + host + (scope_id == 0 ? "" : "%" + scope_id) + "]:" + port;
    }
}
