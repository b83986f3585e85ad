package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.LockSupport;
import org.bsdsock.socket.api.SocketException;

/**
 * Readiness for parked virtual threads. A socket's descriptor is registered here once,
 * edge-triggered for both directions ({@link #register}); a waiting thread enqueues itself on
 * its {@link FdHandle} and parks, and each edge the kernel reports marks the handle ready in
 * that direction and unparks its waiters. So a virtual thread waiting for a socket holds no
 * carrier thread, and a wait costs no system call to re-arm (JDK NIO re-arms a one-shot
 * registration with {@code epoll_ctl} for every wait).
 *
 * <p>Two kinds, as in the JDK's own virtual-thread I/O:
 * <ul>
 * <li>a <em>master</em> poller is a platform thread blocked in {@code epoll_wait};</li>
 * <li>a <em>sub-poller</em> is a virtual thread that polls its epoll instance without
 * blocking ({@code epoll_wait} with timeout 0), yields between polls while there is work,
 * and parks (its epoll descriptor armed with the master) when there is none. Unparking
 * virtual threads from a virtual thread stays inside the scheduler; no platform thread has
 * to be woken for each ready socket.</li>
 * </ul>
 * Sockets use the sub-pollers; the master only watches the sub-pollers (one-shot: a
 * sub-poller re-arms itself on the master each time it parks).
 */
final class Poller {
    /** {@code sizeof(struct epoll_event)} and the offset of its {@code data} ({@link Layouts#EPOLL_EVENT}). */
    static final long EVENT_SIZE = Layouts.EPOLL_EVENT.byteSize();
    static final long DATA_OFFSET = Layouts.EPOLL_EVENT_DATA;

    private static final int MAX_EVENTS = 256;
    private static final java.lang.foreign.ValueLayout.OfLong DATA = JAVA_LONG.withByteAlignment(4);

    // The poller's own descriptors get the same lifecycle as sockets: a call in progress
    // keeps them open, so stop() cannot close them under a concurrent register() or forget().
    private final FdHandle epoll;
    /** The master's eventfd, written by stop(); null for a sub-poller (an unpark wakes it). */
    private final FdHandle wakeup;
    /** The master a sub-poller parks on; null for a master. */
    private final Poller master;
    // The armed handles, indexed by descriptor (numbers are small and dense): the poller
    // finds a handle without boxing or hashing.
    private volatile FdHandle[] byFd = new FdHandle[1024];
    private static final java.lang.invoke.VarHandle SLOT =
            java.lang.invoke.MethodHandles.arrayElementVarHandle(FdHandle[].class);
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * A master poller: a platform thread blocked in {@code epoll_wait}.
     *
     * @throws SocketException if epoll or eventfd cannot be created
     */
    Poller() throws SocketException {
        this(null);
    }

    /**
     * @param master null for a master poller; else the master this sub-poller parks on
     * @throws SocketException if epoll or eventfd cannot be created
     */
    Poller(Poller master) throws SocketException {
        this.master = master;
        Scratch s = Scratch.get();
        int epfd = Libc.epoll_create1(s.state, Libc.O_CLOEXEC);
        if (epfd < 0) {
            throw Errors.of("epoll_create1", s.errno());
        }
        epoll = new FdHandle(epfd, () -> { });
        String name = master != null ? "socket-poller-sub" : "socket-poller-master";
        if (master != null) {
            wakeup = null;
            thread = Thread.ofVirtual().name(name).unstarted(this::subPollerLoop);
        } else {
            int wakeFd = Libc.eventfd(s.state, 0, Libc.O_CLOEXEC | Libc.O_NONBLOCK);
            if (wakeFd < 0) {
                int errno = s.errno();
                epoll.close();
                throw Errors.of("eventfd", errno);
            }
            wakeup = new FdHandle(wakeFd, () -> { });
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment ev = arena.allocate(EVENT_SIZE, 4);
                ev.set(JAVA_INT, 0, Libc.EPOLLIN);
                ev.set(DATA, DATA_OFFSET, -1L);
                Libc.epoll_ctl(s.state, epfd, Libc.EPOLL_CTL_ADD, wakeFd, ev);
            }
            thread = Thread.ofPlatform().daemon().name(name).unstarted(this::masterLoop);
        }
        thread.start();
    }

    /**
     * Registers {@code handle}'s descriptor, once, for edge-triggered readiness in both
     * directions: from then on every arrival of data, of send-buffer space, of an error or a
     * hang-up is reported, and no wait needs a system call to re-arm. The caller holds the
     * handle (between enter and leave).
     */
    void register(FdHandle handle) throws SocketException {
        int fd = handle.fd();
        if (!slotFor(fd, handle)) {
            return; // registered before: the common case, no system call
        }
        handle.polledBy(this);
        REGISTRATIONS.increment();
        // No count on the epoll handle here (a shared atomic every waiting thread would hit):
        // the pollers stop only once every socket handle is released, and the caller holds
        // its socket's handle, so this poller cannot be stopped under it.
        try {
            ctl(epoll.fd(), Libc.EPOLL_CTL_ADD, fd, Libc.EPOLLIN | Libc.EPOLLOUT | Libc.EPOLLRDHUP | Libc.EPOLLET);
        } catch (SocketException e) { // e.g. ENOSPC (max_user_watches): not registered after all
            synchronized (this) {
                if (fd < byFd.length && byFd[fd] == handle) {
                    SLOT.setVolatile(byFd, fd, null);
                }
            }
            handle.polledBy(null);
            // Threads that found the slot taken and parked meanwhile would wait for edges that
            // never come: wake them; their next wait registers again (and fails the same way).
            handle.ready(true);
            handle.ready(false);
            throw e;
        }
    }

    /** epoll_ctl calls made for sockets, all pollers together: one per socket that ever waited. */
    private static final java.util.concurrent.atomic.LongAdder REGISTRATIONS = new java.util.concurrent.atomic.LongAdder();

    /** @return the epoll_ctl calls made so far for sockets (for tests: a wait must not make one) */
    static long socketRegistrations() {
        return REGISTRATIONS.sum();
    }

    /** Arms a sub-poller on this master for one report; counted, since a sub-poller holds no socket handle. */
    private void armCounted(FdHandle handle) throws SocketException {
        int epfd = epoll.enter("epoll_ctl");
        try {
            int fd = handle.fd();
            int op = Libc.EPOLL_CTL_MOD;
            if (slotFor(fd, handle)) {
                handle.polledBy(this);
                op = Libc.EPOLL_CTL_ADD;
            }
            ctl(epfd, op, fd, Libc.EPOLLIN | Libc.EPOLLONESHOT);
        } finally {
            epoll.leave();
        }
    }

    private static void ctl(int epfd, int op, int fd, int events) throws SocketException {
        int errno;
        Scratch s = Scratch.forAttempt();
        try {
            MemorySegment ev = s.epollEvent;
            ev.set(JAVA_INT, 0, events);
            ev.set(DATA, DATA_OFFSET, fd);
            if (Libc.epoll_ctl(s.state, epfd, op, fd, ev) == 0) {
                return;
            }
            errno = s.errno();
        } finally {
            s.release();
        }
        throw Errors.of("epoll_ctl", errno);
    }

    /** Puts the handle in its descriptor's slot; returns true if it was not there yet. */
    private boolean slotFor(int fd, FdHandle handle) {
        FdHandle[] a = byFd;
        if (fd < a.length && SLOT.getVolatile(a, fd) == handle) {
            return false; // armed before: the common case, without the lock
        }
        synchronized (this) {
            a = byFd;
            if (fd >= a.length) {
                a = java.util.Arrays.copyOf(a, Integer.highestOneBit(fd) << 1);
                byFd = a;
            }
            if (a[fd] == handle) {
                return false;
            }
            SLOT.setVolatile(a, fd, handle);
            return true;
        }
    }

    /** @return the handle armed for a descriptor, or null */
    private FdHandle slot(int fd) {
        FdHandle[] a = byFd;
        return fd < a.length ? (FdHandle) SLOT.getVolatile(a, fd) : null;
    }

    /** Removes a descriptor before it is closed, so its number can be reused safely. */
    void forget(FdHandle handle) {
        int fd = handle.fd();
        boolean armed;
        synchronized (this) {
            FdHandle[] a = byFd;
            armed = fd < a.length && a[fd] == handle;
            if (armed) {
                SLOT.setVolatile(a, fd, null);
            }
        }
        if (armed) {
            int epfd;
            try {
                epfd = epoll.enter("epoll_ctl");
            } catch (SocketException stopped) {
                return; // the epoll instance is gone, and the registration with it
            }
            try {
                Scratch s = Scratch.get();
                Libc.epoll_ctl(s.state, epfd, Libc.EPOLL_CTL_DEL, fd, s.epollEvent);
            } finally {
                epoll.leave();
            }
        }
    }

    private static final int READ_EVENTS = Libc.EPOLLIN | Libc.EPOLLRDHUP | Libc.EPOLLHUP | Libc.EPOLLERR;
    private static final int WRITE_EVENTS = Libc.EPOLLOUT | Libc.EPOLLHUP | Libc.EPOLLERR;

    /** Marks ready, and wakes the waiters of, every descriptor and direction reported. */
    private void dispatch(MemorySegment events, int n) {
        for (int i = 0; i < n; i++) {
            long fd = events.get(DATA, i * EVENT_SIZE + DATA_OFFSET);
            if (fd >= 0) {
                FdHandle h = slot((int) fd);
                if (h != null) {
                    int bits = events.get(JAVA_INT, i * EVENT_SIZE);
                    if ((bits & READ_EVENTS) != 0) {
                        h.ready(true);
                    }
                    if ((bits & WRITE_EVENTS) != 0) {
                        h.ready(false);
                    }
                }
            }
        }
    }

    private void masterLoop() {
        Scratch s = Scratch.get();
        int epfd;
        try {
            epfd = epoll.enter("epoll_wait");
        } catch (SocketException stoppedBeforeStart) {
            return;
        }
        // The eventfd is held too, for as long as this thread may be in epoll_wait: closing it
        // removes its pending event from the ready list, and epoll_wait(-1) would then sleep on.
        // So stop()'s close takes effect only once this thread has seen the wakeup and left.
        try {
            wakeup.enter("epoll_wait");
        } catch (SocketException stoppedBeforeStart) {
            epoll.leave();
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = arena.allocate(EVENT_SIZE * MAX_EVENTS, 8);
            while (!stopped) {
                dispatch(events, Libc.epoll_wait(s.state, epfd, events, MAX_EVENTS, -1));
            }
        } finally {
            wakeup.leave();
            epoll.leave();
        }
    }

    private void subPollerLoop() {
        Scratch s = Scratch.get();
        int epfd;
        try {
            epfd = epoll.enter("epoll_wait");
        } catch (SocketException stoppedBeforeStart) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment events = arena.allocate(EVENT_SIZE * MAX_EVENTS, 8);
            int polled = 0;
            while (!stopped) {
                if (polled == 0) {
                    // nothing ready: park until the master sees this epoll instance readable
                    epoll.enqueue(true);
                    try {
                        if (stopped) {
                            break;
                        }
                        master.armCounted(epoll);
                        LockSupport.park(this);
                    } catch (SocketException masterStopped) {
                        break;
                    } finally {
                        epoll.dequeue(true);
                    }
                } else {
                    Thread.yield(); // let the threads just woken run before polling again
                }
                polled = Math.max(0, Libc.epoll_wait(s.state, epfd, events, MAX_EVENTS, 0));
                dispatch(events, polled);
            }
        } finally {
            epoll.leave();
        }
    }

    /**
     * Stops the poller and closes its descriptors once nothing uses them. Waiters are woken
     * by their sockets' close, not here. Sub-pollers are stopped before their master.
     */
    /**
     * Waits (at most {@code millis}) for the poller's thread to end after {@link #stop}: once a
     * provider bundle is updated its classes can no longer be loaded, so its threads must be
     * done before its deactivation returns.
     */
    void awaitStopped(long millis) {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        stopped = true;
        if (master != null) {
            epoll.wake(true); // unparks the sub-poller if it waits for its master
        } else {
            try {
                int fd = wakeup.enter("write");
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment one = arena.allocate(JAVA_LONG);
                    one.set(JAVA_LONG, 0, 1L);
                    Libc.write(Scratch.get().state, fd, one, 8);
                } finally {
                    wakeup.leave();
                }
            } catch (SocketException alreadyStopped) {
                return;
            }
            wakeup.close();
        }
        epoll.close();
    }
}
