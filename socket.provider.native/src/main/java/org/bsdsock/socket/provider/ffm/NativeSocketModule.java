package org.bsdsock.socket.provider.ffm;

import java.time.Duration;
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
import org.bsdsock.socket.api.SocketInfo;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.spi.SocketAdopter;
import org.bsdsock.socket.spi.SocketKeeper;

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
    private final Engine engine;

    /** Creates a module for use outside OSGi; {@link java.util.ServiceLoader} calls this. */
    public NativeSocketModule() {
        this("classpath");
    }

    /** @param owner who uses this instance, for the administrative view */
    protected NativeSocketModule(String owner) {
        this(owner, Engine.EPOLL);
    }

    /**
     * @param owner  who uses this instance, for the administrative view
     * @param engine how its sockets wait and move data
     */
    protected NativeSocketModule(String owner, Engine engine) {
        this.engine = engine;
        this.registry = new SocketRegistry(owner, engine);
        this.adopter = (held, kept) -> Sockets.adoptHeld(registry, held, kept);
        // What may run after this provider's bundle is gone (closing a held descriptor when its
        // window ends) must not need a class loaded then: run it once now.
        Descriptors.closeQuietly(-1);
        LINKED.run();
        // the owner's sockets a previous provider handed over are this instance's now
        SocketKeeper.get().serve(owner, adopter);
    }

    private final SocketAdopter adopter;

    /** @return how this instance takes over a held socket (tests make a provider that refuses some) */
    SocketAdopter adopter() {
        return adopter;
    }

    /**
     * Outside OSGi, loads the provider's classes and links every downcall once per provider, at
     * the first instance (see {@link Preload#codeSources}); in OSGi the component does it.
     */
    private static final Runnable LINKED = new Runnable() {
        private volatile boolean done;

        @Override
        public synchronized void run() {
            if (!done) {
                done = true;
                if (!Preload.inOsgi()) {
                    Preload.codeSources();
                }
            }
        }
    };

    /**
     * Closes every socket this instance made, waking their blocked callers, and refuses new
     * ones. DS calls it when the provider's component deactivates; outside OSGi, the owner of the
     * instance does.
     */
    @Override
    public void close() {
        SocketKeeper.get().withdraw(registry.owner(), adopter);
        registry.closeAll();
    }

    /**
     * Lets go of every socket this instance made without closing any: the next provider
     * instance that serves the same owner takes them over, with their callers; those it has
     * not taken within {@code window} are closed, and their callers fail with {@code EBADF}
     * ({@code socket provider stopped}). A window of zero is {@link #close()}.
     */
    public void handOver(Duration window) {
        SocketKeeper.get().withdraw(registry.owner(), adopter);
        if (window.isZero() || window.isNegative()) {
            registry.closeAll();
        } else {
            registry.handOver(window.toNanos());
        }
    }

    /** @return how this instance's sockets wait and move data */
    public Engine engine() {
        return engine;
    }

    /** @return how many sockets this instance holds open */
    public int openSockets() {
        return registry.openCount();
    }

    // ---- SocketAdmin ----

    @Override
    public String provider() {
        return engine.provider();
    }

    @Override
    public List<SocketInfo> sockets() {
        return SocketRegistry.allSockets();
    }

    @Override
    public boolean closeSocket(int fd) {
        return SocketRegistry.closeFd(fd);
    }

    @Override
    public SocketType socket(int family, int type, int proto) throws SocketException {
        return Sockets.socket(registry, family, type, proto);
    }

    @Override
    public SocketType fromfd(int fd, int family, int type, int proto) throws SocketException {
        return Sockets.fromfd(registry, fd, family, type, proto);
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
    public void sethostname(String name) throws SocketException {
        Netdb.sethostname(Objects.requireNonNull(name, "name"));
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
    public String getservbyport(int port, String protocolname) throws SocketException {
        return Netdb.getservbyport(port, protocolname);
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

    // ---- CPython 3 superset: descriptors ----

    @Override
    public SocketPair socketpair(int family, int type, int proto) throws SocketException {
        return Sockets.socketpair(registry, family, type, proto);
    }

    @Override
    public SocketType socket(int family, int type, int proto, int fileno) throws SocketException {
        if (fileno < 0) {
            throw new IllegalArgumentException("negative file descriptor: " + fileno);
        }
        if (FdHandle.isOwned(fileno)) {
            throw new IllegalArgumentException("descriptor " + fileno
                    + " belongs to an open socket: detach() it first, or use fromfd() for a duplicate");
        }
        return Sockets.adopt(registry, family, type, proto, fileno);
    }

    @Override
    public void close(int fd) throws SocketException {
        if (fd < 0) {
            throw new IllegalArgumentException("negative file descriptor: " + fd);
        }
        if (FdHandle.isOwned(fd)) {
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
