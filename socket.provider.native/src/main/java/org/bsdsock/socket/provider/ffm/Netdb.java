package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bsdsock.socket.api.AddrInfo;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.HostEntry;
import org.bsdsock.socket.api.HostException;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.NameInfo;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.UnixAddr;

/**
 * The module's name-service functions of {@code <netdb.h>}: the seed's {@code gethostby*},
 * {@code getprotobyname} and {@code getservbyname}, CPython 3's {@code getaddrinfo},
 * {@code getnameinfo} and {@code getfqdn}, and the byte-order functions, on the C library's
 * reentrant calls only. Hosts are resolved through {@link Resolver}.
 *
 * <p>Each function follows CPython 3's {@code socketmodule.c}, so that both give the same
 * answers and the same kinds of error on one machine; where this class differs, a comment
 * says why. Every call allocates in its own confined arena, so any number of threads may
 * call at once.
 */
final class Netdb {
    private Netdb() {
    }

    /** The {@code h_errno} value that means "see errno" ({@code <netdb.h>}). */
    private static final int NETDB_INTERNAL = -1;

    /** First buffer for a {@code _r} call; doubled on {@code ERANGE} up to {@link #MAX_BUFFER}. */
    private static final long FIRST_BUFFER = 1024;

    /**
     * Bound on the buffer of a {@code _r} call. CPython uses a fixed 16 KiB; a host with more
     * aliases and addresses than fit in 1 MiB is an error here too ({@code ERANGE}).
     */
    private static final long MAX_BUFFER = 1 << 20;

    /** Bound on the entries of a NULL-terminated pointer array inside such a buffer. */
    private static final long MAX_POINTERS = MAX_BUFFER / ADDRESS.byteSize();

    private static final boolean NETWORK_ORDER = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;


    // ---- host names ---------------------------------------------------------------------

    static String gethostbyname(String hostname) throws SocketException {
        return AddressText.dottedQuad(Resolver.ipv4(hostname));
    }

    static HostEntry gethostbyname_ex(String hostname) throws SocketException {
        return gethostbyname_ex(hostname, FIRST_BUFFER);
    }

    /** {@link #gethostbyname_ex(String)} starting from a buffer of {@code firstBuffer} bytes. */
    static HostEntry gethostbyname_ex(String hostname, long firstBuffer) throws SocketException {
        String name = AddressText.hostName(hostname);
        // As CPython: resolve first, so an unknown name is a gaierror, as from gethostbyname;
        // gethostbyname_r then looks up the name as given.
        Resolver.ipv4(name);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cname = arena.allocateFrom(name);
            MemorySegment ent = arena.allocate(Layouts.HOSTENT);
            MemorySegment result = arena.allocate(ADDRESS);
            MemorySegment hErrno = arena.allocate(JAVA_INT);
            int rc = growing(arena, firstBuffer, buf -> Libc.gethostbyname_r(cname, ent, buf, buf.byteSize(), result, hErrno));
            if (isNull(result.get(ADDRESS, 0))) {
                throw hostError("gethostbyname_ex", rc, hErrno.get(JAVA_INT, 0));
            }
            return hostEntry("gethostbyname_ex", ent, SocketConstants.AF_INET);
        }
    }

    static String gethostname() throws SocketException {
        try (Arena arena = Arena.ofConfined()) {
            // As CPython: 1024 bytes, the last left NUL in case the name was truncated.
            MemorySegment buf = arena.allocate(1024);
            Scratch s = Scratch.get();
            if (Libc.gethostname(s.state, buf, buf.byteSize() - 1) != 0) {
                throw Errors.of("gethostname", s.errno());
            }
            return buf.getString(0);
        }
    }

    static void sethostname(String name) throws SocketException {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("embedded null byte"); // CPython's ValueError
        }
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, buf, JAVA_BYTE, 0, bytes.length);
            Scratch s = Scratch.get();
            if (Libc.sethostname(s.state, buf, bytes.length) != 0) {
                throw Errors.of("sethostname", s.errno());
            }
        }
    }

    static HostEntry gethostbyaddr(String ip_address) throws SocketException {
        return gethostbyaddr(ip_address, FIRST_BUFFER);
    }

    /** {@link #gethostbyaddr(String)} starting from a buffer of {@code firstBuffer} bytes. */
    static HostEntry gethostbyaddr(String ip_address, long firstBuffer) throws SocketException {
        try (Arena arena = Arena.ofConfined()) {
            // As CPython: any family, so an IPv6 address or a name that resolves to one works.
            MemorySegment addr = Resolver.anyFamily(arena, ip_address, "gethostbyaddr");
            int family = addr.byteSize() == Layouts.IN6_ADDR_SIZE
                    ? SocketConstants.AF_INET6 : SocketConstants.AF_INET;
            MemorySegment ent = arena.allocate(Layouts.HOSTENT);
            MemorySegment result = arena.allocate(ADDRESS);
            MemorySegment hErrno = arena.allocate(JAVA_INT);
            int rc = growing(arena, firstBuffer, buf -> Libc.gethostbyaddr_r(addr, (int) addr.byteSize(), family, ent,
                    buf, buf.byteSize(), result, hErrno));
            if (isNull(result.get(ADDRESS, 0))) {
                throw hostError("gethostbyaddr", rc, hErrno.get(JAVA_INT, 0));
            }
            return hostEntry("gethostbyaddr", ent, family);
        }
    }

    // ---- protocols and services -------------------------------------------------------------

    static int getprotobyname(String protocolname) throws SocketException {
        return getprotobyname(protocolname, FIRST_BUFFER);
    }

    /** {@link #getprotobyname(String)} starting from a buffer of {@code firstBuffer} bytes. */
    static int getprotobyname(String protocolname, long firstBuffer) throws SocketException {
        AddressText.checkText("protocolname", protocolname);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(protocolname);
            MemorySegment ent = arena.allocate(Layouts.PROTOENT);
            MemorySegment result = arena.allocate(ADDRESS);
            int rc = growing(arena, firstBuffer, buf -> Libc.getprotobyname_r(name, ent, buf, buf.byteSize(), result));
            if (isNull(result.get(ADDRESS, 0))) {
                throw notFound("getprotobyname", rc, "protocol not found");
            }
            return ent.get(JAVA_INT, Layouts.P_PROTO);
        }
    }

    static int getservbyname(String servicename, String protocolname) throws SocketException {
        return getservbyname(servicename, protocolname, FIRST_BUFFER);
    }

    /** {@link #getservbyname(String, String)} starting from a buffer of {@code firstBuffer} bytes. */
    static int getservbyname(String servicename, String protocolname, long firstBuffer) throws SocketException {
        AddressText.checkText("servicename", servicename);
        if (protocolname != null) {
            AddressText.checkText("protocolname", protocolname);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(servicename);
            MemorySegment proto = protocolname == null ? MemorySegment.NULL : arena.allocateFrom(protocolname);
            MemorySegment ent = arena.allocate(Layouts.SERVENT);
            MemorySegment result = arena.allocate(ADDRESS);
            int rc = growing(arena, firstBuffer, buf -> Libc.getservbyname_r(name, proto, ent, buf, buf.byteSize(), result));
            if (isNull(result.get(ADDRESS, 0))) {
                throw notFound("getservbyname", rc, "service/proto not found");
            }
            // s_port is the 16-bit network-order port widened to an int in host order.
            return ntohs(ent.get(JAVA_INT, Layouts.S_PORT) & 0xFFFF);
        }
    }

    static String getservbyport(int port, String protocolname) throws SocketException {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("getservbyport: port must be 0-65535."); // CPython's OverflowError
        }
        if (protocolname != null) {
            AddressText.checkText("protocolname", protocolname);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment proto = protocolname == null ? MemorySegment.NULL : arena.allocateFrom(protocolname);
            MemorySegment ent = arena.allocate(Layouts.SERVENT);
            MemorySegment result = arena.allocate(ADDRESS);
            int netPort = htons(port); // the C call takes the port in network byte order, in an int
            int rc = growing(arena, FIRST_BUFFER, buf -> Libc.getservbyport_r(netPort, proto, ent, buf, buf.byteSize(), result));
            if (isNull(result.get(ADDRESS, 0))) {
                throw notFound("getservbyport", rc, "port/proto not found");
            }
            return cString(ent.get(ADDRESS, Layouts.S_NAME));
        }
    }

    // ---- getaddrinfo, getnameinfo, getfqdn (CPython 3) ---------------------------------------

    static List<AddrInfo> getaddrinfo(String host, String port, int family, int type, int proto, int flags)
            throws SocketException {
        // As CPython: the port as UTF-8 text (an unpaired surrogate is its UnicodeEncodeError, bpo-6697).
        if (port != null) {
            AddressText.checkText("port", port);
        }
        try (Arena arena = Arena.ofConfined()) {
            List<AddrInfo> out = new ArrayList<>();
            List<Resolver.Answer> answers =
                    Resolver.getaddrinfo("getaddrinfo", arena, host, port, family, type, proto, flags);
            for (Resolver.Answer a : answers) {
                SockAddr sa = SockAddrs.decode(a.sockaddr(), (int) a.sockaddr().byteSize());
                out.add(new AddrInfo(a.family(), a.socktype(), a.protocol(), a.canonname(), sa));
            }
            return out;
        }
    }

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
            default -> throw new IllegalArgumentException(
                    "getnameinfo() needs an InetAddr or Inet6Addr, not " + sockaddr);
        }
        try (Arena arena = Arena.ofConfined()) {
            // As CPython: the host is parsed, never looked up (AI_NUMERICHOST); SOCK_DGRAM
            // only to get a single answer for a numeric port.
            List<Resolver.Answer> answers = Resolver.getaddrinfo("getnameinfo", arena, host, Integer.toString(port),
                    SocketConstants.AF_UNSPEC, SocketConstants.SOCK_DGRAM, 0, SocketConstants.AI_NUMERICHOST);
            if (answers.size() > 1) {
                throw new SocketException("getnameinfo", 0, "sockaddr resolved to multiple addresses");
            }
            Resolver.Answer answer = answers.get(0);
            MemorySegment sa = answer.sockaddr(); // a copy: getnameinfo's own
            if (answer.family() == SocketConstants.AF_INET && fourTuple) {
                throw new SocketException("getnameinfo", 0,
                        "IPv4 sockaddr must be an InetAddr (CPython: a 2 tuple), not " + sockaddr);
            }
            if (answer.family() == SocketConstants.AF_INET6 && sockaddr instanceof Inet6Addr a) {
                sa.set(Layouts.IN_ADDR_T, Layouts.SIN6_FLOWINFO, a.flowinfo());
                sa.set(JAVA_INT, Layouts.SIN6_SCOPE_ID, (int) a.scope_id());
            }
            MemorySegment hbuf = arena.allocate(SocketConstants.NI_MAXHOST);
            MemorySegment pbuf = arena.allocate(SocketConstants.NI_MAXSERV);
            Scratch s = Scratch.get();
            int rc = Libc.getnameinfo(s.state, sa, (int) sa.byteSize(), hbuf, (int) hbuf.byteSize(), pbuf,
                    (int) pbuf.byteSize(), flags);
            if (rc != 0) {
                throw Errors.addressInfo("getnameinfo", rc, s.errno());
            }
            return new NameInfo(hbuf.getString(0), pbuf.getString(0));
        }
    }

    /** CPython 3.11's {@code socket.getfqdn}, line by line. */
    static String getfqdn(String name) throws SocketException {
        String n = Objects.requireNonNull(name, "name").strip();
        if (n.isEmpty() || n.equals("0.0.0.0") || n.equals("::")) {
            n = gethostname();
        }
        HostEntry entry;
        try {
            entry = gethostbyaddr(n);
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

    // ---- byte order ---------------------------------------------------------------------------

    static long ntohl(long x) {
        return swap32("ntohl", x);
    }

    static int ntohs(int x) {
        return swap16("ntohs", x);
    }

    static long htonl(long x) {
        return swap32("htonl", x);
    }

    static int htons(int x) {
        return swap16("htons", x);
    }

    // Network order is big-endian; on a little-endian host both directions are the same swap.
    private static int swap16(String call, int x) {
        if (x < 0 || x > 0xFFFF) {
            throw new IllegalArgumentException(call + ": " + x + " does not fit in 16 unsigned bits (0..65535)");
        }
        return NETWORK_ORDER ? x : ((x & 0xFF) << 8) | (x >>> 8);
    }

    private static long swap32(String call, long x) {
        if (x < 0 || x > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(call + ": " + x + " does not fit in 32 unsigned bits (0..4294967295)");
        }
        return NETWORK_ORDER ? x : Integer.toUnsignedLong(Integer.reverseBytes((int) x));
    }

    // ---- the reentrant calls' buffers and results ------------------------------------------------

    /** A {@code _r} call on one buffer, returning 0, {@code ERANGE} or another errno value. */
    @FunctionalInterface
    private interface Reentrant {
        int call(MemorySegment buf);
    }

    /**
     * Runs a {@code _r} call, doubling its buffer from {@code first} bytes while it answers
     * {@code ERANGE}, up to {@link #MAX_BUFFER}. The buffers live in {@code arena}, as long as
     * the result that points into them.
     *
     * @return the last call's return value
     */
    private static int growing(Arena arena, long first, Reentrant call) {
        for (long size = Math.max(first, 1); ; size *= 2) {
            int rc = call.call(arena.allocate(size, ADDRESS.byteAlignment()));
            if (rc != Errno.ERANGE || size >= MAX_BUFFER) {
                return rc;
            }
        }
    }

    /**
     * The error of a {@code gethostby*_r} call that found nothing: an {@link HostException}
     * with the call's {@code h_errno} and {@code hstrerror} text, as CPython's {@code herror};
     * where {@code h_errno} is {@code NETDB_INTERNAL}, the system error in the return value.
     *
     * <p>CPython reads the thread's global {@code h_errno}, which glibc's
     * {@code gethostbyname_r} does not always set (for {@code "<broadcast>"} it keeps a stale
     * value); the {@code h_errnop} out-parameter used here is always set.
     */
    private static SocketException hostError(String call, int rc, int hErrno) {
        if (hErrno == NETDB_INTERNAL && rc != 0) {
            return Errors.of(call, rc);
        }
        String text = Libc.hstrerror(hErrno).reinterpret(256).getString(0);
        return new HostException(call, hErrno, text);
    }

    /**
     * The error of {@code getprotobyname_r}/{@code getservbyname_r} finding nothing: CPython's
     * text, errno 0. A system error ({@code ERANGE} past the bound, {@code EMFILE}, ...) keeps
     * its errno, where CPython, on the non-reentrant calls, would also say "not found".
     */
    private static SocketException notFound(String call, int rc, String text) {
        if (rc != 0 && rc != Errno.ENOENT) {
            return Errors.of(call, rc);
        }
        return new SocketException(call, 0, text);
    }

    /** Reads a filled {@code struct hostent} as the seed's triple; CPython's {@code gethost_common}. */
    private static HostEntry hostEntry(String call, MemorySegment ent, int family) throws SocketException {
        if (ent.get(JAVA_INT, Layouts.H_ADDRTYPE) != family) {
            throw Errors.of(call, Errno.EAFNOSUPPORT);
        }
        String name = cString(ent.get(ADDRESS, Layouts.H_NAME));
        List<String> aliases = new ArrayList<>();
        for (MemorySegment alias : pointers(ent.get(ADDRESS, Layouts.H_ALIASES))) {
            aliases.add(cString(alias));
        }
        List<String> addresses = new ArrayList<>();
        long size = family == SocketConstants.AF_INET ? Layouts.IN_ADDR_SIZE : Layouts.IN6_ADDR_SIZE;
        for (MemorySegment a : pointers(ent.get(ADDRESS, Layouts.H_ADDR_LIST))) {
            addresses.add(AddressText.text(family, a.reinterpret(size)));
        }
        return new HostEntry(name, aliases, addresses);
    }

    /** @return the entries of a NULL-terminated C array of pointers; none if the array is NULL */
    private static List<MemorySegment> pointers(MemorySegment array) {
        List<MemorySegment> out = new ArrayList<>();
        if (isNull(array)) {
            return out; // h_aliases may be NULL (CPython bug 1511317)
        }
        MemorySegment entries = array.reinterpret(MAX_POINTERS * ADDRESS.byteSize());
        for (long i = 0; i < MAX_POINTERS; i++) {
            MemorySegment p = entries.getAtIndex(ADDRESS, i);
            if (isNull(p)) {
                return out;
            }
            out.add(p);
        }
        throw new IllegalStateException("pointer array without a NULL in " + MAX_POINTERS + " entries");
    }

    private static String cString(MemorySegment p) {
        return p.reinterpret(MAX_BUFFER).getString(0);
    }

    private static boolean isNull(MemorySegment p) {
        return p.address() == 0L;
    }
}
