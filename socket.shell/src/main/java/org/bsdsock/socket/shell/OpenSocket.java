package org.bsdsock.socket.shell;

import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketInfo;

/**
 * One row of {@code socket:ls}: an open socket of a provider, as {@code ss} shows sockets.
 *
 * @param fd       the descriptor
 * @param family   the family's name, e.g. {@code AF_INET}
 * @param type     the type's name, e.g. {@code SOCK_STREAM}
 * @param proto    the protocol number
 * @param local    the local address, or null if unknown
 * @param peer     the peer's address, or null if not connected
 * @param state    {@code LISTEN}, {@code CONNECTED}, {@code BOUND} or {@code UNBOUND}
 * @param timeout  the timeout in seconds, null for None
 * @param owner    the bundle that made it ({@code symbolic-name [id]})
 * @param provider the provider holding it (its {@code provider} service property)
 */
public record OpenSocket(int fd, String family, String type, int proto, SockAddr local, SockAddr peer,
        String state, Double timeout, String owner, String provider) {

    /** The columns of a row (and of {@link SocketList#HEADER}). */
    static final String COLUMNS = "%-4s %-8s %-11s %-9s %-21s %-21s %-7s %s";

    static OpenSocket of(SocketInfo i, String provider) {
        return new OpenSocket(i.fd(), Names.name("AF_", i.family()), Names.name("SOCK_", i.type()),
                i.proto(), i.local(), i.peer(), i.state(), i.timeout(), i.owner(), provider);
    }

    /** @return the row as {@code socket:ls} prints it */
    @Override
    public String toString() {
        return String.format(COLUMNS, fd, family, type, state, local == null ? "?" : local, peer == null ? "*" : peer,
                Timeouts.show(timeout), owner + " (" + provider + ")");
    }
}
