package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.MSG_CMSG_CLOEXEC;
import static org.bsdsock.socket.api.SocketConstants.MSG_CTRUNC;
import static org.bsdsock.socket.api.SocketConstants.MSG_DONTWAIT;
import static org.bsdsock.socket.api.SocketConstants.MSG_OOB;
import static org.bsdsock.socket.api.SocketConstants.MSG_PEEK;
import static org.bsdsock.socket.api.SocketConstants.MSG_TRUNC;
import static org.bsdsock.socket.api.SocketConstants.MSG_WAITALL;
import static org.bsdsock.socket.api.SocketConstants.SHUT_WR;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.bsdsock.socket.api.SocketConstants.SO_SNDBUF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bsdsock.socket.api.BlockingIOException;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.ReceivedMessage;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketTimeoutException;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;
import org.junit.jupiter.api.Test;

/**
 * {@code sendmsg}/{@code recvmsg} without descriptors (CPython's {@code SendmsgTests},
 * {@code RecvmsgGenericTests}, {@code RecvmsgTests} on UDP, TCP and AF_UNIX), the C structures
 * they use, and the receive flags the non-blocking I/O core must honour itself:
 * {@code MSG_WAITALL}, {@code MSG_DONTWAIT}, {@code MSG_OOB}, {@code MSG_PEEK}, {@code MSG_TRUNC}.
 */
class MessagesTest extends ProviderFixture {
    private static final byte[] MSG = "Michael Gilfix was here\u1234\r\n".getBytes(StandardCharsets.UTF_8);

    /** A connected TCP pair on loopback: [client, server side], the server side with CPython's fail timeout. */
    private SocketType[] tcpPair() throws SocketException {
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            SocketType c = module.socket(AF_INET, SOCK_STREAM);
            c.connect(l.getsockname());
            SocketType s = l.accept().conn();
            s.settimeout(20.0);
            return new SocketType[] {c, s};
        }
    }

    /** Two bound UDP sockets on loopback: [client, server], the server with a timeout. */
    private SocketType[] udpPair() throws SocketException {
        SocketType serv = module.socket(AF_INET, SOCK_DGRAM);
        serv.bind(new InetAddr("127.0.0.1", 0));
        serv.settimeout(20.0);
        SocketType cli = module.socket(AF_INET, SOCK_DGRAM);
        cli.bind(new InetAddr("127.0.0.1", 0));
        return new SocketType[] {cli, serv};
    }

    @Test
    void testSendmsgAndGatherOnTcp() throws Exception {
        SocketType[] p = tcpPair();
        try (SocketType cli = p[0]; SocketType serv = p[1]) {
            assertEquals(MSG.length, cli.sendmsg(List.of(MSG)));
            assertArrayEquals(MSG, recvExactly(serv, MSG.length));
            // testSendmsgGather: more than one buffer, one message
            assertEquals(MSG.length, cli.sendmsg(List.of(slice(MSG, 0, 3), slice(MSG, 3, MSG.length))));
            assertArrayEquals(MSG, recvExactly(serv, MSG.length));
            // testSendmsgExplicitNoneAddr, and empty buffers among others
            assertEquals(MSG.length, cli.sendmsg(List.of(new byte[0], MSG, new byte[0]), List.of(), 0, null));
            assertArrayEquals(MSG, recvExactly(serv, MSG.length));
        }
    }

    @Test
    void testSendmsgBadArgs() throws Exception {
        SocketType[] p = tcpPair();
        try (SocketType cli = p[0]; SocketType serv = p[1]) {
            assertThrows(NullPointerException.class, () -> cli.sendmsg(null));
            List<byte[]> withNull = new ArrayList<>();
            withNull.add(MSG);
            withNull.add(null);
            assertThrows(NullPointerException.class, () -> cli.sendmsg(withNull));
            assertThrows(NullPointerException.class, () -> cli.sendmsg(List.of(MSG), null));
            assertThrows(NullPointerException.class, () -> new org.bsdsock.socket.api.ControlMessage(0, 0, null));
            assertThrows(IllegalArgumentException.class,
                    () -> cli.sendmsg(List.of(MSG), List.of(), 0, UnixAddr.of("/tmp/x")), "wrong family");
            cli.send("done".getBytes());
            assertEquals("done", new String(serv.recv(1000)), "nothing else was sent");
        }
    }

    @Test
    void testSendmsgAfterCloseAndRecvmsgAfterClose() throws Exception {
        SocketType[] p = tcpPair();
        p[0].close();
        p[1].close();
        assertEquals(Errno.EBADF, assertThrows(SocketException.class, () -> p[0].sendmsg(List.of(MSG))).errno());
        assertEquals(Errno.EBADF, assertThrows(SocketException.class, () -> p[1].recvmsg(1024)).errno());
    }

    @Test
    void testSendmsgNoDestAddr() throws Exception {
        try (SocketType cli = module.socket(AF_INET, SOCK_DGRAM)) {
            SocketException e = assertThrows(SocketException.class, () -> cli.sendmsg(List.of(MSG)));
            assertEquals(Errno.EDESTADDRREQ, e.errno());
        }
    }

    @Test
    void testSendmsgDontWait() throws Exception {
        // MSG_DONTWAIT makes a blocking socket's send raise instead of waiting for room
        SocketType[] p = tcpPair();
        try (SocketType cli = p[0]; SocketType serv = p[1]) {
            cli.setsockopt(SOL_SOCKET, SO_SNDBUF, 4096);
            cli.settimeout(10.0); // blocking mode, bounded: a send that waited would time out instead
            byte[] chunk = new byte[512];
            BlockingIOException e = assertThrows(BlockingIOException.class, () -> {
                for (int i = 0; i < 1_000_000; i++) {
                    cli.sendmsg(List.of(chunk), List.of(), MSG_DONTWAIT);
                }
            });
            assertEquals(Errno.EAGAIN, e.errno());
            assertTrue(cli.getblocking(), "the socket is still in blocking mode");
            assertEquals(Errno.EAGAIN, assertThrows(BlockingIOException.class, () -> cli.send(chunk, MSG_DONTWAIT)).errno());
        }
    }

    @Test
    void testSendmsgTimeout() throws Exception {
        SocketType[] p = tcpPair();
        try (SocketType cli = p[0]; SocketType serv = p[1]) {
            cli.settimeout(0.03);
            byte[] chunk = new byte[512];
            assertThrows(SocketTimeoutException.class, () -> {
                for (int i = 0; i < 1_000_000; i++) {
                    cli.sendmsg(List.of(chunk));
                }
            });
        }
    }

    @Test
    void testRecvmsgOnUdp() throws Exception {
        SocketType[] p = udpPair();
        try (SocketType cli = p[0]; SocketType serv = p[1]) {
            InetAddr servAddr = (InetAddr) serv.getsockname();
            // testRecvmsg
            cli.sendto(MSG, servAddr);
            ReceivedMessage r = serv.recvmsg(MSG.length);
            assertArrayEquals(MSG, r.data());
            assertEquals(cli.getsockname(), r.address());
            assertEquals(List.of(), r.ancdata());
            assertEquals(0, r.msg_flags() & (MSG_TRUNC | MSG_CTRUNC | MSG_OOB), "a whole datagram: no MSG_TRUNC");
            // testRecvmsgExplicitDefaults, testRecvmsgShorter
            cli.sendto(MSG, servAddr);
            assertArrayEquals(MSG, serv.recvmsg(MSG.length + 42, 0, 0).data());
            // testRecvmsgTrunc: part of a datagram, and MSG_TRUNC says so
            cli.sendto(MSG, servAddr);
            r = serv.recvmsg(MSG.length - 3);
            assertArrayEquals(slice(MSG, 0, MSG.length - 3), r.data());
            assertEquals(MSG_TRUNC, r.msg_flags() & MSG_TRUNC);
            // the flag MSG_TRUNC: the real length is returned by the kernel, the data still fits the buffer
            cli.sendto(MSG, servAddr);
            r = serv.recvmsg(4, 0, MSG_TRUNC);
            assertEquals(4, r.data().length);
            assertEquals(MSG_TRUNC, r.msg_flags() & MSG_TRUNC);
            // testRecvmsgShortAncillaryBuf, testRecvmsgLongAncillaryBuf: no control data, no MSG_CTRUNC
            cli.sendto(MSG, servAddr);
            r = serv.recvmsg(MSG.length, 1);
            assertEquals(List.of(), r.ancdata());
            assertEquals(0, r.msg_flags() & MSG_CTRUNC);
            cli.sendto(MSG, servAddr);
            r = serv.recvmsg(MSG.length, 10240);
            assertArrayEquals(MSG, r.data());
            assertEquals(List.of(), r.ancdata());
            // testRecvmsgFromSendmsg, with a destination address
            assertEquals(MSG.length, cli.sendmsg(List.of(slice(MSG, 0, 3), slice(MSG, 3, MSG.length)), List.of(), 0, servAddr));
            r = serv.recvmsg(MSG.length);
            assertArrayEquals(MSG, r.data());
            assertEquals(cli.getsockname(), r.address());
        }
    }

    @Test
    void testRecvmsgPeek() throws Exception {
        SocketType[] p = udpPair();
        try (SocketType cli = p[0]; SocketType serv = p[1]) {
            cli.sendto(MSG, serv.getsockname());
            ReceivedMessage r = serv.recvmsg(MSG.length - 3, 0, MSG_PEEK);
            assertArrayEquals(slice(MSG, 0, MSG.length - 3), r.data());
            assertEquals(cli.getsockname(), r.address());
            assertEquals(List.of(), r.ancdata());
            r = serv.recvmsg(MSG.length, 0, MSG_PEEK);
            assertArrayEquals(MSG, r.data());
            assertEquals(0, r.msg_flags() & MSG_TRUNC);
            r = serv.recvmsg(MSG.length);
            assertArrayEquals(MSG, r.data(), "the same data can still be received normally");
        }
    }

    @Test
    void testRecvmsgTimeout() throws Exception {
        SocketType[] p = udpPair();
        try (SocketType cli = p[0]; SocketType serv = p[1]) {
            serv.settimeout(0.03);
            long t0 = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> serv.recvmsg(MSG.length));
            assertTrue(System.nanoTime() - t0 >= 25_000_000L, "it waited for the timeout");
        }
    }

    @Test
    void testRecvmsgEOFAndOverflowOnTcp() throws Exception {
        SocketType[] p = tcpPair();
        try (SocketType cli = p[0]; SocketType serv = p[1]) {
            // testRecvmsgOverflow: a stream message in two chunks
            cli.sendall(MSG);
            byte[] seg1 = recvmsgExactly(serv, MSG.length - 3);
            ReceivedMessage r = serv.recvmsg(1024);
            assertNull(r.address(), "a connected TCP socket reports no address");
            assertEquals(0, r.msg_flags() & MSG_TRUNC, "streams never truncate");
            assertArrayEquals(MSG, concat(seg1, r.data()));
            // testRecvmsgEOF
            cli.close();
            r = serv.recvmsg(1024);
            assertEquals(0, r.data().length);
            assertEquals(List.of(), r.ancdata());
        }
    }

    @Test
    void testRecvmsgBadArgs() throws Exception {
        try (SocketPair p = module.socketpair()) {
            assertThrows(IllegalArgumentException.class, () -> p.b().recvmsg(-1, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> p.b().recvmsg(MSG.length, -1, 0));
            p.a().sendall(MSG);
            assertArrayEquals(MSG, p.b().recvmsg(MSG.length, 0, 0).data(), "nothing consumed by the refused calls");
        }
    }

    @Test
    void msgCmsgCloexecShowsInMsgFlagsOnlyWhenAskedFor() throws Exception {
        try (SocketPair p = module.socketpair()) {
            p.a().send_fds(List.of(MSG), new int[] {p.a().fileno()});
            ReceivedMessage r = p.b().recvmsg(MSG.length, module.CMSG_SPACE(4));
            assertEquals(0, r.msg_flags() & MSG_CMSG_CLOEXEC, "the provider's own flag is not reported");
            closeAll(r);
            p.a().send_fds(List.of(MSG), new int[] {p.a().fileno()});
            r = p.b().recvmsg(MSG.length, module.CMSG_SPACE(4), MSG_CMSG_CLOEXEC);
            assertEquals(MSG_CMSG_CLOEXEC, r.msg_flags() & MSG_CMSG_CLOEXEC, "as CPython reports it when passed");
            closeAll(r);
        }
    }

    // ---- receive flags the I/O core honours itself ----

    @Test
    void msgWaitallWaitsForTheWholeCount() throws Exception {
        SocketType[] p = tcpPair();
        try (SocketType cli = p[0]; SocketType serv = p[1]) {
            cli.sendall("abc".getBytes());
            // recv, recvfrom and recvmsg each wait in a parked virtual thread until all 10 bytes are there
            List<Supplier<byte[]>> receives = List.of(
                    () -> call(() -> serv.recv(10, MSG_WAITALL)),
                    () -> call(() -> serv.recvfrom(10, MSG_WAITALL).data()),
                    () -> call(() -> serv.recvmsg(10, 0, MSG_WAITALL).data()));
            for (Supplier<byte[]> receive : receives) {
                CompletableFuture<byte[]> got = new CompletableFuture<>();
                Thread t = Thread.ofVirtual().start(() -> {
                    try {
                        got.complete(receive.get());
                    } catch (Throwable e) {
                        got.completeExceptionally(e);
                    }
                });
                Waits.until(() -> t.getState() == Thread.State.TIMED_WAITING, Duration.ofSeconds(10),
                        () -> "the receiver waiting for the rest");
                assertFalse(got.isDone(), "three bytes of ten are not enough");
                cli.sendall("defghij".getBytes());
                assertEquals("abcdefghij", new String(got.get(10, TimeUnit.SECONDS)));
                cli.sendall("abc".getBytes());
            }
            assertEquals("abc", new String(serv.recv(10)));
        }
    }

    @Test
    void msgWaitallOnAPlatformThreadAndItsShortEnds() throws Exception {
        SocketType[] p = tcpPair();
        try (SocketType cli = p[0]; SocketType serv = p[1]) {
            // a platform thread waits in poll(2); the writer sends the rest only once the
            // receiver has taken the first half, so the receive must have waited for it
            cli.sendall("abcd".getBytes());
            Thread writer = Thread.ofPlatform().start(() -> {
                Waits.until(() -> peekable(serv) == 0, Duration.ofSeconds(10), () -> "the first half taken");
                call(() -> {
                    cli.sendall("efgh".getBytes());
                    return null;
                });
            });
            assertEquals("abcdefgh", new String(serv.recv(8, MSG_WAITALL)));
            writer.join(Duration.ofSeconds(10));
            // the timeout ends the wait; the bytes that came are the result (the kernel's rule)
            cli.sendall("xyz".getBytes());
            serv.settimeout(0.05);
            assertEquals("xyz", new String(serv.recv(100, MSG_WAITALL)));
            // nothing at all: the timeout raises
            assertThrows(SocketTimeoutException.class, () -> serv.recv(100, MSG_WAITALL));
            // non-blocking mode returns what is queued, as the kernel does for O_NONBLOCK
            serv.setblocking(false);
            cli.sendall("nb".getBytes());
            Waits.until(() -> peekable(serv) == 2, Duration.ofSeconds(10), () -> "2 bytes queued");
            assertEquals("nb", new String(serv.recv(100, MSG_WAITALL)));
            serv.setblocking(true);
            // end of stream ends the wait
            cli.sendall("end".getBytes());
            cli.shutdown(SHUT_WR);
            assertEquals("end", new String(serv.recv(100, MSG_WAITALL)));
            assertEquals(0, serv.recv(100, MSG_WAITALL).length);
        }
    }

    @Test
    void msgWaitallIsIgnoredForDatagramsAndWithPeek() throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_DGRAM)) {
            p.b().settimeout(10.0);
            p.a().send("one".getBytes());
            assertEquals("one", new String(p.b().recv(100, MSG_WAITALL)), "a datagram is a whole message");
        }
        try (SocketPair p = module.socketpair()) {
            p.a().send("abc".getBytes());
            assertEquals("abc", new String(p.b().recv(100, MSG_WAITALL | MSG_PEEK)), "peeking returns what is queued");
            assertEquals("abc", new String(p.b().recv(100)));
        }
    }

    @Test
    void msgDontwaitRaisesOnABlockingSocket() throws Exception {
        try (SocketPair p = module.socketpair()) {
            SocketType s = p.b();
            s.settimeout(10.0); // blocking mode, bounded: a receive that waited would time out instead
            long t0 = System.nanoTime();
            assertEquals(Errno.EAGAIN, assertThrows(BlockingIOException.class, () -> s.recv(10, MSG_DONTWAIT)).errno());
            assertThrows(BlockingIOException.class, () -> s.recvfrom(10, MSG_DONTWAIT));
            assertThrows(BlockingIOException.class, () -> s.recv_into(new byte[10], 0, MSG_DONTWAIT));
            assertThrows(BlockingIOException.class, () -> s.recvmsg(10, 0, MSG_DONTWAIT));
            assertThrows(BlockingIOException.class, () -> s.recv_fds(10, 1, MSG_DONTWAIT));
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "none of them waited");
            p.a().send("x".getBytes());
            Waits.until(() -> peekable(s) == 1, Duration.ofSeconds(10), () -> "1 byte queued");
            assertEquals("x", new String(s.recv(10, MSG_DONTWAIT)), "data there: no error");
        }
    }

    @Test
    void msgOobOnTcpLoopback() throws Exception {
        SocketType[] p = tcpPair();
        try (SocketType cli = p[0]; SocketType serv = p[1]) {
            // no urgent data: Linux says EINVAL at once, never waits, even in blocking mode
            assertEquals(Errno.EINVAL, assertThrows(SocketException.class, () -> serv.recv(1, MSG_OOB)).errno());
            // one segment "abc!" with the urgent pointer after '!': normal data stops at the mark
            assertEquals(4, cli.send("abc!".getBytes(), MSG_OOB));
            assertEquals("abc", new String(serv.recv(100)));
            assertEquals("!", new String(serv.recv(1, MSG_OOB)));
            cli.sendall("after".getBytes());
            assertEquals("after", new String(serv.recv(100)));
            assertEquals(Errno.EINVAL, assertThrows(SocketException.class, () -> serv.recvmsg(1, 0, MSG_OOB)).errno(),
                    "the urgent byte was read");
        }
    }

    // ---- helpers ----

    @FunctionalInterface
    private interface Call<T> {
        T run() throws SocketException;
    }

    private static <T> T call(Call<T> c) {
        try {
            return c.run();
        } catch (SocketException e) {
            throw new RuntimeException(e);
        }
    }

    /** @return how many bytes are queued, peeking without waiting */
    private static int peekable(SocketType s) {
        try {
            return s.recv(1024, MSG_PEEK | MSG_DONTWAIT).length;
        } catch (BlockingIOException empty) {
            return 0;
        } catch (SocketException e) {
            throw new RuntimeException(e);
        }
    }

    private void closeAll(ReceivedMessage r) throws SocketException {
        for (var c : r.ancdata()) {
            for (int fd : c.fds()) {
                module.close(fd);
            }
        }
    }

    private static byte[] recvExactly(SocketType s, int n) throws SocketException {
        byte[] all = new byte[0];
        while (all.length < n) {
            byte[] got = s.recv(n - all.length);
            assertTrue(got.length > 0, "end of stream after " + all.length + " of " + n);
            all = concat(all, got);
        }
        return all;
    }

    private static byte[] recvmsgExactly(SocketType s, int n) throws SocketException {
        byte[] all = new byte[0];
        while (all.length < n) {
            byte[] got = s.recvmsg(n - all.length).data();
            assertTrue(got.length > 0, "end of stream after " + all.length + " of " + n);
            all = concat(all, got);
        }
        return all;
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
