package org.bsdsock.socket.shell;

import org.bsdsock.socket.api.SockAddr;

/**
 * What {@code $s accept} returns: the seed's pair {@code (conn, address)}. In Gogo,
 * {@code c = ($s accept) conn} takes the new socket.
 *
 * @param conn    the new connected socket
 * @param address the peer's address
 */
public record Connection(ShellSocket conn, SockAddr address) {
    /** @return {@code (<socket ...>, address)} */
    @Override
    public String toString() {
        return "(" + conn + ", " + address + ")";
    }
}
