package org.bsdsock.socket.api;

/**
 * What {@link SocketType#accept()} returns: the seed's pair {@code (conn, address)}.
 *
 * @param conn    a new socket, connected to the peer; the caller owns it and must close it
 * @param address the peer's address, of the listening socket's family
 */
public record Accepted(SocketType conn, SockAddr address) {
}
