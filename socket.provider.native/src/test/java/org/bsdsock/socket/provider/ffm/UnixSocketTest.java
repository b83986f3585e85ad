package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.MSG_TRUNC;
import static org.bsdsock.socket.api.SocketConstants.SOCK_CLOEXEC;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_NONBLOCK;
import static org.bsdsock.socket.api.SocketConstants.SOCK_SEQPACKET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.bsdsock.socket.api.SocketConstants.SO_TYPE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.bsdsock.socket.api.Received;
import org.bsdsock.socket.api.ReceivedMessage;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;
import org.bsdsock.socket.testing.Fds;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * AF_UNIX beyond the seed: Linux's abstract namespace (CPython's
 * {@code TestLinuxAbstractNamespace}: {@code testLinuxAbstractNamespace}, {@code testMaxName},
 * {@code testNameOverflow}, {@code testAutobind}), datagrams, and {@code SOCK_SEQPACKET}.
 */
@Tag("unit")
class UnixSocketTest extends ProviderFixture {
    /** {@code sizeof(sun_path)} on Linux, CPython's UNIX_PATH_MAX in the tests. */
    private static final int UNIX_PATH_MAX = 108;

    /** A name unique to this run, so parallel builds on one machine never collide. */
    private static byte[] unique(String stem) {
        return (stem + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void testLinuxAbstractNamespace() throws Exception {
        // CPython's name ends "\0\xff": a NUL inside and a byte that is not text; names are bytes
        byte[] stem = unique("python-test-hello");
        byte[] name = Arrays.copyOf(stem, stem.length + 2);
        name[stem.length + 1] = (byte) 0xFF;
        UnixAddr address = UnixAddr.ofAbstract(name);
        try (SocketType s1 = module.socket(AF_UNIX, SOCK_STREAM)) {
            s1.bind(address);
            s1.listen(1);
            try (SocketType s2 = module.socket(AF_UNIX, SOCK_STREAM)) {
                s2.connect(s1.getsockname());
                try (SocketType s3 = s1.accept().conn()) {
                    assertEquals(address, s1.getsockname());
                    assertEquals(address, s2.getpeername());
                    assertArrayEquals(address.path(), ((UnixAddr) s3.getsockname()).path(), "every byte kept");
                    s2.sendall("abstract".getBytes());
                    assertEquals("abstract", new String(s3.recv(100)));
                }
            }
        }
    }

    @Test
    void testMaxName() throws Exception {
        byte[] h = new byte[UNIX_PATH_MAX - 1];
        Arrays.fill(h, (byte) 'h');
        byte[] u = unique("m");
        System.arraycopy(u, 0, h, 0, u.length); // unique, still 107 bytes after the NUL
        UnixAddr address = UnixAddr.ofAbstract(h);
        assertEquals(UNIX_PATH_MAX, address.path().length);
        try (SocketType s = module.socket(AF_UNIX, SOCK_STREAM)) {
            s.bind(address);
            assertEquals(address, s.getsockname());
        }
    }

    @Test
    void testNameOverflow() throws Exception {
        byte[] h = new byte[UNIX_PATH_MAX];
        Arrays.fill(h, (byte) 'h');
        try (SocketType s = module.socket(AF_UNIX, SOCK_STREAM)) {
            // CPython raises OSError from its argument parser; here it is the invalid-argument error,
            // raised before any system call
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.bind(UnixAddr.ofAbstract(h)));
            assertTrue(e.getMessage().contains("too long"), e.getMessage());
        }
    }

    @Test
    void testAutobind() throws Exception {
        // unix(7) "Autobind feature": binding the empty address picks a name in the abstract
        // namespace, a NUL then five hex digits
        try (SocketType s1 = module.socket(AF_UNIX, SOCK_STREAM)) {
            s1.bind(new UnixAddr(new byte[0]));
            UnixAddr n1 = (UnixAddr) s1.getsockname();
            assertAutobound(n1);
            try (SocketType s2 = module.socket(AF_UNIX, SOCK_STREAM)) {
                s2.bind(new UnixAddr(new byte[0]));
                UnixAddr n2 = (UnixAddr) s2.getsockname();
                assertAutobound(n2);
                assertNotEquals(n1, n2, "each socket gets its own name");
            }
        }
        try (SocketType d = module.socket(AF_UNIX, SOCK_DGRAM)) {
            d.bind(new UnixAddr(new byte[0]));
            assertAutobound((UnixAddr) d.getsockname());
        }
    }

    private static void assertAutobound(UnixAddr name) {
        byte[] p = name.path();
        assertTrue(name.isAbstract(), name.toString());
        assertEquals(6, p.length, "NUL + 5 hex digits: " + HexFormat.of().formatHex(p));
        assertTrue(new String(p, 1, 5, StandardCharsets.US_ASCII).matches("[0-9a-f]{5}"), name.toString());
    }

    @Test
    void abstractDatagramsCarryTheSendersName() throws Exception {
        UnixAddr a = UnixAddr.ofAbstract(unique("dgram-a"));
        try (SocketType r = module.socket(AF_UNIX, SOCK_DGRAM); SocketType w = module.socket(AF_UNIX, SOCK_DGRAM)) {
            r.bind(a);
            w.bind(new UnixAddr(new byte[0])); // autobind, so the receiver learns a name
            w.sendto("to an abstract name".getBytes(), a);
            Received got = r.recvfrom(100);
            assertEquals("to an abstract name", new String(got.data()));
            assertEquals(w.getsockname(), got.address());
        }
    }

    @Test
    void filesystemPathOfTheFullLengthBinds() throws Exception {
        // A path may use all 108 bytes of sun_path (Linux then has no room for a NUL)
        String dir = tmp.toString() + "/";
        String path = dir + "p".repeat(UNIX_PATH_MAX - dir.length());
        UnixAddr address = UnixAddr.of(path);
        assertEquals(UNIX_PATH_MAX, address.path().length);
        try (SocketType s = module.socket(AF_UNIX, SOCK_STREAM)) {
            s.bind(address);
            assertEquals(address, s.getsockname());
            assertTrue(Files.exists(Path.of(path)));
        }
    }

    @Test
    void seqpacketPreservesMessageBoundaries() throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_SEQPACKET)) {
            assertEquals(SOCK_SEQPACKET, p.a().type());
            assertEquals(SOCK_SEQPACKET, p.a().getsockopt(SOL_SOCKET, SO_TYPE));
            p.a().send("one".getBytes());
            p.a().send("two!".getBytes());
            p.a().send(new byte[0]);
            p.a().send("0123456789".getBytes());
            assertEquals("one", new String(p.b().recv(100)), "a receive never joins records");
            assertEquals("two!", new String(p.b().recv(100)));
            assertEquals(0, p.b().recv(100).length, "an empty record is a record");
            ReceivedMessage cut = p.b().recvmsg(4);
            assertEquals("0123", new String(cut.data()));
            assertEquals(MSG_TRUNC, cut.msg_flags() & MSG_TRUNC, "the rest of the record is discarded and says so");
            p.a().send("next".getBytes());
            assertEquals("next", new String(p.b().recv(100)));
        }
    }

    @Test
    void seqpacketListenerAcceptsConnections() throws Exception {
        UnixAddr address = UnixAddr.of(tmp.resolve("seq.sock").toString());
        try (SocketType l = module.socket(AF_UNIX, SOCK_SEQPACKET)) {
            l.bind(address);
            l.listen(1);
            try (SocketType c = module.socket(AF_UNIX, SOCK_SEQPACKET)) {
                c.connect(address);
                try (SocketType conn = l.accept().conn()) {
                    assertEquals(SOCK_SEQPACKET, conn.type());
                    c.send("ab".getBytes());
                    c.send("cd".getBytes());
                    assertEquals("ab", new String(conn.recv(10)));
                    assertEquals("cd", new String(conn.recv(10)));
                }
            }
        }
    }

    @Test
    void unixDatagramPairKeepsDatagramsWhole() throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_DGRAM)) {
            p.a().send("first".getBytes());
            p.a().send("second".getBytes());
            assertEquals("first", new String(p.b().recv(100)));
            assertEquals("second", new String(p.b().recv(100)));
            p.a().send("0123456789".getBytes());
            // MSG_TRUNC: recv reports the datagram's real length, as CPython's recv does
            // (CPython's extra bytes are uninitialised; here they are zeros)
            byte[] got = p.b().recv(4, MSG_TRUNC);
            assertEquals(10, got.length);
            assertEquals("0123", new String(got, 0, 4));
            p.a().send("0123456789".getBytes());
            byte[] into = new byte[4];
            assertEquals(10, p.b().recv_into(into, 4, MSG_TRUNC), "recv_into returns the real length too");
            assertEquals("0123", new String(into));
        }
    }

    @Test
    void typeFlagsAreAcceptedButNotReportedBySocketpair() throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC)) {
            assertEquals(SOCK_STREAM, p.a().type());
            assertEquals(SOCK_STREAM, p.b().type());
            assertFalse(p.a().getblocking(), "SOCK_NONBLOCK means non-blocking mode");
            assertTrue(Fds.isCloexec(p.a().fileno()));
            assertTrue(Fds.isCloexec(p.b().fileno()));
        }
    }
}
