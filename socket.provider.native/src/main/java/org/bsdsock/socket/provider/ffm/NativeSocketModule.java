package org.bsdsock.socket.provider.ffm;

import java.util.List;
import java.util.Objects;
import org.bsdsock.socket.api.AddrInfo;
import org.bsdsock.socket.api.HostEntry;
import org.bsdsock.socket.api.NameIndex;
import org.bsdsock.socket.api.NameInfo;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The socket module on the Linux kernel, through libc and the FFM API. A DS component
 * publishing {@link SocketModule}; outside OSGi, {@link java.util.ServiceLoader} finds it.
 *
 * <p>Deactivation (the bundle stopping, or the component being disabled) closes every socket
 * this instance made and wakes every thread blocked on one.
 */
@Component(service = SocketModule.class, immediate = true, property = "provider=native",
        configurationPid = NativeSocketModule.PID)
@Designate(ocd = NativeSocketModule.Config.class)
public final class NativeSocketModule implements SocketModule, AutoCloseable {
    /** The configuration PID (Config Admin) of the provider. */
    public static final String PID = "org.bsdsock.socket.provider.native";

    /** The provider's configuration, as Config Admin and a metatype-aware console see it. */
    @ObjectClassDefinition(name = "Socket module (native provider)",
            description = "The FFM socket provider: defaults that apply to sockets it creates.")
    public @interface Config {
        /**
         * @return the timeout in seconds that new sockets (and accepted ones) start with: a
         *         negative value means None (blocking mode), 0 non-blocking mode
         */
        @AttributeDefinition(name = "Default timeout",
                description = "Seconds new and accepted sockets start with; negative means None "
                        + "(block without limit), 0 means non-blocking. As socket.setdefaulttimeout().")
        double default_timeout() default -1.0;
    }

    private final SocketRegistry registry = new SocketRegistry();

    /** Creates a module; DS and {@link java.util.ServiceLoader} call this. */
    public NativeSocketModule() {
    }

    /** Applies a configuration; sockets already open keep their own timeout. */
    @Activate
    @Modified
    void configure(Config config) {
        double t = config.default_timeout();
        setdefaulttimeout(t < 0 || Double.isNaN(t) ? null : t);
    }

    /**
     * Closes every socket this instance made, waking their blocked callers, and refuses new
     * ones. DS calls it on deactivation; outside OSGi, the owner of the instance does.
     */
    @Deactivate
    @Override
    public void close() {
        registry.closeAll();
    }

    /** @return how many sockets this provider instance holds open */
    public int openSockets() {
        return registry.openCount();
    }

    @Override
    public SocketType socket(int family, int type, int proto) throws SocketException {
        if (registry.isClosed()) {
            throw new SocketException("socket", 0, "socket provider stopped");
        }
        Scratch s = Scratch.get();
        int fd = Libc.socket(s.state, family, type | NativeSocket.TYPE_FLAGS, proto);
        if (fd < 0) {
            throw Errors.of("socket", s.errno());
        }
        return new NativeSocket(registry, fd, family, type, proto, registry.defaultTimeoutNanos());
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
        // The I/O core needs O_NONBLOCK. It is a flag of the open file, so a process sharing
        // the descriptor sees it too (CPython's settimeout does the same).
        int flags = Libc.fcntl(s.state, copy, Libc.F_GETFL, 0);
        if (flags < 0 || Libc.fcntl(s.state, copy, Libc.F_SETFL, flags | Libc.O_NONBLOCK) < 0) {
            int errno = s.errno();
            Libc.close(s.state, copy);
            throw Errors.of("fromfd", errno);
        }
        return new NativeSocket(registry, copy, family, type, proto, registry.defaultTimeoutNanos());
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
