package org.bsdsock.socket.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.ControlMessage;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.Received;
import org.bsdsock.socket.api.ReceivedFds;
import org.bsdsock.socket.api.ReceivedInto;
import org.bsdsock.socket.api.ReceivedMessage;
import org.bsdsock.socket.api.ReceivedMessageInto;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketFile;
import org.bsdsock.socket.api.SocketTimeoutException;
import org.bsdsock.socket.api.SocketType;

/**
 * The socket object a consumer holds: it outlives the provider that made it. Each call goes to
 * the current provider's {@link ProviderSocket}; while the socket is between two providers
 * (handed over, not yet adopted) a call waits for the next one, at most until the hand-over
 * window ends, and a call the hand-over interrupted is made again on the next provider, from
 * where it stood ({@code sendall} and {@code sendfile} go on with the bytes not yet sent). When
 * no provider adopts the socket in time it is closed, and its calls fail with {@code EBADF}
 * and the text {@code socket provider stopped}.
 *
 * <p>The forwarding costs a volatile read and an interface call; a call that is not
 * interrupted allocates nothing here.
 *
 * <p>A call made again on the next provider keeps its deadline: a call with a timeout ends
 * within that timeout overall, the wait for the next provider included ({@link CallDeadline}).
 *
 * <p>Why each method spells out its first attempt and passes a lambda to one helper only when
 * that attempt was handed over: a capturing lambda allocates where it is made, so it is made
 * only on the slow path; the data path stays allocation-free (AllocationFreeTest).
 */
public final class KeptSocket implements SocketType {
    /** What calls on a socket that no provider took over say. */
    public static final String STOPPED = "socket provider stopped";
    /** What calls on a socket its owner closed say (strerror(EBADF)). */
    private static final String CLOSED = "Bad file descriptor";

    /** Who made the socket, whose next provider adopts it. */
    private final String owner;
    /** The address family, as the first provider's socket reported it. */
    private final int family;
    /** The socket type, as the first provider's socket reported it. */
    private final int type;
    /** The protocol number, as the first provider's socket reported it. */
    private final int proto;
    /** The provider's socket calls go to; null while held between providers and once closed for good. */
    private volatile ProviderSocket delegate;
    /**
     * Set by {@link #close()} before it looks at {@link #delegate}: a close that reaches a
     * provider socket the hand-over has just taken does nothing there, so the hand-over,
     * which looks at this after it cleared {@code delegate}, closes the held descriptor instead
     * of keeping it for the next provider (both volatile: one of the two sees the other).
     */
    private volatile boolean closeAsked;
    /**
     * Set once the socket is closed for good while no provider had it: why. Written before
     * {@link #delegate} becomes null, so a caller that finds no provider finds the reason.
     */
    private volatile String closedWhy;
    /**
     * The mode a socket closed for good still reports and takes (as a closed CPython socket
     * does); written before {@link #delegate} becomes null, then guarded by {@link #hand}.
     */
    private Double closedTimeout;
    /**
     * The hand-over's state, and the monitor that guards it and {@link #delegate}'s changes:
     * made at the first hand-over (or the first call that finds no provider), never replaced.
     * A socket that is never handed over, most of them, never makes it: a socket costs its
     * own object and nothing else here (a lock, a condition and the hand-over's fields were
     * 128 bytes more per socket; W3 measures them per connection).
     */
    private volatile Hand hand;
    /** {@link #hand}, for its one compare-and-set. */
    private static final VarHandle HAND;
    /** {@link #delegate}, for the compare-and-set of a close that never met a hand-over. */
    private static final VarHandle DELEGATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HAND = l.findVarHandle(KeptSocket.class, "hand", Hand.class);
            DELEGATE = l.findVarHandle(KeptSocket.class, "delegate", ProviderSocket.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A socket's hand-over state; its monitor guards these fields and every change of the
     * socket's {@link #delegate} after the first hand-over. Waiters for a provider wait on it
     * and are notified whenever the socket is held, adopted or closed for good. A monitor
     * rather than a {@code ReentrantLock}: virtual threads do not pin on monitors since JDK 24,
     * and it costs no object of its own. Private, so no consumer can hold it (consumers may
     * synchronize on their socket objects; that must not delay a hand-over).
     */
    private static final class Hand {
        /** The socket between two providers: the descriptor and its state. */
        HeldSocket held;
        /** The provider socket that handed {@link #held} over: it closes the descriptor if nobody adopts it. */
        ProviderSocket heldBy;
        /** When the hand-over window ends (System.nanoTime). */
        long heldUntil;
        /** The thread that closes the socket when its window ends; woken to end early once it is adopted. */
        Thread windowThread;
        /** Counts the hand-overs: a window thread ends with its own hold, not a later one's. */
        long holds;

        /** Made by {@link KeptSocket#hand()}. */
        Hand() {
        }
    }

    /**
     * Tells whether the socket was closed for good without ever being handed over: then it
     * has no hand-over state, and needs none (its reason and mode are final).
     *
     * @return true if closed for good and never handed over
     */
    private boolean closedNeverHeld() {
        return hand == null && delegate == null;
    }

    /**
     * Returns the socket's hand-over state, made now if it has none yet.
     *
     * @return the state, whose monitor guards it
     */
    private Hand hand() {
        Hand h = hand;
        if (h == null) {
            Hand mine = new Hand();
            h = (Hand) HAND.compareAndExchange(this, null, mine);
            if (h == null) {
                h = mine;
            }
        }
        return h;
    }

    /**
     * Made by {@link SocketKeeper#keep}.
     *
     * @param owner    who makes the socket
     * @param delegate the provider's socket calls go to first
     */
    KeptSocket(String owner, ProviderSocket delegate) {
        this.owner = owner;
        this.family = delegate.family();
        this.type = delegate.type();
        this.proto = delegate.proto();
        this.delegate = delegate;
    }

    /**
     * Returns who made the socket, the owner whose next provider adopts it after a hand-over.
     *
     * @return a bundle ({@code name [id]}) or {@code classpath}
     */
    public String owner() {
        return owner;
    }

    /**
     * Tells whether the socket is closed for good while no provider had it.
     *
     * @return true once no provider has it, none will, and it has a reason ({@link #closedWhy})
     */
    private boolean isClosedForGood() {
        if (closedNeverHeld()) {
            return true;
        }
        Hand h = hand();
        synchronized (h) {
            return delegate == null && h.held == null && closedWhy != null;
        }
    }

    /**
     * Tells whether the socket is between two providers: handed over, not yet adopted or closed.
     *
     * @return whether the socket is between two providers right now
     */
    public boolean isHeld() {
        Hand h = hand;
        if (h == null) {
            return false; // never handed over
        }
        synchronized (h) {
            return h.held != null;
        }
    }

    // ---- the hand-over -----------------------------------------------------------------

    /**
     * Called by the provider for each socket it hands over: takes the descriptor from
     * {@code from} (waking its callers), and holds it until a provider of the same owner adopts
     * it or {@code windowNanos} pass. A window of 0 closes it at once. Does nothing if
     * {@code from} was closed already; if the socket's owner closes it while the hand-over
     * takes it, the close wins and the descriptor is closed rather than held.
     *
     * @param from        the provider's socket this object forwards to now; the provider is
     *                    going away
     * @param windowNanos how long the descriptor waits for a provider to adopt it, in
     *                    nanoseconds; 0 or less closes it at once (calls then fail with
     *                    {@code EBADF} and {@link #STOPPED})
     */
    public void handOver(ProviderSocket from, long windowNanos) {
        // Made before the descriptor is taken: from then on providerClosed (which cannot
        // concern a socket handed over) and every waiter use the monitor.
        Hand m = hand();
        HeldSocket h = from.handOver();
        if (h == null) {
            return; // closed already
        }
        long hold;
        synchronized (m) {
            if (delegate != from) {
                from.closeHeld(h.fd()); // not ours to hold (cannot happen with one provider socket per kept one)
                return;
            }
            delegate = null;
            m.held = h;
            m.heldBy = from;
            m.heldUntil = System.nanoTime() + windowNanos;
            hold = ++m.holds;
            if (closeAsked) { // closed by its owner while the hand-over took it: the close wins
                closeHeldLocked(m, CLOSED);
                return;
            }
            m.notifyAll();
        }
        if (windowNanos <= 0) {
            expire(STOPPED);
        } else {
            SocketKeeper.get().hold(this, windowNanos, hold);
        }
    }

    /**
     * Takes the held descriptor over with {@code adopter}; callers waiting for a provider go on
     * with the new one. If the adopter refuses, the socket is closed and they fail with its error.
     *
     * @param adopter the provider instance that takes the socket
     * @return true if the socket was held and is now adopted
     */
    boolean adopt(SocketAdopter adopter) {
        Hand m = hand();
        synchronized (m) {
            if (m.held == null) {
                return false;
            }
            HeldSocket h = m.held;
            try {
                ProviderSocket next = adopter.adopt(h, this);
                m.held = null;
                m.heldBy = null;
                delegate = next;
                endWindow(m);
                return true;
            } catch (SocketException | RuntimeException refused) {
                closeHeldLocked(m, refused.getMessage());
                return false;
            } finally {
                m.notifyAll();
            }
        }
    }

    /**
     * Closes the socket if it is still held (by hand-over number {@code hold}) and its window is over.
     *
     * @param now  the time, {@link System#nanoTime()}
     * @param hold the number of the hand-over whose window's thread asks; a later hand-over's
     *             hold is left to its own thread
     * @return the nanoseconds left of its window while it is held, else 0
     */
    long expireIfDue(long now, long hold) {
        Hand m = hand();
        synchronized (m) {
            if (m.held == null || m.holds != hold) {
                return 0; // adopted, closed, or held again since: that hold has its own thread
            }
            long left = m.heldUntil - now;
            if (left > 0) {
                return left;
            }
            closeHeldLocked(m, STOPPED);
            return 0;
        }
    }

    /**
     * Closes the socket if it is still held.
     *
     * @param why the text its calls then fail with
     */
    private void expire(String why) {
        Hand m = hand();
        synchronized (m) {
            if (m.held != null) {
                closeHeldLocked(m, why);
            }
        }
    }

    /**
     * Closes the held descriptor for good (through the provider that handed it over) and
     * wakes the callers waiting for a provider, which then fail; the caller holds {@code m}.
     *
     * @param m   the socket's hand-over state
     * @param why the text its calls then fail with
     */
    private void closeHeldLocked(Hand m, String why) {
        m.heldBy.closeHeld(m.held.fd());
        SocketKeeper.get().release(this);
        closedTimeout = m.held.timeoutNanos() < 0 ? null : m.held.timeoutNanos() / 1e9;
        m.held = null;
        m.heldBy = null;
        closedWhy = why;
        endWindow(m);
        m.notifyAll();
    }

    /**
     * Records the thread that ends this socket's window (see {@link SocketKeeper#hold}), and
     * wakes the thread of an earlier hold, if any, so it ends; wakes {@code t} itself at once
     * if the socket is no longer held by hand-over {@code hold}.
     *
     * @param t    the window's thread, started
     * @param hold the number of the hand-over whose window {@code t} waits out
     */
    void windowThread(Thread t, long hold) {
        Hand m = hand();
        synchronized (m) {
            if (m.held != null && m.holds == hold) {
                endWindow(m); // a thread of an earlier hold, if any: it sees it is not its hold and ends
                m.windowThread = t;
                return;
            }
        }
        LockSupport.unpark(t); // adopted, closed or held again already: nothing to wait for
    }

    /**
     * Wakes the window's thread, if any, so it ends early; the caller holds {@code m}.
     *
     * @param m the socket's hand-over state
     */
    private static void endWindow(Hand m) {
        Thread t = m.windowThread;
        m.windowThread = null;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Called by the provider when it closes {@code from} for good (not a hand-over): the socket
     * object lets go of the provider's socket, so that nothing of a stopped provider stays
     * reachable from the objects consumers hold; later calls fail with {@code EBADF} and
     * {@code why}. Does nothing if this object no longer forwards to {@code from}.
     *
     * @param from the provider's socket that was closed
     * @param why  the text later calls fail with, e.g. {@link #STOPPED}
     */
    public void providerClosed(ProviderSocket from, String why) {
        Hand m = hand;
        if (m == null) {
            // Never handed over: a hand-over makes the state before it takes the descriptor,
            // and a socket handed over is not closed for good, so the only change of delegate
            // that can come now is this one, and nobody waits for a provider. The reason and
            // the mode are written before delegate clears (a volatile CAS): who finds no
            // provider finds them.
            if (delegate != from) {
                return;
            }
            closedTimeout = from.gettimeout();
            closedWhy = why;
            if (DELEGATE.compareAndSet(this, from, null) && (m = hand) != null) {
                synchronized (m) {
                    m.notifyAll(); // made meanwhile by a call that found no provider: it sees the reason
                }
            }
            return;
        }
        synchronized (m) {
            if (delegate == from) {
                closedTimeout = from.gettimeout();
                closedWhy = why;
                delegate = null;
                m.notifyAll();
            }
        }
    }
    // ---- finding the provider a call goes to -----------------------------------------------

    /**
     * A call to make (again) on a provider's socket.
     *
     * @param <R> what the call returns ({@code Void}, returning null, for none)
     */
    @FunctionalInterface
    private interface Call<R> {
        /**
         * Makes the call on {@code p}.
         *
         * @param p the provider's socket to make it on
         * @return what the call returns
         * @throws SocketException as the call raises it, {@link HandedOverException} included
         */
        R on(ProviderSocket p) throws SocketException;
    }

    /** A {@code sendfile} to make (again) from an offset, for a count. */
    @FunctionalInterface
    private interface SendfileCall {
        /**
         * Makes the {@code sendfile} on {@code p}.
         *
         * @param p      the provider's socket to make it on
         * @param offset where to read the input from
         * @param count  how many bytes to send at most; 0 for up to the input's end
         * @return the bytes this call sent
         * @throws SocketException as {@code sendfile} raises it, {@link HandedOverException} included
         */
        long on(ProviderSocket p, long offset, long count) throws SocketException;
    }

    /**
     * The slow path of every call: the socket is between providers ({@code failed} null), or
     * {@code failed} handed it over while the call was inside ({@code e}). Waits for the next
     * provider and makes the call there, as often as hand-overs interrupt it. A call with a
     * timeout keeps its deadline: the one the interrupted call reported, else one counted from
     * now (the call starts now, while the socket is held); the wait for a provider ends there
     * with a timeout, and the call made again ends there too ({@link CallDeadline}).
     *
     * <p>Allocates (the lambda, the scope): it runs only around a hand-over.
     *
     * @param <R>    what the call returns
     * @param call   the call's name, for the errors
     * @param failed the provider socket that raised {@code e}, or null if the socket had no
     *               provider when the call started
     * @param e      what the first attempt raised, or null if there was no first attempt
     * @param op     the call, made on each next provider
     * @return what the call made on a provider returned
     * @throws SocketException as the call raises it on the provider that completes it;
     *         {@code EBADF} once no provider will take the socket; a
     *         {@link SocketTimeoutException} when the call's deadline passes while it waits
     *         for a provider; {@code EINTR} if the waiting thread is interrupted
     */
    private <R> R again(String call, ProviderSocket failed, HandedOverException e, Call<R> op)
            throws SocketException {
        long[] deadline = {e == null ? 0 : e.deadline()};
        ProviderSocket d = failed;
        for (;;) {
            d = next(call, d, deadline);
            try {
                return carrying(deadline[0], d, op);
            } catch (HandedOverException again) {
                if (again.deadline() != 0) {
                    deadline[0] = again.deadline();
                }
            }
        }
    }

    /**
     * Makes a call on a provider's socket, inside a scope carrying its deadline
     * ({@link CallDeadline#CARRIED}) if it has one.
     *
     * @param <R>      what the call returns
     * @param deadline the call's deadline ({@link System#nanoTime}), 0 for none (then no scope)
     * @param d        the provider's socket
     * @param op       the call
     * @return what the call returned
     * @throws SocketException as the call raises it, {@link HandedOverException} included
     */
    private static <R> R carrying(long deadline, ProviderSocket d, Call<R> op) throws SocketException {
        if (deadline == 0) {
            return op.on(d);
        }
        return ScopedValue.where(CallDeadline.CARRIED, deadline).call(() -> op.on(d));
    }

    /**
     * {@code sendfile}'s slow path: goes on from the progress of each interrupted call; the
     * bytes one had read from a sequential input (a pipe, a socket) and not yet sent are sent
     * first, since the input cannot give them again. A seekable input is read again from
     * {@code offset} plus what was sent; a sequential one goes on where it stands. The
     * deadline is kept as in {@link #again}.
     *
     * @param failed the provider socket that raised {@code first}, or null if the socket had no
     *               provider when the call started
     * @param first  what the first attempt raised, or null if there was no first attempt
     * @param offset the {@code offset} argument of the consumer's {@code sendfile}
     * @param count  the {@code count} argument of the consumer's {@code sendfile}; 0 for up to
     *               the input's end
     * @param op     the {@code sendfile}, made on each next provider with the offset and count
     *               still to go
     * @return the bytes sent to the socket, all providers together
     * @throws SocketException as {@code sendfile} raises it on the provider that completes it;
     *         {@code EBADF} once no provider will take the socket; a
     *         {@link SocketTimeoutException} when the call's deadline passes while it waits
     *         for a provider; {@code EINTR} if the waiting thread is interrupted
     */
    private long sendfileAgain(ProviderSocket failed, HandedOverException first, long offset, long count,
            SendfileCall op) throws SocketException {
        long[] deadline = {first == null ? 0 : first.deadline()};
        ProviderSocket d = failed;
        HandedOverException e = first;
        long total = 0; // bytes the socket took, all providers together
        boolean sequential = false;
        ByteBuffer unsent = null;
        for (;;) {
            if (e != null) {
                total += e.progress();
                sequential |= e.sequentialInput();
                if (e.deadline() != 0) {
                    deadline[0] = e.deadline();
                }
                if (e.unsent().length > 0) {
                    unsent = ByteBuffer.wrap(e.unsent());
                }
                e = null;
            }
            d = next("sendfile", d, deadline);
            try {
                if (unsent != null) {
                    ByteBuffer rest = unsent;
                    carrying(deadline[0], d, p -> {
                        p.sendall(rest); // its position moves with what it sent, even when interrupted
                        return null;
                    });
                    total += unsent.capacity();
                    unsent = null;
                }
                long left = count == 0 ? 0 : count - total;
                if (count != 0 && left <= 0) {
                    return total; // the unsent bytes were the last ones asked for
                }
                long from = sequential ? offset : offset + total;
                long t = total;
                return carrying(deadline[0], d, p -> t + op.on(p, from, left));
            } catch (HandedOverException again) {
                if (unsent != null) { // interrupted while sending what the input gave before
                    if (again.deadline() != 0) {
                        deadline[0] = again.deadline();
                    }
                } else {
                    e = again;
                }
            }
        }
    }

    /**
     * The provider socket to make a call on after {@code failed} handed the socket over (or
     * the first one, for {@code failed} null): waits while the socket is between providers,
     * at most until the window ends or the call's deadline.
     *
     * @param call     the call's name, for the errors
     * @param failed   the provider socket that raised {@link HandedOverException}, or null
     * @param deadline in/out: the call's deadline (System.nanoTime), 0 for none; set from the
     *                 held socket's timeout if the call has none yet
     * @throws SocketException {@code EBADF} once no provider will take the socket; a
     *         {@link SocketTimeoutException} when the deadline passes first; {@code EINTR} if
     *         the waiting thread is interrupted
     * @return a provider socket other than {@code failed}
     */
    private ProviderSocket next(String call, ProviderSocket failed, long[] deadline) throws SocketException {
        if (closedNeverHeld()) {
            throw SocketException.of(call, Errno.EBADF, closedWhy);
        }
        Hand m = hand();
        synchronized (m) {
            for (;;) {
                ProviderSocket d = delegate;
                if (d != null && d != failed) {
                    return d;
                }
                if (closedWhy != null) {
                    throw SocketException.of(call, Errno.EBADF, closedWhy);
                }
                long now = System.nanoTime();
                HeldSocket held = m.held;
                if (deadline[0] == 0 && held != null && held.timeoutNanos() > 0) {
                    long dl = now + held.timeoutNanos(); // the call starts while the socket is held
                    deadline[0] = dl == 0 ? 1 : dl;
                }
                if (deadline[0] != 0 && deadline[0] - now <= 0) {
                    throw new SocketTimeoutException(call, Errno.ETIMEDOUT, "timed out");
                }
                try {
                    // Held: the keeper adopts or expires it, and notifies. Not yet held (the
                    // hand-over is between waking this caller and recording it): a moment.
                    long wait = held != null ? Math.max(1, m.heldUntil - now) : TimeUnit.SECONDS.toNanos(1);
                    if (deadline[0] != 0) {
                        wait = Math.min(wait, deadline[0] - now);
                    }
                    TimeUnit.NANOSECONDS.timedWait(m, wait); // at least that long, to the next millisecond
                    if (m.held != null && System.nanoTime() - m.heldUntil >= 0) {
                        closeHeldLocked(m, STOPPED);
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw SocketException.of(call, Errno.EINTR, "interrupted while the socket changes provider");
                }
            }
        }
    }

    // ---- the socket object -----------------------------------------------------------------

    @Override
    public int family() {
        return family;
    }

    @Override
    public int type() {
        return type;
    }

    @Override
    public int proto() {
        return proto;
    }

    @Override
    public int fileno() {
        ProviderSocket d = delegate;
        if (d != null) {
            int fd = d.fileno();
            // -1 from a socket nobody closed, once a hand-over may have begun (it makes the state
            // first): the descriptor may be taken and not yet recorded here; the state says.
            if (fd >= 0 || closeAsked || hand == null) {
                return fd;
            }
        }
        if (closedNeverHeld()) {
            return -1;
        }
        Hand m = hand();
        synchronized (m) {
            // A hand-over records the descriptor under this monitor and notifies, as a close of
            // the provider's socket does: wait for either, rather than answer -1 for a socket
            // that is open. (Untimed: a timed wait would start the JDK's delay-scheduler thread
            // for a virtual thread.)
            while (m.held == null && (d = delegate) != null && d.fileno() < 0 && !closeAsked) {
                try {
                    m.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return m.held != null ? m.held.fd() : delegate != null ? delegate.fileno() : -1;
        }
    }

    @Override
    public void close() {
        closeAsked = true;
        ProviderSocket d = delegate;
        if (d != null) {
            d.close();
            return;
        }
        if (closedNeverHeld()) {
            return; // closed already
        }
        Hand m = hand();
        synchronized (m) {
            if (m.held != null) {
                closeHeldLocked(m, CLOSED);
            } else if (delegate != null) {
                delegate.close();
            }
        }
    }

    @Override
    public Accepted accept() throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.accept();
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("accept", d, e, p -> p.accept());
    }

    @Override
    public void bind(SockAddr address) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                d.bind(address);
                return;
            } catch (HandedOverException x) {
                e = x;
            }
        }
        again("bind", d, e, p -> {
            p.bind(address);
            return null;
        });
    }

    @Override
    public void connect(SockAddr address) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                d.connect(address);
                return;
            } catch (HandedOverException x) {
                e = x;
            }
        }
        // made again as a resumed connect (one under way goes on, one that completed is a
        // success); a connect that never reached a provider (the socket was held) is a connect
        boolean[] started = {e != null};
        again("connect", d, e, p -> {
            if (started[0]) {
                return p.resumeConnect(address, true);
            }
            started[0] = true;
            p.connect(address);
            return 0;
        });
    }

    @Override
    public int connect_ex(SockAddr address) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.connect_ex(address);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        boolean[] started = {e != null};
        try {
            return again("connect_ex", d, e, p -> {
                if (started[0]) {
                    return p.resumeConnect(address, false);
                }
                started[0] = true;
                return p.connect_ex(address);
            });
        } catch (SocketTimeoutException timedOut) {
            return Errno.EWOULDBLOCK; // the timeout ended while no provider had the socket: as connect_ex reports it
        }
    }

    @Override
    public SockAddr getpeername() throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.getpeername();
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("getpeername", d, e, p -> p.getpeername());
    }

    @Override
    public SockAddr getsockname() throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.getsockname();
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("getsockname", d, e, p -> p.getsockname());
    }

    @Override
    public int getsockopt(int level, int optname) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.getsockopt(level, optname);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("getsockopt", d, e, p -> p.getsockopt(level, optname));
    }

    @Override
    public byte[] getsockopt(int level, int optname, int buflen) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.getsockopt(level, optname, buflen);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("getsockopt", d, e, p -> p.getsockopt(level, optname, buflen));
    }

    @Override
    public void setsockopt(int level, int optname, byte[] value) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                d.setsockopt(level, optname, value);
                return;
            } catch (HandedOverException x) {
                e = x;
            }
        }
        again("setsockopt", d, e, p -> {
            p.setsockopt(level, optname, value);
            return null;
        });
    }

    @Override
    public void setsockopt(int level, int optname, Void value, int optlen) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                d.setsockopt(level, optname, value, optlen);
                return;
            } catch (HandedOverException x) {
                e = x;
            }
        }
        again("setsockopt", d, e, p -> {
            p.setsockopt(level, optname, value, optlen);
            return null;
        });
    }

    @Override
    public void setsockopt(int level, int optname, int value) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                d.setsockopt(level, optname, value);
                return;
            } catch (HandedOverException x) {
                e = x;
            }
        }
        again("setsockopt", d, e, p -> {
            p.setsockopt(level, optname, value);
            return null;
        });
    }

    @Override
    public void listen(int backlog) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                d.listen(backlog);
                return;
            } catch (HandedOverException x) {
                e = x;
            }
        }
        again("listen", d, e, p -> {
            p.listen(backlog);
            return null;
        });
    }

    @Override
    public void shutdown(int how) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                d.shutdown(how);
                return;
            } catch (HandedOverException x) {
                e = x;
            }
        }
        again("shutdown", d, e, p -> {
            p.shutdown(how);
            return null;
        });
    }

    // ---- receiving: a receive either took its bytes or raised, so it is made again whole ----

    @Override
    public byte[] recv(int bufsize, int flags) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.recv(bufsize, flags);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("recv", d, e, p -> p.recv(bufsize, flags));
    }

    @Override
    public int recv_into(byte[] buffer, int nbytes, int flags) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.recv_into(buffer, nbytes, flags);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("recv_into", d, e, p -> p.recv_into(buffer, nbytes, flags));
    }

    @Override
    public int recv_into(ByteBuffer buffer, int flags) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.recv_into(buffer, flags);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("recv_into", d, e, p -> p.recv_into(buffer, flags));
    }

    @Override
    public Received recvfrom(int bufsize, int flags) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.recvfrom(bufsize, flags);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("recvfrom", d, e, p -> p.recvfrom(bufsize, flags));
    }

    @Override
    public ReceivedInto recvfrom_into(byte[] buffer, int nbytes, int flags) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.recvfrom_into(buffer, nbytes, flags);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("recvfrom_into", d, e, p -> p.recvfrom_into(buffer, nbytes, flags));
    }

    @Override
    public ReceivedMessage recvmsg(int bufsize, int ancbufsize, int flags) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.recvmsg(bufsize, ancbufsize, flags);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("recvmsg", d, e, p -> p.recvmsg(bufsize, ancbufsize, flags));
    }

    @Override
    public ReceivedMessageInto recvmsg_into(List<ByteBuffer> buffers, int ancbufsize, int flags) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.recvmsg_into(buffers, ancbufsize, flags);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("recvmsg_into", d, e, p -> p.recvmsg_into(buffers, ancbufsize, flags));
    }

    @Override
    public ReceivedFds recv_fds(int bufsize, int maxfds, int flags) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.recv_fds(bufsize, maxfds, flags);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("recv_fds", d, e, p -> p.recv_fds(bufsize, maxfds, flags));
    }

    // ---- sending: a send either sent or raised; sendall and sendfile go on from their progress ----

    @Override
    public int send(byte[] data, int flags) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.send(data, flags);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("send", d, e, p -> p.send(data, flags));
    }

    @Override
    public int send(ByteBuffer data, int flags) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.send(data, flags);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("send", d, e, p -> p.send(data, flags));
    }

    @Override
    public void sendall(byte[] data) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                d.sendall(data);
                return;
            } catch (HandedOverException x) {
                e = x;
            }
        }
        // the rest, from where the hand-over stopped it (a buffer's position moves with progress)
        ByteBuffer rest = ByteBuffer.wrap(data, e == null ? 0 : (int) e.progress(), data.length - (e == null ? 0 : (int) e.progress()));
        again("sendall", d, e, p -> {
            p.sendall(rest);
            return null;
        });
    }

    @Override
    public void sendall(ByteBuffer data) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                d.sendall(data);
                return;
            } catch (HandedOverException x) {
                e = x; // the provider moved the position past what it sent
            }
        }
        again("sendall", d, e, p -> {
            p.sendall(data);
            return null;
        });
    }

    @Override
    public int sendto(byte[] data, int flags, SockAddr address) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.sendto(data, flags, address);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("sendto", d, e, p -> p.sendto(data, flags, address));
    }

    @Override
    public int sendmsg(List<byte[]> buffers, List<ControlMessage> ancdata, int flags, SockAddr address) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.sendmsg(buffers, ancdata, flags, address);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("sendmsg", d, e, p -> p.sendmsg(buffers, ancdata, flags, address));
    }

    @Override
    public long sendfile(Path file, long offset, long count) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.sendfile(file, offset, count);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return sendfileAgain(d, e, offset, count, (p, o, c) -> p.sendfile(file, o, c));
    }

    @Override
    public long sendfile(int in_fd, long offset, long count) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.sendfile(in_fd, offset, count);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return sendfileAgain(d, e, offset, count, (p, o, c) -> p.sendfile(in_fd, o, c));
    }

    @Override
    public long sendfile(FileChannel file, long offset, long count) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.sendfile(file, offset, count);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return sendfileAgain(d, e, offset, count, (p, o, c) -> p.sendfile(file, o, c));
    }

    // ---- files, descriptors, modes ----------------------------------------------------------

    @Override
    public SocketFile makefile(String mode, int bufsize) throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.makefile(mode, bufsize);
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("makefile", d, e, p -> p.makefile(mode, bufsize));
    }

    @Override
    public SocketType dup() throws SocketException {
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.dup();
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("dup", d, e, p -> p.dup());
    }

    @Override
    public int detach() throws SocketException {
        if (delegate == null && isClosedForGood()) {
            return -1; // as the provider's detach of a closed socket, and CPython's
        }
        ProviderSocket d = delegate;
        HandedOverException e = null;
        if (d != null) {
            try {
                return d.detach();
            } catch (HandedOverException x) {
                e = x;
            }
        }
        return again("detach", d, e, ProviderSocket::detach);
    }

    @Override
    public void setblocking(boolean flag) {
        settimeout(flag ? null : 0.0);
    }

    @Override
    public boolean getblocking() {
        Double t = gettimeout();
        return t == null || t != 0.0;
    }

    @Override
    public void settimeout(Double seconds) {
        ProviderSocket d = delegate;
        if (d != null) {
            d.settimeout(seconds);
            return;
        }
        long nanos = seconds == null ? -1 : (long) Math.ceil(seconds * 1e9); // validated by the provider when it was a provider's
        if (seconds != null && (Double.isNaN(seconds) || seconds < 0)) {
            throw new IllegalArgumentException("Timeout value out of range: " + seconds);
        }
        if (closedNeverHeld()) {
            closedTimeout = seconds; // as a closed CPython socket takes it
            return;
        }
        Hand m = hand();
        synchronized (m) {
            HeldSocket held = m.held;
            if (held != null) {
                m.held = new HeldSocket(held.fd(), held.family(), held.type(), held.proto(), nanos);
            } else if (delegate != null) {
                delegate.settimeout(seconds);
            } else {
                closedTimeout = seconds;
            }
        }
    }

    @Override
    public Double gettimeout() {
        ProviderSocket d = delegate;
        if (d != null) {
            return d.gettimeout();
        }
        if (closedNeverHeld()) {
            return closedTimeout;
        }
        Hand m = hand();
        synchronized (m) {
            HeldSocket held = m.held;
            if (held != null) {
                return held.timeoutNanos() < 0 ? null : held.timeoutNanos() / 1e9;
            }
            return delegate != null ? delegate.gettimeout() : closedTimeout;
        }
    }

    @Override
    public String toString() {
        ProviderSocket d = delegate;
        return d != null ? d.toString()
                : "socket(fd=" + fileno() + ", family=" + family + ", type=" + type + ", proto=" + proto + ", between providers)";
    }
}
