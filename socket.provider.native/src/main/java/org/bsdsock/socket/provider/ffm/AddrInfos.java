package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bsdsock.socket.api.AddrInfo;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.HostEntry;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.NameInfo;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.UnixAddr;

/**
 * CPython 3's name and address functions beyond the seed: {@code getaddrinfo},
 * {@code getnameinfo}, {@code inet_pton}, {@code inet_ntop} and {@code getfqdn}, each following
 * CPython 3.11's {@code socketmodule.c} (or {@code socket.py}), on the C library's reentrant
 * calls. Every call allocates in its own confined arena, so any number of threads may call at
 * once.
 */
final class AddrInfos {
    private AddrInfos() {
    }

    private static final ValueLayout.OfInt NETWORK_INT = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);

    /** Bound on a C string the resolver returns (a canonical name is at most NI_MAXHOST). */
    private static final long MAX_STRING = 1 << 16;

    // ---- getaddrinfo ----------------------------------------------------------------------

    static List<AddrInfo> getaddrinfo(String host, String port, int family, int type, int proto, int flags)
            throws SocketException {
        // As CPython: the host in IDNA form, the port as UTF-8 text (an unpaired surrogate is
        // its UnicodeEncodeError, bpo-6697).
        String node = host == null ? null : Netdb.idna(host);
        if (port != null) {
            checkText("port", port);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hints = arena.allocate(Layouts.ADDRINFO);
            hints.set(JAVA_INT, Layouts.AI_FLAGS, flags);
            hints.set(JAVA_INT, Layouts.AI_FAMILY, family);
            hints.set(JAVA_INT, Layouts.AI_SOCKTYPE, type);
            hints.set(JAVA_INT, Layouts.AI_PROTOCOL, proto);
            MemorySegment result = arena.allocate(ADDRESS);
            Scratch s = Scratch.get();
            int rc = Libc.getaddrinfo(s.state, node == null ? MemorySegment.NULL : arena.allocateFrom(node),
                    port == null ? MemorySegment.NULL : arena.allocateFrom(port), hints, result);
            if (rc != 0) {
                throw Errors.addressInfo("getaddrinfo", rc, s.errno());
            }
            MemorySegment first = result.get(ADDRESS, 0);
            try {
                return answers(first);
            } finally {
                Libc.freeaddrinfo(first);
            }
        }
    }

    /** Reads a {@code struct addrinfo} list as CPython's 5-tuples. */
    private static List<AddrInfo> answers(MemorySegment first) {
        List<AddrInfo> out = new ArrayList<>();
        for (MemorySegment p = first; p.address() != 0; ) {
            MemorySegment ai = p.reinterpret(Layouts.ADDRINFO.byteSize());
            int len = ai.get(JAVA_INT, Layouts.AI_ADDRLEN);
            SockAddr sa = SockAddrs.decode(ai.get(ADDRESS, Layouts.AI_ADDR).reinterpret(len), len);
            MemorySegment canon = ai.get(ADDRESS, Layouts.AI_CANONNAME);
            out.add(new AddrInfo(ai.get(JAVA_INT, Layouts.AI_FAMILY), ai.get(JAVA_INT, Layouts.AI_SOCKTYPE),
                    ai.get(JAVA_INT, Layouts.AI_PROTOCOL), canon.address() == 0 ? "" : string(canon), sa));
            p = ai.get(ADDRESS, Layouts.AI_NEXT);
        }
        return out;
    }

    // ---- getnameinfo ----------------------------------------------------------------------

    static NameInfo getnameinfo(SockAddr sockaddr, int flags) throws SocketException {
        String host;
        int port;
        boolean fourTuple;
        switch (Objects.requireNonNull(sockaddr, "sockaddr")) {
            case InetAddr a -> {
                host = a.host();
                port = a.port();
                fourTuple = false;
            }
            case Inet6Addr a -> {
                host = a.host();
                port = a.port();
                fourTuple = true;
            }
            case UnixAddr u -> throw new IllegalArgumentException(
                    "getnameinfo() needs an InetAddr or Inet6Addr, not the AF_UNIX address " + u);
        }
        checkText("host", host);
        try (Arena arena = Arena.ofConfined()) {
            // As CPython: the host is parsed, never looked up (AI_NUMERICHOST); SOCK_DGRAM
            // only to get a single answer for a numeric port.
            MemorySegment hints = arena.allocate(Layouts.ADDRINFO);
            hints.set(JAVA_INT, Layouts.AI_FLAGS, SocketConstants.AI_NUMERICHOST);
            hints.set(JAVA_INT, Layouts.AI_FAMILY, SocketConstants.AF_UNSPEC);
            hints.set(JAVA_INT, Layouts.AI_SOCKTYPE, SocketConstants.SOCK_DGRAM);
            MemorySegment result = arena.allocate(ADDRESS);
            Scratch s = Scratch.get();
            int rc = Libc.getaddrinfo(s.state, arena.allocateFrom(host), arena.allocateFrom(Integer.toString(port)),
                    hints, result);
            if (rc != 0) {
                throw Errors.addressInfo("getnameinfo", rc, s.errno());
            }
            MemorySegment list = result.get(ADDRESS, 0).reinterpret(Layouts.ADDRINFO.byteSize());
            try {
                if (list.get(ADDRESS, Layouts.AI_NEXT).address() != 0) {
                    throw new SocketException("getnameinfo", 0, "sockaddr resolved to multiple addresses");
                }
                int len = list.get(JAVA_INT, Layouts.AI_ADDRLEN);
                // a copy: getnameinfo must not write into the resolver's list
                MemorySegment sa = arena.allocate(len, 8).copyFrom(list.get(ADDRESS, Layouts.AI_ADDR).reinterpret(len));
                int family = list.get(JAVA_INT, Layouts.AI_FAMILY);
                if (family == SocketConstants.AF_INET && fourTuple) {
                    throw new SocketException("getnameinfo", 0,
                            "IPv4 sockaddr must be an InetAddr (CPython: a 2 tuple), not " + sockaddr);
                }
                if (family == SocketConstants.AF_INET6 && sockaddr instanceof Inet6Addr a) {
                    sa.set(NETWORK_INT, Layouts.SIN6_FLOWINFO, a.flowinfo());
                    sa.set(JAVA_INT, Layouts.SIN6_SCOPE_ID, (int) a.scope_id());
                }
                return nameinfo(arena, sa, len, flags);
            } finally {
                Libc.freeaddrinfo(list);
            }
        }
    }

    private static NameInfo nameinfo(Arena arena, MemorySegment sa, int len, int flags) throws SocketException {
        int hostLen = SocketConstants.NI_MAXHOST;
        int servLen = SocketConstants.NI_MAXSERV;
        MemorySegment hbuf = arena.allocate(hostLen);
        MemorySegment pbuf = arena.allocate(servLen);
        Scratch s = Scratch.get();
        int rc = Libc.getnameinfo(s.state, sa, len, hbuf, hostLen, pbuf, servLen, flags);
        if (rc != 0) {
            throw Errors.addressInfo("getnameinfo", rc, s.errno());
        }
        return new NameInfo(hbuf.getString(0), pbuf.getString(0));
    }

    // ---- inet_pton, inet_ntop -------------------------------------------------------------

    static byte[] inet_pton(int family, String text) throws SocketException {
        checkText("ip_string", text);
        int size;
        if (family == SocketConstants.AF_INET) {
            size = Layouts.IN_ADDR_SIZE;
        } else if (family == SocketConstants.AF_INET6) {
            size = Layouts.IN6_ADDR_SIZE;
        } else {
            // glibc's inet_pton knows these two families and fails with EAFNOSUPPORT for any
            // other before reading the text; said here, as the shared handle keeps no errno.
            throw Errors.of("inet_pton", Errno.EAFNOSUPPORT);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dst = arena.allocate(size, 4);
            if (Libc.inet_pton(family, arena.allocateFrom(text), dst) != 1) {
                throw new SocketException("inet_pton", 0, "illegal IP address string passed to inet_pton");
            }
            return dst.toArray(JAVA_BYTE);
        }
    }

    static String inet_ntop(int family, byte[] packed) {
        Objects.requireNonNull(packed, "packed_ip");
        if (family == SocketConstants.AF_INET) {
            checkLength(packed, Layouts.IN_ADDR_SIZE);
            return Netdb.inet_ntoa(packed); // the same text as inet_ntop's for AF_INET
        }
        if (family == SocketConstants.AF_INET6) {
            checkLength(packed, Layouts.IN6_ADDR_SIZE);
            return SockAddrs.ipv6Text(MemorySegment.ofArray(packed));
        }
        throw new IllegalArgumentException("unknown address family " + family);
    }

    private static void checkLength(byte[] packed, int size) {
        if (packed.length != size) {
            throw new IllegalArgumentException("invalid length of packed IP address string: "
                    + packed.length + " bytes, not " + size);
        }
    }

    // ---- getfqdn --------------------------------------------------------------------------

    /** CPython 3.11's {@code socket.getfqdn}, line by line. */
    static String getfqdn(String name) throws SocketException {
        String n = Objects.requireNonNull(name, "name").strip();
        if (n.isEmpty() || n.equals("0.0.0.0") || n.equals("::")) {
            n = Netdb.gethostname();
        }
        HostEntry entry;
        try {
            entry = Netdb.gethostbyaddr(n);
        } catch (SocketException e) {
            return n; // CPython: except error: pass
        }
        List<String> names = new ArrayList<>();
        names.add(entry.hostname());
        names.addAll(entry.aliaslist());
        for (String candidate : names) {
            if (candidate.indexOf('.') >= 0) {
                return candidate;
            }
        }
        return entry.hostname();
    }

    // ---- helpers --------------------------------------------------------------------------


    /**
     * Text that becomes a C string: a NUL would cut it short, an unpaired surrogate has no
     * UTF-8 form (CPython raises {@code ValueError} and {@code UnicodeEncodeError}).
     */
    static void checkText(String what, String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + ": embedded null character");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + ": surrogates not allowed (position " + i + ")");
            }
        }
    }

    private static String string(MemorySegment p) {
        return p.reinterpret(MAX_STRING).getString(0);
    }
}
