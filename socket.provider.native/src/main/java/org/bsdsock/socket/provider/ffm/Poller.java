package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.SocketException;

/**
 * Readiness for parked threads: one platform thread blocked in {@code epoll_wait} on behalf
 * of every virtual thread waiting for one direction (read or write) of any socket. A waiting
 * thread enqueues itself on its {@link FdHandle}, arms the descriptor here (one-shot), and
 * parks; when the kernel reports the descriptor ready, this thread unparks every waiter of
 * that direction. So a virtual thread waiting for a socket holds no carrier thread.
 *
 * <p>Two pollers (read, write), as in the JDK: with one-shot arming, each direction needs
 * its own epoll instance.
 */
final class Poller {
    /**
     * {@code struct epoll_event} from {@code <sys/epoll.h>}: {@code uint32_t events} then the
     * 64-bit {@code data}; packed (12 bytes) on x86-64, naturally aligned (16 bytes) elsewhere.
     */
    static final long EVENT_SIZE;
    static final long DATA_OFFSET;

    static {
        boolean x86 = System.getProperty("os.arch", "").matches("amd64|x86_64");
        EVENT_SIZE = x86 ? 12 : 16;
        DATA_OFFSET = x86 ? 4 : 8;
    }

    private static final int MAX_EVENTS = 256;

    private final boolean read;
    // The poller's own descriptors get the same lifecycle as sockets: a call in progress
    // keeps them open, so stop() cannot close them under a concurrent arm() or forget().
    private final FdHandle epoll;
    private final FdHandle wakeup;
    // The armed handles, indexed by descriptor (numbers are small and dense): the poller
    // thread finds a handle without boxing or hashing.
    private volatile FdHandle[] byFd = new FdHandle[1024];
    private static final java.lang.invoke.VarHandle SLOT =
            java.lang.invoke.MethodHandles.arrayElementVarHandle(FdHandle[].class);
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * @param read true for the read poller (EPOLLIN), false for the write poller (EPOLLOUT)
     * @throws SocketException if epoll or eventfd cannot be created
     */
    Poller(boolean read) throws SocketException {
        this.read = read;
        Scratch s = Scratch.get();
        int epfd = Libc.epoll_create1(s.state, Libc.O_CLOEXEC);
        if (epfd < 0) {
            throw Errors.of("epoll_create1", s.errno());
        }
        int wakeFd = Libc.eventfd(s.state, 0, Libc.O_CLOEXEC | Libc.O_NONBLOCK);
        if (wakeFd < 0) {
            int errno = s.errno();
            Libc.close(s.state, epfd);
            throw Errors.of("eventfd", errno);
        }
        epoll = new FdHandle(epfd, () -> { });
        wakeup = new FdHandle(wakeFd, () -> { });
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ev = arena.allocate(EVENT_SIZE, 4);
            ev.set(JAVA_INT, 0, Libc.EPOLLIN);
            ev.set(JAVA_LONG.withByteAlignment(4), DATA_OFFSET, -1L);
            Libc.epoll_ctl(s.state, epfd, Libc.EPOLL_CTL_ADD, wakeFd, ev);
        }
        thread = Thread.ofPlatform().daemon().name("socket-poller-" + (read ? "read" : "write"))
                .unstarted(this::run);
        thread.start();
    }

    /**
     * Arms {@code handle}'s descriptor for one readiness report; the caller has already
     * enqueued itself on the handle. The caller holds the handle (between enter and leave).
     */
    void arm(FdHandle handle) throws SocketException {
        int epfd = epoll.enter("epoll_ctl");
        try {
            arm(epfd, handle);
        } finally {
            epoll.leave();
        }
    }

    private void arm(int epfd, FdHandle handle) throws SocketException {
        int fd = handle.fd();
        Scratch s = Scratch.get();
        MemorySegment ev = s.epollEvent;
        ev.set(JAVA_INT, 0, (read ? Libc.EPOLLIN : Libc.EPOLLOUT) | Libc.EPOLLONESHOT);
        ev.set(JAVA_LONG.withByteAlignment(4), DATA_OFFSET, fd);
        int op = Libc.EPOLL_CTL_MOD;
        if (slotFor(fd, handle)) {
            handle.polledBy(this);
            op = Libc.EPOLL_CTL_ADD;
        }
        // Two threads arming a new descriptor at once may race ADD against MOD: switch once.
        for (int attempt = 0; attempt < 3; attempt++) {
            if (Libc.epoll_ctl(s.state, epfd, op, fd, ev) == 0) {
                return;
            }
            int errno = s.errno();
            if (errno == Errno.EEXIST) {
                op = Libc.EPOLL_CTL_MOD;
            } else if (errno == Errno.ENOENT) {
                op = Libc.EPOLL_CTL_ADD;
            } else {
                throw Errors.of("epoll_ctl", errno);
            }
        }
        throw Errors.of("epoll_ctl", s.errno());
    }

    /** Puts the handle in its descriptor's slot; returns true if it was not there yet. */
    private boolean slotFor(int fd, FdHandle handle) {
        FdHandle[] a = byFd;
        if (fd < a.length && SLOT.getVolatile(a, fd) == handle) {
            return false; // armed before: the common case, without the lock
        }
        if (fd >= a.length) {
            synchronized (this) {
                a = byFd;
                if (fd >= a.length) {
                    a = java.util.Arrays.copyOf(a, Integer.highestOneBit(fd) << 1);
                    byFd = a;
                }
            }
        }
        synchronized (this) {
            a = byFd;
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

    private void run() {
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
                int n = Libc.epoll_wait(s.state, epfd, events, MAX_EVENTS, -1);
                for (int i = 0; i < n; i++) {
                    long fd = events.get(JAVA_LONG.withByteAlignment(4), i * EVENT_SIZE + DATA_OFFSET);
                    if (fd >= 0) {
                        FdHandle h = slot((int) fd);
                        if (h != null) {
                            h.wake(read);
                        }
                    }
                }
            }
        } finally {
            wakeup.leave();
            epoll.leave();
        }
    }

    /**
     * Stops the thread and closes the poller's descriptors once nothing uses them. Waiters
     * are woken by their sockets' close, not here.
     */
    void stop() {
        stopped = true;
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
        epoll.close();
        wakeup.close();
    }

    boolean isRead() {
        return read;
    }
}
