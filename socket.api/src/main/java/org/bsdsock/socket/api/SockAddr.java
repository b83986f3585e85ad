package org.bsdsock.socket.api;

/**
 * A socket address, typed by address family: the seed's {@code (host, port)} pair for
 * {@code AF_INET} is {@link InetAddr}; CPython's {@code (host, port, flowinfo, scope_id)} for
 * {@code AF_INET6} is {@link Inet6Addr}; the seed's string for {@code AF_UNIX} is
 * {@link UnixAddr}; since 1.4, {@code AF_NETLINK}'s {@code (pid, groups)} is {@link NetlinkAddr},
 * {@code AF_PACKET}'s {@code (ifname, proto, pkttype, hatype, addr)} is {@link PacketAddr},
 * {@code AF_VSOCK}'s {@code (cid, port)} is {@link VsockAddr}, and {@link RawAddr} holds the
 * {@code struct sockaddr} bytes of any family. Calls that return addresses ({@code accept},
 * {@code recvfrom}, {@code getsockname}, {@code getpeername}) return the same types that calls
 * taking addresses accept.
 */
public sealed interface SockAddr permits InetAddr, Inet6Addr, UnixAddr, NetlinkAddr, PacketAddr, VsockAddr, RawAddr {
}
