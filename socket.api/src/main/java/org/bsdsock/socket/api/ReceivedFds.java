package org.bsdsock.socket.api;

import java.util.Objects;

/**
 * What {@link SocketType#recv_fds(int, int, int)} returns: CPython's
 * {@code (data, list of file descriptors, msg_flags, address)}.
 *
 * @param data      the bytes received
 * @param fds       the descriptors received, close-on-exec; the caller owns them and must close
 *                  them ({@link SocketModule#close(int)}, or wrap a socket with
 *                  {@link SocketModule#socket(int, int, int, int)})
 * @param msg_flags the {@code msg_flags} the kernel reported; {@code MSG_CTRUNC} means more
 *                  descriptors were sent than fitted (the kernel closed the rest)
 * @param address   the sender's address, or null where the kernel gave none
 * @since 1.1
 */
public record ReceivedFds(byte[] data, int[] fds, int msg_flags, SockAddr address) {
    /**
     * Creates the result; the arrays are kept, not copied.
     *
     * @throws NullPointerException if data or fds is null
     */
    public ReceivedFds {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(fds, "fds");
    }
}
