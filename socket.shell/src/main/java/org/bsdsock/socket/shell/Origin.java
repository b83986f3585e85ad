package org.bsdsock.socket.shell;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.bsdsock.socket.api.SocketType;

/**
 * A provider as the shell's socket objects know it: a name to show, and the objects the shell
 * made with it, so that they can let go of their sockets when its service goes
 * ({@link #release()}). It holds nothing of the provider itself.
 */
final class Origin {
    private final String description;
    private final LooseDescriptors loose;
    // Weak: a socket object the user has dropped is not kept for this.
    private final Set<ShellSocket> made = Collections.newSetFromMap(new WeakHashMap<>());
    private boolean released;

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
    synchronized ShellSocket wrap(SocketType socket) {
        ShellSocket s = new ShellSocket(socket, this);
        if (released) {
            s.release();
        } else {
            made.add(s);
        }
        return s;
    }

    /** The provider's service went: every socket object it made lets go of its socket. */
    synchronized void release() {
        released = true;
        made.forEach(ShellSocket::release);
        made.clear();
    }
}
