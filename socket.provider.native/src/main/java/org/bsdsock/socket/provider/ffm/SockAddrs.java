package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.bsdsock.socket.provider.ffm.Layouts.IN_ADDR_T;
import static org.bsdsock.socket.provider.ffm.Layouts.IN_PORT_T;
import static org.bsdsock.socket.provider.ffm.Layouts.SIN6_ADDR;
import static org.bsdsock.socket.provider.ffm.Layouts.SIN6_FAMILY;
import static org.bsdsock.socket.provider.ffm.Layouts.SIN6_FLOWINFO;
import static org.bsdsock.socket.provider.ffm.Layouts.SIN6_PORT;
import static org.bsdsock.socket.provider.ffm.Layouts.SIN6_SCOPE_ID;
import static org.bsdsock.socket.provider.ffm.Layouts.SIN_ADDR;
import static org.bsdsock.socket.provider.ffm.Layouts.SIN_FAMILY;
import static org.bsdsock.socket.provider.ffm.Layouts.SIN_PORT;
import static org.bsdsock.socket.provider.ffm.Layouts.SOCKADDR_IN;
import static org.bsdsock.socket.provider.ffm.Layouts.SOCKADDR_IN6;
import static org.bsdsock.socket.provider.ffm.Layouts.SOCKADDR_UN;
import static org.bsdsock.socket.provider.ffm.Layouts.SUN_PATH;
import static org.bsdsock.socket.provider.ffm.Layouts.SUN_PATH_SIZE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.UnixAddr;

/**
 * The C socket address structures ({@code sockaddr_in}, {@code sockaddr_in6},
 * {@code sockaddr_un}) encoded from and decoded to {@link SockAddr} values. A host name in an
 * address is resolved through {@link Resolver}; nothing else here looks anything up.
 */
final class SockAddrs {
    private SockAddrs() {
    }

    /** The flow label: the low 20 bits of {@code sin6_flowinfo}. */
    private static final int FLOW_LABEL = 0xFFFFF;

    /**
     * Writes {@code address} as the C structure of {@code family} into {@code dst}. An
     * {@link InetAddr} with a dotted quad, the common case, costs no native call and no
     * allocation.
     *
     * @return the structure's length, for the {@code socklen_t} argument
     * @throws SocketException         if the host cannot be resolved ({@code gaierror})
     * @throws IllegalArgumentException if the address does not fit the family, or its host is
     *                                  no valid host name ({@link AddressText#hostName})
     */
    static int encode(int family, SockAddr address, MemorySegment dst) throws SocketException {
        Objects.requireNonNull(address, "address");
        if (family == SocketConstants.AF_INET && address instanceof InetAddr in) {
            int ip = Resolver.ipv4(in.host());
            dst.asSlice(0, SOCKADDR_IN.byteSize()).fill((byte) 0);
            dst.set(JAVA_SHORT, SIN_FAMILY, (short) SocketConstants.AF_INET);
            dst.set(IN_PORT_T, SIN_PORT, (short) in.port());
            dst.set(IN_ADDR_T, SIN_ADDR, ip);
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
            int port = Short.toUnsignedInt(src.get(IN_PORT_T, SIN_PORT));
            int ip = src.get(IN_ADDR_T, SIN_ADDR);
            return new InetAddr(AddressText.dottedQuad(ip), port);
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
                path = Arrays.copyOf(path, end);
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

    private static int encodeIn6(Inet6Addr address, MemorySegment dst) throws SocketException {
        int size = (int) SOCKADDR_IN6.byteSize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in6 = Resolver.ipv6(arena, address.host());
            dst.asSlice(0, size).fill((byte) 0);
            dst.set(JAVA_SHORT, SIN6_FAMILY, (short) SocketConstants.AF_INET6);
            dst.set(IN_PORT_T, SIN6_PORT, (short) address.port());
            dst.set(IN_ADDR_T, SIN6_FLOWINFO, address.flowinfo());
            MemorySegment.copy(in6, 0, dst, SIN6_ADDR, Layouts.IN6_ADDR_SIZE);
            // As CPython: the scope is the address's, even where a %zone in the host gave another.
            dst.set(JAVA_INT, SIN6_SCOPE_ID, (int) address.scope_id());
        }
        return size;
    }

    private static Inet6Addr decodeIn6(MemorySegment src) {
        int port = Short.toUnsignedInt(src.get(IN_PORT_T, SIN6_PORT));
        // sin6_flowinfo may carry the traffic class above the 20-bit flow label (RFC 3493
        // leaves those bits to the implementation); Inet6Addr, as CPython's input check, holds
        // the flow label only.
        int flowinfo = src.get(IN_ADDR_T, SIN6_FLOWINFO) & FLOW_LABEL;
        long scope = Integer.toUnsignedLong(src.get(JAVA_INT, SIN6_SCOPE_ID));
        return new Inet6Addr(AddressText.ipv6Text(src.asSlice(SIN6_ADDR, Layouts.IN6_ADDR_SIZE)), port, flowinfo,
                scope);
    }
}
