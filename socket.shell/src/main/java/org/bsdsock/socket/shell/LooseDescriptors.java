package org.bsdsock.socket.shell;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The descriptors the shell handed the user bare ({@code recv_fds}, {@code detach}): the ones
 * {@code socket:close FD} may close besides providers' sockets, so that a mistyped number
 * cannot close a file of the framework's own.
 */
final class LooseDescriptors {
    private final Set<Integer> fds = ConcurrentHashMap.newKeySet();

    /** The user now holds these descriptors. */
    void handedOut(int... received) {
        for (int fd : received) {
            fds.add(fd);
        }
    }

    /**
     * The user gave the descriptor up (closed it, or a socket object adopted it).
     *
     * @return true if the shell had handed it out
     */
    boolean taken(int fd) {
        return fds.remove(fd);
    }

    /** @return true if the shell handed this descriptor out and it was not taken back */
    boolean isLoose(int fd) {
        return fds.contains(fd);
    }
}
