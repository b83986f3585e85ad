package org.bsdsock.socket.shell;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * @param fds       the descriptors received ({@code recv_fds}), a list so that Gogo can index it
 *                  ({@code ($m fds) get 0}); empty for {@code recvmsg}
 * @param msg_flags the message flags, e.g. {@code MSG_CTRUNC}
 * @param address   the sender's address, or null
 */
public record Message(String data, List<ControlMessage> ancdata, List<Integer> fds, int msg_flags, SockAddr address) {
    /** Copies the lists. */
    public Message {
        ancdata = List.copyOf(ancdata);
        fds = List.copyOf(fds);
    }

    // Gogo calls methods on a result by reflection, which the JDK's own immutable lists refuse
    // (their classes are not public): the accessors hand out lists of a public class.

    /** @return the control messages, a copy */
    @Override
    public List<ControlMessage> ancdata() {
        return new ArrayList<>(ancdata);
    }

    /** @return the descriptors received, a copy */
    @Override
    public List<Integer> fds() {
        return new ArrayList<>(fds);
    }

    /**
     * @return as Python shows the tuple, e.g. {@code ('hi', [5, 6], 0, None)}, control messages
     *         as {@code (SOL_SOCKET, SCM_RIGHTS, b'...')}
     */
    @Override
    public String toString() {
        String middle = !fds.isEmpty() || ancdata.isEmpty() ? fds.toString()
                : ancdata.stream().map(SocketConverter::line).collect(Collectors.joining(", ", "[", "]"));
        return "(" + PyRepr.of(data.getBytes(StandardCharsets.UTF_8)) + ", " + middle + ", " + msg_flags + ", "
                + (address == null ? "None" : address) + ")";
    }
}
