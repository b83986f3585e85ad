package org.bsdsock.socket.provider.ffm;

import java.util.ArrayList;
import java.util.List;
import org.bsdsock.socket.api.SocketException;

/**
 * The pollers that every provider instance of this bundle shares (one {@link SocketRegistry}
 * per consuming bundle): one platform master and the virtual-thread sub-pollers, each started
 * on first use. A registry acquires the group on its first wait and releases it once its last
 * socket handle is gone; the group stops its threads and closes its epoll descriptors when the
 * last registry has released it, and the next registry to wait starts a new group. So many
 * consuming bundles cost one platform thread, and a stopped provider leaves none.
 *
 * <p>Why stopping this way is safe: a caller registers with a poller only while it holds its
 * socket's handle (see {@link Poller#register}), each registry releases the group only after
 * its last handle, and the group stops only after every registry released it — so no
 * registration can race a stop.
 */
final class Pollers {
    /**
     * {@code -Dorg.bsdsock.socket.pollers=platform}: sockets' pollers are platform threads
     * blocked in epoll_wait, instead of virtual-thread sub-pollers on one platform master.
     */
    static final boolean PLATFORM_POLLERS =
            "platform".equals(System.getProperty("org.bsdsock.socket.pollers"));

    /**
     * Sub-pollers: as many as the JDK uses for reads (the highest power of two not above the
     * CPU count), so that dispatching readiness runs on every carrier.
     */
    private static final int COUNT = Integer.getInteger("org.bsdsock.socket.pollers.count",
            Math.max(1, Integer.highestOneBit(Runtime.getRuntime().availableProcessors())));

    /** How long stopping waits for a poller's thread to end. */
    private static final long STOP_WAIT_MILLIS = 5_000;

    private static final Object LOCK = new Object();
    /** The group new registries join; null when none runs. Guarded by LOCK. */
    private static Pollers current;

    /** Registries holding this group. Guarded by LOCK. */
    private int users;
    /** Guarded by LOCK. */
    private boolean stopped;
    /** Guarded by LOCK. */
    private Poller master;
    // Published under LOCK; read without it (a racy read that finds null takes the lock).
    private final Poller[] subPollers = new Poller[COUNT];

    private Pollers() {
    }

    /** @return the running group, joined (started if none runs) */
    static Pollers acquire() {
        synchronized (LOCK) {
            if (current == null) {
                current = new Pollers();
            }
            current.users++;
            return current;
        }
    }

    /** Leaves the group; the last one out stops its pollers. */
    void release() {
        synchronized (LOCK) {
            if (--users > 0) {
                return;
            }
            stopped = true;
            if (current == this) {
                current = null;
            }
            // Sub-pollers before their master: a parked sub-poller is woken by its stop.
            List<Poller> stopping = new ArrayList<>();
            for (int i = 0; i < subPollers.length; i++) {
                if (subPollers[i] != null) {
                    subPollers[i].stop();
                    stopping.add(subPollers[i]);
                    subPollers[i] = null;
                }
            }
            if (master != null) {
                master.stop();
                stopping.add(master);
                master = null;
            }
            for (Poller p : stopping) {
                p.awaitStopped(STOP_WAIT_MILLIS);
            }
        }
    }

    /** @return the poller for descriptor {@code fd} (both directions), started on first use */
    Poller poller(int fd) throws SocketException {
        Poller[] all = subPollers;
        int i = fd & (COUNT - 1);
        Poller p = all[i];
        if (p != null) {
            return p;
        }
        synchronized (LOCK) {
            if (stopped) { // not reached while the caller's registry holds the group
                throw Errors.stopped("poll");
            }
            p = all[i];
            if (p == null) {
                if (PLATFORM_POLLERS) {
                    p = new Poller();
                } else {
                    if (master == null) {
                        master = new Poller();
                    }
                    p = new Poller(master);
                }
                all[i] = p;
            }
            return p;
        }
    }

    /** @return how many registries hold the running group (0 if none runs); for tests */
    static int users() {
        synchronized (LOCK) {
            return current == null ? 0 : current.users;
        }
    }
}
