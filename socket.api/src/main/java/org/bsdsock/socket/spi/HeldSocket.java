package org.bsdsock.socket.spi;

/**
 * A socket between two providers: its open descriptor and what its socket object knows of it.
 *
 * @param fd           the open descriptor, owned by whoever holds this record
 * @param family       the {@code AF_*} family
 * @param type         the {@code SOCK_*} type, without creation flags
 * @param proto        the protocol
 * @param timeoutNanos the mode: -1 for None (blocking), 0 non-blocking, else the timeout in nanoseconds
 */
public record HeldSocket(int fd, int family, int type, int proto, long timeoutNanos) {
}
