package org.bsdsock.socket.provider.ffm;

import static org.awaitility.Awaitility.await;
import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.MSG_PEEK;
import static org.bsdsock.socket.api.SocketConstants.MSG_TRUNC;
import static org.bsdsock.socket.api.SocketConstants.MSG_WAITALL;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.bsdsock.socket.api.ControlMessage;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.ReceivedMessageInto;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.testing.Fds;
import org.bsdsock.socket.testing.InCall;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code recvmsg_into}, as CPython's {@code RecvmsgIntoTests}: a scattering receive into the
 * caller's buffers (heap and direct, mixed), with ancillary data and the receive flags.
 */
@Tag("unit")
class RecvmsgIntoTest extends ProviderFixture {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final byte[] MSG = "Michael Gilfix was here\u1234\r\n".getBytes(StandardCharsets.UTF_8);

    private static byte[] written(ByteBuffer b) {
        return Arrays.copyOf(b.duplicate().flip().array(), b.position());
    }

    private static byte[] written(ByteBuffer b, int from) {
        ByteBuffer d = b.duplicate().flip();
        d.position(from);
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    @Test
    void testRecvmsgIntoScatterOverHeapAndDirectBuffers() throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM)) {
            p.a().sendall(MSG);
            ByteBuffer b1 = ByteBuffer.allocate(4);
            ByteBuffer b2 = ByteBuffer.allocateDirect(8);
            ByteBuffer b3 = ByteBuffer.allocate(64);
            b3.position(2); // filled from its position
            ReceivedMessageInto r = p.b().recvmsg_into(List.of(b1, b2, b3));
            assertEquals(MSG.length, r.nbytes());
            assertEquals(List.of(), r.ancdata());
            assertEquals(0, r.msg_flags());
            assertEquals(4, b1.position());
            assertEquals(8, b2.position());
            assertEquals(2 + MSG.length - 12, b3.position());
            byte[] got = new byte[MSG.length];
            System.arraycopy(written(b1), 0, got, 0, 4);
            ByteBuffer d = b2.duplicate().flip();
            d.get(got, 4, 8);
            System.arraycopy(written(b3, 2), 0, got, 12, MSG.length - 12);
            assertArrayEquals(MSG, got);
        }
    }

    @Test
    void testRecvmsgIntoArrayAndAddressOnUdp() throws Exception {
        try (SocketType serv = module.socket(AF_INET, SOCK_DGRAM); SocketType cli = module.socket(AF_INET, SOCK_DGRAM)) {
            serv.bind(new InetAddr("127.0.0.1", 0));
            serv.settimeout(20.0);
            cli.bind(new InetAddr("127.0.0.1", 0));
            cli.sendto(MSG, serv.getsockname());
            ByteBuffer buf = ByteBuffer.allocate(1024);
            ReceivedMessageInto r = serv.recvmsg_into(List.of(buf));
            assertEquals(MSG.length, r.nbytes());
            assertEquals(cli.getsockname(), r.address());
            assertArrayEquals(MSG, written(buf));
            // a datagram longer than the buffers: cut to them, MSG_TRUNC set
            cli.sendto(MSG, serv.getsockname());
            ByteBuffer a = ByteBuffer.allocate(3);
            ByteBuffer b = ByteBuffer.allocateDirect(4);
            r = serv.recvmsg_into(List.of(a, b));
            assertEquals(7, r.nbytes());
            assertTrue((r.msg_flags() & MSG_TRUNC) != 0, "MSG_TRUNC");
            assertArrayEquals(Arrays.copyOf(MSG, 3), written(a));
            assertEquals(4, b.position());
        }
    }

    @Test
    void testRecvmsgIntoPeekLeavesTheDataQueued() throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM)) {
            p.a().sendall(MSG);
            ByteBuffer peek = ByteBuffer.allocate(MSG.length);
            assertEquals(MSG.length, p.b().recvmsg_into(List.of(peek), 0, MSG_PEEK).nbytes());
            ByteBuffer again = ByteBuffer.allocate(MSG.length);
            assertEquals(MSG.length, p.b().recvmsg_into(List.of(again)).nbytes());
            assertArrayEquals(written(peek), written(again));
        }
    }

    @Test
    void testRecvmsgIntoWaitallFillsEveryBuffer() throws Exception {
        // TCP on loopback, where /proc/net/tcp shows the queues: the test sends the second part
        // only once the receiver has taken the first and waits again.
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM); SocketType cli = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            cli.connect(l.getsockname());
            try (SocketType serv = l.accept().conn()) {
                ByteBuffer a = ByteBuffer.allocateDirect(10);
                ByteBuffer b = ByteBuffer.allocate(MSG.length - 10);
                InCall<ReceivedMessageInto> r = InCall.start("receiver", false,
                        () -> serv.recvmsg_into(List.of(a, b), 0, MSG_WAITALL)).awaitBlockedIn("recvmsg_into", WAIT);
                cli.sendall(Arrays.copyOfRange(MSG, 0, 5));
                await("the first part delivered and taken").atMost(WAIT).pollInSameThread().until(() ->
                        Fds.queues(cli.fileno())[0] == 0 && Fds.queues(serv.fileno())[1] == 0);
                r.awaitBlockedIn("recvmsg_into", WAIT); // five bytes of the whole are not enough
                cli.sendall(Arrays.copyOfRange(MSG, 5, MSG.length));
                assertEquals(MSG.length, r.result(WAIT).nbytes());
                assertEquals(0, a.remaining());
                assertEquals(0, b.remaining());
                byte[] got = new byte[MSG.length];
                a.flip().get(got, 0, 10);
                System.arraycopy(b.array(), 0, got, 10, MSG.length - 10);
                assertArrayEquals(MSG, got);
            }
        }
    }

    @Test
    void descriptorsArriveWithScatteredData() throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_DGRAM); SocketPair carried = module.socketpair(AF_UNIX, SOCK_STREAM)) {
            p.a().sendmsg(List.of(MSG), List.of(ControlMessage.ofFds(carried.a().fileno())));
            ByteBuffer a = ByteBuffer.allocate(5);
            ByteBuffer b = ByteBuffer.allocateDirect(MSG.length);
            ReceivedMessageInto r = p.b().recvmsg_into(List.of(a, b), module.CMSG_SPACE(4));
            assertEquals(MSG.length, r.nbytes());
            assertEquals(1, r.ancdata().size());
            int fd = r.ancdata().get(0).fds()[0];
            // the received descriptor is a working duplicate of carried.a()
            try (SocketType dup = module.socket(AF_UNIX, SOCK_STREAM, 0, fd)) {
                dup.sendall("via fd".getBytes());
                assertArrayEquals("via fd".getBytes(), carried.b().recv(16));
            }
        }
    }

    @Test
    void noBuffersReceivesNoData() throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_DGRAM)) {
            p.a().send(MSG);
            ReceivedMessageInto r = p.b().recvmsg_into(List.of());
            assertEquals(0, r.nbytes());
            assertTrue((r.msg_flags() & MSG_TRUNC) != 0, "the datagram did not fit: MSG_TRUNC");
        }
    }

    /** The same datagrams into the same buffer sizes, here and in CPython: the same answers. */
    @Test
    @Tag("cpython")
    void scatteringMatchesCPython() throws Exception {
        CPython.assume("RecvmsgIntoTest");
        int[][] layouts = {{3, 4}, {0, 5, 100}, {10, 10, 10}, {}, {64}};
        StringBuilder py = new StringBuilder("import socket\nmsg = 'Michael Gilfix was here\\u1234\\r\\n'.encode()\n");
        py.append("for sizes in ").append(Arrays.deepToString(layouts)).append(":\n");
        py.append("    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)\n");
        py.append("    a.send(msg)\n");
        py.append("    bufs = [bytearray(n) for n in sizes]\n");
        py.append("    n, anc, flags, addr = b.recvmsg_into(bufs)\n");
        py.append("    print(n, bool(flags & socket.MSG_TRUNC), ' '.join(bytes(x).hex() or '-' for x in bufs))\n");
        py.append("    a.close(); b.close()\n");
        List<String> expected = CPython.run(py.toString());
        for (int i = 0; i < layouts.length; i++) {
            try (SocketPair p = module.socketpair(AF_UNIX, SOCK_DGRAM)) {
                p.a().send(MSG);
                List<ByteBuffer> bufs = Arrays.stream(layouts[i]).mapToObj(ByteBuffer::allocate).toList();
                ReceivedMessageInto r = p.b().recvmsg_into(bufs);
                StringBuilder ours = new StringBuilder().append(r.nbytes()).append(' ')
                        .append((r.msg_flags() & MSG_TRUNC) != 0 ? "True" : "False").append(' ');
                ours.append(String.join(" ", bufs.stream().map(b -> b.capacity() == 0 ? "-" : java.util.HexFormat.of().formatHex(b.array())).toList()));
                assertEquals(expected.get(i).strip(), ours.toString().strip(), "buffers " + Arrays.toString(layouts[i]));
            }
        }
    }

    @Test
    void testRecvmsgIntoBadArgs() throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM)) {
            SocketType s = p.b();
            assertThrows(IllegalArgumentException.class, () -> s.recvmsg_into(List.of(ByteBuffer.allocate(4).asReadOnlyBuffer())));
            assertThrows(IllegalArgumentException.class, () -> s.recvmsg_into(List.of(ByteBuffer.allocate(4)), -1));
            assertThrows(NullPointerException.class, () -> s.recvmsg_into(null));
            assertThrows(NullPointerException.class, () -> s.recvmsg_into(Arrays.asList(ByteBuffer.allocate(1), null)));
            // nothing was received or lost by the bad calls
            p.a().sendall(MSG);
            ByteBuffer all = ByteBuffer.allocate(MSG.length);
            assertEquals(MSG.length, s.recvmsg_into(List.of(all)).nbytes());
            assertArrayEquals(MSG, all.array());
        }
    }
}
