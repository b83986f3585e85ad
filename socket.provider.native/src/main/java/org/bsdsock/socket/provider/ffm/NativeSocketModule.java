package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Objects;
import org.bsdsock.socket.api.AddrInfo;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.HostEntry;
import org.bsdsock.socket.api.NameIndex;
import org.bsdsock.socket.api.NameInfo;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketAdmin;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;

/**
 * The socket module on the Linux kernel, through libc and the FFM API.
 *
 * <p>In OSGi, {@link NativeSocketComponent} publishes it as a DS component (one instance per
 * using bundle); outside OSGi, {@link java.util.ServiceLoader} finds it through the public
 * no-argument constructor, and its owner closes it.
 *
 * <p>{@link #close()} closes every socket this instance made and wakes every thread blocked
 * on one. The {@link SocketAdmin} view spans every instance of the provider.
 */
public class NativeSocketModule implements SocketModule, SocketAdmin, AutoCloseable {
    /** The provider's name, as its {@code provider} service property says. */
    public static final String PROVIDER = "native";

    private final SocketRegistry registry;

    /** Creates a module for use outside OSGi; {@link java.util.ServiceLoader} calls this. */
    public NativeSocketModule() {
        this("classpath");
    }

    /** @param owner who uses this instance, for the administrative view */
    protected NativeSocketModule(String owner) {
        this.registry = new SocketRegistry(owner);
    }

    /**
     * Closes every socket this instance made, waking their blocked callers, and refuses new
     * ones. DS calls it on deactivation ({@link #deactivate()}); outside OSGi, the owner of the
     * instance does.
     */
    @Override
    public void close() {
        registry.closeAll();
    }

    /** @return how many sockets this instance holds open */
    public int openSockets() {
        return registry.openCount();
    }

    // ---- SocketAdmin ----

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public java.util.List<org.bsdsock.socket.api.SocketInfo> sockets() {
        return SocketRegistry.allSockets();
    }

    @Override
    public boolean closeSocket(int fd) {
        return SocketRegistry.closeFd(fd);
    }

    @Override
    public SocketType socket(int family, int type, int proto) throws SocketException {
        if (registry.isClosed()) {
            throw new SocketException("socket", 0, "socket provider stopped");
        }
        Scratch s = Scratch.get();
        long timeout = registry.defaultTimeoutNanos();
        int fd = Libc.socket(s.state, family, type | NativeSocket.creationFlags(timeout), proto);
        if (fd < 0) {
            throw Errors.of("socket", s.errno());
        }
        return new NativeSocket(registry, fd, family, type, proto, timeout, timeout == 0);
    }

    @Override
    public SocketType fromfd(int fd, int family, int type, int proto) throws SocketException {
        if (registry.isClosed()) {
            throw new SocketException("fromfd", 0, "socket provider stopped");
        }
        Scratch s = Scratch.get();
        int copy = Libc.fcntl(s.state, fd, Libc.F_DUPFD_CLOEXEC, 0);
        if (copy < 0) {
            throw Errors.of("fromfd", s.errno());
        }
        // O_NONBLOCK is a flag of the open file, shared with whoever else holds it: left as
        // found until this socket needs it (a timeout, a virtual thread waiting).
        int flags = Libc.fcntl(s.state, copy, Libc.F_GETFL, 0);
        if (flags < 0) {
            int errno = s.errno();
            Libc.close(s.state, copy);
            throw Errors.of("fromfd", errno);
        }
        return new NativeSocket(registry, copy, family, type, proto, registry.defaultTimeoutNanos(),
                (flags & Libc.O_NONBLOCK) != 0);
    }

    // ---- names and addresses: Netdb ----

    @Override
    public String gethostbyname(String hostname) throws SocketException {
        return Netdb.gethostbyname(Objects.requireNonNull(hostname, "hostname"));
    }

    @Override
    public HostEntry gethostbyname_ex(String hostname) throws SocketException {
        return Netdb.gethostbyname_ex(Objects.requireNonNull(hostname, "hostname"));
    }

    @Override
    public String gethostname() throws SocketException {
        return Netdb.gethostname();
    }

    @Override
    public HostEntry gethostbyaddr(String ip_address) throws SocketException {
        return Netdb.gethostbyaddr(Objects.requireNonNull(ip_address, "ip_address"));
    }

    @Override
    public int getprotobyname(String protocolname) throws SocketException {
        return Netdb.getprotobyname(Objects.requireNonNull(protocolname, "protocolname"));
    }

    @Override
    public int getservbyname(String servicename, String protocolname) throws SocketException {
        return Netdb.getservbyname(Objects.requireNonNull(servicename, "servicename"), protocolname);
    }

    @Override
    public long ntohl(long x) {
        return Netdb.ntohl(x);
    }

    @Override
    public int ntohs(int x) {
        return Netdb.ntohs(x);
    }

    @Override
    public long htonl(long x) {
        return Netdb.htonl(x);
    }

    @Override
    public int htons(int x) {
        return Netdb.htons(x);
    }

    @Override
    public byte[] inet_aton(String ip_string) throws SocketException {
        return AddressText.inet_aton(Objects.requireNonNull(ip_string, "ip_string"));
    }

    @Override
    public String inet_ntoa(byte[] packed_ip) {
        return AddressText.inet_ntoa(Objects.requireNonNull(packed_ip, "packed_ip"));
    }

    // ---- timeouts ----

    @Override
    public Double getdefaulttimeout() {
        return Timeouts.toSeconds(registry.defaultTimeoutNanos());
    }

    @Override
    public void setdefaulttimeout(Double seconds) {
        registry.defaultTimeoutNanos(Timeouts.toNanos(seconds));
    }

    // ---- names and addresses, CPython 3: Netdb, AddressText, Interfaces, Connections ----

    @Override
    public List<AddrInfo> getaddrinfo(String host, String port, int family, int type, int proto, int flags)
            throws SocketException {
        return Netdb.getaddrinfo(host, port, family, type, proto, flags);
    }

    @Override
    public NameInfo getnameinfo(SockAddr sockaddr, int flags) throws SocketException {
        return Netdb.getnameinfo(sockaddr, flags);
    }

    @Override
    public byte[] inet_pton(int address_family, String ip_string) throws SocketException {
        return AddressText.inet_pton(address_family, Objects.requireNonNull(ip_string, "ip_string"));
    }

    @Override
    public String inet_ntop(int address_family, byte[] packed_ip) {
        return AddressText.inet_ntop(address_family, packed_ip);
    }

    @Override
    public List<NameIndex> if_nameindex() throws SocketException {
        return Interfaces.if_nameindex();
    }

    @Override
    public long if_nametoindex(String if_name) throws SocketException {
        return Interfaces.if_nametoindex(Objects.requireNonNull(if_name, "if_name"));
    }

    @Override
    public String if_indextoname(long if_index) throws SocketException {
        return Interfaces.if_indextoname(if_index);
    }

    @Override
    public String getfqdn(String name) throws SocketException {
        return Netdb.getfqdn(name);
    }

    @Override
    public SocketType create_connection(SockAddr address, Double timeout, SockAddr source_address,
            boolean all_errors) throws SocketException {
        return Connections.create_connection(this, address, timeout, source_address, all_errors);
    }

    @Override
    public SocketType create_server(SockAddr address, int family, Integer backlog, boolean reuse_port,
            boolean dualstack_ipv6) throws SocketException {
        return Connections.create_server(this, address, family, backlog, reuse_port, dualstack_ipv6);
    }

    @Override
    public boolean has_dualstack_ipv6() {
        return Connections.has_dualstack_ipv6(this);
    }

    // ---- CPython 3 superset (issue: superset): descriptors ----

    @Override
    public SocketPair socketpair(int family, int type, int proto) throws SocketException {
        if (registry.isClosed()) {
            throw new SocketException("socketpair", 0, "socket provider stopped");
        }
        Scratch s = Scratch.get();
        long timeout = registry.defaultTimeoutNanos();
        int fd0;
        int fd1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sv = arena.allocate(JAVA_INT, 2);
            if (Libc.socketpair(s.state, family, type | NativeSocket.creationFlags(timeout), proto, sv) < 0) {
                throw Errors.of("socketpair", s.errno());
            }
            fd0 = sv.getAtIndex(JAVA_INT, 0);
            fd1 = sv.getAtIndex(JAVA_INT, 1);
        }
        boolean nonBlocking = timeout == 0 || (type & SocketConstants.SOCK_NONBLOCK) != 0;
        NativeSocket a;
        try {
            a = new NativeSocket(registry, fd0, family, type, proto, timeout, nonBlocking);
        } catch (SocketException stopped) { // the registry closed fd0; fd1 is still ours
            Libc.close(s.state, fd1);
            throw stopped;
        }
        try {
            return new SocketPair(a, new NativeSocket(registry, fd1, family, type, proto, timeout, nonBlocking));
        } catch (SocketException stopped) {
            a.close();
            throw stopped;
        }
    }

    @Override
    public SocketType socket(int family, int type, int proto, int fileno) throws SocketException {
        if (fileno < 0) {
            throw new IllegalArgumentException("negative file descriptor: " + fileno);
        }
        if (registry.owns(fileno)) {
            throw new IllegalArgumentException("descriptor " + fileno
                    + " belongs to an open socket: detach() it first, or use fromfd() for a duplicate");
        }
        if (registry.isClosed()) {
            throw new SocketException("socket", 0, "socket provider stopped");
        }
        // As CPython: the descriptor must be a socket (EBADF, ENOTSOCK), whatever was given.
        int domain = option(fileno, SocketConstants.SO_DOMAIN);
        if (family == -1) {
            family = domain;
        }
        if (type == -1) {
            type = option(fileno, SocketConstants.SO_TYPE);
        }
        if (proto == -1) {
            proto = option(fileno, SocketConstants.SO_PROTOCOL);
        }
        Scratch s = Scratch.get();
        // O_NONBLOCK is left as found until the socket needs it (see NativeSocket)
        int flags = Libc.fcntl(s.state, fileno, Libc.F_GETFL, 0);
        if (flags < 0) {
            throw Errors.of("socket", s.errno());
        }
        return new NativeSocket(registry, fileno, family, type, proto, registry.defaultTimeoutNanos(),
                (flags & Libc.O_NONBLOCK) != 0);
    }

    private static int option(int fd, int optname) throws SocketException {
        Scratch s = Scratch.get();
        s.intval.set(JAVA_INT, 0, 0);
        s.len.set(JAVA_INT, 0, 4);
        if (Libc.getsockopt(s.state, fd, SocketConstants.SOL_SOCKET, optname, s.intval, s.len) < 0) {
            throw Errors.of("socket", s.errno());
        }
        return s.intval.get(JAVA_INT, 0);
    }

    @Override
    public void close(int fd) throws SocketException {
        if (fd < 0) {
            throw new IllegalArgumentException("negative file descriptor: " + fd);
        }
        if (registry.owns(fd)) {
            throw new IllegalArgumentException("descriptor " + fd + " belongs to an open socket: close the socket");
        }
        Scratch s = Scratch.get();
        if (Libc.close(s.state, fd) < 0) {
            int errno = s.errno();
            // EINTR: Linux has closed it anyway. ECONNRESET: the peer went first (CPython ignores it).
            if (errno != Errno.EINTR && errno != Errno.ECONNRESET) {
                throw Errors.of("close", errno);
            }
        }
    }

    @Override
    public int CMSG_LEN(int length) {
        if (length < 0 || length > MsgStructs.SOCKLEN_T_LIMIT - MsgStructs.CMSG_LEN(0)) {
            throw new IllegalArgumentException("CMSG_LEN() argument out of range: " + length);
        }
        return (int) MsgStructs.CMSG_LEN(length);
    }

    @Override
    public int CMSG_SPACE(int length) {
        if (length < 0 || length > MsgStructs.SOCKLEN_T_LIMIT - MsgStructs.CMSG_SPACE(1)) {
            throw new IllegalArgumentException("CMSG_SPACE() argument out of range: " + length);
        }
        return (int) MsgStructs.CMSG_SPACE(length);
    }
}
