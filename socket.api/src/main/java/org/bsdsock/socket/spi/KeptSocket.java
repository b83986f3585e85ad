package org.bsdsock.socket.spi;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>Known limit: a call made again on the next provider starts its timeout anew.
 *
 * <p>Why each method spells out the same retry loop instead of passing a lambda to one helper:
 * a capturing lambda would allocate on every call of the data path, which stays
 * allocation-free here (AllocationFreeTest); the loops differ only in the call they make.
 */
public final class KeptSocket implements SocketType {
    /** What calls on a socket that no provider took over say. */
    public static final String STOPPED = "socket provider stopped";

    /** The keeper that holds this socket between providers. */
    private final SocketKeeper keeper;
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

    /** Guards the hand-over state below, and {@link #delegate}'s changes. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever the socket is held, adopted or closed for good: callers waiting for a provider wake. */
    private final Condition changed = lock.newCondition();
    // Guarded by lock:
    /** The socket between two providers: the descriptor and its state. */
    private HeldSocket held;
    /** The provider socket that handed {@link #held} over: it closes the descriptor if nobody adopts it. */
    private ProviderSocket heldBy;
    /** When the hand-over window ends (System.nanoTime). */
    private long heldUntil;
    /** Set once the socket is closed for good while no provider had it: why. */
    private String closedWhy;
    /** The mode a socket closed for good still reports and takes (as a closed CPython socket does). */
    private Double closedTimeout;
    /** The thread that closes the socket when its window ends; woken to end early once it is adopted. */
    private Thread windowThread;

    /**
     * Made by {@link SocketKeeper#keep}.
     *
     * @param keeper   the keeper that holds it between providers
     * @param owner    who makes the socket
     * @param delegate the provider's socket calls go to first
     */
    KeptSocket(SocketKeeper keeper, String owner, ProviderSocket delegate) {
        this.keeper = keeper;
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
        lock.lock();
        try {
            return delegate == null && held == null && closedWhy != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells whether the socket is between two providers: handed over, not yet adopted or closed.
     *
     * @return true while it is held
     */
    public boolean isHeld() {
        lock.lock();
        try {
            return held != null;
        } finally {
            lock.unlock();
        }
    }

    // ---- the hand-over -----------------------------------------------------------------

    /**
     * Called by the provider for each socket it hands over: takes the descriptor from
     * {@code from} (waking its callers), and holds it until a provider of the same owner adopts
     * it or {@code windowNanos} pass. A window of 0 closes it at once. Does nothing if
     * {@code from} was closed already.
     *
     * @param from        the provider's socket this object forwards to now; the provider is
     *                    going away
     * @param windowNanos how long the descriptor waits for a provider to adopt it, in
     *                    nanoseconds; 0 or less closes it at once (calls then fail with
     *                    {@code EBADF} and {@link #STOPPED})
     */
    public void handOver(ProviderSocket from, long windowNanos) {
        HeldSocket h = from.handOver();
        if (h == null) {
            return; // closed already
        }
        lock.lock();
        try {
            if (delegate != from) {
                from.closeHeld(h.fd()); // not ours to hold (cannot happen with one provider socket per kept one)
                return;
            }
            delegate = null;
            held = h;
            heldBy = from;
            heldUntil = System.nanoTime() + windowNanos;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (windowNanos <= 0) {
            expire(STOPPED);
        } else {
            keeper.hold(this, windowNanos);
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
        lock.lock();
        try {
            if (held == null) {
                return false;
            }
            HeldSocket h = held;
            try {
                ProviderSocket next = adopter.adopt(h, this);
                held = null;
                heldBy = null;
                delegate = next;
                endWindow();
                return true;
            } catch (SocketException | RuntimeException refused) {
                closeHeldLocked(refused.getMessage());
                return false;
            } finally {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the socket if it is still held and its window is over.
     *
     * @param now the time, {@link System#nanoTime()}
     * @return the nanoseconds left of its window while it is held, else 0
     */
    long expireIfDue(long now) {
        lock.lock();
        try {
            if (held == null) {
                return 0;
            }
            long left = heldUntil - now;
            if (left > 0) {
                return left;
            }
            closeHeldLocked(STOPPED);
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the socket if it is still held.
     *
     * @param why the text its calls then fail with
     */
    private void expire(String why) {
        lock.lock();
        try {
            if (held != null) {
                closeHeldLocked(why);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the held descriptor for good (through the provider that handed it over) and
     * wakes the callers waiting for a provider, which then fail; the caller holds {@link #lock}.
     *
     * @param why the text its calls then fail with
     */
    private void closeHeldLocked(String why) {
        heldBy.closeHeld(held.fd());
        keeper.release(this);
        closedTimeout = held.timeoutNanos() < 0 ? null : held.timeoutNanos() / 1e9;
        held = null;
        heldBy = null;
        closedWhy = why;
        endWindow();
        changed.signalAll();
    }

    /**
     * Records the thread that ends this socket's window (see {@link SocketKeeper#hold}), or
     * wakes it at once if the socket is no longer held.
     *
     * @param t the window's thread, started
     */
    void windowThread(Thread t) {
        lock.lock();
        try {
            if (held != null) {
                windowThread = t;
                return;
            }
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(t); // adopted or closed already: nothing to wait for
    }

    /** Wakes the window's thread, if any, so it ends early; the caller holds {@link #lock}. */
    private void endWindow() {
        Thread t = windowThread;
        windowThread = null;
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
        lock.lock();
        try {
            if (delegate == from) {
                closedTimeout = from.gettimeout();
                delegate = null;
                closedWhy = why;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- finding the provider a call goes to -----------------------------------------------

    /**
     * The provider socket a call goes to: the current one, or the next (waiting while the
     * socket is between providers).
     *
     * @param call the call's name, for the error
     * @return the provider's socket
     * @throws SocketException {@code EBADF} once no provider will take the socket
     */
    private ProviderSocket current(String call) throws SocketException {
        ProviderSocket d = delegate;
        return d != null ? d : next(call, null);
    }

    /**
     * The provider socket to make a call on after {@code failed} handed the socket over (or
     * the first one, for {@code failed} null): waits while the socket is between providers.
     *
     * @param call   the call's name, for the error
     * @param failed the provider socket that raised {@link HandedOverException}, or null
     * @return a provider socket other than {@code failed}
     * @throws SocketException {@code EBADF} once no provider will take the socket
     */
    private ProviderSocket next(String call, ProviderSocket failed) throws SocketException {
        lock.lock();
        try {
            for (;;) {
                ProviderSocket d = delegate;
                if (d != null && d != failed) {
                    return d;
                }
                if (closedWhy != null) {
                    throw SocketException.of(call, Errno.EBADF, closedWhy);
                }
                try {
                    // Held: the keeper adopts or expires it, and signals. Not yet held (the
                    // hand-over is between waking this caller and recording it): a moment.
                    long wait = held != null ? Math.max(1, heldUntil - System.nanoTime()) : TimeUnit.SECONDS.toNanos(1);
                    if (changed.awaitNanos(wait) <= 0 && held != null && System.nanoTime() - heldUntil >= 0) {
                        closeHeldLocked(STOPPED);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw SocketException.of(call, Errno.EINTR, "interrupted while the socket changes provider");
                }
            }
        } finally {
            lock.unlock();
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
            return d.fileno();
        }
        lock.lock();
        try {
            return held != null ? held.fd() : delegate != null ? delegate.fileno() : -1;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        ProviderSocket d = delegate;
        if (d != null) {
            d.close();
            return;
        }
        lock.lock();
        try {
            if (held != null) {
                closeHeldLocked("Bad file descriptor");
            } else if (delegate != null) {
                delegate.close();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Accepted accept() throws SocketException {
        ProviderSocket d = current("accept");
        for (;;) {
            try {
                return d.accept();
            } catch (HandedOverException e) {
                d = next("accept", d);
            }
        }
    }

    @Override
    public void bind(SockAddr address) throws SocketException {
        ProviderSocket d = current("bind");
        for (;;) {
            try {
                d.bind(address);
                return;
            } catch (HandedOverException e) {
                d = next("bind", d);
            }
        }
    }

    @Override
    public void connect(SockAddr address) throws SocketException {
        ProviderSocket d = current("connect");
        try {
            d.connect(address);
            return;
        } catch (HandedOverException e) {
            d = next("connect", d);
        }
        for (;;) {
            try {
                d.resumeConnect(address, true);
                return;
            } catch (HandedOverException e) {
                d = next("connect", d);
            }
        }
    }

    @Override
    public int connect_ex(SockAddr address) throws SocketException {
        ProviderSocket d = current("connect_ex");
        try {
            return d.connect_ex(address);
        } catch (HandedOverException e) {
            d = next("connect_ex", d);
        }
        for (;;) {
            try {
                return d.resumeConnect(address, false);
            } catch (HandedOverException e) {
                d = next("connect_ex", d);
            }
        }
    }

    @Override
    public SockAddr getpeername() throws SocketException {
        ProviderSocket d = current("getpeername");
        for (;;) {
            try {
                return d.getpeername();
            } catch (HandedOverException e) {
                d = next("getpeername", d);
            }
        }
    }

    @Override
    public SockAddr getsockname() throws SocketException {
        ProviderSocket d = current("getsockname");
        for (;;) {
            try {
                return d.getsockname();
            } catch (HandedOverException e) {
                d = next("getsockname", d);
            }
        }
    }

    @Override
    public int getsockopt(int level, int optname) throws SocketException {
        ProviderSocket d = current("getsockopt");
        for (;;) {
            try {
                return d.getsockopt(level, optname);
            } catch (HandedOverException e) {
                d = next("getsockopt", d);
            }
        }
    }

    @Override
    public byte[] getsockopt(int level, int optname, int buflen) throws SocketException {
        ProviderSocket d = current("getsockopt");
        for (;;) {
            try {
                return d.getsockopt(level, optname, buflen);
            } catch (HandedOverException e) {
                d = next("getsockopt", d);
            }
        }
    }

    @Override
    public void setsockopt(int level, int optname, byte[] value) throws SocketException {
        ProviderSocket d = current("setsockopt");
        for (;;) {
            try {
                d.setsockopt(level, optname, value);
                return;
            } catch (HandedOverException e) {
                d = next("setsockopt", d);
            }
        }
    }

    @Override
    public void setsockopt(int level, int optname, Void value, int optlen) throws SocketException {
        ProviderSocket d = current("setsockopt");
        for (;;) {
            try {
                d.setsockopt(level, optname, value, optlen);
                return;
            } catch (HandedOverException e) {
                d = next("setsockopt", d);
            }
        }
    }

    @Override
    public void setsockopt(int level, int optname, int value) throws SocketException {
        ProviderSocket d = current("setsockopt");
        for (;;) {
            try {
                d.setsockopt(level, optname, value);
                return;
            } catch (HandedOverException e) {
                d = next("setsockopt", d);
            }
        }
    }

    @Override
    public void listen(int backlog) throws SocketException {
        ProviderSocket d = current("listen");
        for (;;) {
            try {
                d.listen(backlog);
                return;
            } catch (HandedOverException e) {
                d = next("listen", d);
            }
        }
    }

    @Override
    public void shutdown(int how) throws SocketException {
        ProviderSocket d = current("shutdown");
        for (;;) {
            try {
                d.shutdown(how);
                return;
            } catch (HandedOverException e) {
                d = next("shutdown", d);
            }
        }
    }

    // ---- receiving: a receive either took its bytes or raised, so it is made again whole ----

    @Override
    public byte[] recv(int bufsize, int flags) throws SocketException {
        ProviderSocket d = current("recv");
        for (;;) {
            try {
                return d.recv(bufsize, flags);
            } catch (HandedOverException e) {
                d = next("recv", d);
            }
        }
    }

    @Override
    public int recv_into(byte[] buffer, int nbytes, int flags) throws SocketException {
        ProviderSocket d = current("recv_into");
        for (;;) {
            try {
                return d.recv_into(buffer, nbytes, flags);
            } catch (HandedOverException e) {
                d = next("recv_into", d);
            }
        }
    }

    @Override
    public int recv_into(ByteBuffer buffer, int flags) throws SocketException {
        ProviderSocket d = current("recv_into");
        for (;;) {
            try {
                return d.recv_into(buffer, flags);
            } catch (HandedOverException e) {
                d = next("recv_into", d);
            }
        }
    }

    @Override
    public Received recvfrom(int bufsize, int flags) throws SocketException {
        ProviderSocket d = current("recvfrom");
        for (;;) {
            try {
                return d.recvfrom(bufsize, flags);
            } catch (HandedOverException e) {
                d = next("recvfrom", d);
            }
        }
    }

    @Override
    public ReceivedInto recvfrom_into(byte[] buffer, int nbytes, int flags) throws SocketException {
        ProviderSocket d = current("recvfrom_into");
        for (;;) {
            try {
                return d.recvfrom_into(buffer, nbytes, flags);
            } catch (HandedOverException e) {
                d = next("recvfrom_into", d);
            }
        }
    }

    @Override
    public ReceivedMessage recvmsg(int bufsize, int ancbufsize, int flags) throws SocketException {
        ProviderSocket d = current("recvmsg");
        for (;;) {
            try {
                return d.recvmsg(bufsize, ancbufsize, flags);
            } catch (HandedOverException e) {
                d = next("recvmsg", d);
            }
        }
    }

    @Override
    public ReceivedMessageInto recvmsg_into(List<ByteBuffer> buffers, int ancbufsize, int flags)
            throws SocketException {
        ProviderSocket d = current("recvmsg_into");
        for (;;) {
            try {
                return d.recvmsg_into(buffers, ancbufsize, flags);
            } catch (HandedOverException e) {
                d = next("recvmsg_into", d);
            }
        }
    }

    @Override
    public ReceivedFds recv_fds(int bufsize, int maxfds, int flags) throws SocketException {
        ProviderSocket d = current("recv_fds");
        for (;;) {
            try {
                return d.recv_fds(bufsize, maxfds, flags);
            } catch (HandedOverException e) {
                d = next("recv_fds", d);
            }
        }
    }

    // ---- sending: a send either sent or raised; sendall and sendfile go on from their progress ----

    @Override
    public int send(byte[] data, int flags) throws SocketException {
        ProviderSocket d = current("send");
        for (;;) {
            try {
                return d.send(data, flags);
            } catch (HandedOverException e) {
                d = next("send", d);
            }
        }
    }

    @Override
    public int send(ByteBuffer data, int flags) throws SocketException {
        ProviderSocket d = current("send");
        for (;;) {
            try {
                return d.send(data, flags);
            } catch (HandedOverException e) {
                d = next("send", d);
            }
        }
    }

    @Override
    public void sendall(byte[] data) throws SocketException {
        ProviderSocket d = current("sendall");
        long sent;
        try {
            d.sendall(data);
            return;
        } catch (HandedOverException e) {
            sent = e.progress();
            d = next("sendall", d);
        }
        // the rest, from where the hand-over stopped it (a buffer's position moves with progress)
        sendall(d, ByteBuffer.wrap(data, (int) sent, data.length - (int) sent));
    }

    @Override
    public void sendall(ByteBuffer data) throws SocketException {
        sendall(current("sendall"), data);
    }

    /**
     * Sends the buffer's remaining bytes, going on on the next provider after a hand-over
     * (the buffer's position tells how far it got).
     *
     * @param d    the provider socket to start on
     * @param data the bytes to send
     * @throws SocketException as {@link SocketType#sendall(ByteBuffer)}
     */
    private void sendall(ProviderSocket d, ByteBuffer data) throws SocketException {
        for (;;) {
            try {
                d.sendall(data);
                return;
            } catch (HandedOverException e) {
                d = next("sendall", d);
            }
        }
    }

    @Override
    public int sendto(byte[] data, int flags, SockAddr address) throws SocketException {
        ProviderSocket d = current("sendto");
        for (;;) {
            try {
                return d.sendto(data, flags, address);
            } catch (HandedOverException e) {
                d = next("sendto", d);
            }
        }
    }

    @Override
    public int sendmsg(List<byte[]> buffers, List<ControlMessage> ancdata, int flags, SockAddr address)
            throws SocketException {
        ProviderSocket d = current("sendmsg");
        for (;;) {
            try {
                return d.sendmsg(buffers, ancdata, flags, address);
            } catch (HandedOverException e) {
                d = next("sendmsg", d);
            }
        }
    }

    @Override
    public long sendfile(Path file, long offset, long count) throws SocketException {
        ProviderSocket d = current("sendfile");
        long total = 0;
        for (;;) {
            try {
                return total + d.sendfile(file, offset + total, count == 0 ? 0 : count - total);
            } catch (HandedOverException e) {
                total += e.progress();
                d = next("sendfile", d);
            }
        }
    }

    @Override
    public long sendfile(int in_fd, long offset, long count) throws SocketException {
        ProviderSocket d = current("sendfile");
        long total = 0;
        for (;;) {
            try {
                return total + d.sendfile(in_fd, offset + total, count == 0 ? 0 : count - total);
            } catch (HandedOverException e) {
                total += e.progress();
                d = next("sendfile", d);
            }
        }
    }

    @Override
    public long sendfile(FileChannel file, long offset, long count) throws SocketException {
        ProviderSocket d = current("sendfile");
        long total = 0;
        for (;;) {
            try {
                return total + d.sendfile(file, offset + total, count == 0 ? 0 : count - total);
            } catch (HandedOverException e) {
                total += e.progress();
                d = next("sendfile", d);
            }
        }
    }

    // ---- files, descriptors, modes ----------------------------------------------------------

    @Override
    public SocketFile makefile(String mode, int bufsize) throws SocketException {
        ProviderSocket d = current("makefile");
        for (;;) {
            try {
                return d.makefile(mode, bufsize);
            } catch (HandedOverException e) {
                d = next("makefile", d);
            }
        }
    }

    @Override
    public SocketType dup() throws SocketException {
        ProviderSocket d = current("dup");
        for (;;) {
            try {
                return d.dup();
            } catch (HandedOverException e) {
                d = next("dup", d);
            }
        }
    }

    @Override
    public int detach() throws SocketException {
        if (delegate == null && isClosedForGood()) {
            return -1; // as the provider's detach of a closed socket, and CPython's
        }
        ProviderSocket d = current("detach");
        for (;;) {
            try {
                return d.detach();
            } catch (HandedOverException e) {
                d = next("detach", d);
            }
        }
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
        lock.lock();
        try {
            if (held != null) {
                held = new HeldSocket(held.fd(), held.family(), held.type(), held.proto(), nanos);
            } else if (delegate != null) {
                delegate.settimeout(seconds);
            } else {
                closedTimeout = seconds;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Double gettimeout() {
        ProviderSocket d = delegate;
        if (d != null) {
            return d.gettimeout();
        }
        lock.lock();
        try {
            if (held != null) {
                return held.timeoutNanos() < 0 ? null : held.timeoutNanos() / 1e9;
            }
            return delegate != null ? delegate.gettimeout() : closedTimeout;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        ProviderSocket d = delegate;
        return d != null ? d.toString()
                : "socket(fd=" + fileno() + ", family=" + family + ", type=" + type + ", proto=" + proto + ", between providers)";
    }
}
