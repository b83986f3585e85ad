package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_INET6;
import static org.bsdsock.socket.api.SocketConstants.IPPROTO_IPV6;
import static org.bsdsock.socket.api.SocketConstants.IPV6_V6ONLY;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.Received;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code AF_INET6} sockets on {@code ::1}: the {@code sockaddr_in6} encoding, TCP and UDP
 * exchanges, {@code IPV6_V6ONLY} on and off (a dual-stack socket bound to the IPv4-mapped
 * loopback {@code ::ffff:127.0.0.1} accepting an IPv4 client). Loopback addresses only; the
 * socket tests skip, visibly, where {@code ::1} is not configured.
 */
@Tag("unit")
class Ipv6SocketTest {
    private final NativeSocketModule provider = TestEngine.module();
    private final SocketModule module = provider;

    @AfterEach
    void stop() {
        provider.close();
        assertEquals(0, provider.openSockets());
    }

    // ---- sockaddr_in6 ---------------------------------------------------------------------

    @Test
    void sockaddrIn6FieldsAreInTheirByteOrders() throws SocketException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(Scratch.SOCKADDR_STORAGE_SIZE, 8);
            Inet6Addr a = new Inet6Addr("fe80::1:2", 0x1234, 0xABCDE, 0xFFFF_FFFEL);
            assertEquals(28, SockAddrs.encode(AF_INET6, a, sa, null));
            assertEquals(AF_INET6, sa.get(ValueLayout.JAVA_SHORT, 0));
            assertEquals(0x12, sa.get(ValueLayout.JAVA_BYTE, 2)); // sin6_port: network order
            assertEquals(0xABCDE, sa.get(ValueLayout.JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 4));
            assertEquals((byte) 0xfe, sa.get(ValueLayout.JAVA_BYTE, 8));
            assertEquals(2, sa.get(ValueLayout.JAVA_BYTE, 23));
            assertEquals(0xFFFF_FFFE, sa.get(ValueLayout.JAVA_INT, 24)); // sin6_scope_id: host order
            assertEquals(a, SockAddrs.decode(sa, 28));
        }
    }

    @Test
    void theEmptyHostIsIn6addrAny() throws SocketException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(Scratch.SOCKADDR_STORAGE_SIZE, 8).fill((byte) 0x55);
            SockAddrs.encode(AF_INET6, new Inet6Addr(Inet6Addr.ANY, 7), sa, null);
            assertArrayEquals(new byte[16], sa.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE));
            assertEquals(new Inet6Addr("::", 7), SockAddrs.decode(sa, 28));
        }
    }

    @Test
    void anIpv4MappedAddressDecodesAsCPythonShowsIt() throws SocketException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(Scratch.SOCKADDR_STORAGE_SIZE, 8);
            SockAddrs.encode(AF_INET6, new Inet6Addr("::FFFF:7f00:1", 80), sa, null);
            assertEquals(new Inet6Addr("::ffff:127.0.0.1", 80), SockAddrs.decode(sa, 28));
        }
    }

    @Test
    void aZoneInTheHostIsResolvedButTheScopeIsTheAddresssAsInCPython() throws SocketException {
        // "fe80::1%1" is numeric: getaddrinfo parses it without any lookup
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(Scratch.SOCKADDR_STORAGE_SIZE, 8);
            SockAddrs.encode(AF_INET6, new Inet6Addr("fe80::1%1", 80), sa, null);
            assertEquals(new Inet6Addr("fe80::1", 80, 0, 0), SockAddrs.decode(sa, 28));
            SockAddrs.encode(AF_INET6, new Inet6Addr("fe80::1%1", 80, 0, 3), sa, null);
            assertEquals(new Inet6Addr("fe80::1", 80, 0, 3), SockAddrs.decode(sa, 28));
        }
    }

    /** CPython {@code test_flowinfo}: out-of-range fields fail before any call. */
    @Test
    void test_flowinfo() {
        assertThrows(IllegalArgumentException.class, () -> new Inet6Addr(Loopback6.HOST, 0, 0x100000, 0));
        assertThrows(IllegalArgumentException.class, () -> new Inet6Addr(Loopback6.HOST, 0, -10, 0));
        assertThrows(IllegalArgumentException.class, () -> new Inet6Addr(Loopback6.HOST, 0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new Inet6Addr(Loopback6.HOST, 0, 0, 1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new Inet6Addr(Loopback6.HOST, 65536));
        assertThrows(NullPointerException.class, () -> new Inet6Addr(null, 0));
        assertEquals("[::1]:80", new Inet6Addr("::1", 80).toString());
        assertEquals("[fe80::1%2]:80", new Inet6Addr("fe80::1", 80, 0, 2).toString());
    }

    @Test
    void anAddressOfAnotherFamilyIsRefusedBeforeAnyCall() throws SocketException {
        try (SocketType s6 = module.socket(AF_INET6, SOCK_STREAM);
                SocketType s4 = module.socket(AF_INET, SOCK_STREAM)) {
            assertThrows(IllegalArgumentException.class, () -> s6.bind(new InetAddr("127.0.0.1", 0)));
            assertThrows(IllegalArgumentException.class, () -> s4.bind(new Inet6Addr("::1", 0)));
            // as CPython's setipaddr: the seed's broadcast host has no IPv6 meaning
            SocketException e = assertThrows(SocketException.class, () -> s6.bind(new Inet6Addr("<broadcast>", 0)));
            assertEquals("address family mismatched", e.strerror());
            assertEquals(0, e.errno());
        }
    }

    // ---- sockets on ::1 ---------------------------------------------------------------------

    /** CPython {@code test_socket_fileno}'s IPv6 case: bind {@code (HOSTv6, 0, 0, 0)}. */
    @Test
    void testSockNameIPv6() throws SocketException {
        Loopback6.assumeEnabled(module);
        try (SocketType s = module.socket(AF_INET6, SOCK_STREAM)) {
            s.bind(new Inet6Addr(Loopback6.HOST, 0, 0, 0));
            Inet6Addr name = (Inet6Addr) s.getsockname();
            assertEquals("::1", name.host());
            assertTrue(name.port() > 0, name.toString());
            assertEquals(0, name.flowinfo());
            assertEquals(0, name.scope_id());
            assertEquals(AF_INET6, s.family());
        }
    }

    /** An exchange over TCP on {@code ::1}: accept, getpeername and getsockname agree. */
    @Test
    void tcpExchangeOnIpv6Loopback() throws SocketException {
        Loopback6.assumeEnabled(module);
        try (SocketType listener = module.socket(AF_INET6, SOCK_STREAM)) {
            listener.bind(new Inet6Addr(Loopback6.HOST, 0));
            listener.listen(1);
            try (SocketType client = module.socket(AF_INET6, SOCK_STREAM)) {
                client.settimeout(10.0);
                client.connect(listener.getsockname());
                Accepted a = listener.accept();
                try (SocketType conn = a.conn()) {
                    assertEquals(client.getsockname(), a.address());
                    assertEquals(new Inet6Addr("::1", ((Inet6Addr) a.address()).port()), a.address());
                    assertEquals(listener.getsockname(), client.getpeername());
                    byte[] hello = "Hello, IPv6".getBytes(StandardCharsets.US_ASCII);
                    client.sendall(hello);
                    assertArrayEquals(hello, conn.recv(1024));
                    conn.sendall(hello);
                    assertArrayEquals(hello, client.recv(1024));
                }
            }
        }
    }

    /** CPython {@code testSendtoAndRecv} on UDP over IPv6 ({@code UDP6TestBase}). */
    @Test
    void testSendtoAndRecv() throws SocketException {
        Loopback6.assumeEnabled(module);
        try (SocketType serv = module.socket(AF_INET6, SOCK_DGRAM);
                SocketType cli = module.socket(AF_INET6, SOCK_DGRAM)) {
            serv.bind(new Inet6Addr(Loopback6.HOST, 0));
            cli.bind(new Inet6Addr(Loopback6.HOST, 0));
            serv.settimeout(10.0);
            byte[] msg = "Michael Gilfix was here\n".getBytes(StandardCharsets.US_ASCII);
            assertEquals(msg.length, cli.sendto(msg, serv.getsockname()));
            Received r = serv.recvfrom(1024);
            assertArrayEquals(msg, r.data());
            SockAddr from = r.address();
            assertEquals(cli.getsockname(), from);
            serv.sendto(msg, from);
            cli.settimeout(10.0);
            assertArrayEquals(msg, cli.recv(1024));
        }
    }

    /** CPython {@code test_ipv6_only_default}'s option, set both ways through setsockopt. */
    @Test
    void v6onlyReadsBackAsSet() throws SocketException {
        Loopback6.assumeEnabled(module);
        try (SocketType s = module.socket(AF_INET6, SOCK_STREAM)) {
            s.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 1);
            assertNotEquals(0, s.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY));
            s.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0);
            assertEquals(0, s.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY));
        }
    }

    @Test
    void aV6onlySocketCannotBindAnIpv4MappedAddress() throws SocketException {
        Loopback6.assumeEnabled(module);
        try (SocketType s = module.socket(AF_INET6, SOCK_STREAM)) {
            s.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 1);
            SocketException e = assertThrows(SocketException.class, () -> s.bind(new Inet6Addr("::ffff:127.0.0.1", 0)));
            assertEquals(Errno.EINVAL, e.errno());
        }
    }

    /** Dual stack: with V6ONLY 0 an IPv6 socket accepts an IPv4 client, seen as {@code ::ffff:127.0.0.1}. */
    @Test
    void aDualStackSocketAcceptsAnIpv4Client() throws SocketException {
        Loopback6.assumeEnabled(module);
        try (SocketType listener = module.socket(AF_INET6, SOCK_STREAM)) {
            listener.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0);
            listener.bind(new Inet6Addr("::ffff:127.0.0.1", 0));
            listener.listen(1);
            int port = ((Inet6Addr) listener.getsockname()).port();
            assertEquals(new Inet6Addr("::ffff:127.0.0.1", port), listener.getsockname());
            try (SocketType client = module.socket(AF_INET, SOCK_STREAM)) {
                client.settimeout(10.0);
                client.connect(new InetAddr("127.0.0.1", port));
                Accepted a = listener.accept();
                try (SocketType conn = a.conn()) {
                    int clientPort = ((InetAddr) client.getsockname()).port();
                    assertEquals(new Inet6Addr("::ffff:127.0.0.1", clientPort), a.address());
                    assertEquals(AF_INET6, conn.family());
                    client.sendall(new byte[] {4});
                    assertArrayEquals(new byte[] {4}, conn.recv(1));
                }
            }
        }
    }
}
