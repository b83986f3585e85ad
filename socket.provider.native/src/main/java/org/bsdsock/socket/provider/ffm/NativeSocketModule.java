package org.bsdsock.socket.provider.ffm;

import java.util.List;
import java.util.Objects;
import org.bsdsock.socket.api.AddrInfo;
import org.bsdsock.socket.api.HostEntry;
import org.bsdsock.socket.api.NameIndex;
import org.bsdsock.socket.api.NameInfo;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketAdmin;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
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
     * ones. DS calls it on deactivation; outside OSGi, the owner of the instance does.
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
    public boolean close(int fd) {
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
        return Netdb.inet_aton(Objects.requireNonNull(ip_string, "ip_string"));
    }

    @Override
    public String inet_ntoa(byte[] packed_ip) {
        return Netdb.inet_ntoa(Objects.requireNonNull(packed_ip, "packed_ip"));
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

    // ---- names and addresses, CPython 3: AddrInfos, Interfaces, Connections ----

    @Override
    public List<AddrInfo> getaddrinfo(String host, String port, int family, int type, int proto, int flags)
            throws SocketException {
        return AddrInfos.getaddrinfo(host, port, family, type, proto, flags);
    }

    @Override
    public NameInfo getnameinfo(SockAddr sockaddr, int flags) throws SocketException {
        return AddrInfos.getnameinfo(sockaddr, flags);
    }

    @Override
    public byte[] inet_pton(int address_family, String ip_string) throws SocketException {
        return AddrInfos.inet_pton(address_family, Objects.requireNonNull(ip_string, "ip_string"));
    }

    @Override
    public String inet_ntop(int address_family, byte[] packed_ip) {
        return AddrInfos.inet_ntop(address_family, packed_ip);
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
        return AddrInfos.getfqdn(name);
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
}
