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
 * <p>Sockets belong to the provider that made them: when a provider goes away (its bundle
 * stops), every socket it made is closed and every call blocked on one fails.
 */
@ProviderType
public interface SocketModule {

    /**
     * Creates a socket, as {@code socket(family, type, 0)}.
     *
     * @see #socket(int, int, int)
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
     * @param family an address family, {@code AF_INET} or {@code AF_UNIX} ({@link SocketConstants})
     * @param type   a socket type, {@code SOCK_STREAM}, {@code SOCK_DGRAM} or another {@code SOCK_*}
     * @param proto  a protocol number, usually 0 (the default for family and type)
     * @return the new socket, owned by the caller, who must close it
     * @throws SocketException with {@code EAFNOSUPPORT}, {@code EINVAL}, {@code EPROTONOSUPPORT},
     *                         {@code EACCES}/{@code EPERM} (e.g. {@code SOCK_RAW} without
     *                         privilege), {@code EMFILE}, {@code ENFILE}, {@code ENOBUFS},
     *                         {@code ENOMEM}
     */
    SocketType socket(int family, int type, int proto) throws SocketException;

    /** Builds a socket from a descriptor, as {@code fromfd(fd, family, type, 0)}. @see #fromfd(int, int, int, int) */
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
     * @return the name of the machine this runs on ({@code gethostname(2)}); not always fully qualified
     * @throws SocketException if the system call fails
     */
    String gethostname() throws SocketException;

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

    /** Converts a 32-bit unsigned integer from host to network byte order. @see #ntohl(long) */
    long htonl(long x);

    /** Converts a 16-bit unsigned integer from host to network byte order. @see #ntohs(int) */
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
     * @return the timeout, in seconds, that new sockets (including accepted ones) start with;
     *         null for None (blocking mode)
     */
    Double getdefaulttimeout();

    /**
     * Sets the timeout new sockets start with (CPython's {@code socket.setdefaulttimeout}).
     *
     * @param seconds null for None (blocking), 0.0 for non-blocking, or a positive timeout
     * @throws IllegalArgumentException if seconds is negative or not a number
     */
    void setdefaulttimeout(Double seconds);

    // ---- CPython 3: descriptors -------------------------------------------------------------

    /** Creates a connected pair, as {@code socketpair(AF_UNIX, SOCK_STREAM, 0)} (CPython's defaults). */
    default SocketPair socketpair() throws SocketException {
        return socketpair(SocketConstants.AF_UNIX, SocketConstants.SOCK_STREAM, 0);
    }

    /** Creates a connected pair, as {@code socketpair(family, SOCK_STREAM, 0)}. */
    default SocketPair socketpair(int family) throws SocketException {
        return socketpair(family, SocketConstants.SOCK_STREAM, 0);
    }

    /** Creates a connected pair, as {@code socketpair(family, type, 0)}. */
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
     */
    int CMSG_LEN(int length);

    /**
     * Returns the buffer size needed for a control message with {@code length} bytes of data,
     * trailing padding included (C's {@code CMSG_SPACE}); the sizes of several items add up.
     *
     * @param length the data length, 0 to 2<sup>31</sup>-1 minus {@code CMSG_SPACE(1)}
     * @return the size, e.g. 24 for 4 bytes on 64-bit Linux
     * @throws IllegalArgumentException if length is out of range (CPython's {@code OverflowError})
     */
    int CMSG_SPACE(int length);

    /**
     * CPython's module function {@code send_fds(sock, buffers, fds)}; the same as
     * {@link SocketType#send_fds(List, int[])} on {@code sock}.
     */
    default int send_fds(SocketType sock, List<byte[]> buffers, int[] fds) throws SocketException {
        return sock.send_fds(buffers, fds);
    }

    /**
     * CPython's module function {@code send_fds(sock, buffers, fds, flags, address)}; the same
     * as {@link SocketType#send_fds(List, int[], int, SockAddr)} on {@code sock}.
     */
    default int send_fds(SocketType sock, List<byte[]> buffers, int[] fds, int flags, SockAddr address)
            throws SocketException {
        return sock.send_fds(buffers, fds, flags, address);
    }

    /**
     * CPython's module function {@code recv_fds(sock, bufsize, maxfds)}; the same as
     * {@link SocketType#recv_fds(int, int)} on {@code sock}.
     */
    default ReceivedFds recv_fds(SocketType sock, int bufsize, int maxfds) throws SocketException {
        return sock.recv_fds(bufsize, maxfds);
    }

    /**
     * CPython's module function {@code recv_fds(sock, bufsize, maxfds, flags)}; the same as
     * {@link SocketType#recv_fds(int, int, int)} on {@code sock}.
     */
    default ReceivedFds recv_fds(SocketType sock, int bufsize, int maxfds, int flags) throws SocketException {
        return sock.recv_fds(bufsize, maxfds, flags);
    }
}
