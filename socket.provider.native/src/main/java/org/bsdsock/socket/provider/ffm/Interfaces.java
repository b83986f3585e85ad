package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bsdsock.socket.api.NameIndex;
import org.bsdsock.socket.api.SocketException;

/**
 * The network interface functions of CPython 3 ({@code if_nameindex}, {@code if_nametoindex},
 * {@code if_indextoname}), as CPython 3.11's {@code socketmodule.c} has them.
 */
final class Interfaces {
    private Interfaces() {
    }

    /** Bound on the entries of the array {@code if_nameindex} returns (it ends with a zero index). */
    private static final long MAX_INTERFACES = 1 << 20;

    static List<NameIndex> if_nameindex() throws SocketException {
        Scratch s = Scratch.get();
        MemorySegment array = Libc.if_nameindex(s.state);
        if (array.address() == 0) {
            throw Errors.of("if_nameindex", s.errno());
        }
        try {
            List<NameIndex> out = new ArrayList<>();
            long size = Layouts.IF_NAMEINDEX.byteSize();
            MemorySegment entries = array.reinterpret(MAX_INTERFACES * size);
            for (long i = 0; i < MAX_INTERFACES; i++) {
                MemorySegment e = entries.asSlice(i * size, size);
                int index = e.get(JAVA_INT, Layouts.IF_INDEX);
                if (index == 0) {
                    return out;
                }
                String name = e.get(ADDRESS, Layouts.IF_NAME).reinterpret(Libc.IF_NAMESIZE).getString(0);
                out.add(new NameIndex(Integer.toUnsignedLong(index), name));
            }
            throw new IllegalStateException("if_nameindex: no terminating entry in " + MAX_INTERFACES);
        } finally {
            Libc.if_freenameindex(array);
        }
    }

    static long if_nametoindex(String name) throws SocketException {
        AddressText.checkText("if_name", name);
        try (Arena arena = Arena.ofConfined()) {
            int index = Libc.if_nametoindex(arena.allocateFrom(name));
            if (index == 0) {
                // as CPython: the call does not promise an errno
                throw new SocketException("if_nametoindex", 0, "no interface with this name");
            }
            return Integer.toUnsignedLong(index);
        }
    }

    static String if_indextoname(long index) throws SocketException {
        if (index < 0 || index > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("if_indextoname: index must be 0-4294967295, not " + index);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(Libc.IF_NAMESIZE + 1); // CPython's buffer, one spare byte
            Scratch s = Scratch.get();
            if (Libc.if_indextoname(s.state, (int) index, name).address() == 0) {
                throw Errors.of("if_indextoname", s.errno());
            }
            return name.getString(0);
        }
    }

    // ---- an AF_PACKET address's interface, as CPython finds it: ioctl on the socket itself ----
    // (so in the socket's network namespace, which need not be the caller's, at one system call)

    /**
     * {@code ioctl(fd, SIOCGIFINDEX)}: the index of the interface {@code name} in the socket's
     * network namespace.
     *
     * @param socket the socket; entered for the call
     * @param name   the name, at most 15 bytes, no NUL (as {@link org.bsdsock.socket.api.PacketAddr} holds it)
     * @throws SocketException {@code ENODEV} for no such interface, {@code EBADF} once closed
     */
    static int indexOf(FdHandle socket, String name) throws SocketException {
        int fd = socket.enter("ioctl(SIOCGIFINDEX)");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifr = arena.allocate(Layouts.IFREQ);
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            MemorySegment.copy(bytes, 0, ifr, JAVA_BYTE, Layouts.IFR_NAME, Math.min(bytes.length, Libc.IF_NAMESIZE - 1));
            MemorySegment st = arena.allocate(Libc.CALL_STATE);
            if (Libc.ioctl(st, fd, Libc.SIOCGIFINDEX, ifr) < 0) {
                throw Errors.of("ioctl(SIOCGIFINDEX)", Libc.errno(st));
            }
            return ifr.get(JAVA_INT, Layouts.IFR_IFINDEX);
        } finally {
            socket.leave();
        }
    }

    /**
     * {@code ioctl(fd, SIOCGIFNAME)}: the name of the interface {@code index} in the socket's
     * network namespace, or {@code ""} as CPython gives it where there is none (index 0, an
     * interface gone, a closed socket).
     */
    static String nameOf(FdHandle socket, int index) {
        if (index == 0 || socket == null) {
            return "";
        }
        int fd;
        try {
            fd = socket.enter("ioctl(SIOCGIFNAME)");
        } catch (SocketException closed) {
            return "";
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifr = arena.allocate(Layouts.IFREQ);
            ifr.set(JAVA_INT, Layouts.IFR_IFINDEX, index);
            MemorySegment st = arena.allocate(Libc.CALL_STATE);
            if (Libc.ioctl(st, fd, Libc.SIOCGIFNAME, ifr) < 0) {
                return "";
            }
            return ifr.getString(Layouts.IFR_NAME); // the kernel writes a NUL within IFNAMSIZ
        } finally {
            socket.leave();
        }
    }
}
