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

    /** Registers {@code action} to run once {@code sock} is unreachable. */
    static Cleaner.Cleanable register(Object sock, Runnable action) {
        Cleaner c;
        synchronized (LOCK) {
            c = cleaner;
            if (c == null) { // only after every instance left: a socket made in that race
                c = cleaner = Cleaner.create();
            }
        }
        return c.register(sock, action);
    }
}
