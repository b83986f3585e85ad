package org.bsdsock.socket.provider.ffm;

import static org.awaitility.Awaitility.await;
import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_NONBLOCK;
import static org.bsdsock.socket.api.SocketConstants.SOCK_SEQPACKET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.testing.Fds;
import org.bsdsock.socket.testing.InCall;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CPython 3's descriptor calls: {@code socketpair} ({@code BasicSocketPairTest}), {@code dup}
 * ({@code test_dup}, {@code testDup}), {@code detach} ({@code testDetach}), adopting a
 * descriptor ({@code test_socket_fileno*}), {@code socket.close(fd)} ({@code test_socket_close})
 * and the {@code CMSG_*} functions ({@code CmsgMacroTests}).
 */
@Tag("unit")
class DescriptorsTest extends ProviderFixture {

    @Test
    void socketpairDefaultsAreUnixStream() throws Exception {
        // BasicSocketPairTest: family AF_UNIX, type SOCK_STREAM, proto 0
        try (SocketPair p = module.socketpair()) {
            for (SocketType s : List.of(p.a(), p.b())) {
                assertEquals(AF_UNIX, s.family());
                assertEquals(SOCK_STREAM, s.type());
                assertEquals(0, s.proto());
                assertNull(s.gettimeout(), "the default timeout, None");
                assertTrue(Fds.isCloexec(s.fileno()));
            }
            assertNotEquals(p.a().fileno(), p.b().fileno());
            p.a().sendall("ping".getBytes());
            assertEquals("ping", new String(p.b().recv(10)));
            p.b().sendall("pong".getBytes());
            assertEquals("pong", new String(p.a().recv(10)));
        }
    }

    @Test
    void socketpairOfEachUnixTypeAndItsErrors() throws Exception {
        for (int type : new int[] {SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET}) {
            try (SocketPair p = module.socketpair(AF_UNIX, type, 0)) {
                assertEquals(type, p.a().type());
                p.b().send(new byte[] {(byte) type});
                assertEquals(type, p.a().recv(1)[0]);
            }
        }
        // Linux makes pairs of AF_UNIX sockets only
        SocketException e = assertThrows(SocketException.class, () -> module.socketpair(AF_INET, SOCK_STREAM));
        assertEquals(Errno.EOPNOTSUPP, e.errno());
        impl.close();
        SocketException stopped = assertThrows(SocketException.class, module::socketpair);
        assertTrue(stopped.getMessage().contains("stopped"), stopped.getMessage());
    }

    @Test
    void socketpairTakesTheDefaultTimeout() throws Exception {
        module.setdefaulttimeout(2.5);
        try (SocketPair p = module.socketpair()) {
            assertEquals(2.5, p.a().gettimeout());
            assertEquals(2.5, p.b().gettimeout());
        }
    }

    @Test
    void test_dup() throws Exception {
        SocketType sock = module.socket(AF_INET, SOCK_STREAM);
        sock.settimeout(3.0);
        try (SocketType newsock = sock.dup()) {
            sock.close();
            assertEquals(AF_INET, newsock.family());
            assertEquals(SOCK_STREAM, newsock.type());
            assertEquals(3.0, newsock.gettimeout(), "CPython copies the timeout");
            assertTrue(newsock.fileno() >= 0, "the copy outlives the original");
            newsock.bind(new InetAddr("127.0.0.1", 0));
        }
    }

    @Test
    void testDupSharesTheConnection() throws Exception {
        try (SocketPair p = module.socketpair(); SocketType copy = p.b().dup()) {
            assertNotEquals(p.b().fileno(), copy.fileno());
            p.a().sendall("MSG".getBytes());
            assertEquals("MSG", new String(copy.recv(1024)));
            copy.sendall("back".getBytes());
            assertEquals("back", new String(p.a().recv(1024)));
            p.b().close();
            copy.sendall("still".getBytes());
            assertEquals("still", new String(p.a().recv(1024)), "closing one copy leaves the connection open");
        }
        SocketType closed = module.socket(AF_INET, SOCK_STREAM);
        closed.close();
        assertEquals(Errno.EBADF, assertThrows(SocketException.class, closed::dup).errno());
    }

    @Test
    void testDetach() throws Exception {
        try (SocketPair p = module.socketpair()) {
            SocketType cli = p.b();
            int fileno = cli.fileno();
            int before = impl.openSockets();
            int f = cli.detach();
            assertEquals(fileno, f);
            // the socket object cannot be used any more...
            assertEquals(-1, cli.fileno());
            assertEquals(Errno.EBADF, assertThrows(SocketException.class, () -> cli.recv(1024)).errno());
            cli.close();
            assertEquals(-1, cli.detach(), "detaching a closed socket gives -1, as CPython");
            assertEquals(before - 1, impl.openSockets(), "the provider no longer owns the descriptor");
            // ...but the descriptor is still open, and a new socket can take it over
            p.a().sendall("MSG".getBytes());
            try (SocketType sock = module.socket(AF_UNIX, SOCK_STREAM, 0, f)) {
                assertEquals(f, sock.fileno());
                assertEquals("MSG", new String(sock.recv(1024)));
                sock.sendall("reply".getBytes());
                assertEquals("reply", new String(p.a().recv(1024)));
            }
            assertEquals(0, p.a().recv(10).length, "closing the adopting socket closed the descriptor");
        }
    }

    @Test
    void detachedDescriptorSurvivesTheProviderStopping() throws Exception {
        SocketPair p = module.socketpair();
        int f = p.b().detach();
        impl.close(); // closes every socket the provider owns: no longer this descriptor
        String target = Fds.byNumber().get(f);
        assertTrue(target != null && target.startsWith("socket:"), "descriptor " + f + " is " + target);
        try (NativeSocketModule other = TestEngine.module()) {
            try (SocketType s = other.socket(-1, -1, -1, f)) {
                assertEquals(0, s.recv(10).length, "its peer was closed with the provider");
            }
        }
    }

    @Test
    void detachWhileAnotherCallIsInsideFailsWithEbusy() throws Exception {
        try (SocketPair p = module.socketpair()) {
            SocketType s = p.b();
            InCall<byte[]> blocked = InCall.start("reader", true, () -> s.recv(10)).awaitBlockedIn("recv", Duration.ofSeconds(20));
            SocketException e = assertThrows(SocketException.class, s::detach);
            assertEquals(Errno.EBUSY, e.errno());
            assertTrue(s.fileno() >= 0, "the socket stays open");
            p.a().sendall("after".getBytes());
            assertEquals("after", new String(blocked.result(Duration.ofSeconds(20))), "and the blocked call completes");
            int f = s.detach();
            assertTrue(f >= 0, "idle again, it detaches");
            module.close(f);
        }
    }

    @Test
    void adoptingReadsFamilyTypeAndProtocolFromTheDescriptor() throws Exception {
        try (SocketType tcp = module.socket(AF_INET, SOCK_STREAM)) {
            tcp.bind(new InetAddr("127.0.0.1", 0));
            InetAddr name = (InetAddr) tcp.getsockname();
            int f = tcp.detach();
            try (SocketType s = module.socket(-1, -1, -1, f)) {
                assertEquals(AF_INET, s.family());
                assertEquals(SOCK_STREAM, s.type());
                assertEquals(org.bsdsock.socket.api.SocketConstants.IPPROTO_TCP, s.proto(), "SO_PROTOCOL tells the real protocol");
                assertEquals(name, s.getsockname());
            }
        }
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_SEQPACKET)) {
            int f = p.a().detach();
            try (SocketType s = module.socket(-1, -1, -1, f)) {
                assertEquals(AF_UNIX, s.family());
                assertEquals(SOCK_SEQPACKET, s.type());
                assertEquals(0, s.proto());
            }
            int g = p.b().detach();
            try (SocketType s = module.socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, g)) {
                assertEquals(SOCK_SEQPACKET, s.type(), "flags in the type are not reported");
                assertFalse(s.getblocking());
            }
        }
    }

    @Test
    void test_socket_fileno_rejects_bad_descriptors() throws Exception {
        // test_socket_fileno_rejects_negative
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                () -> module.socket(AF_INET, SOCK_STREAM, 0, -42));
        assertTrue(neg.getMessage().contains("negative file descriptor"), neg.getMessage());
        // test_socket_fileno_requires_valid_fd
        assertEquals(Errno.EBADF, assertThrows(SocketException.class, () -> module.socket(-1, -1, -1, 100_000)).errno());
        assertEquals(Errno.EBADF,
                assertThrows(SocketException.class, () -> module.socket(AF_INET, SOCK_STREAM, 0, 100_000)).errno());
        // test_socket_fileno_requires_socket_fd
        Path file = tmp.resolve("not-a-socket");
        java.nio.file.Files.writeString(file, "x");
        int fd = FileFds.open(file);
        try {
            assertEquals(Errno.ENOTSOCK, assertThrows(SocketException.class, () -> module.socket(-1, -1, -1, fd)).errno());
            assertEquals(Errno.ENOTSOCK,
                    assertThrows(SocketException.class, () -> module.socket(AF_INET, SOCK_STREAM, 0, fd)).errno());
            assertEquals(0, impl.openSockets(), "a refused descriptor is not taken over");
        } finally {
            module.close(fd);
        }
        // a descriptor a socket of this provider owns would be closed twice
        try (SocketType s = module.socket(AF_INET, SOCK_STREAM)) {
            IllegalArgumentException owned = assertThrows(IllegalArgumentException.class,
                    () -> module.socket(-1, -1, -1, s.fileno()));
            assertTrue(owned.getMessage().contains("detach"), owned.getMessage());
        }
    }

    @Test
    void test_socket_close() throws Exception {
        SocketType s = module.socket(AF_INET, SOCK_STREAM);
        // CPython lets socket.close(sock.fileno()) pull the descriptor from under the socket;
        // here that is refused, since the socket's calls could then reach a recycled number
        assertThrows(IllegalArgumentException.class, () -> module.close(s.fileno()));
        s.listen(1);
        int f = s.detach();
        module.close(f);
        String now = Fds.byNumber().get(f); // the listing itself may reuse the number at once
        assertTrue(now == null || !now.startsWith("socket:"), "descriptor " + f + " is " + now);
        // (not closed twice here: another thread of the JVM may hold the number by now)
        assertEquals(Errno.EBADF, assertThrows(SocketException.class, () -> module.close(100_000)).errno());
        assertThrows(IllegalArgumentException.class, () -> module.close(-1));
    }

    @Test
    void testCMSG_LEN() {
        // CmsgMacroTests, with CPython's range and its limit, socklen_t's positive range
        int limit = Integer.MAX_VALUE;
        int toobig = limit - module.CMSG_LEN(0) + 1;
        assertTrue(module.CMSG_LEN(0) > 2 * Integer.BYTES, "struct cmsghdr holds at least two ints and a length");
        for (int n = 0; n < 257; n++) {
            assertEquals(n, module.CMSG_LEN(n) - module.CMSG_LEN(0));
        }
        for (int n = toobig - 257; n < toobig; n++) {
            assertEquals(n, module.CMSG_LEN(n) - module.CMSG_LEN(0));
        }
        assertEquals(16, module.CMSG_LEN(0), "LP64 Linux: 8-byte cmsg_len, two ints");
        assertEquals(20, module.CMSG_LEN(4));
        assertThrows(IllegalArgumentException.class, () -> module.CMSG_LEN(-1));
        assertThrows(IllegalArgumentException.class, () -> module.CMSG_LEN(toobig));
    }

    @Test
    void testCMSG_SPACE() {
        int limit = Integer.MAX_VALUE;
        int toobig = limit - module.CMSG_SPACE(1) + 1;
        int last = module.CMSG_SPACE(0);
        assertTrue(last > 2 * Integer.BYTES);
        for (int n = 0; n < 257; n++) {
            int ret = module.CMSG_SPACE(n);
            assertTrue(ret >= last && ret >= module.CMSG_LEN(n) && ret >= n + module.CMSG_LEN(0), "CMSG_SPACE(" + n + ")");
            last = ret;
        }
        for (int n = toobig - 257; n < toobig; n++) {
            int ret = module.CMSG_SPACE(n);
            assertTrue(ret >= module.CMSG_LEN(n) && ret <= limit, "CMSG_SPACE(" + n + ")");
        }
        assertEquals(24, module.CMSG_SPACE(4), "data padded to 8 bytes");
        assertEquals(32, module.CMSG_SPACE(16));
        assertThrows(IllegalArgumentException.class, () -> module.CMSG_SPACE(-1));
        assertThrows(IllegalArgumentException.class, () -> module.CMSG_SPACE(toobig));
    }
}
