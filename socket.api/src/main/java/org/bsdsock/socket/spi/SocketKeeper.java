package org.bsdsock.socket.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Holds the sockets that are between two providers. It lives in the API bundle, which does
 * not update with a provider, so the socket objects consumers hold ({@link KeptSocket}) and the
 * descriptors under them survive a provider's update, restart or replacement.
 *
 * <p>A provider makes its sockets' objects with {@link #keep}; when it goes it hands each over
 * ({@link KeptSocket#handOver}); a provider instance that starts serving an owner adopts that
 * owner's held sockets ({@link #adoptAll}). A held socket nobody adopts within its window is
 * closed (by the provider that handed it over), and its callers fail clearly.
 */
public final class SocketKeeper {
    /** The one keeper of this API bundle. */
    private static final SocketKeeper KEEPER = new SocketKeeper();

    /**
     * Returns the one keeper, shared by every provider of this API bundle.
     *
     * @return the keeper of this API bundle
     */
    public static SocketKeeper get() {
        return KEEPER;
    }

    /** Held sockets by owner. */
    private final Map<String, Set<KeptSocket>> held = new ConcurrentHashMap<>();
    /** The provider instance serving each owner now, which adopts what is handed over. */
    private final Map<String, SocketAdopter> adopters = new ConcurrentHashMap<>();

    /** Only {@link #KEEPER}. */
    private SocketKeeper() {
    }

    /**
     * Wraps a socket a provider made in the object the consumer holds, which outlives the
     * provider.
     *
     * @param owner    who makes the socket: a bundle ({@code name [id]}) or {@code classpath}
     * @param delegate the provider's socket
     * @return the object to hand to the provider's caller
     */
    public KeptSocket keep(String owner, ProviderSocket delegate) {
        return new KeptSocket(owner, delegate);
    }

    /**
     * A provider instance starts serving {@code owner}: it adopts the owner's sockets that are
     * between providers now, and those handed over later while it serves.
     *
     * @param owner   the owner served: a bundle ({@code name [id]}) or {@code classpath}
     * @param adopter the provider instance serving it
     * @return how many it adopted now
     */
    public int serve(String owner, SocketAdopter adopter) {
        adopters.put(owner, adopter);
        return adoptAll(owner, adopter);
    }

    /**
     * A provider instance stops serving {@code owner} (it is about to hand its sockets over);
     * does nothing if another instance serves the owner by now.
     *
     * @param owner   the owner served
     * @param adopter the instance that stops serving it
     */
    public void withdraw(String owner, SocketAdopter adopter) {
        adopters.remove(owner, adopter);
    }

    /**
     * Gives every socket of {@code owner} that is between providers to {@code adopter}.
     * A socket the adopter refuses is closed, and its callers fail with the adopter's error.
     *
     * @param owner   the owner whose sockets to adopt
     * @param adopter the provider instance that takes them
     * @return how many it adopted
     */
    public int adoptAll(String owner, SocketAdopter adopter) {
        Set<KeptSocket> mine = held.get(owner);
        if (mine == null) {
            return 0;
        }
        int n = 0;
        for (KeptSocket k : List.copyOf(mine)) {
            if (mine.remove(k) && k.adopt(adopter)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Counts the sockets between providers now, e.g. for a test or a status command.
     *
     * @return how many sockets are held, all owners together
     */
    public int heldCount() {
        int n = 0;
        for (Set<KeptSocket> s : held.values()) {
            n += s.size();
        }
        return n;
    }

    /**
     * Lists the sockets between providers now.
     *
     * @return a snapshot of the held sockets, all owners together; a new list
     */
    public List<KeptSocket> held() {
        List<KeptSocket> all = new ArrayList<>();
        for (Set<KeptSocket> s : held.values()) {
            all.addAll(s);
        }
        return all;
    }

    /**
     * Records a socket handed over, and makes sure it is closed if its window ends first;
     * a provider already serving its owner adopts it at once. Starts the window's thread, a
     * virtual one, which ends with this hand-over: when the socket is adopted, closed or held
     * again, or when it has closed the socket at the window's end.
     *
     * @param k           the socket handed over
     * @param windowNanos its window, in nanoseconds, more than 0
     * @param hold        the number of this hand-over of {@code k} (each hand-over of a socket
     *                    counts one more), so that the window's thread acts on this hold only
     */
    void hold(KeptSocket k, long windowNanos, long hold) {
        held.computeIfAbsent(k.owner(), o -> ConcurrentHashMap.newKeySet()).add(k);
        SocketAdopter serving = adopters.get(k.owner());
        if (serving != null) { // handed over after the next provider started serving (a late accept)
            adoptAll(k.owner(), serving);
        }
        // One virtual thread per held socket, parked until the window ends or the socket is
        // adopted (which wakes it): nothing runs, and no platform thread waits, meanwhile.
        Thread t = Thread.ofVirtual().name("socket-handover-window").unstarted(() -> {
            for (long left = windowNanos; left > 0; left = k.expireIfDue(System.nanoTime(), hold)) {
                LockSupport.parkNanos(k, left);
            }
        });
        t.start();
        k.windowThread(t, hold);
    }

    /**
     * Forgets a held socket that was closed (its window ended, its adopter refused it, or its
     * owner closed it while it was held).
     *
     * @param k the socket
     */
    void release(KeptSocket k) {
        Set<KeptSocket> s = held.get(k.owner());
        if (s != null) {
            s.remove(k);
        }
    }
}
