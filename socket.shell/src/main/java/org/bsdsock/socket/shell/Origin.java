package org.bsdsock.socket.shell;

import org.bsdsock.socket.api.SocketType;

/**
 * A provider as the shell's socket objects know it: a name to show. It holds nothing of the
 * provider itself.
 */
final class Origin {
    private final String description;
    private final LooseDescriptors loose;

    /**
     * @param description e.g. {@code native, service 42}
     * @param loose       where descriptors handed out bare are noted
     */
    Origin(String description, LooseDescriptors loose) {
        this.description = description;
        this.loose = loose;
    }

    /** @return the descriptors the shell hands out bare */
    LooseDescriptors loose() {
        return loose;
    }

    /** @return e.g. {@code native, service 42} */
    String description() {
        return description;
    }

    /** @return a socket object for {@code socket}, made by this provider; it owns the socket */
    ShellSocket wrap(SocketType socket) {
        return new ShellSocket(socket, this);
    }
}
