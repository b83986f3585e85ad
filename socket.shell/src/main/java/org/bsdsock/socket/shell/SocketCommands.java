package org.bsdsock.socket.shell;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.felix.service.command.Descriptor;
import org.bsdsock.socket.api.AddrInfo;
import org.bsdsock.socket.api.HostEntry;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.NameIndex;
import org.bsdsock.socket.api.NameInfo;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketAdmin;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketInfo;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Gogo commands of scope {@code socket}: every function of the socket module under its seed
 * name ({@code socket:gethostbyname localhost}, {@code socket:socket AF_INET SOCK_STREAM}, ...),
 * the seed's two example programs, and tools to look at the running providers
 * ({@code socket:ls}, {@code socket:close}, {@code socket:providers}).
 *
 * <p>Commands return their results; {@link SocketConverter} renders them. Arguments that are
 * constants (families, types, levels, flags) are read here ({@link Names}), so a name that is
 * no constant is reported by name. Usage errors are {@link IllegalArgumentException}s, socket
 * errors {@link SocketFailure}s: the console prints either as one line.
 *
 * <p>The socket module is held through a dynamic, greedy, optional reference: the commands
 * survive a provider's departure (they say so while none is there), use the new one when it
 * returns, and move to a provider of higher {@code service.ranking} when one appears. When a
 * provider's service goes, the socket objects it made keep their sockets, which the next provider
 * takes over (a socket closed for good keeps nothing of its provider).
 * The byte-order functions, {@code socket:constants} and {@code socket:providers} need no provider.
 *
 * <p>A function added to {@link SocketModule} gets a method here of the same name and an
 * entry in {@code osgi.command.function}; {@code SocketCommandsTest} checks that none is
 * missing.
 */
@Component(service = SocketCommands.class, immediate = true, property = {
        "osgi.command.scope=socket",
        // the module's functions
        "osgi.command.function=socket",
        "osgi.command.function=fromfd",
        "osgi.command.function=close",
        "osgi.command.function=gethostbyname",
        "osgi.command.function=gethostbyname_ex",
        "osgi.command.function=gethostname",
        "osgi.command.function=gethostbyaddr",
        "osgi.command.function=getprotobyname",
        "osgi.command.function=getservbyname",
        "osgi.command.function=getservbyport",
        "osgi.command.function=sethostname",
        "osgi.command.function=ntohl",
        "osgi.command.function=ntohs",
        "osgi.command.function=htonl",
        "osgi.command.function=htons",
        "osgi.command.function=inet_aton",
        "osgi.command.function=inet_ntoa",
        "osgi.command.function=getdefaulttimeout",
        "osgi.command.function=setdefaulttimeout",
        // the module's constants
        "osgi.command.function=constants",
        // the seed's example programs
        "osgi.command.function=echo_server",
        "osgi.command.function=echo_stop",
        "osgi.command.function=echo_client",
        // the providers and their sockets
        "osgi.command.function=ls",
        "osgi.command.function=providers",
        // CPython 3's additions
        "osgi.command.function=getaddrinfo",
        "osgi.command.function=getnameinfo",
        "osgi.command.function=inet_pton",
        "osgi.command.function=inet_ntop",
        "osgi.command.function=if_nameindex",
        "osgi.command.function=if_nametoindex",
        "osgi.command.function=if_indextoname",
        "osgi.command.function=getfqdn",
        "osgi.command.function=create_connection",
        "osgi.command.function=create_server",
        "osgi.command.function=has_dualstack_ipv6",
        "osgi.command.function=socketpair",
        "osgi.command.function=CMSG_LEN",
        "osgi.command.function=CMSG_SPACE",
        "osgi.command.function=send_fds",
        "osgi.command.function=recv_fds" })
public final class SocketCommands {
    /** The seed's example port. */
    public static final int SEED_PORT = 50007;

    static final String NO_PROVIDER = "no socket provider is registered";
    private static final String PROVIDER = "provider";

    // The module the commands use, with its service properties (to name it and its service).
    @Reference(service = SocketModule.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Map.Entry<Map<String, Object>, SocketModule> propertiesAndModule;

    // Every provider's administrative view, for socket:ls and socket:close.
    @Reference(service = SocketAdmin.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<Map.Entry<Map<String, Object>, SocketAdmin>> admins = List.of();

    // Every registered module, without getting the services: for socket:providers.
    private final List<ServiceReference<SocketModule>> providers = new CopyOnWriteArrayList<>();

    // The providers that made socket objects, by service id: they release them when it goes.
    private final Map<Object, Origin> origins = new ConcurrentHashMap<>();

    private final Map<Integer, EchoServer> servers = new ConcurrentHashMap<>();

    private final LooseDescriptors loose = new LooseDescriptors();

    /** For DS. */
    public SocketCommands() {
    }

    /**
     * For use without a framework (e.g. tests): commands on a given module, which also serves
     * as {@code socket:ls}'s administrative view if it is one.
     */
    public SocketCommands(SocketModule module) {
        String name = module instanceof SocketAdmin a ? a.provider() : "?";
        Map<String, Object> props = Map.of(PROVIDER, name);
        this.propertiesAndModule = Map.entry(props, module);
        if (module instanceof SocketAdmin a) {
            this.admins = List.of(Map.entry(props, a));
        }
    }

    @Reference(service = SocketModule.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeProvider")
    void addProvider(ServiceReference<SocketModule> provider) {
        providers.add(provider);
    }

    void removeProvider(ServiceReference<SocketModule> provider) {
        providers.remove(provider);
        providerGone(provider.getProperty(Constants.SERVICE_ID));
    }

    /**
     * What DS does when the module given to the constructor goes away: the commands stop
     * using it. For use without a framework (e.g. tests), with {@link #providerGone}.
     */
    void forgetModule() {
        propertiesAndModule = null;
        admins = List.of();
    }

    /**
     * A provider's service went: the shell forgets it and its ended echo servers; the socket
     * objects it made keep their sockets (see the class comment).
     *
     * @param key its service id (the provider's name for a module given to the constructor)
     */
    void providerGone(Object key) {
        Origin o = origins.remove(key);
        if (o != null) {
            o.gone(); // its socket objects now name the provider that took their sockets over
        }
        servers.values().removeIf(s -> !s.running());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        for (EchoServer s : new ArrayList<>(servers.values())) {
            s.stop();
        }
        servers.clear();
        origins.clear();
    }

    /** @return the module in use and its service properties; read once per command, as DS may replace it any time */
    private Map.Entry<Map<String, Object>, SocketModule> bound() {
        Map.Entry<Map<String, Object>, SocketModule> m = propertiesAndModule;
        if (m == null) {
            throw new IllegalStateException(NO_PROVIDER);
        }
        return m;
    }

    private SocketModule module() {
        return bound().getValue();
    }

    /** @return e.g. {@code native, service 42} */
    private static String describe(Map<String, Object> props) {
        Object id = props.get(Constants.SERVICE_ID);
        return props.getOrDefault(PROVIDER, "?") + (id == null ? "" : ", service " + id);
    }

    /** @return the provider the commands use now, described, or null while none */
    private String currentProvider() {
        Map.Entry<Map<String, Object>, SocketModule> m = propertiesAndModule;
        return m == null ? null : describe(m.getKey());
    }

    /**
     * What DS does when a module is bound (again): the commands use it from now on. For use
     * without a framework (e.g. tests), after {@link #forgetModule} and {@link #providerGone}.
     */
    void useModule(SocketModule module) {
        String name = module instanceof SocketAdmin a ? a.provider() : "?";
        Map<String, Object> props = Map.of(PROVIDER, name);
        this.propertiesAndModule = Map.entry(props, module);
        this.admins = module instanceof SocketAdmin a ? List.of(Map.entry(props, a)) : List.of();
    }

    /** A call that makes socket objects with a module, wrapping its sockets as that provider's. */
    @FunctionalInterface
    private interface Making<R> {
        R make(SocketModule module, Origin origin) throws SocketException;
    }

    /** @return what {@code making} makes with the module in use; socket errors as {@link SocketFailure} */
    private <R> R make(Making<R> making) {
        Map.Entry<Map<String, Object>, SocketModule> m = bound();
        Map<String, Object> props = m.getKey();
        Object id = props.get(Constants.SERVICE_ID);
        Object key = id != null ? id : props.get(PROVIDER);
        Origin origin = origins.computeIfAbsent(key, k -> new Origin(describe(props), loose, this::currentProvider));
        return SocketFailure.call(() -> making.make(m.getValue(), origin));
    }

    /**
     * Gogo calls this when a command's arguments match none of its forms: it says so, with
     * the forms (and how to quote an IPv6 address Gogo split into a list).
     *
     * @throws IllegalArgumentException always
     */
    @Descriptor("explains arguments that match no form of a command")
    public Object _main(@Descriptor("the command typed") String command,
            @Descriptor("the arguments typed") Object... args) {
        throw Usage.mismatch(SocketCommands.class, "socket:", command, args);
    }

    // ---- sockets -------------------------------------------------------------------------

    @Descriptor("create a TCP/IPv4 socket (AF_INET, SOCK_STREAM); Gogo: s = (socket:socket)")
    public ShellSocket socket() {
        return socket("AF_INET", "SOCK_STREAM", "0");
    }

    @Descriptor("create a socket, e.g. s = socket:socket AF_INET SOCK_STREAM; then $s connect HOST:PORT, "
            + "$s send TEXT, $s recv 1024, $s close ($s help lists the methods)")
    public ShellSocket socket(
            @Descriptor("address family: AF_INET, AF_INET6, AF_UNIX, ... (a name or a number)") String family,
            @Descriptor("socket type: SOCK_STREAM, SOCK_DGRAM, ... (names may be or-ed: 'SOCK_STREAM|SOCK_NONBLOCK')") String type) {
        return socket(family, type, "0");
    }

    @Descriptor("create a socket with a protocol number")
    public ShellSocket socket(
            @Descriptor("address family: AF_INET, AF_INET6, AF_UNIX, ...") String family,
            @Descriptor("socket type: SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, ...") String type,
            @Descriptor("protocol number, e.g. IPPROTO_TCP; 0 for the default") String proto) {
        int f = Names.parseInt("address family", family);
        int t = Names.parseInt("socket type", type);
        int p = Names.parseInt("protocol", proto);
        return make((m, o) -> o.wrap(m.socket(f, t, p)));
    }

    @Descriptor("adopt an open socket descriptor, e.g. one from recv_fds or detach (CPython's socket(fileno=FD)); "
            + "the socket object owns and closes it; -1 -1 -1 FD reads family and type from it")
    public ShellSocket socket(
            @Descriptor("its address family, e.g. AF_UNIX, or -1 to ask the descriptor") String family,
            @Descriptor("its socket type, e.g. SOCK_STREAM, or -1 to ask the descriptor") String type,
            @Descriptor("its protocol number, 0, or -1 to ask the descriptor") String proto,
            @Descriptor("the descriptor, now owned by the socket object") int fileno) {
        int f = Names.parseInt("address family", family);
        int t = Names.parseInt("socket type", type);
        int p = Names.parseInt("protocol", proto);
        ShellSocket s = make((m, o) -> o.wrap(m.socket(f, t, p, fileno)));
        loose.taken(fileno);
        return s;
    }

    @Descriptor("make a socket object from a duplicate of an open descriptor; the descriptor stays yours")
    public ShellSocket fromfd(
            @Descriptor("an open descriptor (the socket object gets a dup of it)") int fd,
            @Descriptor("its address family, e.g. AF_INET") String family,
            @Descriptor("its socket type, e.g. SOCK_STREAM") String type) {
        return fromfd(fd, family, type, "0");
    }

    @Descriptor("make a socket object from a duplicate of an open descriptor, with its protocol number")
    public ShellSocket fromfd(
            @Descriptor("an open descriptor (the socket object gets a dup of it)") int fd,
            @Descriptor("its address family, e.g. AF_INET") String family,
            @Descriptor("its socket type, e.g. SOCK_STREAM") String type,
            @Descriptor("its protocol number, e.g. IPPROTO_TCP") String proto) {
        int f = Names.parseInt("address family", family);
        int t = Names.parseInt("socket type", type);
        int p = Names.parseInt("protocol", proto);
        return make((m, o) -> o.wrap(m.fromfd(fd, f, t, p)));
    }

    @Descriptor("close a provider's open socket by descriptor (see socket:ls; whoever is blocked on it wakes), "
            + "or a descriptor the shell gave you (recv_fds, detach), as CPython's socket.close(fd)")
    public OpenSocket close(@Descriptor("the descriptor, as socket:ls, recv_fds or detach shows it") int fd) {
        for (Map.Entry<Map<String, Object>, SocketAdmin> a : admins) {
            SocketAdmin admin = a.getValue();
            String provider = String.valueOf(a.getKey().getOrDefault(PROVIDER, admin.provider()));
            for (SocketInfo i : admin.sockets()) {
                if (i.fd() == fd && admin.closeSocket(fd)) {
                    return OpenSocket.of(i, provider);
                }
            }
        }
        if (!loose.isLoose(fd)) {
            if (propertiesAndModule == null) {
                throw new IllegalStateException(NO_PROVIDER);
            }
            throw new IllegalArgumentException("no provider has an open socket with descriptor " + fd
                    + " (see socket:ls), nor did the shell give it to you (recv_fds, detach)");
        }
        SocketFailure.run(() -> module().close(fd));
        loose.taken(fd);
        return null; // a bare descriptor: nothing to show, as CPython's close returns None
    }

    // ---- names and addresses -----------------------------------------------------------------

    @Descriptor("translate a host name to an IPv4 address (dotted quad)")
    public String gethostbyname(@Descriptor("a host name or dotted quad, e.g. localhost") String hostname) {
        return SocketFailure.call(() -> module().gethostbyname(hostname));
    }

    @Descriptor("translate a host name to (hostname, aliaslist, ipaddrlist)")
    public HostEntry gethostbyname_ex(@Descriptor("a host name or dotted quad") String hostname) {
        return SocketFailure.call(() -> module().gethostbyname_ex(hostname));
    }

    @Descriptor("the name of this machine")
    public String gethostname() {
        return SocketFailure.call(() -> module().gethostname());
    }

    @Descriptor("look up the host of an address: (hostname, aliaslist, ipaddrlist)")
    public HostEntry gethostbyaddr(@Descriptor("a dotted quad (or host name), e.g. 127.0.0.1") String ip_address) {
        return SocketFailure.call(() -> module().gethostbyaddr(ip_address));
    }

    @Descriptor("the number of a protocol (/etc/protocols), e.g. icmp is 1")
    public int getprotobyname(@Descriptor("a protocol name, e.g. tcp, udp, icmp") String protocolname) {
        return SocketFailure.call(() -> module().getprotobyname(protocolname));
    }

    @Descriptor("the port of a service, any protocol (/etc/services), e.g. http is 80")
    public int getservbyname(@Descriptor("a service name, e.g. http") String servicename) {
        return SocketFailure.call(() -> module().getservbyname(servicename, null));
    }

    @Descriptor("the port of a service for a protocol (/etc/services)")
    public int getservbyname(@Descriptor("a service name, e.g. http") String servicename,
            @Descriptor("tcp or udp") String protocolname) {
        return SocketFailure.call(() -> module().getservbyname(servicename, protocolname));
    }

    @Descriptor("set the machine's name (sethostname(2)): needs CAP_SYS_ADMIN over its UTS namespace")
    public void sethostname(@Descriptor("the new name") String name) {
        SocketFailure.run(() -> module().sethostname(name));
    }

    @Descriptor("the service of a port, any protocol (/etc/services), e.g. 80 is http")
    public String getservbyport(@Descriptor("a port, 0 to 65535") int port) {
        return SocketFailure.call(() -> module().getservbyport(port));
    }

    @Descriptor("the service of a port for a protocol (/etc/services)")
    public String getservbyport(@Descriptor("a port, 0 to 65535") int port, @Descriptor("tcp or udp") String protocolname) {
        return SocketFailure.call(() -> module().getservbyport(port, protocolname));
    }

    // ---- byte order and address text ----------------------------------------------------------

    @Descriptor("convert a 32-bit integer from network to host byte order (needs no provider)")
    public long ntohl(@Descriptor("0 to 4294967295") long x) {
        return NetworkOrder.swap32("ntohl", x);
    }

    @Descriptor("convert a 16-bit integer from network to host byte order (needs no provider)")
    public int ntohs(@Descriptor("0 to 65535") long x) {
        return NetworkOrder.swap16("ntohs", x);
    }

    @Descriptor("convert a 32-bit integer from host to network byte order (needs no provider)")
    public long htonl(@Descriptor("0 to 4294967295") long x) {
        return NetworkOrder.swap32("htonl", x);
    }

    @Descriptor("convert a 16-bit integer from host to network byte order, e.g. socket:htons 80 (needs no provider)")
    public int htons(@Descriptor("0 to 65535") long x) {
        return NetworkOrder.swap16("htons", x);
    }

    @Descriptor("pack a dotted-quad IPv4 address into 4 bytes (struct in_addr)")
    public Bytes inet_aton(@Descriptor("an IPv4 address, e.g. 10.0.0.1 (inet_aton(3) also takes 127.1)") String ip_string) {
        return new Bytes(SocketFailure.call(() -> module().inet_aton(ip_string)));
    }

    @Descriptor("unpack 4 bytes into a dotted quad, e.g. socket:inet_ntoa (socket:inet_aton 10.0.0.1) or socket:inet_ntoa 0a000001")
    public String inet_ntoa(@Descriptor("4 bytes, as inet_aton returns them, or 8 hexadecimal digits") Bytes packed_ip) {
        return module().inet_ntoa(packed_ip.data());
    }

    // ---- timeouts --------------------------------------------------------------------------------

    @Descriptor("the timeout new sockets start with: seconds, or None (blocking)")
    public Object getdefaulttimeout() {
        return Timeouts.show(module().getdefaulttimeout());
    }

    @Descriptor("set the timeout new sockets start with")
    public Object setdefaulttimeout(@Descriptor("seconds, 0 for non-blocking, or None to block") String seconds) {
        SocketModule m = module();
        m.setdefaulttimeout(Timeouts.parse(seconds));
        return Timeouts.show(m.getdefaulttimeout());
    }

    // ---- constants ---------------------------------------------------------------------------------

    @Descriptor("every socket constant of this platform, name and value (names work wherever a number does; needs no provider)")
    public SortedMap<String, Long> constants() {
        return Names.startingWith("");
    }

    @Descriptor("the socket constants whose names start with a prefix, e.g. socket:constants SO_")
    public SortedMap<String, Long> constants(@Descriptor("a name prefix, e.g. AF_, SOCK_, SO_, MSG_, IPPROTO_") String prefix) {
        SortedMap<String, Long> m = Names.startingWith(prefix);
        if (m.isEmpty()) {
            throw new IllegalArgumentException("no socket constant starts with " + prefix);
        }
        return m;
    }

    // ---- the seed's programs -------------------------------------------------------------------

    @Descriptor("start the seed's echo server on port 50007, serving clients one after another in the background")
    public EchoServer echo_server() {
        return echo_server(SEED_PORT);
    }

    @Descriptor("start the seed's echo server, serving clients one after another in the background")
    public EchoServer echo_server(@Descriptor("TCP port to listen on, all interfaces (0 picks a free one)") int port) {
        EchoServer server = SocketFailure.call(() -> EchoServer.start(module(), port));
        // servers whose socket was closed under them (e.g. their provider left) are forgotten
        servers.values().removeIf(s -> !s.running());
        EchoServer old = servers.put(server.port(), server);
        if (old != null && old.running()) {
            throw new AssertionError("two echo servers on one port");
        }
        return server;
    }

    @Descriptor("stop the echo server on a port")
    public EchoServer echo_stop(@Descriptor("the echo server's port") int port) throws InterruptedException {
        EchoServer server = servers.remove(port);
        if (server == null) {
            throw new IllegalArgumentException("no echo server on port " + port);
        }
        return server.stop();
    }

    @Descriptor("the seed's echo client: connect, send MESSAGE, receive the echo, close; returns \"Received 'MESSAGE'\"")
    public String echo_client(@Descriptor("the server's host name or dotted quad") String host,
            @Descriptor("the server's port") int port,
            @Descriptor("the message to send") String message) {
        SocketModule m = module();
        byte[] sent = message.getBytes(StandardCharsets.UTF_8);
        byte[] received = SocketFailure.call(() -> {
            byte[] r = new byte[sent.length];
            int got = 0;
            try (SocketType s = m.socket(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM)) {
                s.connect(new InetAddr(host, port));
                s.sendall(sent);
                // The seed reads once; a long message may come back in pieces, so read them all.
                do {
                    byte[] data = s.recv(Math.max(1024, sent.length - got));
                    if (data.length == 0) {
                        break;
                    }
                    int n = Math.min(data.length, r.length - got);
                    System.arraycopy(data, 0, r, got, n);
                    got += n;
                } while (got < sent.length);
            }
            return Arrays.copyOf(r, got);
        });
        return "Received " + PyRepr.of(received);
    }

    // ---- CPython 3's additions ----------------------------------------------------------------------

    private static String none(String text) {
        return text == null || text.equals("None") ? null : text;
    }

    @Descriptor("resolve a host and port: a list of (family, type, proto, canonname, sockaddr)")
    public List<AddrInfo> getaddrinfo(@Descriptor("a host name or address, or None") String host,
            @Descriptor("a port number or service name, or None") String port) {
        return SocketFailure.call(() -> module().getaddrinfo(none(host), none(port)));
    }

    @Descriptor("resolve a host and port for a family and socket type, e.g. getaddrinfo ::1 80 AF_INET6 SOCK_STREAM")
    public List<AddrInfo> getaddrinfo(@Descriptor("a host name or address, or None") String host,
            @Descriptor("a port number or service name, or None") String port,
            @Descriptor("AF_INET, AF_INET6 or AF_UNSPEC") String family,
            @Descriptor("SOCK_STREAM, SOCK_DGRAM or 0") String type) {
        return getaddrinfo(host, port, family, type, "0", "0");
    }

    @Descriptor("resolve with every argument of getaddrinfo(3)")
    public List<AddrInfo> getaddrinfo(@Descriptor("a host name or address, or None") String host,
            @Descriptor("a port number or service name, or None") String port,
            @Descriptor("AF_INET, AF_INET6 or AF_UNSPEC") String family,
            @Descriptor("SOCK_STREAM, SOCK_DGRAM or 0") String type,
            @Descriptor("a protocol number, e.g. IPPROTO_TCP, or 0") String proto,
            @Descriptor("AI_* flags, e.g. 'AI_NUMERICHOST|AI_CANONNAME'") String flags) {
        int f = Names.parseInt("address family", family);
        int t = Names.parseInt("socket type", type);
        int p = Names.parseInt("protocol", proto);
        int fl = Names.parseInt("flags", flags);
        return SocketFailure.call(() -> module().getaddrinfo(none(host), none(port), f, t, p, fl));
    }

    @Descriptor("the (host, port) names of an address, e.g. getnameinfo 127.0.0.1:80 0")
    public NameInfo getnameinfo(@Descriptor("host:port or '[v6addr]:port'") String sockaddr,
            @Descriptor("NI_* flags, e.g. NI_NUMERICHOST, or 0") String flags) {
        SockAddr a = Addresses.parse(sockaddr);
        int f = Names.parseInt("flags", flags);
        return SocketFailure.call(() -> module().getnameinfo(a, f));
    }

    @Descriptor("pack an IPv4 or IPv6 address: inet_pton AF_INET6 ::1")
    public Bytes inet_pton(@Descriptor("AF_INET or AF_INET6") String address_family,
            @Descriptor("the address text") String ip_string) {
        int f = Names.parseInt("address family", address_family);
        return new Bytes(SocketFailure.call(() -> module().inet_pton(f, ip_string)));
    }

    @Descriptor("unpack an IPv4 or IPv6 address, e.g. inet_ntop AF_INET6 (inet_pton AF_INET6 ::1), inet_ntop AF_INET 7f000001")
    public String inet_ntop(@Descriptor("AF_INET or AF_INET6") String address_family,
            @Descriptor("4 or 16 bytes, as inet_pton returns them, or 8 or 32 hexadecimal digits") Bytes packed_ip) {
        int f = Names.parseInt("address family", address_family);
        return module().inet_ntop(f, packed_ip.data());
    }

    @Descriptor("the network interfaces: a list of (index, name)")
    public List<NameIndex> if_nameindex() {
        return SocketFailure.call(() -> module().if_nameindex());
    }

    @Descriptor("the index of a network interface, e.g. if_nametoindex lo")
    public long if_nametoindex(@Descriptor("an interface name") String if_name) {
        return SocketFailure.call(() -> module().if_nametoindex(if_name));
    }

    @Descriptor("the name of a network interface, e.g. if_indextoname 1")
    public String if_indextoname(@Descriptor("an interface index") long if_index) {
        return SocketFailure.call(() -> module().if_indextoname(if_index));
    }

    @Descriptor("this machine's fully qualified name")
    public String getfqdn() {
        return SocketFailure.call(() -> module().getfqdn());
    }

    @Descriptor("a host's fully qualified name")
    public String getfqdn(@Descriptor("a host name or address") String name) {
        return SocketFailure.call(() -> module().getfqdn(name));
    }

    @Descriptor("connect to host:port trying each address getaddrinfo gives; returns the socket")
    public ShellSocket create_connection(@Descriptor("host:port or '[v6addr]:port'") String address) {
        SockAddr a = Addresses.parse(address);
        return make((m, o) -> o.wrap(m.create_connection(a)));
    }

    @Descriptor("connect to host:port with a timeout; returns the socket")
    public ShellSocket create_connection(@Descriptor("host:port or '[v6addr]:port'") String address,
            @Descriptor("seconds, or None") String timeout) {
        SockAddr a = Addresses.parse(address);
        Double t = Timeouts.parse(timeout);
        return make((m, o) -> o.wrap(m.create_connection(a, t)));
    }

    @Descriptor("a listening TCP socket on host:port (SO_REUSEADDR set), e.g. create_server :50007")
    public ShellSocket create_server(@Descriptor("host:port, :port, or '[v6addr]:port'") String address) {
        SockAddr a = Addresses.parse(address);
        return make((m, o) -> o.wrap(m.create_server(a)));
    }

    @Descriptor("a listening socket serving IPv4 and IPv6 at once on '[::]:port' where the system can")
    public ShellSocket create_server(@Descriptor("'[::]:port' or '[v6addr]:port'") String address,
            @Descriptor("true to accept IPv4 clients too (dualstack_ipv6)") boolean dualstack_ipv6) {
        SockAddr a = Addresses.parse(address);
        int family = Addresses.familyOf(address);
        return make((m, o) -> o.wrap(m.create_server(a, family, null, false, dualstack_ipv6)));
    }

    @Descriptor("whether an AF_INET6 socket can serve IPv4 clients too")
    public boolean has_dualstack_ipv6() {
        return module().has_dualstack_ipv6();
    }

    @Descriptor("a connected pair of AF_UNIX stream sockets")
    public Pair socketpair() {
        return socketpair("AF_UNIX", "SOCK_STREAM");
    }

    @Descriptor("a connected pair of sockets, e.g. socketpair AF_UNIX SOCK_SEQPACKET")
    public Pair socketpair(@Descriptor("AF_UNIX") String family,
            @Descriptor("SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET") String type) {
        int f = Names.parseInt("address family", family);
        int t = Names.parseInt("socket type", type);
        return make((m, o) -> {
            SocketPair p = m.socketpair(f, t);
            return new Pair(o.wrap(p.a()), o.wrap(p.b()));
        });
    }

    @Descriptor("the control-message length for LENGTH bytes of data (CMSG_LEN)")
    public int CMSG_LEN(@Descriptor("bytes of data, e.g. 4 per descriptor") int length) {
        return module().CMSG_LEN(length);
    }

    @Descriptor("the control-buffer space for LENGTH bytes of data (CMSG_SPACE), for recvmsg's ancbufsize")
    public int CMSG_SPACE(@Descriptor("bytes of data, e.g. 4 per descriptor") int length) {
        return module().CMSG_SPACE(length);
    }

    @Descriptor("send descriptors over an AF_UNIX socket (SCM_RIGHTS): send_fds $s TEXT 5,6")
    public int send_fds(@Descriptor("an AF_UNIX socket object") ShellSocket sock,
            @Descriptor("the data sent with them") String data,
            @Descriptor("descriptors, separated by commas") String fds) {
        return sock.send_fds(data, fds);
    }

    @Descriptor("receive descriptors from an AF_UNIX socket: (data, fds, msg_flags, address); the fds are yours: "
            + "socket:socket FAMILY TYPE 0 FD adopts one, socket:close FD closes it")
    public Message recv_fds(@Descriptor("an AF_UNIX socket object") ShellSocket sock,
            @Descriptor("the most data bytes") int bufsize,
            @Descriptor("the most descriptors") int maxfds) {
        return sock.recv_fds(bufsize, maxfds);
    }

    // ---- providers and their sockets ---------------------------------------------------------------

    @Descriptor("list every open socket of every provider, like ss: fd, family, type, state, local and peer "
            + "address, timeout, owning bundle (provider)")
    public SocketList ls() {
        List<Map.Entry<Map<String, Object>, SocketAdmin>> all = admins;
        if (all.isEmpty()) {
            throw new IllegalStateException(NO_PROVIDER);
        }
        List<OpenSocket> rows = new ArrayList<>();
        for (Map.Entry<Map<String, Object>, SocketAdmin> a : all) {
            String provider = String.valueOf(a.getKey().getOrDefault(PROVIDER, a.getValue().provider()));
            for (SocketInfo i : a.getValue().sockets()) {
                rows.add(OpenSocket.of(i, provider));
            }
        }
        rows.sort(Comparator.comparingInt(OpenSocket::fd));
        return new SocketList(rows);
    }

    @Descriptor("list the registered socket providers (none is an empty list): service id, provider, "
            + "service.ranking, bundle; * marks the one these commands use")
    public List<ProviderInfo> providers() {
        Map.Entry<Map<String, Object>, SocketModule> used = propertiesAndModule;
        Object usedId = used == null ? null : used.getKey().get(Constants.SERVICE_ID);
        List<ServiceReference<SocketModule>> refs = new ArrayList<>(providers);
        // highest ranking first, then the oldest: the order in which DS picks
        refs.sort(Comparator.reverseOrder());
        List<ProviderInfo> rows = new ArrayList<>();
        for (ServiceReference<SocketModule> r : refs) {
            Object id = r.getProperty(Constants.SERVICE_ID);
            Object ranking = r.getProperty(Constants.SERVICE_RANKING);
            Bundle b = r.getBundle();
            rows.add(new ProviderInfo(((Number) id).longValue(), String.valueOf(r.getProperty(PROVIDER)),
                    ranking instanceof Integer i ? i : 0,
                    b == null ? "(unregistered)" : b.getSymbolicName() + " [" + b.getBundleId() + "]",
                    String.valueOf(r.getProperty(Constants.SERVICE_SCOPE)), Objects.equals(id, usedId)));
        }
        return rows;
    }
}
