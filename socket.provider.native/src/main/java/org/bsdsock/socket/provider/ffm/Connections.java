package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_INET6;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.IPPROTO_IPV6;
import static org.bsdsock.socket.api.SocketConstants.IPV6_V6ONLY;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.bsdsock.socket.api.SocketConstants.SOMAXCONN;
import static org.bsdsock.socket.api.SocketConstants.SO_REUSEADDR;
import static org.bsdsock.socket.api.SocketConstants.SO_REUSEPORT;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bsdsock.socket.api.AddrInfo;
import org.bsdsock.socket.api.AddressInfoException;
import org.bsdsock.socket.api.AggregateSocketException;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.NetlinkAddr;
import org.bsdsock.socket.api.PacketAddr;
import org.bsdsock.socket.api.RawAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;
import org.bsdsock.socket.api.VsockAddr;

/**
 * CPython 3.11's {@code socket.py} conveniences, {@code create_connection},
 * {@code create_server} and {@code has_dualstack_ipv6}, written on the module's own calls in
 * the same steps, so that they fail in the same ways. Arguments are checked before the first
 * system call.
 */
final class Connections {
    private Connections() {
    }

    /** CPython's {@code listen()} backlog when none is given: {@code min(SOMAXCONN, 128)}. */
    static final int DEFAULT_BACKLOG = Math.min(SOMAXCONN, 128);

    static SocketType create_connection(SocketModule module, SockAddr address, Double timeout,
            SockAddr source_address, boolean all_errors) throws SocketException {
        // CPython: host, port = address
        String host;
        int port;
        switch (Objects.requireNonNull(address, "address")) {
            case InetAddr a -> {
                host = a.host();
                port = a.port();
            }
            case Inet6Addr a -> {
                host = a.host();
                port = a.port();
            }
            case UnixAddr u -> throw new IllegalArgumentException(
                    "create_connection needs a (host, port) address, an InetAddr or Inet6Addr, not " + u);
            default -> throw new IllegalArgumentException(
                    "create_connection needs a (host, port) address, an InetAddr or Inet6Addr, not " + address);
        }
        Timeouts.toNanos(timeout); // a bad timeout fails here, before any socket exists
        List<SocketException> exceptions = new ArrayList<>();
        for (AddrInfo res : module.getaddrinfo(host, port, 0, SOCK_STREAM)) {
            SocketType sock = null;
            boolean connected = false;
            try {
                sock = module.socket(res.family(), res.type(), res.proto());
                sock.settimeout(timeout);
                if (source_address != null) {
                    sock.bind(source(res.family(), source_address));
                }
                sock.connect(res.sockaddr());
                connected = true;
                return sock;
            } catch (SocketException exc) {
                if (!all_errors) {
                    exceptions.clear(); // raise only the last error
                }
                exceptions.add(exc);
            } finally {
                if (!connected && sock != null) {
                    sock.close();
                }
            }
        }
        if (exceptions.isEmpty()) {
            // getaddrinfo never answers with an empty list; CPython guards against it anyway
            throw Errors.failure("create_connection", "getaddrinfo returns an empty list");
        }
        if (!all_errors) {
            throw exceptions.get(0);
        }
        throw new AggregateSocketException("create_connection", exceptions);
    }

    /**
     * The source address for an attempt of {@code family}: CPython binds its 2-tuple to a socket
     * of either family, so an {@link InetAddr} serves an {@code AF_INET6} attempt as
     * {@code (host, port, 0, 0)}.
     */
    private static SockAddr source(int family, SockAddr source) {
        if (family == AF_INET6 && source instanceof InetAddr a) {
            return new Inet6Addr(a.host(), a.port());
        }
        return source;
    }

    static SocketType create_server(SocketModule module, SockAddr address, int family, Integer backlog,
            boolean reuse_port, boolean dualstack_ipv6) throws SocketException {
        Objects.requireNonNull(address, "address");
        checkFits(address, family);
        if (reuse_port && SocketConstants.lookup("SO_REUSEPORT").isEmpty()) {
            throw new IllegalArgumentException("SO_REUSEPORT not supported on this platform");
        }
        if (dualstack_ipv6) {
            // CPython asks the platform first; the argument check needs no socket, so it goes first here.
            if (family != AF_INET6) {
                throw new IllegalArgumentException("dualstack_ipv6 requires AF_INET6 family");
            }
            if (!has_dualstack_ipv6(module)) {
                throw new IllegalArgumentException("dualstack_ipv6 not supported on this platform");
            }
        }
        SocketType sock = module.socket(family, SOCK_STREAM);
        boolean listening = false;
        try {
            try {
                sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
            } catch (SocketException e) {
                // CPython: fail later on bind(), for platforms which may not support this option
            }
            if (reuse_port) {
                sock.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1);
            }
            if (family == AF_INET6) {
                sock.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, dualstack_ipv6 ? 0 : 1);
            }
            try {
                sock.bind(address);
            } catch (SocketException err) {
                throw bindError(err, address);
            }
            sock.listen(backlog == null ? DEFAULT_BACKLOG : backlog);
            listening = true;
            return sock;
        } finally {
            if (!listening) {
                sock.close();
            }
        }
    }

    /** CPython: {@code '%s (while attempting to bind on address %r)' % (err.strerror, address)}, same errno. */
    private static SocketException bindError(SocketException err, SockAddr address) {
        String text = err.strerror() + " (while attempting to bind on address " + address + ")";
        SocketException e = err instanceof AddressInfoException
                ? new AddressInfoException(err.call(), err.errno(), text)
                : SocketException.of(err.call(), err.errno(), text);
        e.initCause(err);
        return e;
    }

    /** An address of another family's type would fail in bind, after the socket exists. */
    private static void checkFits(SockAddr address, int family) {
        boolean fits = switch (address) {
            case InetAddr a -> family == AF_INET;
            case Inet6Addr a -> family == AF_INET6;
            case UnixAddr a -> family == AF_UNIX;
            case NetlinkAddr a -> family == SocketConstants.AF_NETLINK;
            case PacketAddr a -> family == SocketConstants.AF_PACKET;
            case VsockAddr a -> family == SocketConstants.AF_VSOCK;
            case RawAddr a -> true; // the kernel judges a raw address
        };
        if (!fits) {
            throw new IllegalArgumentException("address " + address + " does not fit address family " + family);
        }
    }

    static boolean has_dualstack_ipv6(SocketModule module) {
        if (SocketConstants.lookup("IPPROTO_IPV6").isEmpty() || SocketConstants.lookup("IPV6_V6ONLY").isEmpty()) {
            return false;
        }
        try (SocketType sock = module.socket(AF_INET6, SOCK_STREAM)) {
            sock.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0);
            return true;
        } catch (SocketException e) {
            return false;
        }
    }
}
