package org.bsdsock.socket.shell;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.NetlinkAddr;
import org.bsdsock.socket.api.PacketAddr;
import org.bsdsock.socket.api.RawAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.UnixAddr;
import org.bsdsock.socket.api.VsockAddr;

/**
 * Socket addresses as the shell writes them, one word each: {@code host:port} for
 * {@code AF_INET} ({@code :port} is {@code INADDR_ANY}, the seed's {@code ''}),
 * {@code [v6addr]:port} for {@code AF_INET6}, and for {@code AF_UNIX} a path, or {@code @name}
 * for a name in Linux's abstract namespace (as {@code ss} shows it); {@code pid:groups} for
 * {@code AF_NETLINK} ({@code 0:0}: the kernel assigns the pid); {@code cid:port} for
 * {@code AF_VSOCK}; {@code ifname,proto[,pkttype[,hatype[,addr]]]} for {@code AF_PACKET} (CPython's
 * tuple, the hardware address as hex bytes, {@code 00:00:00:00:00:00}); and for a socket of any
 * family {@code raw:family:hex}, the {@code struct sockaddr} bytes after the family. Numbers may
 * be constants' names ({@code VMADDR_CID_ANY:5000}, {@code lo,ETH_P_ARP}) or {@code 0x}
 * hexadecimal. Addresses the module returns print the same way ({@code SockAddr.toString()}).
 */
final class Addresses {
    private Addresses() {
    }

    /**
     * @param family the socket's address family
     * @param text   the address, as above
     * @return the typed address
     * @throws IllegalArgumentException if text is not an address of that family
     */
    static SockAddr parse(int family, String text) {
        if (text == null) {
            throw new IllegalArgumentException("no address given");
        }
        if (text.startsWith(RAW)) {
            return raw(text);
        }
        if (family == SocketConstants.AF_NETLINK) {
            String[] f = fields(text, ":", 1, 2, "AF_NETLINK address", "pid:groups, e.g. 0:0");
            return new NetlinkAddr(Names.parseLong("netlink pid", f[0]),
                    f.length > 1 ? Names.parseLong("netlink groups", f[1]) : 0);
        }
        if (family == SocketConstants.AF_VSOCK) {
            String[] f = fields(text, ":", 2, 2, "AF_VSOCK address", "cid:port, e.g. VMADDR_CID_ANY:5000");
            return new VsockAddr(Names.parseLong("vsock cid", f[0]), Names.parseLong("vsock port", f[1]));
        }
        if (family == SocketConstants.AF_PACKET) {
            return packet(text);
        }
        if (family == SocketConstants.AF_UNIX) {
            return text.startsWith("@")
                    ? UnixAddr.ofAbstract(text.substring(1).getBytes(StandardCharsets.UTF_8))
                    : UnixAddr.of(text);
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            // also what arrives when Gogo split an unquoted [v6addr]:port into a list, which it
            // writes as ["v6addr"], and a word
            String host = text.startsWith("[\"") && text.endsWith("\"]") ? text.substring(2, text.length() - 2)
                    : text.substring(1, text.length() - 1);
            throw new IllegalArgumentException("address [" + host + "] has no port: write '[" + host
                    + "]:PORT', quoted (unquoted, [...] is a list to Gogo)");
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("address " + text + " has no port: write host:port ("
                    + "or :port for all interfaces)");
        }
        String host = text.substring(0, colon);
        int port = port(text.substring(colon + 1), text);
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        if (!bracketed && host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("write an IPv6 address in brackets: [" + host + "]:" + port);
        }
        return inet(family, bracketed ? host.substring(1, host.length() - 1) : host, port, bracketed);
    }

    /**
     * @return the {@code (host, port)} address of {@code family}
     * @throws IllegalArgumentException for a family without host-and-port addresses here
     */
    static SockAddr inet(int family, String host, int port) {
        return inet(family, host, port, host.indexOf(':') >= 0);
    }

    private static SockAddr inet(int family, String host, int port, boolean v6) {
        if (family == SocketConstants.AF_INET) {
            if (v6) {
                throw new IllegalArgumentException("[" + host + "] is an IPv6 address; this socket is AF_INET");
            }
            return new InetAddr(host, port);
        }
        if (family == SocketConstants.AF_INET6) {
            return new Inet6Addr(host, port);
        }
        throw new IllegalArgumentException("the shell has no " + Names.name("AF_", family)
                + " (host, port) addresses: write raw:FAMILY:HEX, the struct sockaddr bytes after the family");
    }

    private static final String RAW = "raw:";

    /** {@code raw:family:hex}: any family's {@code struct sockaddr}, the bytes after sa_family. */
    private static RawAddr raw(String text) {
        int colon = text.indexOf(':', RAW.length());
        if (colon < 0) {
            throw new IllegalArgumentException("write a raw address as raw:FAMILY:HEX, e.g. raw:AF_NETLINK:"
                    + "00000000000000000000, not " + text);
        }
        int family = Names.parseInt("address family", text.substring(RAW.length(), colon));
        String hex = text.substring(colon + 1).replace(":", "");
        try {
            return new RawAddr(family, HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad raw address " + text + ": " + e.getMessage(), e);
        }
    }

    /** CPython's {@code (ifname, proto[, pkttype[, hatype[, addr]]])}, comma-separated. */
    private static PacketAddr packet(String text) {
        String[] f = fields(text, ",", 2, 5, "AF_PACKET address",
                "ifname,proto[,pkttype[,hatype[,addr]]], e.g. lo,ETH_P_ALL or lo,0x0806,0,772,00:00:00:00:00:00");
        int proto = Names.parseInt("packet proto", f[1]);
        int pkttype = f.length > 2 ? Names.parseInt("packet pkttype", f[2]) : 0;
        int hatype = f.length > 3 ? Names.parseInt("packet hatype", f[3]) : 0;
        byte[] hw = new byte[0];
        if (f.length > 4) {
            try {
                hw = HexFormat.of().parseHex(f[4].replace(":", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad hardware address " + f[4] + ": write hex bytes, e.g. "
                        + "00:00:00:00:00:00", e);
            }
        }
        return new PacketAddr(f[0], proto, pkttype, hatype, hw);
    }

    /** @return the fields of {@code text} split at {@code separator}, from {@code min} to {@code max} of them */
    private static String[] fields(String text, String separator, int min, int max, String what, String form) {
        String[] f = text.split(java.util.regex.Pattern.quote(separator), -1);
        if (f.length < min || f.length > max) {
            throw new IllegalArgumentException("bad " + what + " " + text + ": write " + form);
        }
        return f;
    }

    /**
     * The family an address written alone implies: {@code [v6addr]:port} is AF_INET6, a path
     * or {@code @name} AF_UNIX, {@code raw:family:hex} its family, {@code host:port} AF_INET.
     */
    static int familyOf(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("no address given");
        }
        if (text.startsWith(RAW)) {
            return raw(text).family();
        }
        if (text.startsWith("[")) {
            return SocketConstants.AF_INET6;
        }
        if (text.startsWith("/") || text.startsWith("@")) {
            return SocketConstants.AF_UNIX;
        }
        return SocketConstants.AF_INET;
    }

    /** @return the address, of the family its text implies ({@link #familyOf}) */
    static SockAddr parse(String text) {
        return parse(familyOf(text), text);
    }

    private static int port(String s, String whole) {
        try {
            int p = Integer.parseInt(s);
            if (p >= 0 && p <= 0xFFFF) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad port in " + whole + ": a port is 0-65535");
    }
}
