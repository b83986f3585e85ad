package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.spi.HeldSocket;
import org.bsdsock.socket.spi.KeptSocket;
import org.bsdsock.socket.spi.SocketKeeper;

/**
 * The one way a socket object comes to be: on a new descriptor ({@code socket},
 * {@code socketpair}), a duplicate ({@code fromfd}, {@code dup}), an accepted connection, or a
 * descriptor taken over as it is ({@code socket(..., fileno)}). Each ends in {@link #wrap},
 * where the registry takes the descriptor.
 */
final class Sockets {
    private Sockets() {
    }

    /**
     * Makes the socket object for a descriptor this provider now owns: the provider's socket,
     * inside the object consumers hold ({@link KeptSocket}), which outlives the provider. On
     * failure (the provider stopped) the descriptor is closed.
     */
    static KeptSocket open(SocketRegistry registry, int fd, int family, int type, int proto, long timeoutNanos,
            boolean fdNonBlocking) throws SocketException {
        NativeSocket ns = wrap(registry, fd, family, type, proto, timeoutNanos, fdNonBlocking);
        KeptSocket k = SocketKeeper.get().keep(registry.owner(), ns);
        ns.link(k);
        long window = registry.handOverWindow();
        if (window >= 0) { // made while the registry hands over (an accept already in the kernel)
            ns.handOverToKeeper(window);
        }
        return k;
    }

    /** Takes over a socket another provider (or this one, before an update) handed over. */
    static NativeSocket adoptHeld(SocketRegistry registry, HeldSocket held, KeptSocket kept) throws SocketException {
        boolean nonBlocking = Descriptors.isNonBlocking(held.fd(), "adopt");
        NativeSocket ns = wrap(registry, held.fd(), held.family(), held.type(), held.proto(), held.timeoutNanos(),
                nonBlocking);
        ns.link(kept);
        return ns;
    }

    /**
     * Wraps a descriptor this provider now owns in the provider's socket. On failure (the
     * provider stopped) the descriptor is closed.
     *
     * @param type          the {@code SOCK_*} type, creation flags allowed ({@code SOCK_NONBLOCK}
     *                      means non-blocking mode, whatever {@code timeoutNanos} says)
     * @param fdNonBlocking whether the descriptor already has {@code O_NONBLOCK}
     */
    static NativeSocket wrap(SocketRegistry registry, int fd, int family, int type, int proto, long timeoutNanos,
            boolean fdNonBlocking) throws SocketException {
        boolean nonBlockingType = (type & SocketConstants.SOCK_NONBLOCK) != 0;
        return new NativeSocket(registry, fd, family, type & ~Descriptors.TYPE_FLAGS, proto,
                nonBlockingType ? 0 : timeoutNanos, fdNonBlocking || nonBlockingType);
    }

    /**
     * {@code socket(family, type, proto)}: a new descriptor in the registry's default mode. A
     * system call on both engines: until the socket exists no handle holds the instance's
     * rings, and a hand-over may let them go under an {@code IORING_OP_SOCKET} in flight.
     */
    static KeptSocket socket(SocketRegistry registry, int family, int type, int proto) throws SocketException {
        registry.checkOpen("socket");
        Scratch s = Scratch.get();
        long timeout = registry.defaultTimeoutNanos();
        int fd = Libc.socket(s.state, family, type | Descriptors.creationFlags(timeout), proto);
        if (fd < 0) {
            throw Errors.of("socket", s.errno());
        }
        return open(registry, fd, family, type, proto, timeout, timeout >= 0);
    }

    /** {@code fromfd}: a socket on a close-on-exec duplicate of a descriptor the caller keeps. */
    static KeptSocket fromfd(SocketRegistry registry, int fd, int family, int type, int proto)
            throws SocketException {
        registry.checkOpen("fromfd");
        int copy = Descriptors.dupCloexec(fd, "fromfd");
        // O_NONBLOCK is a flag of the open file, shared with whoever else holds it: left as
        // found until this socket needs it (a timeout, a virtual thread waiting).
        boolean nonBlocking;
        try {
            nonBlocking = modeFlag(copy, registry.defaultTimeoutNanos(), "fromfd");
        } catch (SocketException e) {
            Descriptors.closeQuietly(copy);
            throw e;
        }
        return open(registry, copy, family, type, proto, registry.defaultTimeoutNanos(), nonBlocking);
    }

    /** {@code socket(family, type, proto, fileno)}: takes a descriptor over, without a duplicate. */
    static KeptSocket adopt(SocketRegistry registry, int family, int type, int proto, int fileno)
            throws SocketException {
        registry.checkOpen("socket");
        // As CPython: the descriptor must be a socket (EBADF, ENOTSOCK), whatever was given.
        int domain = Descriptors.intOption(fileno, SocketConstants.SOL_SOCKET, SocketConstants.SO_DOMAIN, "socket");
        if (family == -1) {
            family = domain;
        }
        if (type == -1) {
            type = Descriptors.intOption(fileno, SocketConstants.SOL_SOCKET, SocketConstants.SO_TYPE, "socket");
        }
        if (proto == -1) {
            proto = Descriptors.intOption(fileno, SocketConstants.SOL_SOCKET, SocketConstants.SO_PROTOCOL, "socket");
        }
        boolean nonBlocking = modeFlag(fileno, registry.defaultTimeoutNanos(), "socket");
        return open(registry, fileno, family, type, proto, registry.defaultTimeoutNanos(), nonBlocking);
    }

    /**
     * The {@code O_NONBLOCK} of a descriptor taken from outside, as CPython leaves it: set when
     * the default mode has a timeout or is non-blocking, else as found (it is the open file's,
     * shared with whoever else holds it).
     *
     * @return whether the descriptor has {@code O_NONBLOCK} now
     */
    private static boolean modeFlag(int fd, long timeoutNanos, String call) throws SocketException {
        if (timeoutNanos >= 0) {
            Descriptors.setNonBlocking(fd, true, call);
            return true;
        }
        return Descriptors.isNonBlocking(fd, call);
    }

    /** {@code socketpair}: two connected sockets in the registry's default mode. */
    static SocketPair socketpair(SocketRegistry registry, int family, int type, int proto) throws SocketException {
        registry.checkOpen("socketpair");
        Scratch s = Scratch.get();
        long timeout = registry.defaultTimeoutNanos();
        int fd0;
        int fd1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sv = arena.allocate(JAVA_INT, 2);
            if (Libc.socketpair(s.state, family, type | Descriptors.creationFlags(timeout), proto, sv) < 0) {
                throw Errors.of("socketpair", s.errno());
            }
            fd0 = sv.getAtIndex(JAVA_INT, 0);
            fd1 = sv.getAtIndex(JAVA_INT, 1);
        }
        boolean nonBlocking = timeout >= 0;
        KeptSocket a;
        try {
            a = open(registry, fd0, family, type, proto, timeout, nonBlocking);
        } catch (SocketException stopped) { // the registry closed fd0; fd1 is still ours
            Descriptors.closeQuietly(fd1);
            throw stopped;
        }
        try {
            return new SocketPair(a, open(registry, fd1, family, type, proto, timeout, nonBlocking));
        } catch (SocketException stopped) {
            a.close();
            throw stopped;
        }
    }
}
