package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.IPPROTO_ICMP;
import static org.bsdsock.socket.api.SocketConstants.IPPROTO_TCP;
import static org.bsdsock.socket.api.SocketConstants.MSG_PEEK;
import static org.bsdsock.socket.api.SocketConstants.SHUT_RDWR;
import static org.bsdsock.socket.api.SocketConstants.SHUT_WR;
import static org.bsdsock.socket.api.SocketConstants.SOCK_CLOEXEC;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_NONBLOCK;
import static org.bsdsock.socket.api.SocketConstants.SOCK_RAW;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.bsdsock.socket.api.SocketConstants.SO_ACCEPTCONN;
import static org.bsdsock.socket.api.SocketConstants.SO_LINGER;
import static org.bsdsock.socket.api.SocketConstants.SO_REUSEADDR;
import static org.bsdsock.socket.api.SocketConstants.SO_TYPE;
import static org.bsdsock.socket.api.SocketConstants.TCP_NODELAY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.BlockingIOException;
import org.bsdsock.socket.api.BrokenPipeException;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.Received;
import org.bsdsock.socket.api.ReceivedInto;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketFile;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;
import org.junit.jupiter.api.Test;

/** Every socket method of the seed, success path and documented errors, on the real kernel. */
class SocketMethodsTest extends ProviderFixture {

    /** A connected TCP pair on loopback: [client, server side]. */
    private SocketType[] tcpPair() throws SocketException {
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            SocketType c = module.socket(AF_INET, SOCK_STREAM);
            c.connect(l.getsockname());
            return new SocketType[] {c, l.accept().conn()};
        }
    }

    @Test
    void typeFlagsAreAcceptedButNotReported() throws Exception {
        try (SocketType s = module.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC)) {
            assertEquals(SOCK_STREAM, s.type());
            assertEquals(AF_INET, s.family());
            assertEquals(0, s.proto());
            assertFalse(s.getblocking(), "SOCK_NONBLOCK means non-blocking mode");
            assertEquals(0.0, s.gettimeout());
            assertEquals(SOCK_STREAM, s.getsockopt(SOL_SOCKET, SO_TYPE));
        }
    }

    @Test
    void acceptReturnsPeerAddressAndSocketsKnowTheirNames() throws Exception {
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(5);
            assertEquals(1, l.getsockopt(SOL_SOCKET, SO_ACCEPTCONN));
            try (SocketType c = module.socket(AF_INET, SOCK_STREAM)) {
                c.connect(new InetAddr("localhost", ((InetAddr) l.getsockname()).port()));
                Accepted a = l.accept();
                try (SocketType conn = a.conn()) {
                    assertEquals(c.getsockname(), a.address());
                    assertEquals(c.getsockname(), conn.getpeername());
                    assertEquals(l.getsockname(), c.getpeername());
                    assertEquals(SOCK_STREAM, conn.type());
                    assertTrue(conn.fileno() >= 0);
                    assertNotEquals(c.fileno(), conn.fileno());
                }
            }
        }
    }

    @Test
    void bindAnyAndBroadcastForms() throws Exception {
        try (SocketType s = module.socket(AF_INET, SOCK_STREAM)) {
            s.bind(new InetAddr(InetAddr.ANY, 0));
            assertEquals("0.0.0.0", ((InetAddr) s.getsockname()).host());
        }
        try (SocketType s = module.socket(AF_INET, SOCK_DGRAM)) {
            s.setsockopt(SOL_SOCKET, org.bsdsock.socket.api.SocketConstants.SO_BROADCAST, 1);
            // '<broadcast>' is INADDR_BROADCAST; connecting a UDP socket to it sends nothing
            s.connect(new InetAddr(InetAddr.BROADCAST, 9));
            assertEquals("255.255.255.255", ((InetAddr) s.getpeername()).host());
        }
    }

    @Test
    void invalidArgumentsFailBeforeAnySyscall() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new InetAddr("127.0.0.1", 65536));
        assertThrows(IllegalArgumentException.class, () -> new InetAddr("127.0.0.1", -1));
        assertThrows(NullPointerException.class, () -> new InetAddr(null, 1));
        try (SocketType s = module.socket(AF_INET, SOCK_DGRAM)) {
            assertThrows(IllegalArgumentException.class, () -> s.recv(-1));
            assertThrows(IllegalArgumentException.class, () -> s.recvfrom(-1));
            assertThrows(IllegalArgumentException.class, () -> s.recv_into(new byte[4], 5, 0));
            assertThrows(IllegalArgumentException.class, () -> s.getsockopt(SOL_SOCKET, SO_TYPE, 0));
            assertThrows(NullPointerException.class, () -> s.send((byte[]) null));
            assertThrows(NullPointerException.class, () -> s.bind(null));
            assertThrows(IllegalArgumentException.class, () -> s.bind(UnixAddr.of("/tmp/x")), "wrong family");
            assertThrows(IllegalArgumentException.class, () -> s.settimeout(-1.0));
            assertThrows(IllegalArgumentException.class, () -> s.settimeout(Double.NaN));
        }
        try (SocketType u = module.socket(AF_UNIX, SOCK_STREAM)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> u.bind(UnixAddr.of("/tmp/" + "x".repeat(200))));
            assertTrue(e.getMessage().contains("too long"), e.getMessage());
        }
    }

    @Test
    void sendAndRecvAfterCloseAreBadFileDescriptor() throws Exception {
        SocketType[] p = tcpPair();
        p[0].close();
        p[0].close();
        assertEquals(Errno.EBADF, assertThrows(SocketException.class, () -> p[0].send(new byte[] {1})).errno());
        assertEquals(Errno.EBADF, assertThrows(SocketException.class, () -> p[0].recv(1)).errno());
        assertEquals(Errno.EBADF, assertThrows(SocketException.class, () -> p[0].getsockname()).errno());
        assertEquals(0, p[1].recv(10).length, "the peer sees end of stream");
        p[1].close();
    }

    @Test
    void shutdownOfUnconnectedSocketIsNotConnected() throws Exception {
        try (SocketType s = module.socket(AF_INET, SOCK_STREAM)) {
            assertEquals(Errno.ENOTCONN, assertThrows(SocketException.class, () -> s.shutdown(SHUT_RDWR)).errno());
            assertEquals(Errno.ENOTCONN, assertThrows(SocketException.class, s::getpeername).errno());
        }
    }

    @Test
    void shutdownWriteGivesPeerEndOfStreamThenEpipe() throws Exception {
        SocketType[] p = tcpPair();
        try (SocketType c = p[0]; SocketType s = p[1]) {
            c.shutdown(SHUT_WR);
            assertEquals(0, s.recv(10).length);
            BrokenPipeException e = assertThrows(BrokenPipeException.class, () -> c.send(new byte[] {1}));
            assertEquals(Errno.EPIPE, e.errno());
            s.sendall("still open".getBytes());
            assertEquals("still open", new String(c.recv(100)));
        }
    }

    @Test
    void socketOptionsIntAndBytes() throws Exception {
        try (SocketType s = module.socket(AF_INET, SOCK_STREAM)) {
            assertEquals(0, s.getsockopt(SOL_SOCKET, SO_REUSEADDR));
            s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
            assertEquals(1, s.getsockopt(SOL_SOCKET, SO_REUSEADDR));
            s.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
            assertNotEquals(0, s.getsockopt(IPPROTO_TCP, TCP_NODELAY));
            // struct linger { int l_onoff; int l_linger; }
            ByteBuffer linger = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(1).putInt(7);
            s.setsockopt(SOL_SOCKET, SO_LINGER, linger.array());
            ByteBuffer back = ByteBuffer.wrap(s.getsockopt(SOL_SOCKET, SO_LINGER, 8)).order(ByteOrder.nativeOrder());
            assertEquals(1, back.getInt());
            assertEquals(7, back.getInt());
            assertEquals(4, s.getsockopt(SOL_SOCKET, SO_TYPE, 64).length, "trimmed to what the kernel wrote");
            SocketException e = assertThrows(SocketException.class, () -> s.setsockopt(SOL_SOCKET, 0x7777, 1));
            assertEquals(Errno.ENOPROTOOPT, e.errno(), "an unknown option reaches the kernel unchanged");
        }
    }

    @Test
    void udpSendtoRecvfromAndInto() throws Exception {
        try (SocketType a = module.socket(AF_INET, SOCK_DGRAM); SocketType b = module.socket(AF_INET, SOCK_DGRAM)) {
            a.bind(new InetAddr("127.0.0.1", 0));
            b.bind(new InetAddr("127.0.0.1", 0));
            assertEquals(5, b.sendto("hello".getBytes(), a.getsockname()));
            Received r = a.recvfrom(100);
            assertEquals("hello", new String(r.data()));
            assertEquals(b.getsockname(), r.address());
            b.sendto("0123456789".getBytes(), 0, a.getsockname());
            byte[] buf = new byte[16];
            ReceivedInto ri = a.recvfrom_into(buf, 4, 0);
            assertEquals(4, ri.nbytes(), "a datagram is cut to the requested size");
            assertEquals("0123", new String(buf, 0, 4));
            assertEquals(b.getsockname(), ri.address());
        }
    }

    @Test
    void recvIntoArraysAndBuffersWithPeek() throws Exception {
        SocketType[] p = tcpPair();
        try (SocketType c = p[0]; SocketType s = p[1]) {
            c.sendall("abcdefgh".getBytes());
            assertArrayEquals("abc".getBytes(), s.recv(3, MSG_PEEK));
            byte[] arr = new byte[3];
            assertEquals(3, s.recv_into(arr));
            assertEquals("abc", new String(arr));
            ByteBuffer direct = ByteBuffer.allocateDirect(16);
            direct.position(2);
            int n = s.recv_into(direct, 0);
            assertEquals(5, n);
            assertEquals(7, direct.position());
            direct.flip().position(2);
            byte[] rest = new byte[5];
            direct.get(rest);
            assertEquals("defgh", new String(rest));

            ByteBuffer out = ByteBuffer.allocateDirect(4).put("wxyz".getBytes()).flip();
            assertEquals(4, c.send(out, 0));
            assertEquals(4, out.position());
            ByteBuffer heap = ByteBuffer.wrap("12".getBytes());
            c.sendall(heap);
            assertFalse(heap.hasRemaining());
            byte[] got = new byte[6];
            int total = 0;
            while (total < 6) {
                total += s.recv_into(ByteBuffer.wrap(got, total, 6 - total), 0);
            }
            assertEquals("wxyz12", new String(got));
        }
    }

    @Test
    void nonBlockingModeRaisesWouldBlock() throws Exception {
        SocketType[] p = tcpPair();
        try (SocketType c = p[0]; SocketType s = p[1]) {
            s.setblocking(false);
            assertFalse(s.getblocking());
            assertEquals(0.0, s.gettimeout());
            BlockingIOException e = assertThrows(BlockingIOException.class, () -> s.recv(10));
            assertEquals(Errno.EAGAIN, e.errno());
            s.setblocking(true);
            assertNull(s.gettimeout());
            assertTrue(s.getblocking());
            c.send(new byte[] {42});
            assertArrayEquals(new byte[] {42}, s.recv(10));
        }
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            l.setblocking(false);
            assertEquals(Errno.EAGAIN, assertThrows(BlockingIOException.class, l::accept).errno());
        }
    }

    @Test
    void asynchronousConnectWithConnectEx() throws Exception {
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM); SocketType c = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            c.setblocking(false);
            int first = c.connect_ex(l.getsockname());
            assertTrue(first == Errno.EINPROGRESS || first == 0, "first connect_ex: " + Errno.errorcode(first));
            // poll the connection to completion without blocking: EALREADY while under way; then
            // Linux reports 0 once (the connect completed) and EISCONN after that
            int rc = first;
            for (int i = 0; i < 10_000 && rc != Errno.EISCONN; i++) {
                rc = c.connect_ex(l.getsockname());
                assertTrue(rc == Errno.EALREADY || rc == Errno.EISCONN || rc == 0,
                        "connect_ex: " + Errno.errorcode(rc));
                Thread.onSpinWait();
            }
            assertEquals(Errno.EISCONN, rc);
            try (SocketType conn = l.accept().conn()) {
                assertEquals(c.getsockname(), conn.getpeername());
            }
        }
    }

    @Test
    void unixStreamAndDatagram() throws Exception {
        UnixAddr path = UnixAddr.of(tmp.resolve("s.sock").toString());
        try (SocketType l = module.socket(AF_UNIX, SOCK_STREAM)) {
            l.bind(path);
            l.listen(1);
            assertEquals(path, l.getsockname());
            try (SocketType c = module.socket(AF_UNIX, SOCK_STREAM)) {
                c.connect(path);
                Accepted a = l.accept();
                try (SocketType conn = a.conn()) {
                    assertTrue(((UnixAddr) a.address()).isUnnamed(), "an unbound client has no name");
                    c.sendall("over unix".getBytes());
                    assertEquals("over unix", new String(conn.recv(100)));
                    assertEquals(path, c.getpeername());
                }
            }
        }
        UnixAddr d1 = UnixAddr.of(tmp.resolve("d1").toString());
        UnixAddr d2 = UnixAddr.of(tmp.resolve("d2").toString());
        try (SocketType a = module.socket(AF_UNIX, SOCK_DGRAM); SocketType b = module.socket(AF_UNIX, SOCK_DGRAM)) {
            a.bind(d1);
            b.bind(d2);
            b.sendto("dgram".getBytes(), d1);
            Received r = a.recvfrom(64);
            assertEquals("dgram", new String(r.data()));
            assertEquals(d2, r.address());
        }
        assertTrue(Files.exists(tmp.resolve("s.sock")), "binding made the socket file");
    }

    @Test
    void makefileStreamsAndIndependentClose() throws Exception {
        SocketType[] p = tcpPair();
        try (SocketType c = p[0]; SocketType s = p[1]) {
            SocketFile wf = c.makefile("wb", 0);
            SocketFile rf = s.makefile("rb");
            assertNotEquals(c.fileno(), wf.fileno(), "the file has a dup'ed descriptor");
            assertThrows(IllegalStateException.class, wf::input);
            OutputStream out = wf.output();
            out.write("line one\nline two\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(rf.input(), StandardCharsets.US_ASCII));
            assertEquals("line one", in.readLine());
            // closing the socket leaves the file working, and the other way round
            c.close();
            wf.output().write("after close\n".getBytes());
            assertEquals("line two", in.readLine());
            assertEquals("after close", in.readLine());
            wf.close();
            assertEquals(-1, wf.fileno());
            assertEquals(null, in.readLine(), "end of stream once every descriptor of the peer is closed");
            rf.close();
            s.sendall(new byte[] {1}); // the socket outlives its file
        }
        try (SocketType s = module.socket(AF_INET, SOCK_STREAM)) {
            assertThrows(IllegalArgumentException.class, () -> s.makefile("x"));
            assertThrows(IllegalArgumentException.class, () -> s.makefile("rr"));
        }
    }

    @Test
    void fromfdDuplicatesTheDescriptor() throws Exception {
        SocketType[] p = tcpPair();
        try (SocketType c = p[0]; SocketType s = p[1];
                SocketType copy = module.fromfd(c.fileno(), AF_INET, SOCK_STREAM)) {
            assertNotEquals(c.fileno(), copy.fileno());
            assertEquals(c.getsockname(), copy.getsockname());
            copy.sendall("via copy".getBytes());
            assertEquals("via copy", new String(s.recv(100)));
        }
        SocketException e = assertThrows(SocketException.class, () -> module.fromfd(100_000, AF_INET, SOCK_STREAM));
        assertEquals(Errno.EBADF, e.errno());
    }

    @Test
    void rawIcmpEchoToLoopbackOrPermissionError() throws Exception {
        SocketType raw;
        try {
            raw = module.socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
        } catch (SocketException e) {
            assertTrue(e.errno() == Errno.EPERM || e.errno() == Errno.EACCES, e.getMessage());
            return; // without privilege the kernel says so, and that is the documented error
        }
        try (SocketType s = raw) {
            s.settimeout(5.0);
            // ICMP echo request: type 8, code 0, checksum, id, seq, payload
            byte[] pkt = {8, 0, 0, 0, 0x12, 0x34, 0, 1, 'p', 'i', 'n', 'g'};
            int sum = 0;
            for (int i = 0; i < pkt.length; i += 2) {
                sum += ((pkt[i] & 0xFF) << 8) | (pkt[i + 1] & 0xFF);
            }
            sum = (sum >> 16) + (sum & 0xFFFF);
            sum = ~(sum + (sum >> 16)) & 0xFFFF;
            pkt[2] = (byte) (sum >> 8);
            pkt[3] = (byte) sum;
            s.sendto(pkt, new InetAddr("127.0.0.1", 0));
            // the raw socket sees our own request too; look for the reply (type 0) with our id
            for (int i = 0; i < 10; i++) {
                Received r = s.recvfrom(1500);
                int ihl = (r.data()[0] & 0x0F) * 4;
                byte[] icmp = Arrays.copyOfRange(r.data(), ihl, r.data().length);
                if (icmp[0] == 0 && icmp[4] == 0x12 && icmp[5] == 0x34) {
                    assertEquals("ping", new String(icmp, 8, 4, StandardCharsets.US_ASCII));
                    assertEquals("127.0.0.1", ((InetAddr) r.address()).host());
                    return;
                }
            }
            throw new AssertionError("no ICMP echo reply");
        }
    }

    @Test
    void garbageCollectedSocketIsClosed() throws Exception {
        int before = impl.openSockets();
        module.socket(AF_INET, SOCK_STREAM); // dropped without close
        for (int i = 0; i < 200 && impl.openSockets() > before; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(before, impl.openSockets(), "the cleaner closed the unreachable socket");
    }

    @Test
    void streamsReadEndOfStreamAsMinusOne() throws Exception {
        SocketType[] p = tcpPair();
        try (SocketType c = p[0]; SocketType s = p[1]; SocketFile f = s.makefile("r", 0)) {
            c.sendall(new byte[] {7});
            c.close();
            InputStream in = f.input();
            assertEquals(7, in.read());
            assertEquals(-1, in.read());
        }
    }
}
