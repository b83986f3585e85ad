package org.bsdsock.socket.shell;

/**
 * What {@code socket:socketpair} returns: CPython's pair of connected sockets. In Gogo,
 * {@code p = (socket:socketpair)}, then {@code a = $p a} and {@code b = $p b}.
 *
 * @param a one end
 * @param b the other end
 */
public record Pair(ShellSocket a, ShellSocket b) {
    /** @return {@code (<socket ...>, <socket ...>)} */
    @Override
    public String toString() {
        return "(" + a + ", " + b + ")";
    }
}
