package org.bsdsock.socket.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An {@code AF_PACKET} address, CPython's {@code (ifname, proto[, pkttype[, hatype[, addr]]])}
 * tuple ({@code struct sockaddr_ll}): a network interface by name, an Ethernet protocol number
 * in host byte order ({@code ETH_P_ALL} is 3, ARP 0x0806), the packet type
 * ({@link SocketConstants#PACKET_HOST}, {@code PACKET_BROADCAST}...), the ARP hardware type
 * ({@code ARPHRD_*}: 1 Ethernet, 772 loopback) and the hardware (MAC) address.
 *
 * <p>As in CPython, the interface name is turned into its index with
 * {@code ioctl(SIOCGIFINDEX)} on the socket when the address is used ({@code ENODEV} for no such
 * interface), and an address the module returns names the interface the same way
 * ({@code SIOCGIFNAME}), or {@code ""} where the kernel gave no interface or its name cannot
 * be found. A name is at most 15 bytes (CPython cuts a longer one short; this record refuses it).
 *
 * @param ifname  the interface name, e.g. {@code "lo"}; not null, no NUL, at most 15 bytes in UTF-8
 * @param proto   the protocol ({@code sll_protocol}, in host byte order), 0 to 65535
 * @param pkttype the packet type ({@code sll_pkttype}), 0 to 255
 * @param hatype  the ARP hardware type ({@code sll_hatype}), 0 to 65535
 * @param addr    the hardware address ({@code sll_addr}, {@code sll_halen} bytes), at most 8
 *                bytes; not null; copied
 * @since 1.4
 */
public record PacketAddr(String ifname, int proto, int pkttype, int hatype, byte[] addr) implements SockAddr {
    /** {@code IFNAMSIZ - 1}: the longest interface name, without its NUL. */
    private static final int IFNAME_MAX = 15;
    /** {@code sizeof(sll_addr)}: the longest hardware address. */
    private static final int ADDR_MAX = 8;

    /**
     * Checks every field before any system call (the interface name is resolved to its index
     * only when the address is used, in the socket's network namespace).
     *
     * @throws NullPointerException     if ifname or addr is null
     * @throws IllegalArgumentException if ifname holds a NUL or is longer than 15 bytes, or a
     *                                  number or addr is out of its range (CPython's words:
     *                                  {@code "getsockaddrarg: proto must be 0-65535."},
     *                                  {@code "Hardware address must be 8 bytes or less"})
     */
    public PacketAddr {
        Objects.requireNonNull(ifname, "ifname");
        Objects.requireNonNull(addr, "addr");
        if (ifname.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("embedded null character"); // CPython's ValueError
        }
        int bytes = ifname.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > IFNAME_MAX) {
            throw new IllegalArgumentException("AF_PACKET interface name too long: " + bytes
                    + " bytes, at most " + IFNAME_MAX);
        }
        if (proto < 0 || proto > 0xFFFF) {
            throw new IllegalArgumentException("getsockaddrarg: proto must be 0-65535.");
        }
        if (pkttype < 0 || pkttype > 0xFF) {
            throw new IllegalArgumentException("AF_PACKET pkttype must be 0-255, not " + pkttype);
        }
        if (hatype < 0 || hatype > 0xFFFF) {
            throw new IllegalArgumentException("AF_PACKET hatype must be 0-65535, not " + hatype);
        }
        if (addr.length > ADDR_MAX) {
            throw new IllegalArgumentException("Hardware address must be 8 bytes or less");
        }
        addr = addr.clone();
    }

    /**
     * CPython's two-element form {@code (ifname, proto)}: pkttype {@code PACKET_HOST} (0),
     * hatype 0, no hardware address.
     *
     * @param ifname the interface name
     * @param proto  the protocol, in host byte order
     */
    public PacketAddr(String ifname, int proto) {
        this(ifname, proto, 0, 0, new byte[0]);
    }

    /**
     * CPython's three-element form: hatype 0, no hardware address.
     *
     * @param ifname  the interface name
     * @param proto   the protocol, in host byte order
     * @param pkttype the packet type
     */
    public PacketAddr(String ifname, int proto, int pkttype) {
        this(ifname, proto, pkttype, 0, new byte[0]);
    }

    /**
     * CPython's four-element form: no hardware address.
     *
     * @param ifname  the interface name
     * @param proto   the protocol, in host byte order
     * @param pkttype the packet type
     * @param hatype  the ARP hardware type
     */
    public PacketAddr(String ifname, int proto, int pkttype, int hatype) {
        this(ifname, proto, pkttype, hatype, new byte[0]);
    }

    /** {@return a copy of the hardware address} */
    @Override
    public byte[] addr() {
        return addr.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketAddr p && ifname.equals(p.ifname) && proto == p.proto && pkttype == p.pkttype
                && hatype == p.hatype && Arrays.equals(addr, p.addr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ifname, proto, pkttype, hatype, Arrays.hashCode(addr));
    }

    /**
     * @return {@code ifname,proto,pkttype,hatype,addr} with proto in hexadecimal and the address
     *         as colon-separated hex bytes, e.g. {@code lo,0x0806,1,772,00:00:00:00:00:00}
     *         (nothing after the last comma for no address)
     */
    @Override
    public String toString() {
        return ifname + "," + String.format("0x%04x", proto) + "," + pkttype + "," + hatype + ","
                + HexFormat.ofDelimiter(":").formatHex(addr);
    }
}
