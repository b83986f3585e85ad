package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.HostEntry;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketPair;
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
     * ones. DS calls it on deactivation ({@link #deactivate()}); outside OSGi, the owner of the
     * instance does.
     */
    @Override
    public void close() {
        registry.closeAll();
    }

    /**
     * DS's deactivate method. Not {@code close} itself: DS also accepts a deactivate method that
     * takes an {@code int} (the deactivation reason) and prefers it over the one without
     * arguments, so it would call the module function {@code close(int fd)} with the reason as
     * a descriptor.
     */
    @Deactivate
    void deactivate() {
        close();
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

    // ---- CPython 3 superset (issue: superset): descriptors ----

    @Override
    public SocketPair socketpair(int family, int type, int proto) throws SocketException {
        if (registry.isClosed()) {
            throw new SocketException("socketpair", 0, "socket provider stopped");
        }
        Scratch s = Scratch.get();
        int fd0;
        int fd1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sv = arena.allocate(JAVA_INT, 2);
            if (Libc.socketpair(s.state, family, type | NativeSocket.TYPE_FLAGS, proto, sv) < 0) {
                throw Errors.of("socketpair", s.errno());
            }
            fd0 = sv.getAtIndex(JAVA_INT, 0);
            fd1 = sv.getAtIndex(JAVA_INT, 1);
        }
        long timeout = registry.defaultTimeoutNanos();
        NativeSocket a;
        try {
            a = new NativeSocket(registry, fd0, family, type, proto, timeout);
        } catch (SocketException stopped) { // the registry closed fd0; fd1 is still ours
            Libc.close(s.state, fd1);
            throw stopped;
        }
        try {
            return new SocketPair(a, new NativeSocket(registry, fd1, family, type, proto, timeout));
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
        int flags = Libc.fcntl(s.state, fileno, Libc.F_GETFL, 0);
        if (flags < 0 || Libc.fcntl(s.state, fileno, Libc.F_SETFL, flags | Libc.O_NONBLOCK) < 0) {
            throw Errors.of("socket", s.errno());
        }
        return new NativeSocket(registry, fileno, family, type, proto, registry.defaultTimeoutNanos());
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
