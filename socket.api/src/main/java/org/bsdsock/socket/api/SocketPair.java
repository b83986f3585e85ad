package org.bsdsock.socket.api;

/**
 * What {@link SocketModule#socketpair(int, int, int)} returns: CPython's pair {@code (a, b)} of
 * connected sockets. Closing the pair closes both, so it suits try-with-resources.
 *
 * @param a one end; owned by the caller
 * @param b the other end; owned by the caller
 * @since 1.1
 */
public record SocketPair(SocketType a, SocketType b) implements AutoCloseable {
    /** Closes both sockets (idempotent, as {@link SocketType#close()}). */
    @Override
    public void close() {
        try {
            a.close();
        } finally {
            b.close();
        }
    }
}
