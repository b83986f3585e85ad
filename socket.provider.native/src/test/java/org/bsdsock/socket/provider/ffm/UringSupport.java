package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_CLOEXEC;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.SocketException;
import org.junit.jupiter.api.Assumptions;

/** What the io_uring tests share: a ring or a visible skip, and loopback sockets made with plain system calls. */
final class UringSupport {
    private UringSupport() {
    }

    /**
     * @return a new ring; the test is skipped, with the reason, where the kernel has no io_uring
     *         ({@code ENOSYS}) or forbids it ({@code EPERM}: {@code kernel.io_uring_disabled}, seccomp)
     */
    static Uring ringOrSkip(int entries) throws SocketException {
        try {
            return Uring.open(entries);
        } catch (SocketException e) {
            if (e.errno() == Errno.ENOSYS || e.errno() == Errno.EPERM) {
                System.err.println("io_uring tests skipped: " + e.getMessage());
                Assumptions.abort("io_uring unavailable: " + e.getMessage());
            }
            throw e;
        }
    }

    static int check(String call, long r) {
        assertTrue(r >= 0, () -> call + " failed: " + Errors.strerror(Scratch.get().errno()));
        return (int) r;
    }

    /** @return a pair of connected sockets of {@code type} (blocking, close-on-exec) */
    static int[] socketpair(int family, int type) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sv = a.allocate(JAVA_INT, 2);
            check("socketpair", Libc.socketpair(Scratch.get().state, family, type | SOCK_CLOEXEC, 0, sv));
            return new int[] {sv.getAtIndex(JAVA_INT, 0), sv.getAtIndex(JAVA_INT, 1)};
        }
    }

    /** Writes {@code struct sockaddr_in} 127.0.0.1:{@code port} into {@code at}; @return its length */
    static int loopback(MemorySegment at, int port) {
        at.fill((byte) 0);
        at.set(JAVA_SHORT, Layouts.SIN_FAMILY, (short) AF_INET);
        at.set(Layouts.IN_PORT_T, Layouts.SIN_PORT, (short) port);
        at.set(Layouts.IN_ADDR_T, Layouts.SIN_ADDR, 0x7f000001);
        return (int) Layouts.SOCKADDR_IN.byteSize();
    }

    /** @return a blocking TCP socket listening on 127.0.0.1, an ephemeral port */
    static int listener() {
        int fd = check("socket", Libc.socket(Scratch.get().state, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sa = a.allocate(Layouts.SOCKADDR_IN);
            check("bind", Libc.bind(Scratch.get().state, fd, sa, loopback(sa, 0)));
        }
        check("listen", Libc.listen(Scratch.get().state, fd, 4096));
        return fd;
    }

    /** @return the port a socket is bound to */
    static int port(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sa = a.allocate(Layouts.SOCKADDR_STORAGE);
            MemorySegment len = a.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, (int) sa.byteSize());
            check("getsockname", Libc.getsockname(Scratch.get().state, fd, sa, len));
            return Short.toUnsignedInt(sa.get(Layouts.IN_PORT_T, Layouts.SIN_PORT));
        }
    }

    /** @return a new blocking TCP socket, not connected */
    static int tcpSocket() {
        return check("socket", Libc.socket(Scratch.get().state, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    }

    /** @return a handle owning {@code fd}; it closes it */
    static FdHandle handle(int fd) {
        return new FdHandle(fd, () -> {
        });
    }

    static void close(int fd) {
        assertEquals(0, Libc.close(Scratch.get().state, fd), "close(" + fd + ")");
    }

    /** @return {@code text} in native memory of {@code arena} */
    static MemorySegment bytes(Arena arena, String text) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return arena.allocate(b.length).copyFrom(MemorySegment.ofArray(b));
    }

    static String text(MemorySegment buf, int n) {
        return new String(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                java.nio.charset.StandardCharsets.UTF_8);
    }
}
