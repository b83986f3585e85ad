package org.bsdsock.socket.api;

/**
 * What {@code recvfrom_into} returns: CPython's pair {@code (nbytes, address)}.
 *
 * @param nbytes  how many bytes were written into the caller's buffer
 * @param address the sender's address, as for {@link Received#address()}
 */
public record ReceivedInto(int nbytes, SockAddr address) {
}
