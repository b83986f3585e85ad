package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.UnixAddr;

/**
 * The C socket address structures and their conversion to and from {@link SockAddr} values,
 * including the seed's host forms ({@code ""}, {@code "<broadcast>"}, names, dotted quads).
 */
final class SockAddrs {
    private SockAddrs() {
    }

    // Ports and IPv4 addresses are stored in network byte order.
    private static final ValueLayout.OfShort PORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt IN_ADDR = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);

    /** {@code struct sockaddr_in} from {@code <netinet/in.h>}: 16 bytes. */
    static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            PORT.withName("sin_port"),
            IN_ADDR.withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"));

    private static final long SIN_FAMILY = SOCKADDR_IN.byteOffset(groupElement("sin_family"));
    private static final long SIN_PORT = SOCKADDR_IN.byteOffset(groupElement("sin_port"));
    private static final long SIN_ADDR = SOCKADDR_IN.byteOffset(groupElement("sin_addr"));

    /** {@code struct sockaddr_un} from {@code <sys/un.h>}: 110 bytes. */
    static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path"));

    private static final long SUN_PATH = SOCKADDR_UN.byteOffset(groupElement("sun_path"));
    /** {@code sizeof(sun_path)}: the longest AF_UNIX path or abstract name (with its NUL). */
    static final int SUN_PATH_SIZE = 108;

    /**
     * {@code struct addrinfo} from {@code <netdb.h>} (LP64): 48 bytes, with 4 bytes of padding
     * after {@code ai_addrlen}.
     */
    static final StructLayout ADDRINFO = MemoryLayout.structLayout(
            JAVA_INT.withName("ai_flags"),
            JAVA_INT.withName("ai_family"),
            JAVA_INT.withName("ai_socktype"),
            JAVA_INT.withName("ai_protocol"),
            JAVA_INT.withName("ai_addrlen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("ai_addr"),
            ADDRESS.withName("ai_canonname"),
            ADDRESS.withName("ai_next"));

    private static final long AI_FAMILY = ADDRINFO.byteOffset(groupElement("ai_family"));
    private static final long AI_ADDR = ADDRINFO.byteOffset(groupElement("ai_addr"));

    private static final int INADDR_ANY = 0;
    private static final int INADDR_BROADCAST = 0xFFFFFFFF;

    /**
     * Writes {@code address} as the C structure of {@code family} into {@code dst}.
     *
     * @return the structure's length, for the {@code socklen_t} argument
     * @throws SocketException         if the host cannot be resolved ({@code gaierror})
     * @throws IllegalArgumentException if the address does not fit the family
     */
    static int encode(int family, SockAddr address, MemorySegment dst) throws SocketException {
        Objects.requireNonNull(address, "address");
        if (family == SocketConstants.AF_INET && address instanceof InetAddr in) {
            int ip = ipv4(in.host());
            dst.asSlice(0, SOCKADDR_IN.byteSize()).fill((byte) 0);
            dst.set(JAVA_SHORT, SIN_FAMILY, (short) SocketConstants.AF_INET);
            dst.set(PORT, SIN_PORT, (short) in.port());
            dst.set(IN_ADDR, SIN_ADDR, ip);
            return (int) SOCKADDR_IN.byteSize();
        }
        if (family == SocketConstants.AF_UNIX && address instanceof UnixAddr un) {
            byte[] path = un.path();
            checkUnixPath(path);
            dst.asSlice(0, SOCKADDR_UN.byteSize()).fill((byte) 0);
            dst.set(JAVA_SHORT, 0, (short) SocketConstants.AF_UNIX);
            MemorySegment.copy(path, 0, dst, JAVA_BYTE, SUN_PATH, path.length);
            // No NUL is counted: the struct is zero-filled, and an abstract name is exactly its bytes.
            return (int) SUN_PATH + path.length;
        }
        throw new IllegalArgumentException("address " + address + " does not fit address family " + family);
    }

    /**
     * Reads the C structure in {@code src} (of length {@code len}) as a {@link SockAddr}.
     *
     * @return the address, or null where the kernel gave none ({@code len} 0)
     */
    static SockAddr decode(MemorySegment src, int len) {
        if (len == 0) {
            return null; // the kernel gave no address (e.g. recvfrom on a connected stream)
        }
        int family = Short.toUnsignedInt(src.get(JAVA_SHORT, SIN_FAMILY));
        if (family == SocketConstants.AF_INET && len >= SOCKADDR_IN.byteSize()) {
            int port = Short.toUnsignedInt(src.get(PORT, SIN_PORT));
            int ip = src.get(IN_ADDR, SIN_ADDR);
            return new InetAddr(dottedQuad(ip), port);
        }
        if (family == SocketConstants.AF_UNIX || len <= SUN_PATH) {
            int n = Math.max(0, len - (int) SUN_PATH);
            byte[] path = new byte[n];
            MemorySegment.copy(src, JAVA_BYTE, SUN_PATH, path, 0, n);
            if (n > 0 && path[0] != 0) {
                // a filesystem path ends at its first NUL (the kernel may count one)
                int end = 0;
                while (end < n && path[end] != 0) {
                    end++;
                }
                path = java.util.Arrays.copyOf(path, end);
            }
            return new UnixAddr(path);
        }
        throw new IllegalStateException("unsupported address family " + family + " (length " + len + ")");
    }

    /**
     * @throws IllegalArgumentException if the path does not fit {@code sun_path}: a filesystem
     *                                  path may use all 108 bytes, an abstract name too (its
     *                                  leading NUL included)
     */
    static void checkUnixPath(byte[] path) {
        if (path.length > SUN_PATH_SIZE) {
            throw new IllegalArgumentException("AF_UNIX path too long: " + path.length
                    + " bytes, sun_path holds " + SUN_PATH_SIZE);
        }
    }

    /**
     * Parses strict dotted-quad text as {@code inet_pton(AF_INET)} does: four decimal parts
     * of 0 to 255, no leading zeros.
     *
     * @return the address as an unsigned 32-bit value, or -1 if the text is not one
     */
    static long dottedQuad(String text) {
        int n = text.length();
        if (n < 7 || n > 15) {
            return -1;
        }
        long value = 0;
        int parts = 0;
        int i = 0;
        while (i < n) {
            int start = i;
            int part = 0;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                part = part * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || part > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return -1;
            }
            value = (value << 8) | part;
            parts++;
            if (i < n) {
                if (text.charAt(i) != '.' || parts == 4) {
                    return -1;
                }
                i++;
                if (i == n) {
                    return -1;
                }
            }
        }
        return parts == 4 ? value : -1;
    }

    /** @return the dotted-quad text of an IPv4 address held as a big-endian int */
    static String dottedQuad(int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    /**
     * Resolves a host of the seed's forms to an IPv4 address (as a big-endian int):
     * {@code ""} is INADDR_ANY, {@code "<broadcast>"} INADDR_BROADCAST, a dotted quad is taken
     * as is, anything else goes through the reentrant {@code getaddrinfo(3)}.
     */
    static int ipv4(String host) throws SocketException {
        if (host.isEmpty()) {
            return INADDR_ANY;
        }
        if (host.equals(InetAddr.BROADCAST)) {
            return INADDR_BROADCAST;
        }
        long quad = dottedQuad(host);
        if (quad >= 0) {
            return (int) quad; // the common case, without a native call or an allocation
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocateFrom(host);
            MemorySegment out = arena.allocate(JAVA_INT);
            if (Libc.inet_pton(SocketConstants.AF_INET, text, out) == 1) {
                return out.get(IN_ADDR, 0);
            }
            return resolveIpv4(arena, text);
        }
    }

    private static int resolveIpv4(Arena arena, MemorySegment host) throws SocketException {
        MemorySegment hints = arena.allocate(ADDRINFO);
        hints.set(JAVA_INT, AI_FAMILY, SocketConstants.AF_INET);
        MemorySegment result = arena.allocate(ADDRESS);
        Scratch scratch = Scratch.get();
        int rc = Libc.getaddrinfo(scratch.state, host, MemorySegment.NULL, hints, result);
        if (rc != 0) {
            if (rc == SocketConstants.EAI_SYSTEM) {
                throw Errors.of("getaddrinfo", scratch.errno());
            }
            throw Errors.addressInfo("getaddrinfo", rc);
        }
        MemorySegment list = result.get(ADDRESS, 0).reinterpret(ADDRINFO.byteSize());
        try {
            MemorySegment sa = list.get(ADDRESS, AI_ADDR).reinterpret(SOCKADDR_IN.byteSize());
            return sa.get(IN_ADDR, SIN_ADDR);
        } finally {
            Libc.freeaddrinfo(list);
        }
    }
}
