package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;

/**
 * Host resolution, in one place: the reentrant {@code getaddrinfo(3)}, its answer list walked
 * and freed once ({@link #getaddrinfo}), and the host of an address turned into a binary address
 * as CPython's {@code setipaddr} does, for one family ({@link #ipv4}, {@link #ipv6}) or any
 * ({@link #anyFamily}). Every host passes {@link AddressText#hostName} before it reaches the C
 * library. Each call allocates in the caller's or its own confined arena, so any number of
 * threads may resolve at once.
 */
final class Resolver {
    private Resolver() {
    }

    private static final int INADDR_ANY = 0;
    private static final int INADDR_BROADCAST = 0xFFFFFFFF;

    /** Bound on a C string the resolver returns (a canonical name is at most NI_MAXHOST). */
    private static final long MAX_STRING = 1 << 16;

    /**
     * One answer of {@code getaddrinfo(3)}: a {@code struct addrinfo}'s fields, its socket
     * address copied out of the resolver's list.
     *
     * @param canonname the canonical name, {@code ""} where the answer has none
     * @param sockaddr  the {@code ai_addrlen} bytes of {@code ai_addr}, a copy in the caller's arena
     */
    record Answer(int family, int socktype, int protocol, String canonname, MemorySegment sockaddr) {
    }

    /**
     * Calls {@code getaddrinfo(3)} and reads its whole answer list, which is freed before this
     * returns.
     *
     * @param call  the call to name in an error
     * @param arena where the answers' socket addresses are copied
     * @param host  a host, checked here; null for none (NULL)
     * @param service a service name or port number as text, already checked; null for none
     * @return the answers, in the resolver's order; never empty
     * @throws IllegalArgumentException as {@link AddressText#hostName}
     * @throws SocketException          the gaierror, or the errno's exception for {@code EAI_SYSTEM}
     */
    static List<Answer> getaddrinfo(String call, Arena arena, String host, String service, int family, int socktype,
            int protocol, int flags) throws SocketException {
        MemorySegment node = host == null ? MemorySegment.NULL : arena.allocateFrom(AddressText.hostName(host));
        MemorySegment hints = arena.allocate(Layouts.ADDRINFO);
        hints.set(JAVA_INT, Layouts.AI_FLAGS, flags);
        hints.set(JAVA_INT, Layouts.AI_FAMILY, family);
        hints.set(JAVA_INT, Layouts.AI_SOCKTYPE, socktype);
        hints.set(JAVA_INT, Layouts.AI_PROTOCOL, protocol);
        MemorySegment result = arena.allocate(ADDRESS);
        Scratch s = Scratch.get();
        int rc = Libc.getaddrinfo(s.state, node, service == null ? MemorySegment.NULL : arena.allocateFrom(service),
                hints, result);
        if (rc != 0) {
            throw Errors.addressInfo(call, rc, s.errno());
        }
        MemorySegment first = result.get(ADDRESS, 0);
        try {
            List<Answer> answers = new ArrayList<>();
            for (MemorySegment p = first; p.address() != 0; ) {
                MemorySegment ai = p.reinterpret(Layouts.ADDRINFO.byteSize());
                int len = ai.get(JAVA_INT, Layouts.AI_ADDRLEN);
                MemorySegment sockaddr =
                        arena.allocate(len, 8).copyFrom(ai.get(ADDRESS, Layouts.AI_ADDR).reinterpret(len));
                MemorySegment canon = ai.get(ADDRESS, Layouts.AI_CANONNAME);
                answers.add(new Answer(ai.get(JAVA_INT, Layouts.AI_FAMILY), ai.get(JAVA_INT, Layouts.AI_SOCKTYPE),
                        ai.get(JAVA_INT, Layouts.AI_PROTOCOL),
                        canon.address() == 0 ? "" : canon.reinterpret(MAX_STRING).getString(0), sockaddr));
                p = ai.get(ADDRESS, Layouts.AI_NEXT);
            }
            return answers;
        } finally {
            Libc.freeaddrinfo(first);
        }
    }

    /**
     * Resolves a host to an IPv4 address, as CPython's {@code setipaddr} for {@code AF_INET}:
     * {@code ""} is INADDR_ANY, {@code "<broadcast>"} INADDR_BROADCAST, an IPv4 literal is
     * taken as is, anything else is the first {@code AF_INET} answer of {@code getaddrinfo(3)}.
     * A dotted quad, the common case, costs no native call and no allocation.
     *
     * @return the address as a big-endian int
     * @throws IllegalArgumentException as {@link AddressText#hostName}
     */
    static int ipv4(String host) throws SocketException {
        if (host.isEmpty()) {
            return INADDR_ANY;
        }
        if (host.equals(InetAddr.BROADCAST)) {
            return INADDR_BROADCAST;
        }
        long quad = AddressText.dottedQuad(host);
        if (quad >= 0) {
            return (int) quad;
        }
        String name = AddressText.hostName(host);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = AddressText.parse(arena, SocketConstants.AF_INET, name);
            if (in == null) {
                in = firstAddress(arena, name, null, SocketConstants.AF_INET, 0, 0, null);
            }
            return in.get(Layouts.IN_ADDR_T, 0);
        }
    }

    /**
     * Resolves a host to an IPv6 address, as CPython's {@code setipaddr} for {@code AF_INET6}:
     * {@code ""} is {@code in6addr_any}; the seed's broadcast forms are an error ("address
     * family mismatched"); an IPv6 literal without a zone is taken as is; anything else (a
     * name, a literal with {@code %zone}) is the first {@code AF_INET6} answer of
     * {@code getaddrinfo(3)}.
     *
     * @return the 16 bytes of a {@code struct in6_addr}, allocated in {@code arena}
     * @throws IllegalArgumentException as {@link AddressText#hostName}
     */
    static MemorySegment ipv6(Arena arena, String host) throws SocketException {
        String name = AddressText.hostName(host);
        if (name.isEmpty()) {
            return arena.allocate(Layouts.IN6_ADDR); // zero-filled: in6addr_any
        }
        if (name.equals(InetAddr.BROADCAST) || name.equals("255.255.255.255")) {
            throw new SocketException("getaddrinfo", 0, "address family mismatched");
        }
        MemorySegment in6 = name.indexOf('%') < 0 ? AddressText.parse(arena, SocketConstants.AF_INET6, name) : null;
        return in6 != null ? in6 : firstAddress(arena, name, null, SocketConstants.AF_INET6, 0, 0, null);
    }

    /**
     * Resolves a host to one address of any family, as CPython's {@code setipaddr} with
     * {@code AF_UNSPEC}: {@code ""} is the wildcard (an error if it has several answers),
     * {@code "<broadcast>"} INADDR_BROADCAST, an IPv4 or IPv6 literal is taken as is, and
     * anything else is the first answer of {@code getaddrinfo(3)}.
     *
     * @param call the call to name in an error
     * @return a {@code struct in_addr} or {@code struct in6_addr}, told apart by size, in {@code arena}
     * @throws IllegalArgumentException as {@link AddressText#hostName}
     */
    static MemorySegment anyFamily(Arena arena, String host, String call) throws SocketException {
        String name = AddressText.hostName(host);
        if (name.isEmpty()) {
            return firstAddress(arena, null, "0", SocketConstants.AF_UNSPEC, SocketConstants.SOCK_DGRAM,
                    SocketConstants.AI_PASSIVE, call);
        }
        if (name.equals("255.255.255.255") || name.equals(InetAddr.BROADCAST)) {
            return arena.allocate(Layouts.IN_ADDR).fill((byte) 0xFF);
        }
        MemorySegment in = AddressText.parse(arena, SocketConstants.AF_INET, name);
        if (in == null) {
            in = AddressText.parse(arena, SocketConstants.AF_INET6, name);
        }
        return in != null ? in : firstAddress(arena, name, null, SocketConstants.AF_UNSPEC, 0, 0, null);
    }

    /**
     * The address part of the first answer of {@code getaddrinfo(3)}.
     *
     * @param single null, or the call to name when refusing a name with several answers
     *               (CPython's "wildcard resolved to multiple address")
     * @return a {@code struct in_addr} or {@code struct in6_addr}, told apart by size, in {@code arena}
     */
    private static MemorySegment firstAddress(Arena arena, String host, String service, int family, int socktype,
            int flags, String single) throws SocketException {
        List<Answer> answers = getaddrinfo("getaddrinfo", arena, host, service, family, socktype, 0, flags);
        if (single != null && answers.size() > 1) {
            throw new SocketException(single, 0, "wildcard resolved to multiple address");
        }
        Answer first = answers.get(0);
        if (first.family() == SocketConstants.AF_INET) {
            return first.sockaddr().asSlice(Layouts.SIN_ADDR, Layouts.IN_ADDR);
        }
        if (first.family() == SocketConstants.AF_INET6) {
            return first.sockaddr().asSlice(Layouts.SIN6_ADDR, Layouts.IN6_ADDR);
        }
        throw new SocketException("getaddrinfo", 0, "unsupported address family " + first.family());
    }
}
