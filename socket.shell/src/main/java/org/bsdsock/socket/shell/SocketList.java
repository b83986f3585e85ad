package org.bsdsock.socket.shell;

import java.util.AbstractList;
import java.util.List;

/**
 * What {@code socket:ls} returns: the open sockets, a list (scripts index and iterate it) that
 * the console prints as a table under a header, one line per socket, as {@code ss} does.
 */
public final class SocketList extends AbstractList<OpenSocket> {
    /** The header over {@link OpenSocket#toString()}'s columns. */
    static final String HEADER = String.format(OpenSocket.COLUMNS, "fd", "family", "type", "state", "local",
            "peer", "timeout", "owner (provider)");

    private final List<OpenSocket> sockets;

    SocketList(List<OpenSocket> sockets) {
        this.sockets = List.copyOf(sockets);
    }

    @Override
    public OpenSocket get(int index) {
        return sockets.get(index);
    }

    @Override
    public int size() {
        return sockets.size();
    }

    /** @return the header and one line per socket */
    public String table() {
        StringBuilder b = new StringBuilder(HEADER);
        for (OpenSocket s : sockets) {
            b.append('\n').append(s);
        }
        return b.toString();
    }
}
