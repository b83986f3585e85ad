package org.bsdsock.socket.api;

/**
 * A socket address, typed by address family: the seed's {@code (host, port)} pair for
 * {@code AF_INET} is {@link InetAddr}; CPython's {@code (host, port, flowinfo, scope_id)} for
 * {@code AF_INET6} is {@link Inet6Addr}; the seed's string for {@code AF_UNIX} is
 * {@link UnixAddr}. Calls that return addresses ({@code accept},
 * {@code recvfrom}, {@code getsockname}, {@code getpeername}) return the same types that calls
 * taking addresses accept.
 */
public sealed interface SockAddr permits InetAddr, Inet6Addr, UnixAddr {
}
