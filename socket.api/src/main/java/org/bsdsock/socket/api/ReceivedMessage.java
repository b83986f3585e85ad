package org.bsdsock.socket.api;

import java.util.List;
import java.util.Objects;

/**
 * What {@link SocketType#recvmsg(int, int, int)} returns: CPython's four-tuple
 * {@code (data, ancdata, msg_flags, address)}.
 *
 * <p>Descriptors received in {@code SCM_RIGHTS} items belong to the caller, who must close
 * them ({@link SocketModule#close(int)}, or wrap a socket with
 * {@link SocketModule#socket(int, int, int, int)}).
 *
 * @param data      the bytes received, at most the requested size
 * @param ancdata   the control messages received, in order; possibly empty; unmodifiable
 * @param msg_flags the {@code msg_flags} the kernel reported, e.g. {@code MSG_TRUNC} (the
 *                  datagram was longer than the buffer), {@code MSG_CTRUNC} (control data was
 *                  cut short), {@code MSG_EOR}, {@code MSG_OOB}
 * @param address   the sender's address, or null where the kernel gave none (a connected
 *                  stream, an unnamed sender)
 * @since 1.1
 */
public record ReceivedMessage(byte[] data, List<ControlMessage> ancdata, int msg_flags, SockAddr address) {
    /**
     * Creates the result; data is kept, not copied; ancdata is copied.
     *
     * @throws NullPointerException if data or ancdata, or an element of ancdata, is null
     */
    public ReceivedMessage {
        Objects.requireNonNull(data, "data");
        ancdata = List.copyOf(ancdata);
    }
}
