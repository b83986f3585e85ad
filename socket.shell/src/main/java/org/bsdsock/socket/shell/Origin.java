package org.bsdsock.socket.shell;

import java.util.function.Supplier;

import org.bsdsock.socket.api.SocketType;

/**
 * A provider as the shell's socket objects know it: a name to show. It holds nothing of the
 * provider itself.
 */
final class Origin {
    private final String description;
    private final LooseDescriptors loose;
    /** The provider the shell uses now, described as {@link #description} is (null while none). */
    private final Supplier<String> current;
    /** Set once the provider's service is gone: its sockets went on with the next provider, if any. */
    private volatile boolean gone;

    /**
     * @param description e.g. {@code native, service 42}
     * @param loose       where descriptors handed out bare are noted
     * @param current     describes the provider the shell uses now, null while none
     */
    Origin(String description, LooseDescriptors loose, Supplier<String> current) {
        this.description = description;
        this.loose = loose;
        this.current = current;
    }

    /**
     * An origin that knows of no provider after it (e.g. a test's): once gone, it says "none now".
     *
     * @param description e.g. {@code native, service 42}
     * @param loose       where descriptors handed out bare are noted
     */
    Origin(String description, LooseDescriptors loose) {
        this(description, loose, () -> null);
    }

    /**
     * The provider's service went (updated, stopped, replaced). Its sockets were handed over
     * to the provider that serves the shell next (they belong to the shell's bundle), or closed.
     */
    void gone() {
        gone = true;
    }

    /** @return the descriptors the shell hands out bare */
    LooseDescriptors loose() {
        return loose;
    }

    /**
     * @return e.g. {@code native, service 42}; once that service is gone, or the shell has moved
     *         to another provider (one of higher {@code service.ranking}: the shell's instance of
     *         this one was released, and its sockets handed over), the provider the shell uses
     *         now, which took its sockets over: {@code native, service 57 (made by native, service 42)}
     */
    String description() {
        String now = current.get();
        if (!gone && (now == null || now.equals(description))) {
            return description;
        }
        return (now == null ? "none now" : now) + " (made by " + description + ")";
    }

    /** @return a socket object for {@code socket}, made by this provider; it owns the socket */
    ShellSocket wrap(SocketType socket) {
        return new ShellSocket(socket, this);
    }
}
