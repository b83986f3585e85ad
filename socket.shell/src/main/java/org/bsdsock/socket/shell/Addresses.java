package org.bsdsock.socket.shell;

import java.nio.charset.StandardCharsets;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.UnixAddr;

/**
 * Socket addresses as the shell writes them, one word each: {@code host:port} for
 * {@code AF_INET} ({@code :port} is {@code INADDR_ANY}, the seed's {@code ''}),
 * {@code [v6addr]:port} for {@code AF_INET6}, and for {@code AF_UNIX} a path, or {@code @name}
 * for a name in Linux's abstract namespace (as {@code ss} shows it). Addresses the module
 * returns print the same way ({@code SockAddr.toString()}).
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
                + " addresses (it writes AF_INET, AF_INET6 and AF_UNIX ones)");
    }

    /**
     * The family an address written alone implies: {@code [v6addr]:port} is AF_INET6, a path
     * or {@code @name} AF_UNIX, {@code host:port} AF_INET.
     */
    static int familyOf(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("no address given");
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
