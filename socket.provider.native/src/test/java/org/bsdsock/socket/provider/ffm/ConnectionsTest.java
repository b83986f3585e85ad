package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_INET6;
import static org.bsdsock.socket.api.SocketConstants.IPPROTO_IPV6;
import static org.bsdsock.socket.api.SocketConstants.IPPROTO_TCP;
import static org.bsdsock.socket.api.SocketConstants.IPPROTO_UDP;
import static org.bsdsock.socket.api.SocketConstants.IPV6_V6ONLY;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.bsdsock.socket.api.SocketConstants.SO_ACCEPTCONN;
import static org.bsdsock.socket.api.SocketConstants.SO_REUSEADDR;
import static org.bsdsock.socket.api.SocketConstants.SO_REUSEPORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.AddrInfo;
import org.bsdsock.socket.api.AggregateSocketException;
import org.bsdsock.socket.api.ConnectionRefusedException;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketTimeoutException;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code create_connection}, {@code create_server}, {@code has_dualstack_ipv6}: the cases of
 * CPython's {@code NetworkConnectionNoServer}, {@code NetworkConnectionAttributesTest},
 * {@code CreateServerTest} and {@code CreateServerFunctionalTest}, named after them, on
 * loopback addresses only (the dual-stack server binds {@code ::ffff:127.0.0.1}, not the
 * wildcard CPython uses).
 */
@Tag("unit")
class ConnectionsTest {
    /** CPython's {@code socket_helper.HOST}: answered from /etc/hosts. */
    private static final String HOST = "localhost";

    private final NativeSocketModule provider = TestEngine.module();
    private final SocketModule module = provider;

    @AfterEach
    void stop() {
        provider.close();
        assertEquals(0, provider.openSockets());
    }

    /** CPython's {@code socket_helper.find_unused_port}: a port nobody listens on right now. */
    private int unusedPort() throws SocketException {
        try (SocketType probe = module.socket(AF_INET, SOCK_STREAM)) {
            probe.bind(new InetAddr("127.0.0.1", 0));
            return ((InetAddr) probe.getsockname()).port();
        }
    }

    private static int port(SockAddr a) {
        return a instanceof Inet6Addr a6 ? a6.port() : ((InetAddr) a).port();
    }

    /** Accepts one connection in the background and closes it, as CPython's {@code _justAccept}. */
    private static CompletableFuture<SockAddr> justAccept(SocketType server) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Accepted a = server.accept();
                a.conn().close();
                return a.address();
            } catch (SocketException e) {
                throw new RuntimeException(e);
            }
        });
    }

    // ---- create_connection: NetworkConnectionNoServer -----------------------------------------

    /** CPython {@code test_create_connection}: the last attempt's error, with its errno. */
    @Test
    void test_create_connection() throws SocketException {
        int port = unusedPort();
        ConnectionRefusedException e = assertThrows(ConnectionRefusedException.class,
                () -> module.create_connection(new InetAddr(HOST, port)));
        assertEquals(Errno.ECONNREFUSED, e.errno());
    }

    /** CPython {@code test_create_connection_all_errors}: one error per getaddrinfo answer. */
    @Test
    void test_create_connection_all_errors() throws SocketException {
        int port = unusedPort();
        AggregateSocketException eg = assertThrows(AggregateSocketException.class,
                () -> module.create_connection(new InetAddr(HOST, port), 10.0, null, true));
        List<AddrInfo> addresses = module.getaddrinfo(HOST, port, 0, SOCK_STREAM);
        assertEquals(addresses.size(), eg.exceptions().size());
        for (SocketException e : eg.exceptions()) {
            assertInstanceOf(ConnectionRefusedException.class, e);
        }
        assertEquals(eg.exceptions(), List.of(eg.getSuppressed()));
        assertEquals(0, eg.errno());
        int n = eg.exceptions().size();
        assertEquals("create_connection(..) failed: " + n + (n == 1 ? " sub-exception" : " sub-exceptions"),
                eg.getMessage());
    }

    /**
     * CPython {@code test_create_connection_timeout}: a timeout stays a timeout. The listener's
     * accept queue (backlog 0) is filled first, so the kernel drops the next SYN.
     */
    @Test
    void test_create_connection_timeout() throws SocketException {
        List<SocketType> fillers = new ArrayList<>();
        try (SocketType listener = module.socket(AF_INET, SOCK_STREAM)) {
            listener.bind(new InetAddr("127.0.0.1", 0));
            listener.listen(0);
            SockAddr address = listener.getsockname();
            boolean full = false;
            for (int i = 0; i < 8 && !full; i++) {
                SocketType c = module.socket(AF_INET, SOCK_STREAM);
                fillers.add(c);
                c.settimeout(0.2);
                try {
                    c.connect(address);
                } catch (SocketTimeoutException queueFull) {
                    full = true;
                }
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(full, "the kernel kept accepting past backlog 0");
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                    () -> module.create_connection(new InetAddr("127.0.0.1", port(address)), 0.2));
            assertEquals(Errno.ETIMEDOUT, e.errno());
            assertEquals("connect(..) failed: timed out", e.getMessage());
        } finally {
            fillers.forEach(SocketType::close);
        }
    }

    /**
     * Each answer is tried in order: a module whose getaddrinfo gives two answers, the first of
     * which cannot even make a socket (TCP over UDP's protocol number). Only the last error is
     * raised, unless all_errors; every failed attempt's socket is closed.
     */
    @Test
    void eachAnswerIsTriedInOrderAndOnlyTheLastErrorIsRaised() throws Exception {
        try (SocketType server = module.create_server(new InetAddr("127.0.0.1", 0))) {
            int port = port(server.getsockname());
            AddrInfo impossible = new AddrInfo(AF_INET, SOCK_STREAM, IPPROTO_UDP, "", new InetAddr("127.0.0.1", port));
            AddrInfo good = new AddrInfo(AF_INET, SOCK_STREAM, IPPROTO_TCP, "", new InetAddr("127.0.0.1", port));
            SocketModule twoAnswers = answering(List.of(impossible, good));
            CompletableFuture<SockAddr> accepted = justAccept(server);
            try (SocketType c = twoAnswers.create_connection(new InetAddr("example.invalid", port), 10.0)) {
                assertEquals(c.getsockname(), accepted.get(10, TimeUnit.SECONDS));
            }
            int unused = unusedPort();
            AddrInfo refused = new AddrInfo(AF_INET, SOCK_STREAM, IPPROTO_TCP, "", new InetAddr("127.0.0.1", unused));
            SocketModule bothFail = answering(List.of(impossible, refused));
            assertThrows(ConnectionRefusedException.class,
                    () -> bothFail.create_connection(new InetAddr("example.invalid", unused), 10.0));
            AggregateSocketException eg = assertThrows(AggregateSocketException.class,
                    () -> bothFail.create_connection(new InetAddr("example.invalid", unused), 10.0, null, true));
            assertEquals(Errno.EPROTONOSUPPORT, eg.exceptions().get(0).errno());
            assertInstanceOf(ConnectionRefusedException.class, eg.exceptions().get(1));
            assertEquals(1, provider.openSockets()); // the server only
        }
    }

    /** The provider, but with a getaddrinfo that gives {@code answers} without any lookup. */
    private SocketModule answering(List<AddrInfo> answers) {
        return (SocketModule) Proxy.newProxyInstance(SocketModule.class.getClassLoader(),
                new Class<?>[] {SocketModule.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getaddrinfo")) {
                        return answers;
                    }
                    if (method.getName().equals("create_connection") && args.length == 4) {
                        return Connections.create_connection((SocketModule) proxy, (SockAddr) args[0],
                                (Double) args[1], (SockAddr) args[2], (Boolean) args[3]);
                    }
                    if (method.isDefault()) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    try {
                        return method.invoke(provider, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void badArgumentsFailBeforeAnySocketIsMade() {
        assertThrows(IllegalArgumentException.class, () -> module.create_connection(UnixAddr.of("/tmp/x"), 1.0));
        assertThrows(IllegalArgumentException.class, () -> module.create_connection(new InetAddr(HOST, 1), -1.0));
        assertThrows(IllegalArgumentException.class, () -> module.create_connection(new InetAddr(HOST, 1), Double.NaN));
        assertThrows(NullPointerException.class, () -> module.create_connection(null));
        assertEquals(0, provider.openSockets());
    }

    // ---- create_connection: NetworkConnectionAttributesTest ------------------------------------

    /** CPython {@code testFamily}. */
    @Test
    void testFamily() throws Exception {
        try (SocketType server = module.create_server(new InetAddr("127.0.0.1", 0))) {
            CompletableFuture<SockAddr> accepted = justAccept(server);
            try (SocketType cli = module.create_connection(new InetAddr(HOST, port(server.getsockname())), 10.0)) {
                assertEquals(AF_INET, cli.family());
                assertEquals(SOCK_STREAM, cli.type());
                assertEquals(cli.getsockname(), accepted.get(10, TimeUnit.SECONDS));
            }
        }
    }

    /** CPython {@code testSourceAddress}: the bind happened, the port tells. */
    @Test
    void testSourceAddress() throws Exception {
        try (SocketType server = module.create_server(new InetAddr("127.0.0.1", 0))) {
            CompletableFuture<SockAddr> accepted = justAccept(server);
            int sourcePort = unusedPort();
            try (SocketType cli = module.create_connection(new InetAddr(HOST, port(server.getsockname())), 10.0,
                    new InetAddr("127.0.0.1", sourcePort))) {
                assertEquals(sourcePort, port(cli.getsockname()));
                assertEquals(new InetAddr("127.0.0.1", sourcePort), accepted.get(10, TimeUnit.SECONDS));
            }
        }
    }

    /** CPython {@code testTimeoutDefault}, {@code testTimeoutNone}, {@code testTimeoutValueNamed}. */
    @Test
    void testTimeoutDefaultNoneAndValue() throws Exception {
        try (SocketType server = module.create_server(new InetAddr("127.0.0.1", 0), AF_INET, 5, false, false)) {
            InetAddr address = new InetAddr(HOST, port(server.getsockname()));
            module.setdefaulttimeout(42.0);
            try (SocketType byDefault = module.create_connection(address);
                    SocketType none = module.create_connection(address, null);
                    SocketType thirty = module.create_connection(address, 30.0)) {
                assertEquals(42.0, byDefault.gettimeout());
                assertNull(none.gettimeout());
                assertEquals(30.0, thirty.gettimeout());
                for (int i = 0; i < 3; i++) {
                    server.accept().conn().close(); // the backlog of 5 held all three
                }
            } finally {
                module.setdefaulttimeout(null);
            }
        }
    }

    @Test
    void createConnectionOverIpv6WithATwoTupleSource() throws Exception {
        Loopback6.assumeEnabled(module);
        try (SocketType server = module.create_server(new Inet6Addr("::1", 0))) {
            CompletableFuture<SockAddr> accepted = justAccept(server);
            // an InetAddr source serves an AF_INET6 attempt, as CPython's 2-tuple does
            try (SocketType cli = module.create_connection(new Inet6Addr("::1", port(server.getsockname())), 10.0,
                    new InetAddr("::1", 0))) {
                assertEquals(AF_INET6, cli.family());
                assertEquals(cli.getsockname(), accepted.get(10, TimeUnit.SECONDS));
            }
        }
    }

    // ---- create_server: CreateServerTest --------------------------------------------------------

    /** CPython {@code test_address}. */
    @Test
    void test_address() throws SocketException {
        int port = unusedPort();
        try (SocketType sock = module.create_server(new InetAddr("127.0.0.1", port))) {
            assertEquals(new InetAddr("127.0.0.1", port), sock.getsockname());
        }
        Loopback6.assumeEnabled(module);
        try (SocketType sock = module.create_server(new Inet6Addr("::1", 0), AF_INET6)) {
            assertEquals("::1", ((Inet6Addr) sock.getsockname()).host());
        }
    }

    /** CPython {@code test_family_and_type}, and what create_server sets up. */
    @Test
    void test_family_and_type() throws SocketException {
        try (SocketType sock = module.create_server(new InetAddr("127.0.0.1", 0))) {
            assertEquals(AF_INET, sock.family());
            assertEquals(SOCK_STREAM, sock.type());
            assertNotEquals(0, sock.getsockopt(SOL_SOCKET, SO_REUSEADDR)); // as on every POSIX system
            assertEquals(1, sock.getsockopt(SOL_SOCKET, SO_ACCEPTCONN));
        }
        Loopback6.assumeEnabled(module);
        try (SocketType s = module.create_server(new Inet6Addr("::1", 0), AF_INET6)) {
            assertEquals(AF_INET6, s.family());
            assertEquals(SOCK_STREAM, s.type());
        }
    }

    /** CPython {@code test_reuse_port}. */
    @Test
    void test_reuse_port() throws SocketException {
        try (SocketType sock = module.create_server(new InetAddr(HOST, 0))) {
            assertEquals(0, sock.getsockopt(SOL_SOCKET, SO_REUSEPORT));
        }
        try (SocketType sock = module.create_server(new InetAddr(HOST, 0), AF_INET, null, true, false)) {
            assertNotEquals(0, sock.getsockopt(SOL_SOCKET, SO_REUSEPORT));
            // the point of it: a second server on the same port
            try (SocketType twin = module.create_server(sock.getsockname(), AF_INET, null, true, false)) {
                assertEquals(sock.getsockname(), twin.getsockname());
            }
        }
    }

    /** CPython {@code test_ipv6_only_default}. */
    @Test
    void test_ipv6_only_default() throws SocketException {
        Loopback6.assumeEnabled(module);
        try (SocketType sock = module.create_server(new Inet6Addr("::1", 0), AF_INET6)) {
            assertNotEquals(0, sock.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY));
        }
    }

    /** CPython {@code test_dualstack_ipv6_family}. */
    @Test
    void test_dualstack_ipv6_family() throws SocketException {
        Loopback6.assumeEnabled(module);
        org.junit.jupiter.api.Assumptions.assumeTrue(module.has_dualstack_ipv6(), "dualstack_ipv6 not supported");
        try (SocketType sock = module.create_server(new Inet6Addr("::1", 0), AF_INET6, null, false, true)) {
            assertEquals(AF_INET6, sock.family());
        }
        // Linux itself sets V6ONLY when a socket binds a specific IPv6 address (inet6_bind), so
        // the option create_server cleared shows only on the wildcard or an IPv4-mapped address.
        try (SocketType sock = module.create_server(new Inet6Addr("::ffff:127.0.0.1", 0), AF_INET6, null, false, true)) {
            assertEquals(0, sock.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY));
        }
    }

    /** CPython {@code test_has_dualstack_ipv6} (test_socket checks it through the tests it gates). */
    @Test
    void test_has_dualstack_ipv6() {
        // Linux has IPV6_V6ONLY; where IPv6 is configured the option can be cleared
        boolean v6;
        try (SocketType s = module.socket(AF_INET6, SOCK_STREAM)) {
            v6 = true;
        } catch (SocketException e) {
            v6 = false;
        }
        assertEquals(v6, module.has_dualstack_ipv6());
        assertEquals(0, provider.openSockets()); // the probe socket is closed
    }

    @Test
    void create_serverChecksItsArgumentsBeforeAnySocket() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> module.create_server(new InetAddr("127.0.0.1", 0), AF_INET, null, false, true));
        assertEquals("dualstack_ipv6 requires AF_INET6 family", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> module.create_server(new Inet6Addr("::1", 0), AF_INET));
        assertThrows(IllegalArgumentException.class, () -> module.create_server(new InetAddr("127.0.0.1", 0), AF_INET6));
        assertEquals(0, provider.openSockets());
    }

    /** A bind failure keeps its errno and names the address, as CPython's message does. */
    @Test
    void aBindFailureNamesTheAddress() throws SocketException {
        try (SocketType first = module.create_server(new InetAddr("127.0.0.1", 0))) {
            SockAddr taken = first.getsockname();
            SocketException e = assertThrows(SocketException.class, () -> module.create_server(taken));
            assertEquals(Errno.EADDRINUSE, e.errno());
            assertEquals("Address already in use (while attempting to bind on address " + taken + ")", e.strerror());
            assertEquals(1, provider.openSockets()); // the failed server's socket is closed
        }
    }

    // ---- create_server: CreateServerFunctionalTest ----------------------------------------------

    /** CPython's {@code echo_server}: one connection, one message echoed back. */
    private static CompletableFuture<Void> echoServer(SocketType sock) {
        return CompletableFuture.runAsync(() -> {
            try {
                Accepted a = sock.accept();
                try (SocketType conn = a.conn()) {
                    conn.settimeout(10.0);
                    byte[] msg = conn.recv(1024);
                    if (msg.length > 0) {
                        conn.sendall(msg);
                    }
                }
            } catch (SocketException e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** CPython's {@code echo_client}. */
    private void echoClient(SockAddr addr, int family) throws SocketException {
        try (SocketType sock = module.socket(family, SOCK_STREAM)) {
            sock.settimeout(10.0);
            sock.connect(addr);
            sock.sendall("foo".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals("foo".getBytes(StandardCharsets.US_ASCII), sock.recv(1024));
        }
    }

    /** CPython {@code test_tcp4}. */
    @Test
    void test_tcp4() throws Exception {
        try (SocketType sock = module.create_server(new InetAddr("127.0.0.1", 0))) {
            sock.settimeout(10.0);
            CompletableFuture<Void> server = echoServer(sock);
            echoClient(new InetAddr("127.0.0.1", port(sock.getsockname())), AF_INET);
            server.get(10, TimeUnit.SECONDS);
        }
    }

    /** CPython {@code test_tcp6}. */
    @Test
    void test_tcp6() throws Exception {
        Loopback6.assumeEnabled(module);
        try (SocketType sock = module.create_server(new Inet6Addr("::1", 0), AF_INET6)) {
            sock.settimeout(10.0);
            CompletableFuture<Void> server = echoServer(sock);
            echoClient(new Inet6Addr("::1", port(sock.getsockname())), AF_INET6);
            server.get(10, TimeUnit.SECONDS);
        }
    }

    /** CPython {@code test_dual_stack_client_v4}, on the IPv4-mapped loopback instead of the wildcard. */
    @Test
    void test_dual_stack_client_v4() throws Exception {
        Loopback6.assumeEnabled(module);
        org.junit.jupiter.api.Assumptions.assumeTrue(module.has_dualstack_ipv6(), "dualstack_ipv6 not supported");
        try (SocketType sock = module.create_server(new Inet6Addr("::ffff:127.0.0.1", 0), AF_INET6, null, false, true)) {
            sock.settimeout(10.0);
            CompletableFuture<Void> server = echoServer(sock);
            echoClient(new InetAddr("127.0.0.1", port(sock.getsockname())), AF_INET);
            server.get(10, TimeUnit.SECONDS);
        }
    }

    /** CPython {@code test_dual_stack_client_v6}, on {@code ::1} instead of the wildcard. */
    @Test
    void test_dual_stack_client_v6() throws Exception {
        Loopback6.assumeEnabled(module);
        org.junit.jupiter.api.Assumptions.assumeTrue(module.has_dualstack_ipv6(), "dualstack_ipv6 not supported");
        try (SocketType sock = module.create_server(new Inet6Addr("::1", 0), AF_INET6, null, false, true)) {
            sock.settimeout(10.0);
            CompletableFuture<Void> server = echoServer(sock);
            echoClient(new Inet6Addr("::1", port(sock.getsockname())), AF_INET6);
            server.get(10, TimeUnit.SECONDS);
        }
    }
}
