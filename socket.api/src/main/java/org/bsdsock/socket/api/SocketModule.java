package org.bsdsock.socket.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The socket module: the seed's module-level functions and the {@code socket()} factory,
 * published as an OSGi service (and found through {@link java.util.ServiceLoader} outside
 * OSGi).
 *
 * <p>Thread safety: every method may be called from any number of threads at once; the
 * resolver functions use only the C library's reentrant calls.
 *
 * <p>Sockets outlive the provider that made them: when a provider goes away while the bundle
 * using it stays (the provider is updated, stopped, or replaced by one of higher rank), it
 * hands its sockets over and the next provider serving that bundle adopts them; calls blocked
 * meanwhile go on on the new provider. A socket no provider adopts within the hand-over window
 * (the provider's configuration) is closed, and its calls fail with {@code EBADF}. When the
 * bundle that made a socket stops, or the module is {@link #close() closed}, its sockets are
 * closed.
 *
 * <p>A module is released with {@link #close()} (since 1.3, when the interface became
 * {@link AutoCloseable}): outside OSGi by the code that created it
 * (e.g. in a try-with-resources over {@link java.util.ServiceLoader}'s instance); in OSGi the
 * framework releases the instance a bundle uses when the bundle releases the service.
 */
@ProviderType
public interface SocketModule extends AutoCloseable {

    /**
     * Releases this module: closes every socket it made (a thread blocked on one wakes with
     * {@code EBADF}) and refuses new ones; later calls that create a socket fail with a
     * {@link SocketException}. Closing a closed module does nothing.
     *
     * <p>A bundle that got the module as an OSGi service does not close it: the framework
     * does, when the bundle releases the service.
     *
     * @since 1.3
     */
    @Override
    void close();

    /**
     * Creates a socket, as {@code socket(family, type, 0)}.
     *
     * @see #socket(int, int, int)
     * @param family an address family, {@code AF_INET}, {@code AF_INET6} or {@code AF_UNIX} ({@link SocketConstants})
     * @param type a socket type, {@code SOCK_STREAM}, {@code SOCK_DGRAM} or another {@code SOCK_*}
     * @return the new socket, owned by the caller, who must close it
     * @throws SocketException with {@code EAFNOSUPPORT}, {@code EINVAL}, {@code EPROTONOSUPPORT}, {@code EACCES}/{@code EPERM} (e.g. {@code SOCK_RAW} without privilege), {@code EMFILE}, {@code ENFILE}, {@code ENOBUFS}, {@code ENOMEM}
     */
    default SocketType socket(int family, int type) throws SocketException {
        return socket(family, type, 0);
    }

    /**
     * Creates a new socket with the given address family, socket type and protocol number
     * (POSIX {@code socket(2)}). The socket's timeout starts as {@link #getdefaulttimeout()}
     * ({@code None}, blocking mode, unless changed); its descriptor is close-on-exec.
     * {@code SOCK_NONBLOCK} and {@code SOCK_CLOEXEC} may be or-ed into {@code type}; they are
     * never reported back by {@link SocketType#type()}.
     *
     * @param family an address family, {@code AF_INET}, {@code AF_INET6} or {@code AF_UNIX} ({@link SocketConstants})
     * @param type   a socket type, {@code SOCK_STREAM}, {@code SOCK_DGRAM} or another {@code SOCK_*}
     * @param proto  a protocol number, usually 0 (the default for family and type)
     * @return the new socket, owned by the caller, who must close it
     * @throws SocketException with {@code EAFNOSUPPORT}, {@code EINVAL}, {@code EPROTONOSUPPORT},
     *                         {@code EACCES}/{@code EPERM} (e.g. {@code SOCK_RAW} without
     *                         privilege), {@code EMFILE}, {@code ENFILE}, {@code ENOBUFS},
     *                         {@code ENOMEM}
     */
    SocketType socket(int family, int type, int proto) throws SocketException;

    /**
     * Builds a socket from a duplicate of a descriptor, as {@code fromfd(fd, family, type, 0)}.
     *
     * @see #fromfd(int, int, int, int)
     * @param fd an open descriptor, e.g. an inetd-style server's standard input
     * @param family its address family
     * @param type its socket type
     * @return the new socket, owned by the caller
     * @throws SocketException {@code EBADF} if fd is not open, {@code EMFILE}
     */
    default SocketType fromfd(int fd, int family, int type) throws SocketException {
        return fromfd(fd, family, type, 0);
    }

    /**
     * Builds a socket object from a duplicate ({@code dup(2)}) of an existing descriptor; the
     * caller keeps {@code fd} and may close it. Whether {@code fd} is a socket is not checked:
     * later calls fail if it is not.
     *
     * @param fd     an open descriptor, e.g. an inetd-style server's standard input
     * @param family its address family
     * @param type   its socket type
     * @param proto  its protocol number
     * @return the new socket, owned by the caller
     * @throws SocketException {@code EBADF} if fd is not open, {@code EMFILE}
     */
    SocketType fromfd(int fd, int family, int type, int proto) throws SocketException;

    // ---- names and addresses ------------------------------------------------------------

    /**
     * Translates a host name to an IPv4 address as a dotted quad; a dotted quad is returned
     * unchanged ({@code getaddrinfo(3)} with {@code AF_INET}).
     *
     * @param hostname a host name or dotted quad; not null
     * @return e.g. {@code "127.0.0.1"}
     * @throws AddressInfoException {@code EAI_NONAME} for an unknown name, {@code EAI_AGAIN}, ...
     */
    String gethostbyname(String hostname) throws SocketException;

    /**
     * Translates a host name to its primary name, aliases and IPv4 addresses (the reentrant
     * {@code gethostbyname_r(3)}).
     *
     * @param hostname a host name or dotted quad; not null
     * @return the seed's triple {@code (hostname, aliaslist, ipaddrlist)}
     * @throws HostException for an unknown host ({@code HOST_NOT_FOUND}, h_errno)
     */
    HostEntry gethostbyname_ex(String hostname) throws SocketException;

    /**
     * Returns the host name of the machine this runs on ({@code gethostname(2)}). It is not
     * always fully qualified: {@link #getfqdn()} gives that; {@code gethostbyname(gethostname())}
     * gives an IPv4 address of this machine.
     *
     * @return the host name, as the kernel has it; not null
     * @throws SocketException with the errno if the system call fails
     */
    String gethostname() throws SocketException;

    /**
     * Sets the name of the machine ({@code sethostname(2)}; CPython 3.3's
     * {@code socket.sethostname}): for the whole UTS namespace, so for every process in it.
     *
     * @param name the new name, encoded as UTF-8; not null, no NUL
     * @throws IllegalArgumentException if name holds a NUL (CPython's
     *                                  {@code "embedded null byte"})
     * @throws SocketException          {@code EPERM} without {@code CAP_SYS_ADMIN} over the UTS
     *                                  namespace, {@code EINVAL} for a name longer than 64 bytes
     * @since 1.4
     */
    void sethostname(String name) throws SocketException;

    /**
     * Looks up the host of an address (the reentrant {@code gethostbyaddr_r(3)}); a host name
     * is first resolved to an address.
     *
     * @param ip_address a dotted quad or host name; not null
     * @return the seed's triple {@code (hostname, aliaslist, ipaddrlist)}
     * @throws HostException for an address with no name ({@code HOST_NOT_FOUND})
     */
    HostEntry gethostbyaddr(String ip_address) throws SocketException;

    /**
     * Translates a protocol name to its number (the reentrant {@code getprotobyname_r(3)},
     * reading {@code /etc/protocols}).
     *
     * @param protocolname e.g. {@code "icmp"}; not null
     * @return e.g. 1
     * @throws SocketException {@code "protocol not found"} for an unknown name
     */
    int getprotobyname(String protocolname) throws SocketException;

    /**
     * Translates a service name and protocol name to a port number (the reentrant
     * {@code getservbyname_r(3)}, reading {@code /etc/services}).
     *
     * @param servicename  e.g. {@code "http"}; not null
     * @param protocolname {@code "tcp"} or {@code "udp"}, or null for any
     * @return e.g. 80
     * @throws SocketException {@code "service/proto not found"} for an unknown pair
     */
    int getservbyname(String servicename, String protocolname) throws SocketException;

    /**
     * Translates a port number and protocol name to a service name (the reentrant
     * {@code getservbyport_r(3)}, reading {@code /etc/services}).
     *
     * @param port         the port, 0 to 65535, e.g. 80
     * @param protocolname {@code "tcp"} or {@code "udp"}, or null for any
     * @return e.g. {@code "http"}
     * @throws IllegalArgumentException if port is outside 0 to 65535 (CPython's
     *                                  {@code "getservbyport: port must be 0-65535."}) or
     *                                  protocolname holds a NUL
     * @throws SocketException          {@code "port/proto not found"} for an unknown pair
     * @since 1.4
     */
    String getservbyport(int port, String protocolname) throws SocketException;

    /**
     * As {@code getservbyport(port, null)}: any protocol.
     *
     * @param port the port, 0 to 65535
     * @return the service name
     * @throws SocketException {@code "port/proto not found"} for an unknown port
     * @since 1.4
     */
    default String getservbyport(int port) throws SocketException {
        return getservbyport(port, null);
    }

    // ---- byte order and address text -----------------------------------------------------

    /**
     * Converts a 32-bit unsigned integer from network to host byte order.
     *
     * @param x 0 to 2<sup>32</sup>-1
     * @return the converted value, 0 to 2<sup>32</sup>-1
     * @throws IllegalArgumentException if x does not fit in 32 unsigned bits
     */
    long ntohl(long x);

    /**
     * Converts a 16-bit unsigned integer from network to host byte order.
     *
     * @param x 0 to 65535
     * @return the converted value
     * @throws IllegalArgumentException if x does not fit in 16 unsigned bits
     */
    int ntohs(int x);

    /**
     * Converts a 32-bit unsigned integer from host to network byte order: a 4-byte swap on a
     * little-endian machine, the value unchanged on a big-endian one.
     *
     * @param x 0 to 2<sup>32</sup>-1
     * @return the converted value, 0 to 2<sup>32</sup>-1
     * @throws IllegalArgumentException if x does not fit in 32 unsigned bits
     * @see #ntohl(long)
     */
    long htonl(long x);

    /**
     * Converts a 16-bit unsigned integer from host to network byte order: a 2-byte swap on a
     * little-endian machine, the value unchanged on a big-endian one.
     *
     * @param x 0 to 65535
     * @return the converted value, 0 to 65535
     * @throws IllegalArgumentException if x does not fit in 16 unsigned bits
     * @see #ntohs(int)
     */
    int htons(int x);

    /**
     * Converts a dotted-quad IPv4 address to its 4-byte packed form ({@code struct in_addr}),
     * by the C library's {@code inet_aton(3)}: what is valid is what it accepts (e.g.
     * {@code "127.1"}).
     *
     * @param ip_string e.g. {@code "123.45.67.89"}; not null
     * @return 4 bytes, network order
     * @throws SocketException "illegal IP address string passed to inet_aton" if invalid
     */
    byte[] inet_aton(String ip_string) throws SocketException;

    /**
     * Converts a 4-byte packed IPv4 address to dotted-quad text.
     *
     * @param packed_ip exactly 4 bytes; not null
     * @return e.g. {@code "123.45.67.89"}
     * @throws IllegalArgumentException if packed_ip is not 4 bytes long
     */
    String inet_ntoa(byte[] packed_ip);

    // ---- timeouts ---------------------------------------------------------------------------

    /**
     * Returns the timeout new sockets start with (CPython's {@code socket.getdefaulttimeout}),
     * as {@link #setdefaulttimeout(Double)} last set it on this module;
     * initially None, unless the provider's configuration gives another default.
     *
     * @return the timeout, in seconds, that new sockets (including accepted ones) start with;
     *         null for None (blocking mode), 0.0 for non-blocking mode
     */
    Double getdefaulttimeout();

    /**
     * Sets the timeout new sockets start with (CPython's {@code socket.setdefaulttimeout}),
     * including sockets that {@link SocketType#accept()} returns; sockets that exist keep
     * theirs. The default belongs to this module object: in OSGi each bundle using the service
     * gets its own, so one bundle's default does not change another's.
     *
     * @param seconds null for None (blocking), 0.0 for non-blocking, or a positive timeout
     * @throws IllegalArgumentException if seconds is negative or not a number
     */
    void setdefaulttimeout(Double seconds);

    // ---- names and addresses, CPython 3 ---------------------------------------------------

    /**
     * Translates a host and a port into the addresses to create and connect (or bind) sockets
     * with (POSIX {@code getaddrinfo(3)}, reentrant), as CPython's {@code socket.getaddrinfo}.
     * A host that is an address literal, and a null host, are answered without a lookup;
     * {@code AI_NUMERICHOST} refuses any other host before it reaches a name service.
     *
     * <p>Thread-safe (reentrant C call, per-call memory). A lookup may wait on the network:
     * the calling thread blocks in the C library meanwhile (a virtual thread keeps its carrier).
     *
     * @param host   a host name (sent in IDNA form, as CPython's {@code "idna"} codec), an IPv4
     *               or IPv6 literal (with an optional {@code %zone}), or null (None): the
     *               loopback addresses, or the wildcard addresses with {@code AI_PASSIVE}
     * @param port   a service name ({@code "http"}), a port number as text ({@code "80"}), or
     *               null (None: port 0 in the answers)
     * @param family {@code AF_INET}, {@code AF_INET6}, or 0 ({@code AF_UNSPEC}) for any
     * @param type   a socket type ({@code SOCK_STREAM}...), or 0 for any
     * @param proto  a protocol number ({@code IPPROTO_TCP}...), or 0 for any
     * @param flags  {@code AI_*} flags or-ed together ({@code AI_PASSIVE}, {@code AI_CANONNAME},
     *               {@code AI_NUMERICHOST}, {@code AI_NUMERICSERV}, {@code AI_V4MAPPED},
     *               {@code AI_ALL}, {@code AI_ADDRCONFIG}), or 0
     * @return the answers, in the resolver's order; never empty; a new modifiable list
     * @throws IllegalArgumentException if host or port holds a NUL or an unpaired surrogate,
     *                                  or host is not a valid IDNA name
     * @throws AddressInfoException     with the {@code EAI_*} code: {@code EAI_NONAME} (unknown
     *                                  host, or a name with {@code AI_NUMERICHOST}),
     *                                  {@code EAI_SERVICE}, {@code EAI_FAMILY},
     *                                  {@code EAI_SOCKTYPE}, {@code EAI_BADFLAGS},
     *                                  {@code EAI_ADDRFAMILY}, {@code EAI_AGAIN}, {@code EAI_FAIL},
     *                                  {@code EAI_MEMORY}
     * @throws SocketException          with the errno where the resolver reports
     *                                  {@code EAI_SYSTEM}
     */
    List<AddrInfo> getaddrinfo(String host, String port, int family, int type, int proto, int flags)
            throws SocketException;

    /**
     * As {@code getaddrinfo(host, port, 0, 0, 0, 0)}.
     *
     * @see #getaddrinfo(String, String, int, int, int, int)
     * @param host a host name (sent in IDNA form, as CPython's {@code "idna"} codec), an IPv4 or IPv6 literal (with an optional {@code %zone}), or null (None): the loopback addresses, or the wildcard addresses with {@code AI_PASSIVE}
     * @param port a service name ({@code "http"}), a port number as text ({@code "80"}), or null (None: port 0 in the answers)
     * @return the answers, in the resolver's order; never empty; a new modifiable list
     * @throws IllegalArgumentException as {@link #getaddrinfo(String, String, int, int, int, int)}
     * @throws SocketException an {@link AddressInfoException} with the {@code EAI_*} code
     *                         ({@code EAI_NONAME} for an unknown host, ...), or the errno where
     *                         the resolver reports {@code EAI_SYSTEM}
     */
    default List<AddrInfo> getaddrinfo(String host, String port) throws SocketException {
        return getaddrinfo(host, port, 0, 0, 0, 0);
    }

    /**
     * As {@code getaddrinfo(host, port, family, 0, 0, 0)}.
     *
     * @see #getaddrinfo(String, String, int, int, int, int)
     * @param host a host name (sent in IDNA form, as CPython's {@code "idna"} codec), an IPv4 or IPv6 literal (with an optional {@code %zone}), or null (None): the loopback addresses, or the wildcard addresses with {@code AI_PASSIVE}
     * @param port a service name ({@code "http"}), a port number as text ({@code "80"}), or null (None: port 0 in the answers)
     * @param family {@code AF_INET}, {@code AF_INET6}, or 0 ({@code AF_UNSPEC}) for any
     * @return the answers, in the resolver's order; never empty; a new modifiable list
     * @throws IllegalArgumentException as {@link #getaddrinfo(String, String, int, int, int, int)}
     * @throws SocketException an {@link AddressInfoException} with the {@code EAI_*} code
     *                         ({@code EAI_NONAME} for an unknown host, ...), or the errno where
     *                         the resolver reports {@code EAI_SYSTEM}
     */
    default List<AddrInfo> getaddrinfo(String host, String port, int family) throws SocketException {
        return getaddrinfo(host, port, family, 0, 0, 0);
    }

    /**
     * As {@code getaddrinfo(host, port, family, type, 0, 0)}.
     *
     * @see #getaddrinfo(String, String, int, int, int, int)
     * @param host a host name (sent in IDNA form, as CPython's {@code "idna"} codec), an IPv4 or IPv6 literal (with an optional {@code %zone}), or null (None): the loopback addresses, or the wildcard addresses with {@code AI_PASSIVE}
     * @param port a service name ({@code "http"}), a port number as text ({@code "80"}), or null (None: port 0 in the answers)
     * @param family {@code AF_INET}, {@code AF_INET6}, or 0 ({@code AF_UNSPEC}) for any
     * @param type a socket type ({@code SOCK_STREAM}...), or 0 for any
     * @return the answers, in the resolver's order; never empty; a new modifiable list
     * @throws IllegalArgumentException as {@link #getaddrinfo(String, String, int, int, int, int)}
     * @throws SocketException an {@link AddressInfoException} with the {@code EAI_*} code
     *                         ({@code EAI_NONAME} for an unknown host, ...), or the errno where
     *                         the resolver reports {@code EAI_SYSTEM}
     */
    default List<AddrInfo> getaddrinfo(String host, String port, int family, int type) throws SocketException {
        return getaddrinfo(host, port, family, type, 0, 0);
    }

    /**
     * As {@code getaddrinfo(host, port, family, type, proto, 0)}.
     *
     * @see #getaddrinfo(String, String, int, int, int, int)
     * @param host a host name (sent in IDNA form, as CPython's {@code "idna"} codec), an IPv4 or IPv6 literal (with an optional {@code %zone}), or null (None): the loopback addresses, or the wildcard addresses with {@code AI_PASSIVE}
     * @param port a service name ({@code "http"}), a port number as text ({@code "80"}), or null (None: port 0 in the answers)
     * @param family {@code AF_INET}, {@code AF_INET6}, or 0 ({@code AF_UNSPEC}) for any
     * @param type a socket type ({@code SOCK_STREAM}...), or 0 for any
     * @param proto a protocol number ({@code IPPROTO_TCP}...), or 0 for any
     * @return the answers, in the resolver's order; never empty; a new modifiable list
     * @throws IllegalArgumentException as {@link #getaddrinfo(String, String, int, int, int, int)}
     * @throws SocketException an {@link AddressInfoException} with the {@code EAI_*} code
     *                         ({@code EAI_NONAME} for an unknown host, ...), or the errno where
     *                         the resolver reports {@code EAI_SYSTEM}
     */
    default List<AddrInfo> getaddrinfo(String host, String port, int family, int type, int proto)
            throws SocketException {
        return getaddrinfo(host, port, family, type, proto, 0);
    }

    /**
     * {@code getaddrinfo} with a port number, as CPython's with an {@code int} port: the number
     * is passed as its decimal text.
     *
     * @param port 0 to 65535 (CPython leaves other numbers to the C library, which may wrap
     * them silently: glibc takes 70000 as 4464)
     * @see #getaddrinfo(String, String, int, int, int, int)
     * @param host a host name (sent in IDNA form, as CPython's {@code "idna"} codec), an IPv4 or IPv6 literal (with an optional {@code %zone}), or null (None): the loopback addresses, or the wildcard addresses with {@code AI_PASSIVE}
     * @param family {@code AF_INET}, {@code AF_INET6}, or 0 ({@code AF_UNSPEC}) for any
     * @param type a socket type ({@code SOCK_STREAM}...), or 0 for any
     * @param proto a protocol number ({@code IPPROTO_TCP}...), or 0 for any
     * @param flags {@code AI_*} flags or-ed together ({@code AI_PASSIVE}, {@code AI_CANONNAME}, {@code AI_NUMERICHOST}, {@code AI_NUMERICSERV}, {@code AI_V4MAPPED}, {@code AI_ALL}, {@code AI_ADDRCONFIG}), or 0
     * @return the answers, in the resolver's order; never empty; a new modifiable list
     * @throws IllegalArgumentException if port is outside 0 to 65535, or as
     *                                  {@link #getaddrinfo(String, String, int, int, int, int)}
     * @throws SocketException an {@link AddressInfoException} with the {@code EAI_*} code
     *                         ({@code EAI_NONAME} for an unknown host, ...), or the errno where
     *                         the resolver reports {@code EAI_SYSTEM}
     */
    default List<AddrInfo> getaddrinfo(String host, int port, int family, int type, int proto, int flags)
            throws SocketException {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
        return getaddrinfo(host, Integer.toString(port), family, type, proto, flags);
    }

    /**
     * As {@code getaddrinfo(host, port, 0, 0, 0, 0)}.
     *
     * @see #getaddrinfo(String, int, int, int, int, int)
     * @param host a host name (sent in IDNA form, as CPython's {@code "idna"} codec), an IPv4 or IPv6 literal (with an optional {@code %zone}), or null (None): the loopback addresses, or the wildcard addresses with {@code AI_PASSIVE}
     * @param port the port number, 0 to 65535
     * @return the answers, in the resolver's order; never empty; a new modifiable list
     * @throws IllegalArgumentException if port is outside 0 to 65535, or as
     *                                  {@link #getaddrinfo(String, String, int, int, int, int)}
     * @throws SocketException an {@link AddressInfoException} with the {@code EAI_*} code
     *                         ({@code EAI_NONAME} for an unknown host, ...), or the errno where
     *                         the resolver reports {@code EAI_SYSTEM}
     */
    default List<AddrInfo> getaddrinfo(String host, int port) throws SocketException {
        return getaddrinfo(host, port, 0, 0, 0, 0);
    }

    /**
     * As {@code getaddrinfo(host, port, family, type, 0, 0)}.
     *
     * @see #getaddrinfo(String, int, int, int, int, int)
     * @param host a host name (sent in IDNA form, as CPython's {@code "idna"} codec), an IPv4 or IPv6 literal (with an optional {@code %zone}), or null (None): the loopback addresses, or the wildcard addresses with {@code AI_PASSIVE}
     * @param port the port number, 0 to 65535
     * @param family {@code AF_INET}, {@code AF_INET6}, or 0 ({@code AF_UNSPEC}) for any
     * @param type a socket type ({@code SOCK_STREAM}...), or 0 for any
     * @return the answers, in the resolver's order; never empty; a new modifiable list
     * @throws IllegalArgumentException if port is outside 0 to 65535, or as
     *                                  {@link #getaddrinfo(String, String, int, int, int, int)}
     * @throws SocketException an {@link AddressInfoException} with the {@code EAI_*} code
     *                         ({@code EAI_NONAME} for an unknown host, ...), or the errno where
     *                         the resolver reports {@code EAI_SYSTEM}
     */
    default List<AddrInfo> getaddrinfo(String host, int port, int family, int type) throws SocketException {
        return getaddrinfo(host, port, family, type, 0, 0);
    }

    /**
     * Translates a socket address into a host and a port or service name (POSIX
     * {@code getnameinfo(3)}), as CPython's {@code socket.getnameinfo}: the host must be a
     * numeric address (it is parsed with {@code AI_NUMERICHOST}, never looked up); the
     * answer's host is a name unless {@code NI_NUMERICHOST} asks for the number. An
     * {@link InetAddr} may hold an IPv6 literal (CPython's 2-tuple form); an
     * {@link Inet6Addr}'s flowinfo and scope_id go into the {@code sockaddr_in6}.
     *
     * <p>Thread-safe. Finding a host name may wait on the network, blocking the calling thread
     * in the C library (use {@code NI_NUMERICHOST} to avoid the lookup).
     *
     * @param sockaddr an {@link InetAddr} or {@link Inet6Addr} with a numeric host; not null
     * @param flags    {@code NI_*} flags or-ed together ({@code NI_NUMERICHOST},
     *                 {@code NI_NUMERICSERV}, {@code NI_NAMEREQD}, {@code NI_NOFQDN},
     *                 {@code NI_DGRAM}), or 0
     * @return {@code (host, port)}
     * @throws IllegalArgumentException if sockaddr is a {@link UnixAddr} or its host holds a NUL
     * @throws AddressInfoException     {@code EAI_NONAME} for a host that is not numeric, or for
     *                                  an address without a name under {@code NI_NAMEREQD};
     *                                  {@code EAI_AGAIN}, {@code EAI_FAIL}, {@code EAI_FAMILY},
     *                                  {@code EAI_OVERFLOW}, {@code EAI_MEMORY}
     * @throws SocketException          errno 0 for "sockaddr resolved to multiple addresses",
     *                                  or for an IPv4 host in an {@link Inet6Addr} (CPython:
     *                                  "IPv4 sockaddr must be 2 tuple"); the errno of
     *                                  {@code EAI_SYSTEM}
     */
    NameInfo getnameinfo(SockAddr sockaddr, int flags) throws SocketException;

    /**
     * Converts an IPv4 or IPv6 address from text to its packed binary form (POSIX
     * {@code inet_pton(3)}): 4 bytes ({@code struct in_addr}) or 16 ({@code struct in6_addr}),
     * network order. Stricter than {@link #inet_aton(String)}: only a full dotted quad is an
     * IPv4 address.
     *
     * @param address_family {@code AF_INET} or {@code AF_INET6}
     * @param ip_string      e.g. {@code "127.0.0.1"}, {@code "::1"}; not null
     * @return 4 or 16 bytes
     * @throws IllegalArgumentException if ip_string holds a NUL
     * @throws SocketException          errno 0, "illegal IP address string passed to
     *                                  inet_pton", if the text is not an address of the
     *                                  family; {@code EAFNOSUPPORT} for another family
     */
    byte[] inet_pton(int address_family, String ip_string) throws SocketException;

    /**
     * Converts a packed IPv4 or IPv6 address to text (POSIX {@code inet_ntop(3)}): a dotted
     * quad, or the IPv6 form the C library writes (lower case, the longest run of zero groups
     * as {@code ::}, an IPv4-mapped address as {@code ::ffff:1.2.3.4}).
     *
     * @param address_family {@code AF_INET} or {@code AF_INET6}
     * @param packed_ip      4 bytes for {@code AF_INET}, 16 for {@code AF_INET6}; not null
     * @return e.g. {@code "::1"}
     * @throws IllegalArgumentException if packed_ip has the wrong length, or for another
     *                                  family (CPython raises {@code ValueError} for both)
     */
    String inet_ntop(int address_family, byte[] packed_ip);

    /**
     * Lists the network interfaces (POSIX {@code if_nameindex(3)}).
     *
     * @return {@code (index, name)} of each interface, in the system's order; a new list
     * @throws SocketException with the errno of the call ({@code ENOBUFS}, {@code EMFILE}, ...)
     */
    List<NameIndex> if_nameindex() throws SocketException;

    /**
     * Returns the index of a network interface (POSIX {@code if_nametoindex(3)}).
     *
     * @param if_name e.g. {@code "lo"}; not null
     * @return its index, 1 to 2<sup>32</sup>-1
     * @throws IllegalArgumentException if if_name holds a NUL
     * @throws SocketException          errno 0, "no interface with this name", for an unknown
     *                                  name (the call does not set errno)
     */
    long if_nametoindex(String if_name) throws SocketException;

    /**
     * Returns the name of a network interface (POSIX {@code if_indextoname(3)}).
     *
     * @param if_index an interface index, 0 to 2<sup>32</sup>-1
     * @return e.g. {@code "lo"}
     * @throws IllegalArgumentException if if_index does not fit in 32 unsigned bits (CPython's
     *                                  {@code OverflowError})
     * @throws SocketException          {@code ENXIO} for an index no interface has (0, for one)
     */
    String if_indextoname(long if_index) throws SocketException;

    /**
     * As {@code getfqdn("")}: the fully qualified name of this machine.
     *
     * @see #getfqdn(String)
     * @return a name; never null
     * @throws SocketException only if {@link #gethostname()} fails
     */
    default String getfqdn() throws SocketException {
        return getfqdn("");
    }

    /**
     * Returns a fully qualified domain name for {@code name}, by CPython's algorithm
     * ({@code socket.getfqdn}): an empty name, {@code "0.0.0.0"} or {@code "::"} stands for
     * {@link #gethostname()}; then of the name and aliases that {@link #gethostbyaddr(String)}
     * gives, the first containing a dot is returned, else its primary name. If that lookup
     * fails, the name is returned as given (stripped of surrounding white space).
     * Thread-safe; the lookups may block the calling thread as {@code gethostbyaddr} does.
     *
     * @param name a host name or address, or {@code ""}; not null
     * @return a name; never null
     * @throws IllegalArgumentException as {@link #gethostbyaddr(String)} for an invalid name
     * @throws SocketException          only if {@link #gethostname()} fails
     */
    String getfqdn(String name) throws SocketException;

    /**
     * Connects to a TCP service, trying each address {@code getaddrinfo} gives for the host,
     * in order, until one accepts (CPython 3.11's {@code socket.create_connection}), with the
     * module's default timeout.
     *
     * @see #create_connection(SockAddr, Double, SockAddr, boolean)
     * @param address CPython's {@code (host, port)}: an {@link InetAddr} or {@link Inet6Addr} whose host and port are looked up (any form {@code getaddrinfo} takes: name, IPv4 or IPv6 literal); an Inet6Addr's flowinfo and scope_id are not used; not null
     * @return the connected socket, owned by the caller
     * @throws IllegalArgumentException if address is a {@link UnixAddr}
     * @throws SocketException          as {@link #create_connection(SockAddr, Double, SockAddr, boolean)}
     *                                  without all_errors: the lookup's {@link AddressInfoException},
     *                                  or the last attempt's error ({@link ConnectionRefusedException},
     *                                  {@link SocketTimeoutException}, ...)
     */
    default SocketType create_connection(SockAddr address) throws SocketException {
        return create_connection(address, getdefaulttimeout(), null, false);
    }

    /**
     * As {@code create_connection(address, timeout, null, false)}.
     *
     * @see #create_connection(SockAddr, Double, SockAddr, boolean)
     * @param address CPython's {@code (host, port)}: an {@link InetAddr} or {@link Inet6Addr} whose host and port are looked up (any form {@code getaddrinfo} takes: name, IPv4 or IPv6 literal); an Inet6Addr's flowinfo and scope_id are not used; not null
     * @param timeout the new socket's timeout in seconds ({@link SocketType#settimeout}), null for None (blocking); it bounds each connect attempt. The overloads without it use {@link #getdefaulttimeout()}
     * @return the connected socket, owned by the caller
     * @throws IllegalArgumentException if address is a {@link UnixAddr}, or timeout is negative or
     *                                  not a number
     * @throws SocketException          as {@link #create_connection(SockAddr, Double, SockAddr, boolean)}
     *                                  without all_errors: the lookup's {@link AddressInfoException},
     *                                  or the last attempt's error ({@link ConnectionRefusedException},
     *                                  {@link SocketTimeoutException}, ...)
     */
    default SocketType create_connection(SockAddr address, Double timeout) throws SocketException {
        return create_connection(address, timeout, null, false);
    }

    /**
     * As {@code create_connection(address, timeout, source_address, false)}.
     *
     * @see #create_connection(SockAddr, Double, SockAddr, boolean)
     * @param address CPython's {@code (host, port)}: an {@link InetAddr} or {@link Inet6Addr} whose host and port are looked up (any form {@code getaddrinfo} takes: name, IPv4 or IPv6 literal); an Inet6Addr's flowinfo and scope_id are not used; not null
     * @param timeout the new socket's timeout in seconds ({@link SocketType#settimeout}), null for None (blocking); it bounds each connect attempt. The overloads without it use {@link #getdefaulttimeout()}
     * @param source_address the local address to bind before connecting, or null for none; an {@link InetAddr} is taken as CPython's 2-tuple, so it also serves {@code AF_INET6} attempts
     * @return the connected socket, owned by the caller
     * @throws IllegalArgumentException if address is a {@link UnixAddr}, timeout is negative or
     *                                  not a number, or source_address does not fit
     * @throws SocketException          as {@link #create_connection(SockAddr, Double, SockAddr, boolean)}
     *                                  without all_errors: the lookup's {@link AddressInfoException},
     *                                  or the last attempt's error ({@link ConnectionRefusedException},
     *                                  {@link SocketTimeoutException}, ...)
     */
    default SocketType create_connection(SockAddr address, Double timeout, SockAddr source_address)
            throws SocketException {
        return create_connection(address, timeout, source_address, false);
    }

    /**
     * Connects to a TCP service (CPython 3.11's {@code socket.create_connection}): for each
     * answer of {@code getaddrinfo(host, port, 0, SOCK_STREAM)}, in order, creates a socket,
     * sets its timeout, binds it to {@code source_address} if given, and connects; returns the
     * first socket that connects, closing the others. Thread-safe; the lookup blocks as
     * {@link #getaddrinfo(String, String, int, int, int, int)} does, the connects as
     * {@link SocketType#connect(SockAddr)} does (a virtual thread parks).
     *
     * @param address        CPython's {@code (host, port)}: an {@link InetAddr} or
     *                       {@link Inet6Addr} whose host and port are looked up (any form
     *                       {@code getaddrinfo} takes: name, IPv4 or IPv6 literal); an
     *                       Inet6Addr's flowinfo and scope_id are not used; not null
     * @param timeout        the new socket's timeout in seconds ({@link SocketType#settimeout}),
     *                       null for None (blocking); it bounds each connect attempt. The
     *                       overloads without it use {@link #getdefaulttimeout()}
     * @param source_address the local address to bind before connecting, or null for none; an
     *                       {@link InetAddr} is taken as CPython's 2-tuple, so it also serves
     *                       {@code AF_INET6} attempts
     * @param all_errors     false: a failure raises the last attempt's error; true: it raises
     *                       an {@link AggregateSocketException} holding every attempt's error
     *                       (CPython's {@code ExceptionGroup})
     * @return the connected socket, owned by the caller
     * @throws IllegalArgumentException   if address is a {@link UnixAddr}, timeout is negative
     *                                    or not a number, or source_address does not fit
     * @throws AddressInfoException       if the lookup fails ({@code EAI_NONAME}...)
     * @throws ConnectionRefusedException and the other {@link SocketException}s of
     *                                    {@code socket}, {@code bind} and {@code connect}: the
     *                                    last attempt's, unless all_errors
     * @throws SocketTimeoutException     if the last attempt timed out
     * @throws AggregateSocketException   with all_errors, if every attempt failed
     */
    SocketType create_connection(SockAddr address, Double timeout, SockAddr source_address, boolean all_errors)
            throws SocketException;

    /**
     * Creates a TCP server socket bound to {@code address} and listening, of the address's
     * family ({@code AF_INET} for an {@link InetAddr}, {@code AF_INET6} for an
     * {@link Inet6Addr}, {@code AF_UNIX} for a {@link UnixAddr}; the other records' families, a
     * {@link RawAddr}'s own).
     *
     * @see #create_server(SockAddr, int, Integer, boolean, boolean)
     * @param address the address to bind, of the family's type; not null
     * @return the listening socket, owned by the caller
     * @throws SocketException from {@code socket}, {@code setsockopt}, {@code listen}; a failed {@code bind} raises its errno with the text {@code "<strerror> (while attempting to bind on address <address>)"}, as CPython ({@code EADDRINUSE}...)
     */
    default SocketType create_server(SockAddr address) throws SocketException {
        int family = switch (address) {
            case InetAddr a -> SocketConstants.AF_INET;
            case Inet6Addr a -> SocketConstants.AF_INET6;
            case UnixAddr a -> SocketConstants.AF_UNIX;
            case NetlinkAddr a -> SocketConstants.AF_NETLINK;
            case PacketAddr a -> SocketConstants.AF_PACKET;
            case VsockAddr a -> SocketConstants.AF_VSOCK;
            case RawAddr a -> a.family();
        };
        return create_server(address, family, null, false, false);
    }

    /**
     * As {@code create_server(address, family, null, false, false)}.
     *
     * @see #create_server(SockAddr, int, Integer, boolean, boolean)
     * @param address the address to bind, of the family's type; not null
     * @param family {@code AF_INET}, {@code AF_INET6} or {@code AF_UNIX}
     * @return the listening socket, owned by the caller
     * @throws SocketException from {@code socket}, {@code setsockopt}, {@code listen}; a failed {@code bind} raises its errno with the text {@code "<strerror> (while attempting to bind on address <address>)"}, as CPython ({@code EADDRINUSE}...)
     */
    default SocketType create_server(SockAddr address, int family) throws SocketException {
        return create_server(address, family, null, false, false);
    }

    /**
     * Creates a TCP server socket (CPython 3.11's {@code socket.create_server}): a
     * {@code SOCK_STREAM} socket of {@code family} with {@code SO_REUSEADDR} set (as on every
     * POSIX system), {@code SO_REUSEPORT} if asked, for {@code AF_INET6}
     * {@code IPV6_V6ONLY} 0 if dualstack_ipv6 else 1; bound to {@code address}; listening.
     * Arguments are checked before any socket is made (bar the dual-stack probe).
     *
     * @param address        the address to bind, of the family's type; not null
     * @param family         {@code AF_INET}, {@code AF_INET6} or {@code AF_UNIX}
     * @param backlog        the {@code listen} backlog, or null for CPython's default,
     *                       {@code min(SOMAXCONN, 128)}
     * @param reuse_port     sets {@code SO_REUSEPORT}: several sockets may bind the same port
     * @param dualstack_ipv6 an {@code AF_INET6} socket that also accepts IPv4 connections (their
     *                       peers appear as {@code ::ffff:a.b.c.d})
     * @return the listening socket, owned by the caller
     * @throws IllegalArgumentException if dualstack_ipv6 is asked without {@code AF_INET6} or
     *                                  where {@link #has_dualstack_ipv6()} is false, or
     *                                  reuse_port where the platform has no
     *                                  {@code SO_REUSEPORT}; if address does not fit family
     * @throws SocketException          from {@code socket}, {@code setsockopt}, {@code listen};
     *                                  a failed {@code bind} raises its errno with the text
     *                                  {@code "<strerror> (while attempting to bind on address
     *                                  <address>)"}, as CPython ({@code EADDRINUSE}...)
     */
    SocketType create_server(SockAddr address, int family, Integer backlog, boolean reuse_port,
            boolean dualstack_ipv6) throws SocketException;

    /**
     * Tells whether this platform can make a {@code SOCK_STREAM} socket that serves IPv4 and
     * IPv6 at once (CPython's {@code socket.has_dualstack_ipv6}): an {@code AF_INET6} socket
     * accepts {@code IPV6_V6ONLY} 0. Creates and closes a socket to find out.
     *
     * @return true if it can; false if the socket or the option fails
     */
    boolean has_dualstack_ipv6();

    // ---- CPython 3: descriptors -------------------------------------------------------------

    /**
     * Creates a connected pair, as {@code socketpair(AF_UNIX, SOCK_STREAM, 0)} (CPython's defaults).
     *
     * @since 1.1
     * @return the two ends, owned by the caller
     * @throws SocketException {@code EAFNOSUPPORT}, {@code EOPNOTSUPP}, {@code EPROTONOSUPPORT}, {@code EMFILE}, {@code ENFILE}
     */
    default SocketPair socketpair() throws SocketException {
        return socketpair(SocketConstants.AF_UNIX, SocketConstants.SOCK_STREAM, 0);
    }

    /**
     * Creates a connected pair, as {@code socketpair(family, SOCK_STREAM, 0)}.
     *
     * @since 1.1
     * @param family {@code AF_UNIX}
     * @return the two ends, owned by the caller
     * @throws SocketException {@code EAFNOSUPPORT}, {@code EOPNOTSUPP}, {@code EPROTONOSUPPORT}, {@code EMFILE}, {@code ENFILE}
     */
    default SocketPair socketpair(int family) throws SocketException {
        return socketpair(family, SocketConstants.SOCK_STREAM, 0);
    }

    /**
     * Creates a connected pair, as {@code socketpair(family, type, 0)}.
     *
     * @since 1.1
     * @param family {@code AF_UNIX}
     * @param type a socket type
     * @return the two ends, owned by the caller
     * @throws SocketException {@code EAFNOSUPPORT}, {@code EOPNOTSUPP}, {@code EPROTONOSUPPORT}, {@code EMFILE}, {@code ENFILE}
     */
    default SocketPair socketpair(int family, int type) throws SocketException {
        return socketpair(family, type, 0);
    }

    /**
     * Creates a pair of connected, unnamed sockets (POSIX {@code socketpair(2)}, CPython's
     * {@code socketpair([family[, type[, proto]]])}). Linux supports it for {@code AF_UNIX}
     * only, with {@code SOCK_STREAM}, {@code SOCK_DGRAM} or {@code SOCK_SEQPACKET}. Both start
     * with {@link #getdefaulttimeout()}; their descriptors are close-on-exec;
     * {@code SOCK_NONBLOCK} and {@code SOCK_CLOEXEC} may be or-ed into {@code type} and are
     * never reported back by {@link SocketType#type()}.
     *
     * @param family {@code AF_UNIX}
     * @param type   a socket type
     * @param proto  a protocol number, usually 0
     * @return the two ends, owned by the caller
     * @throws SocketException {@code EAFNOSUPPORT}, {@code EOPNOTSUPP}, {@code EPROTONOSUPPORT},
     *                         {@code EMFILE}, {@code ENFILE}
     * @since 1.1
     */
    SocketPair socketpair(int family, int type, int proto) throws SocketException;

    /**
     * Builds a socket object that takes over an existing socket descriptor, without a
     * duplicate (CPython's {@code socket(family, type, proto, fileno)}): the socket now owns
     * {@code fileno} and closes it. Use it for a descriptor from {@link SocketType#detach()},
     * {@link SocketType#recv_fds}, or one inherited from a parent process.
     *
     * <p>{@code family}, {@code type} and {@code proto} given as -1 are read from the
     * descriptor ({@code getsockopt} with {@code SO_DOMAIN}, {@code SO_TYPE},
     * {@code SO_PROTOCOL}); in every case the descriptor is checked to be a socket first. The
     * provider sets {@code O_NONBLOCK} on it, a flag of the open file that every process
     * sharing it sees (CPython's {@code settimeout} does the same). The socket starts with
     * {@link #getdefaulttimeout()}, or non-blocking if {@code type} holds {@code SOCK_NONBLOCK}.
     * If the call fails, the caller still owns the descriptor, with one exception: if the
     * provider stops during the call, it closes the descriptor with its other sockets.
     *
     * <p>Thread safety: any thread; the caller must not use or close {@code fileno} itself
     * afterwards.
     *
     * @param family an address family, or -1 to read it from the descriptor
     * @param type   a socket type, or -1 to read it from the descriptor
     * @param proto  a protocol number, or -1 to read it from the descriptor
     * @param fileno an open socket descriptor, now owned by the socket
     * @return the socket, owned by the caller
     * @throws IllegalArgumentException for a negative descriptor, or one that an open socket
     *                                  of this provider already owns (detach it first, or use
     *                                  {@link #fromfd(int, int, int, int)} for a duplicate)
     * @throws SocketException          {@code EBADF} (not open), {@code ENOTSOCK} (not a socket)
     * @since 1.1
     */
    SocketType socket(int family, int type, int proto, int fileno) throws SocketException;

    /**
     * Closes a socket descriptor (CPython 3.7's {@code socket.close(fd)}, POSIX {@code close(2)}),
     * e.g. one returned by {@link SocketType#detach()} or received with
     * {@link SocketType#recv_fds}. As in CPython, {@code ECONNRESET} is ignored, and
     * {@code EINTR} too (Linux has closed the descriptor anyway). Unlike CPython, a descriptor
     * that an open socket of this provider owns is refused, since closing it under the socket
     * would let its calls reach whatever file next gets the number: close the socket instead.
     *
     * @param fd an open descriptor, owned by the caller
     * @throws IllegalArgumentException for a negative descriptor or one an open socket owns
     * @throws SocketException          {@code EBADF} if fd is not open, {@code EIO}
     * @since 1.1
     */
    void close(int fd) throws SocketException;

    /**
     * Returns the total length, without trailing padding, of a control message with
     * {@code length} bytes of data (C's {@code CMSG_LEN}): a {@code recvmsg} ancillary buffer
     * of this size holds exactly one such item (e.g. {@code CMSG_LEN(n * 4)} for {@code n}
     * descriptors).
     *
     * @param length the data length, 0 to 2<sup>31</sup>-1 minus the header length
     * @return the length, e.g. 20 for 4 bytes on 64-bit Linux
     * @throws IllegalArgumentException if length is out of range (CPython's {@code OverflowError})
     * @since 1.1
     */
    int CMSG_LEN(int length);

    /**
     * Returns the buffer size needed for a control message with {@code length} bytes of data,
     * trailing padding included (C's {@code CMSG_SPACE}); the sizes of several items add up.
     *
     * @param length the data length, 0 to 2<sup>31</sup>-1 minus {@code CMSG_SPACE(1)}
     * @return the size, e.g. 24 for 4 bytes on 64-bit Linux
     * @throws IllegalArgumentException if length is out of range (CPython's {@code OverflowError})
     * @since 1.1
     */
    int CMSG_SPACE(int length);

    /**
     * Sends descriptors with a message (CPython's module function
     * {@code socket.send_fds(sock, buffers, fds)}); the same as
     * {@link SocketType#send_fds(List, int[])} on {@code sock}.
     *
     * @param sock    an {@code AF_UNIX} socket, connected; not null
     * @param buffers the data, sent in order; not null; at least one byte on a stream
     * @param fds     open descriptors to pass; the sender keeps them; at most 253 (Linux's
     *                {@code SCM_MAX_FD})
     * @return how many bytes of data were sent
     * @throws SocketException as {@link SocketType#sendmsg(List, List, int, SockAddr)}
     * @since 1.1
     */
    default int send_fds(SocketType sock, List<byte[]> buffers, int[] fds) throws SocketException {
        return sock.send_fds(buffers, fds);
    }

    /**
     * Sends descriptors with a message (CPython's module function
     * {@code socket.send_fds(sock, buffers, fds, flags, address)}); the same as
     * {@link SocketType#send_fds(List, int[], int, SockAddr)} on {@code sock}.
     *
     * @param sock    an {@code AF_UNIX} socket; not null
     * @param buffers the data, sent in order; not null; at least one byte on a stream
     * @param fds     open descriptors to pass; the sender keeps them; at most 253 (Linux's
     *                {@code SCM_MAX_FD})
     * @param flags   {@code MSG_*} flags, or 0
     * @param address the destination for an unconnected socket, or null
     * @return how many bytes of data were sent
     * @throws SocketException as {@link SocketType#sendmsg(List, List, int, SockAddr)}
     * @since 1.1
     */
    default int send_fds(SocketType sock, List<byte[]> buffers, int[] fds, int flags, SockAddr address)
            throws SocketException {
        return sock.send_fds(buffers, fds, flags, address);
    }

    /**
     * Receives a message and descriptors (CPython's module function
     * {@code socket.recv_fds(sock, bufsize, maxfds)}); the same as
     * {@link SocketType#recv_fds(int, int)} on {@code sock}.
     *
     * @param sock    an {@code AF_UNIX} socket; not null
     * @param bufsize the most bytes of data to receive, at least 0
     * @param maxfds  the most descriptors to receive, at least 0
     * @return {@code (data, fds, msg_flags, address)}; the caller owns the descriptors
     * @throws SocketException as {@link SocketType#recvmsg(int, int, int)}
     * @since 1.1
     */
    default ReceivedFds recv_fds(SocketType sock, int bufsize, int maxfds) throws SocketException {
        return sock.recv_fds(bufsize, maxfds);
    }

    /**
     * Receives a message and descriptors (CPython's module function
     * {@code socket.recv_fds(sock, bufsize, maxfds, flags)}); the same as
     * {@link SocketType#recv_fds(int, int, int)} on {@code sock}.
     *
     * @param sock    an {@code AF_UNIX} socket; not null
     * @param bufsize the most bytes of data to receive, at least 0
     * @param maxfds  the most descriptors to receive, at least 0
     * @param flags   {@code MSG_*} flags, as for {@link SocketType#recvmsg(int, int, int)}
     * @return {@code (data, fds, msg_flags, address)}; the caller owns the descriptors
     * @throws SocketException as {@link SocketType#recvmsg(int, int, int)}
     * @since 1.1
     */
    default ReceivedFds recv_fds(SocketType sock, int bufsize, int maxfds, int flags) throws SocketException {
        return sock.recv_fds(bufsize, maxfds, flags);
    }
}
