package org.bsdsock.socket.api;

/**
 * What {@link SocketType#recvfrom(int, int)} returns: the seed's pair {@code (string, address)}.
 *
 * @param data    the bytes received, an array of exactly their length
 * @param address the sender's address; for a connection-mode socket, or a sender that never
 *                bound, what the kernel reports (possibly the unnamed {@link UnixAddr})
 */
public record Received(byte[] data, SockAddr address) {
}
