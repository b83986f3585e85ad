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
import static org.bsdsock.socket.provider.ffm.Layouts.SOCKADDR_LL;
import static org.bsdsock.socket.provider.ffm.Layouts.SOCKADDR_NL;
import static org.bsdsock.socket.provider.ffm.Layouts.SOCKADDR_STORAGE;
import static org.bsdsock.socket.provider.ffm.Layouts.SOCKADDR_UN;
import static org.bsdsock.socket.provider.ffm.Layouts.SOCKADDR_VM;
import static org.bsdsock.socket.provider.ffm.Layouts.SUN_PATH;
import static org.bsdsock.socket.provider.ffm.Layouts.SUN_PATH_SIZE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.NetlinkAddr;
import org.bsdsock.socket.api.PacketAddr;
import org.bsdsock.socket.api.RawAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.UnixAddr;
import org.bsdsock.socket.api.VsockAddr;

/**
 * The C socket address structures ({@code sockaddr_in}, {@code sockaddr_in6},
 * {@code sockaddr_un}, {@code sockaddr_nl}, {@code sockaddr_ll}, {@code sockaddr_vm}, and any
 * family's as raw bytes) encoded from and decoded to {@link SockAddr} values. A host name in an
 * address is resolved through {@link Resolver}, an {@code AF_PACKET} interface name through the
 * socket ({@link Interfaces#indexOf}, {@link Interfaces#nameOf}); nothing else here looks
 * anything up.
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
     * @param socket the socket the address is for: an {@code AF_PACKET} interface is looked up
     *               through it
     * @return the structure's length, for the {@code socklen_t} argument
     * @throws SocketException         if the host cannot be resolved ({@code gaierror}), or an
     *                                 interface name not found ({@code ENODEV})
     * @throws IllegalArgumentException if the address does not fit the family, or its host is
     *                                  no valid host name ({@link AddressText#hostName})
     */
    static int encode(int family, SockAddr address, MemorySegment dst, FdHandle socket) throws SocketException {
        Objects.requireNonNull(address, "address");
        if (address instanceof RawAddr raw) {
            // any family, the kernel judges (AF_UNSPEC on connect dissolves an association)
            byte[] data = raw.data();
            dst.asSlice(0, SOCKADDR_STORAGE.byteSize()).fill((byte) 0);
            dst.set(JAVA_SHORT, 0, (short) raw.family());
            MemorySegment.copy(data, 0, dst, JAVA_BYTE, Short.BYTES, data.length);
            return Short.BYTES + data.length;
        }
        if (family == SocketConstants.AF_NETLINK && address instanceof NetlinkAddr nl) {
            dst.asSlice(0, SOCKADDR_NL.byteSize()).fill((byte) 0);
            dst.set(JAVA_SHORT, 0, (short) family);
            dst.set(JAVA_INT, Layouts.NL_PID, (int) nl.pid());
            dst.set(JAVA_INT, Layouts.NL_GROUPS, (int) nl.groups());
            return (int) SOCKADDR_NL.byteSize();
        }
        if (family == SocketConstants.AF_PACKET && address instanceof PacketAddr ll) {
            return encodePacket(ll, dst, socket);
        }
        if (family == SocketConstants.AF_VSOCK && address instanceof VsockAddr vm) {
            dst.asSlice(0, SOCKADDR_VM.byteSize()).fill((byte) 0);
            dst.set(JAVA_SHORT, 0, (short) family);
            dst.set(JAVA_INT, Layouts.SVM_PORT, (int) vm.port());
            dst.set(JAVA_INT, Layouts.SVM_CID, (int) vm.cid());
            return (int) SOCKADDR_VM.byteSize();
        }
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
     * Reads the C structure in {@code src} (of length {@code len}) as a {@link SockAddr}: the
     * family's record where there is one and the structure is whole, else a {@link RawAddr}.
     *
     * @param socket the socket the address came from, through which an {@code AF_PACKET}
     *               interface index is named; null where there is none (its name is then {@code ""})
     * @return the address, or null where the kernel gave none ({@code len} 0)
     */
    static SockAddr decode(MemorySegment src, int len, FdHandle socket) {
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
        if (family == SocketConstants.AF_NETLINK && len >= SOCKADDR_NL.byteSize()) {
            return new NetlinkAddr(Integer.toUnsignedLong(src.get(JAVA_INT, Layouts.NL_PID)),
                    Integer.toUnsignedLong(src.get(JAVA_INT, Layouts.NL_GROUPS)));
        }
        if (family == SocketConstants.AF_PACKET && len >= Layouts.SLL_ADDR) {
            SockAddr ll = decodePacket(src, len, socket);
            if (ll != null) {
                return ll;
            }
        }
        if (family == SocketConstants.AF_VSOCK && len >= SOCKADDR_VM.byteSize()) {
            return new VsockAddr(Integer.toUnsignedLong(src.get(JAVA_INT, Layouts.SVM_CID)),
                    Integer.toUnsignedLong(src.get(JAVA_INT, Layouts.SVM_PORT)));
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
        return raw(src, family, len);
    }

    /** As {@link #decode(MemorySegment, int, FdHandle)}, for an address that came from no socket. */
    static SockAddr decode(MemorySegment src, int len) {
        return decode(src, len, null);
    }

    private static RawAddr raw(MemorySegment src, int family, int len) {
        int n = Math.max(0, Math.min(len, SOCKADDR_STORAGE_SIZE) - Short.BYTES);
        byte[] data = new byte[n];
        MemorySegment.copy(src, JAVA_BYTE, Short.BYTES, data, 0, n);
        return new RawAddr(family, data);
    }

    private static final int SOCKADDR_STORAGE_SIZE = (int) SOCKADDR_STORAGE.byteSize();

    private static int encodePacket(PacketAddr ll, MemorySegment dst, FdHandle socket) throws SocketException {
        if (socket == null) {
            throw new IllegalArgumentException("an AF_PACKET address needs its socket to name the interface");
        }
        // As CPython: the name is looked up first (ENODEV), then the structure is written.
        int index = Interfaces.indexOf(socket, ll.ifname());
        byte[] hw = ll.addr();
        dst.asSlice(0, SOCKADDR_LL.byteSize()).fill((byte) 0);
        dst.set(JAVA_SHORT, 0, (short) SocketConstants.AF_PACKET);
        dst.set(IN_PORT_T, Layouts.SLL_PROTOCOL, (short) ll.proto());
        dst.set(JAVA_INT, Layouts.SLL_IFINDEX, index);
        dst.set(JAVA_SHORT, Layouts.SLL_HATYPE, (short) ll.hatype());
        dst.set(JAVA_BYTE, Layouts.SLL_PKTTYPE, (byte) ll.pkttype());
        dst.set(JAVA_BYTE, Layouts.SLL_HALEN, (byte) hw.length);
        MemorySegment.copy(hw, 0, dst, JAVA_BYTE, Layouts.SLL_ADDR, hw.length);
        return (int) SOCKADDR_LL.byteSize();
    }

    /**
     * @return the {@link PacketAddr}, or null where it cannot hold the address: a hardware
     *         address longer than {@code sll_addr} (the kernel writes up to 32 bytes, e.g.
     *         InfiniBand's 20), which comes back raw instead
     */
    private static PacketAddr decodePacket(MemorySegment src, int len, FdHandle socket) {
        int halen = Byte.toUnsignedInt(src.get(JAVA_BYTE, Layouts.SLL_HALEN));
        if (halen > Layouts.SLL_ADDR_SIZE) {
            return null;
        }
        // The kernel reports offsetof(sll_addr) + halen; never read past what it wrote.
        int n = (int) Math.min(halen, len - Layouts.SLL_ADDR);
        byte[] hw = new byte[Math.max(0, n)];
        MemorySegment.copy(src, JAVA_BYTE, Layouts.SLL_ADDR, hw, 0, hw.length);
        String ifname = Interfaces.nameOf(socket, src.get(JAVA_INT, Layouts.SLL_IFINDEX));
        return new PacketAddr(ifname, Short.toUnsignedInt(src.get(IN_PORT_T, Layouts.SLL_PROTOCOL)),
                Byte.toUnsignedInt(src.get(JAVA_BYTE, Layouts.SLL_PKTTYPE)),
                Short.toUnsignedInt(src.get(JAVA_SHORT, Layouts.SLL_HATYPE)), hw);
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
