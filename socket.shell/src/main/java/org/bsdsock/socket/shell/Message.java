package org.bsdsock.socket.shell;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.bsdsock.socket.api.ControlMessage;
import org.bsdsock.socket.api.SockAddr;

/**
 * What {@code $s recvmsg} and {@code $s recv_fds} return, with the data as UTF-8 text:
 * CPython's {@code (data, ancdata, msg_flags, address)}, and for {@code recv_fds} the
 * descriptors received (which the caller now owns).
 *
 * @param data      the bytes received, decoded as UTF-8
 * @param ancdata   the control messages ({@code recvmsg}); empty for {@code recv_fds}
 * @param fds       the descriptors received ({@code recv_fds}); empty for {@code recvmsg}
 * @param msg_flags the message flags, e.g. {@code MSG_CTRUNC}
 * @param address   the sender's address, or null
 */
public record Message(String data, List<ControlMessage> ancdata, int[] fds, int msg_flags, SockAddr address) {
    /**
     * @return as Python shows the tuple, e.g. {@code ('hi', [5, 6], 0, None)}, control messages
     *         as {@code (SOL_SOCKET, SCM_RIGHTS, b'...')}
     */
    @Override
    public String toString() {
        String middle = fds.length > 0 || ancdata.isEmpty() ? Arrays.toString(fds)
                : ancdata.stream().map(SocketConverter::line).collect(Collectors.joining(", ", "[", "]"));
        return "(" + PyRepr.of(data.getBytes(StandardCharsets.UTF_8)) + ", " + middle + ", " + msg_flags + ", "
                + (address == null ? "None" : address) + ")";
    }
}
