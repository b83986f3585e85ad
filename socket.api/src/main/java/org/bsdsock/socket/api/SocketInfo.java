package org.bsdsock.socket.api;

/**
 * One open socket as an administrator sees it ({@code socket:ls}, like {@code ss} for the JVM).
 *
 * @param fd      the descriptor
 * @param family  the address family, e.g. {@code AF_INET}
 * @param type    the socket type, e.g. {@code SOCK_STREAM}
 * @param proto   the protocol number
 * @param local   the local address, or null if unknown
 * @param peer    the peer's address, or null if not connected
 * @param state   {@code LISTEN}, {@code CONNECTED}, {@code BOUND} or {@code UNBOUND}
 * @param timeout the socket's timeout in seconds, null for None
 * @param owner   who made it: the using bundle ({@code symbolic-name [id]}), or {@code classpath}
 */
public record SocketInfo(int fd, int family, int type, int proto, SockAddr local, SockAddr peer,
        String state, Double timeout, String owner) {
}
