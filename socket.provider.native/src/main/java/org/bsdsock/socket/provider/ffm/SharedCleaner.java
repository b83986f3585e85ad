package org.bsdsock.socket.provider.ffm;

import java.lang.ref.Cleaner;

/**
 * The one {@link Cleaner} (and so the one thread) that closes sockets nobody closed, shared by
 * every provider instance of this bundle. Each instance joins it when made and leaves it when
 * closed; when the last one leaves, the cleaner is dropped, and its thread ends once the
 * cleaner is collected and nothing is registered with it (sockets unregister when closed). So
 * stopping and starting the provider leaves no thread behind.
 */
final class SharedCleaner {
    private SharedCleaner() {
    }

    private static final Object LOCK = new Object();
    /** Guarded by LOCK. */
    private static Cleaner cleaner;
    /** Provider instances that joined and have not left; guarded by LOCK. */
    private static int users;

    static void join() {
        synchronized (LOCK) {
            if (users++ == 0 && cleaner == null) {
                cleaner = Cleaner.create();
            }
        }
    }

    static void leave() {
        synchronized (LOCK) {
            if (--users == 0) {
                cleaner = null;
            }
        }
    }

    /**
     * Registers {@code action} to run once {@code sock} is unreachable. After every instance
     * left (a socket made in that race, or an own ring the io_uring engine sets up for a
     * platform thread while the instances hand their sockets over), the registration gets a
     * cleaner of its own that nothing else holds: its thread ends once the registration is
     * cleaned. Kept in {@link #cleaner}, with no instance left to drop it, that cleaner and its
     * thread lived as long as this revision's classes (after updates under load, a
     * {@code Cleaner-N} thread per update that met the race).
     */
    static Cleaner.Cleanable register(Object sock, Runnable action) {
        Cleaner c;
        synchronized (LOCK) {
            c = cleaner;
        }
        return (c != null ? c : Cleaner.create()).register(sock, action);
    }
}
