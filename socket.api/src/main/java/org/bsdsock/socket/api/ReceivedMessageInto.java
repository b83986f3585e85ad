package org.bsdsock.socket.api;

import java.util.List;

/**
 * What {@link SocketType#recvmsg_into(List, int, int)} returns: CPython's four-tuple
 * {@code (nbytes, ancdata, msg_flags, address)}.
 *
 * <p>Descriptors received in {@code SCM_RIGHTS} items belong to the caller, as for
 * {@link ReceivedMessage}.
 *
 * @param nbytes    the bytes of normal data received, spread over the buffers in order
 * @param ancdata   the control messages received, in order; possibly empty; unmodifiable
 * @param msg_flags the {@code msg_flags} the kernel reported, as in {@link ReceivedMessage}
 * @param address   the sender's address, or null where the kernel gave none
 * @since 1.2
 */
public record ReceivedMessageInto(int nbytes, List<ControlMessage> ancdata, int msg_flags, SockAddr address) {
    /**
     * Creates the result; ancdata is copied.
     *
     * @throws NullPointerException if ancdata, or an element of it, is null
     */
    public ReceivedMessageInto {
        ancdata = List.copyOf(ancdata);
    }
}
