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
import org.bsdsock.socket.api.Inet6Addr;
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

    private static final ValueLayout.OfShort PORT = Layouts.IN_PORT_T;
    private static final ValueLayout.OfInt IN_ADDR = Layouts.IN_ADDR_T;
    private static final StructLayout SOCKADDR_IN = Layouts.SOCKADDR_IN;
    private static final StructLayout SOCKADDR_IN6 = Layouts.SOCKADDR_IN6;
    private static final StructLayout SOCKADDR_UN = Layouts.SOCKADDR_UN;
    private static final StructLayout ADDRINFO = Layouts.ADDRINFO;
    private static final long SIN_FAMILY = Layouts.SIN_FAMILY;
    private static final long SIN_PORT = Layouts.SIN_PORT;
    private static final long SIN_ADDR = Layouts.SIN_ADDR;
    private static final long SUN_PATH = Layouts.SUN_PATH;
    private static final int SUN_PATH_SIZE = Layouts.SUN_PATH_SIZE;
    private static final long SIN6_FAMILY = Layouts.SIN6_FAMILY;
    private static final long SIN6_PORT = Layouts.SIN6_PORT;
    private static final long SIN6_FLOWINFO = Layouts.SIN6_FLOWINFO;
    private static final long SIN6_ADDR = Layouts.SIN6_ADDR;
    private static final long SIN6_SCOPE_ID = Layouts.SIN6_SCOPE_ID;
    private static final long AI_FLAGS = Layouts.AI_FLAGS;
    private static final long AI_FAMILY = Layouts.AI_FAMILY;
    private static final long AI_SOCKTYPE = Layouts.AI_SOCKTYPE;
    private static final long AI_ADDR = Layouts.AI_ADDR;
    private static final long AI_NEXT = Layouts.AI_NEXT;

    private static final int INADDR_ANY = 0;
    private static final int INADDR_BROADCAST = 0xFFFFFFFF;

    /** The flow label: the low 20 bits of {@code sin6_flowinfo}. */
    private static final int FLOW_LABEL = 0xFFFFF;

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
        if (family == SocketConstants.AF_INET6 && address instanceof Inet6Addr in6) {
            return encodeIn6(in6, dst);
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
        if (family == SocketConstants.AF_INET6 && len >= SOCKADDR_IN6.byteSize()) {
            return decodeIn6(src);
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
        return firstHostAddress(arena, host, MemorySegment.NULL, SocketConstants.AF_INET, 0, 0, null)
                .get(IN_ADDR, 0);
    }

    /**
     * The address part of the first answer of the reentrant {@code getaddrinfo(3)}.
     *
     * @param family   {@code AF_INET}, {@code AF_INET6} or {@code AF_UNSPEC}
     * @param single   null, or the call to name when refusing a name with several answers
     *                 (CPython's "wildcard resolved to multiple address")
     * @return a {@code struct in_addr} (4 bytes) or {@code struct in6_addr} (16), told apart
     *         by size, copied into {@code arena}
     * @throws SocketException the gaierror, or the errno's exception for {@code EAI_SYSTEM}
     */
    static MemorySegment firstHostAddress(Arena arena, MemorySegment node, MemorySegment service,
            int family, int socktype, int flags, String single) throws SocketException {
        MemorySegment hints = arena.allocate(ADDRINFO);
        hints.set(JAVA_INT, AI_FLAGS, flags);
        hints.set(JAVA_INT, AI_FAMILY, family);
        hints.set(JAVA_INT, AI_SOCKTYPE, socktype);
        MemorySegment result = arena.allocate(ADDRESS);
        Scratch scratch = Scratch.get();
        int rc = Libc.getaddrinfo(scratch.state, node, service, hints, result);
        if (rc != 0) {
            throw Errors.addressInfo("getaddrinfo", rc, scratch.errno());
        }
        MemorySegment list = result.get(ADDRESS, 0).reinterpret(ADDRINFO.byteSize());
        try {
            if (single != null && list.get(ADDRESS, AI_NEXT).address() != 0) {
                throw new SocketException(single, 0, "wildcard resolved to multiple address");
            }
            int answered = list.get(JAVA_INT, AI_FAMILY);
            MemorySegment sa = list.get(ADDRESS, AI_ADDR);
            if (answered == SocketConstants.AF_INET) {
                return arena.allocate(Layouts.IN_ADDR_SIZE, 4).copyFrom(
                        sa.reinterpret(SOCKADDR_IN.byteSize()).asSlice(SIN_ADDR, Layouts.IN_ADDR_SIZE));
            }
            if (answered == SocketConstants.AF_INET6) {
                return arena.allocate(Layouts.IN6_ADDR_SIZE, 4).copyFrom(
                        sa.reinterpret(SOCKADDR_IN6.byteSize()).asSlice(SIN6_ADDR, Layouts.IN6_ADDR_SIZE));
            }
            throw new SocketException("getaddrinfo", 0, "unsupported address family " + answered);
        } finally {
            Libc.freeaddrinfo(list);
        }
    }


    // ---- AF_INET6 -------------------------------------------------------------------------

    private static int encodeIn6(Inet6Addr address, MemorySegment dst) throws SocketException {
        int size = (int) SOCKADDR_IN6.byteSize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in6 = ipv6(arena, address.host());
            dst.asSlice(0, size).fill((byte) 0);
            dst.set(JAVA_SHORT, SIN6_FAMILY, (short) SocketConstants.AF_INET6);
            dst.set(PORT, SIN6_PORT, (short) address.port());
            dst.set(IN_ADDR, SIN6_FLOWINFO, address.flowinfo());
            MemorySegment.copy(in6, 0, dst, SIN6_ADDR, Layouts.IN6_ADDR_SIZE);
            // As CPython: the scope is the address's, even where a %zone in the host gave another.
            dst.set(JAVA_INT, SIN6_SCOPE_ID, (int) address.scope_id());
        }
        return size;
    }

    private static Inet6Addr decodeIn6(MemorySegment src) {
        int port = Short.toUnsignedInt(src.get(PORT, SIN6_PORT));
        // sin6_flowinfo may carry the traffic class above the 20-bit flow label (RFC 3493
        // leaves those bits to the implementation); Inet6Addr, as CPython's input check, holds
        // the flow label only.
        int flowinfo = src.get(IN_ADDR, SIN6_FLOWINFO) & FLOW_LABEL;
        long scope = Integer.toUnsignedLong(src.get(JAVA_INT, SIN6_SCOPE_ID));
        return new Inet6Addr(ipv6Text(src.asSlice(SIN6_ADDR, Layouts.IN6_ADDR_SIZE)), port, flowinfo, scope);
    }

    /** Per-thread native memory for {@link #ipv6Text}: 16 address bytes, then the text. */
    private static final ThreadLocal<MemorySegment> NTOP6 = ThreadLocal.withInitial(() ->
            // thread-lifetime, as Scratch's block (an automatic arena frees it with the thread)
            Arena.ofAuto().allocate(Layouts.IN6_ADDR_SIZE + Libc.INET6_ADDRSTRLEN, 8));

    /**
     * The text of a 16-byte {@code struct in6_addr}, as the C library's {@code inet_ntop(3)}
     * writes it (and so as CPython shows it): {@code ::1}, {@code ::ffff:127.0.0.1}.
     */
    static String ipv6Text(MemorySegment in6) {
        MemorySegment buf = NTOP6.get();
        MemorySegment addr = buf.asSlice(0, Layouts.IN6_ADDR_SIZE);
        MemorySegment text = buf.asSlice(Layouts.IN6_ADDR_SIZE, Libc.INET6_ADDRSTRLEN);
        MemorySegment.copy(in6, 0, addr, 0, Layouts.IN6_ADDR_SIZE);
        if (Libc.inet_ntop(SocketConstants.AF_INET6, addr, text, Libc.INET6_ADDRSTRLEN).address() == 0) {
            throw new IllegalStateException("inet_ntop cannot format an IPv6 address"); // it always can
        }
        return text.getString(0);
    }

    /**
     * Resolves a host to an IPv6 address, as CPython's {@code setipaddr} for
     * {@code AF_INET6}: {@code ""} is {@code in6addr_any}; the seed's broadcast forms are an
     * error ("address family mismatched"); an IPv6 literal without a zone is taken as is;
     * anything else (a name, a literal with {@code %zone}) is the first {@code AF_INET6}
     * answer of the reentrant {@code getaddrinfo(3)}. The host is first put in IDNA form, as
     * CPython's {@code idna} converter does.
     *
     * @return the 16 bytes of a {@code struct in6_addr}, allocated in {@code arena}
     * @throws IllegalArgumentException for a host that is not a valid IDNA name
     */
    static MemorySegment ipv6(Arena arena, String host) throws SocketException {
        String name = Netdb.idna(host);
        MemorySegment in6 = arena.allocate(Layouts.IN6_ADDR_SIZE, 4);
        if (name.isEmpty()) {
            return in6; // zero-filled: in6addr_any
        }
        if (name.equals(InetAddr.BROADCAST) || name.equals("255.255.255.255")) {
            throw new SocketException("getaddrinfo", 0, "address family mismatched");
        }
        MemorySegment text = arena.allocateFrom(name);
        if (name.indexOf('%') < 0 && Libc.inet_pton(SocketConstants.AF_INET6, text, in6) == 1) {
            return in6;
        }
        return in6.copyFrom(firstHostAddress(arena, text, MemorySegment.NULL, SocketConstants.AF_INET6, 0, 0, null));
    }
}
