package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;

/**
 * The small descriptor-level calls several rooms need, written once: the flags a new socket
 * descriptor is made with, a close-on-exec duplicate, the file status flags, and an int
 * socket option read.
 */
final class Descriptors {
    private Descriptors() {
    }

    /** Socket type flags that are requested at creation but never reported as the socket's type. */
    static final int TYPE_FLAGS = SocketConstants.SOCK_NONBLOCK | SocketConstants.SOCK_CLOEXEC;

    /**
     * @return the {@code SOCK_*} creation flags for a new descriptor that starts with this
     *         timeout: close-on-exec, and {@code O_NONBLOCK} for a timeout or non-blocking mode,
     *         as CPython keeps the flag in step with the mode
     */
    static int creationFlags(long timeoutNanos) {
        return SocketConstants.SOCK_CLOEXEC | (timeoutNanos >= 0 ? SocketConstants.SOCK_NONBLOCK : 0);
    }

    /** @return a close-on-exec duplicate of {@code fd} ({@code F_DUPFD_CLOEXEC}) */
    static int dupCloexec(int fd, String call) throws SocketException {
        Scratch s = Scratch.get();
        int copy = Libc.fcntl(s.state, fd, Libc.F_DUPFD_CLOEXEC, 0);
        if (copy < 0) {
            throw Errors.of(call, s.errno());
        }
        return copy;
    }

    /** @return whether the open file of {@code fd} has {@code O_NONBLOCK} */
    static boolean isNonBlocking(int fd, String call) throws SocketException {
        Scratch s = Scratch.get();
        int flags = Libc.fcntl(s.state, fd, Libc.F_GETFL, 0);
        if (flags < 0) {
            throw Errors.of(call, s.errno());
        }
        return (flags & Libc.O_NONBLOCK) != 0;
    }

    /** Sets or clears {@code O_NONBLOCK} on the open file of {@code fd}. */
    static void setNonBlocking(int fd, boolean on, String call) throws SocketException {
        Scratch s = Scratch.get();
        int flags = Libc.fcntl(s.state, fd, Libc.F_GETFL, 0);
        int want = on ? flags | Libc.O_NONBLOCK : flags & ~Libc.O_NONBLOCK;
        if (flags < 0 || (want != flags && Libc.fcntl(s.state, fd, Libc.F_SETFL, want) < 0)) {
            throw Errors.of(call, s.errno());
        }
    }

    /** @return an int socket option of {@code fd} */
    static int intOption(int fd, int level, int optname, String call) throws SocketException {
        Scratch s = Scratch.get();
        s.intval.set(JAVA_INT, 0, 0);
        s.len.set(JAVA_INT, 0, 4);
        if (Libc.getsockopt(s.state, fd, level, optname, s.intval, s.len) < 0) {
            throw Errors.of(call, s.errno());
        }
        return s.intval.get(JAVA_INT, 0);
    }

    /** Closes a descriptor that no handle owns (yet); a failure is of no interest to anyone. */
    static void closeQuietly(int fd) {
        // Not the thread's scratch: this runs when a hand-over window ends, perhaps after the
        // provider stopped, on whichever thread closes the held socket; a scratch made then
        // would keep this provider's classes reachable from that thread (see Scratch#get).
        // The errno is not read, so threads may share this state.
        Libc.close(IGNORED_STATE, fd);
    }

    /** Call state for closes whose errno nobody reads. */
    private static final MemorySegment IGNORED_STATE = Arena.ofAuto().allocate(Libc.CALL_STATE); // freed with this class
}
