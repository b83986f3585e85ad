package org.bsdsock.socket.api;

import java.util.Objects;

/**
 * One answer of {@link SocketModule#getaddrinfo(String, String, int, int, int, int)}: CPython's
 * 5-tuple {@code (family, type, proto, canonname, sockaddr)}, the fields of one
 * {@code struct addrinfo}. The first three are what {@link SocketModule#socket(int, int, int)}
 * takes, the last what {@link SocketType#connect(SockAddr)} or {@link SocketType#bind(SockAddr)}
 * takes.
 *
 * @param family    {@code AF_INET} or {@code AF_INET6}
 * @param type      a socket type, e.g. {@code SOCK_STREAM}
 * @param proto     a protocol number, e.g. {@code IPPROTO_TCP}
 * @param canonname the host's canonical name where {@code AI_CANONNAME} asked for it (first
 *                  answer only), else {@code ""}; not null
 * @param sockaddr  the address: an {@link InetAddr} for {@code AF_INET}, an {@link Inet6Addr}
 *                  for {@code AF_INET6}, host in numeric form; not null
 */
public record AddrInfo(int family, int type, int proto, String canonname, SockAddr sockaddr) {
    /**
     * Creates an answer; the provider makes them, a consumer may for tests.
     *
     * @throws NullPointerException if canonname or sockaddr is null
     */
    public AddrInfo {
        Objects.requireNonNull(canonname, "canonname");
        Objects.requireNonNull(sockaddr, "sockaddr");
    }
}
