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
    private static final SocketKeeper KEEPER = new SocketKeeper();

    /** @return the keeper of this API bundle */
    public static SocketKeeper get() {
        return KEEPER;
    }

    /** Held sockets by owner. */
    private final Map<String, Set<KeptSocket>> held = new ConcurrentHashMap<>();
    /** The provider instance serving each owner now, which adopts what is handed over. */
    private final Map<String, SocketAdopter> adopters = new ConcurrentHashMap<>();

    private SocketKeeper() {
    }

    /**
     * @param owner    who makes the socket: a bundle ({@code name [id]}) or {@code classpath}
     * @param delegate the provider's socket
     * @return the object to hand to the provider's caller
     */
    public KeptSocket keep(String owner, ProviderSocket delegate) {
        return new KeptSocket(this, owner, delegate);
    }

    /**
     * A provider instance starts serving {@code owner}: it adopts the owner's sockets that are
     * between providers now, and those handed over later while it serves.
     *
     * @return how many it adopted now
     */
    public int serve(String owner, SocketAdopter adopter) {
        adopters.put(owner, adopter);
        return adoptAll(owner, adopter);
    }

    /** A provider instance stops serving {@code owner} (it is about to hand its sockets over). */
    public void withdraw(String owner, SocketAdopter adopter) {
        adopters.remove(owner, adopter);
    }

    /**
     * Gives every socket of {@code owner} that is between providers to {@code adopter}.
     *
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

    /** @return how many sockets are between providers now, all owners together */
    public int heldCount() {
        int n = 0;
        for (Set<KeptSocket> s : held.values()) {
            n += s.size();
        }
        return n;
    }

    /** @return the sockets between providers now */
    public List<KeptSocket> held() {
        List<KeptSocket> all = new ArrayList<>();
        for (Set<KeptSocket> s : held.values()) {
            all.addAll(s);
        }
        return all;
    }

    /** Records a socket handed over, and makes sure it is closed if its window ends first. */
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

    void release(KeptSocket k) {
        Set<KeptSocket> s = held.get(k.owner());
        if (s != null) {
            s.remove(k);
        }
    }
}
