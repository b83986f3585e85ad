package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.MSG_CMSG_CLOEXEC;
import static org.bsdsock.socket.api.SocketConstants.MSG_DONTWAIT;
import static org.bsdsock.socket.api.SocketConstants.MSG_TRUNC;
import static org.bsdsock.socket.api.SocketConstants.SCM_RIGHTS;
import static org.bsdsock.socket.api.SocketConstants.SHUT_WR;
import static org.bsdsock.socket.api.SocketConstants.SOCK_CLOEXEC;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_NONBLOCK;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.bsdsock.socket.api.SocketConstants.SO_SNDBUF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.testing.Fds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each socket operation through the ring, against real loopback sockets (AF_UNIX pairs, TCP on 127.0.0.1). */
@Tag("uring")
@Timeout(60)
class UringOpsTest {
    private Uring ring;
    private Arena arena;
    private List<String> before;
    private final List<FdHandle> handles = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        before = Fds.open();
        ring = UringSupport.ringOrSkip(64);
        arena = Arena.ofShared();
    }

    @AfterEach
    void close() {
        for (FdHandle h : handles) {
            UringOps.close(ring, h);
        }
        ring.close();
        arena.close();
        // Sockets and rings only: the JDK opens files of its own meanwhile (/dev/urandom, say).
        assertEquals(List.of(), Fds.openedSince(before).stream()
                .filter(t -> t.startsWith("socket:") || t.contains("io_uring")).toList(), "every descriptor closed");
    }

    private FdHandle own(int fd) {
        FdHandle h = UringSupport.handle(fd);
        handles.add(h);
        return h;
    }

    private FdHandle[] pair(int type) {
        int[] p = UringSupport.socketpair(AF_UNIX, type);
        return new FdHandle[] {own(p[0]), own(p[1])};
    }

    @Test
    void tcpAcceptConnectSendRecvThroughTheRing() throws Exception {
        FdHandle listener = own(UringSupport.listener());
        int port = UringSupport.port(listener.fd());
        CompletableFuture<int[]> accepted = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            MemorySegment peer = arena.allocate(Layouts.SOCKADDR_STORAGE);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, (int) peer.byteSize());
            int fd = UringOps.accept(ring.slot(), listener, peer, len, SOCK_CLOEXEC, -1);
            accepted.complete(new int[] {fd, len.get(JAVA_INT, 0), peer.get(Layouts.IN_ADDR_T, Layouts.SIN_ADDR),
                    Short.toUnsignedInt(peer.get(Layouts.IN_PORT_T, Layouts.SIN_PORT))});
        });
        FdHandle client = own(UringSupport.tcpSocket());
        MemorySegment to = arena.allocate(Layouts.SOCKADDR_IN);
        Uring.Slot s = ring.slot();
        assertEquals(0, UringOps.connect(s, client, to, UringSupport.loopback(to, port), -1));
        int[] a = accepted.get(10, TimeUnit.SECONDS);
        assertTrue(a[0] >= 0, "accept: " + a[0]);
        FdHandle server = own(a[0]);
        assertEquals(Layouts.SOCKADDR_IN.byteSize(), a[1], "the peer's address length");
        assertEquals(0x7f000001, a[2], "the peer is 127.0.0.1");
        assertEquals(UringSupport.port(client.fd()), a[3], "the peer's port is the client's");

        MemorySegment ping = UringSupport.bytes(arena, "ping over io_uring");
        assertEquals(ping.byteSize(), UringOps.send(s, client, ping, 0, -1));
        MemorySegment buf = arena.allocate(64);
        int n = UringOps.recv(s, server, buf, 0, -1);
        assertEquals("ping over io_uring", UringSupport.text(buf, n));
        assertEquals(4, UringOps.send(s, server, UringSupport.bytes(arena, "pong"), 0, -1));
        assertEquals("pong", UringSupport.text(buf, UringOps.recv(s, client, buf, 0, -1)));
    }

    @Test
    void connectRefusedIsTheKernelsErrno() throws Exception {
        int unused = UringSupport.listener();
        int port = UringSupport.port(unused);
        UringSupport.close(unused); // nobody listens there now
        FdHandle client = own(UringSupport.tcpSocket());
        MemorySegment to = arena.allocate(Layouts.SOCKADDR_IN);
        assertEquals(-Errno.ECONNREFUSED, UringOps.connect(ring.slot(), client, to, UringSupport.loopback(to, port), -1));
    }

    @Test
    void multishotAcceptGivesOneDescriptorPerConnectionAndClosesTheUntaken() throws Exception {
        FdHandle listener = own(UringSupport.listener());
        int port = UringSupport.port(listener.fd());
        List<String> beforeConnections = Fds.open();
        UringOps.MultishotAccept m = UringOps.acceptMultishot(ring, listener, SOCK_CLOEXEC);
        int[] clients = new int[5];
        MemorySegment to = arena.allocate(Layouts.SOCKADDR_IN);
        int len = UringSupport.loopback(to, port);
        for (int i = 0; i < clients.length; i++) {
            clients[i] = UringSupport.tcpSocket();
            UringSupport.check("connect", Libc.connect(Scratch.get().state, clients[i], to, len));
        }
        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int fd = m.take();
            assertTrue(fd >= 0, "accepted " + fd);
            taken.add(fd);
        }
        // The other two are accepted (or about to be) and not taken: close() must close them.
        m.close();
        for (int fd : taken) {
            UringSupport.close(fd);
        }
        for (int fd : clients) {
            UringSupport.close(fd);
        }
        assertEquals(List.of(), Fds.openedSince(beforeConnections), "no accepted descriptor left behind");
    }

    @Test
    void socketBindListenWhereTheProbeHasThem() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ring.supports(Libc.IORING_OP_SOCKET)
                && ring.supports(UringOps.IORING_OP_BIND) && ring.supports(UringOps.IORING_OP_LISTEN),
                "IORING_OP_SOCKET (5.19), BIND and LISTEN (6.11)");
        Uring.Slot s = ring.slot();
        int fd = UringOps.socket(s, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        assertTrue(fd >= 0, "socket: " + fd);
        assertTrue(Fds.target(fd).startsWith("socket:"));
        assertEquals(1, Libc.fcntl(Scratch.get().state, fd, 1 /* F_GETFD */, 0),
                "FD_CLOEXEC: SOCK_CLOEXEC reached the kernel (IORING_OP_SOCKET takes the type in off)");
        FdHandle listener = own(fd);
        MemorySegment at = arena.allocate(Layouts.SOCKADDR_IN);
        assertEquals(0, UringOps.bind(s, listener, at, UringSupport.loopback(at, 0)));
        int port = UringSupport.port(fd);
        assertNotEquals(0, port, "IORING_OP_BIND bound it (opcode 56 is bind)");
        assertEquals(0, UringOps.listen(s, listener, 16));
        // Opcode 57 is listen: a connection is accepted.
        int client = UringSupport.tcpSocket();
        UringSupport.check("connect", Libc.connect(Scratch.get().state, client, at, UringSupport.loopback(at, port)));
        int server = UringOps.accept(s, listener, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC, -1);
        assertTrue(server >= 0, "accept: " + server);
        UringSupport.close(server);
        UringSupport.close(client);
    }

    @Test
    void shutdownEndsThePeersStream() throws Exception {
        FdHandle[] p = pair(SOCK_STREAM);
        Uring.Slot s = ring.slot();
        assertEquals(0, UringOps.shutdown(s, p[0], SHUT_WR));
        assertEquals(0, UringOps.recv(s, p[1], arena.allocate(8), 0, -1), "end of stream");
        assertEquals(-Errno.EPIPE, UringOps.send(s, p[0], UringSupport.bytes(arena, "x"), 0, -1),
                "EPIPE, and no SIGPIPE to kill the JVM (MSG_NOSIGNAL)");
    }

    @Test
    void closeOpClosesABareDescriptor() throws Exception {
        int[] p = UringSupport.socketpair(AF_UNIX, SOCK_STREAM);
        Uring.Slot s = ring.slot();
        assertEquals(0, UringOps.closeFd(s, p[0]));
        assertNull(Fds.target(p[0]), "closed");
        assertEquals(-Errno.EBADF, UringOps.closeFd(s, p[0]));
        UringSupport.close(p[1]);
    }

    @Test
    void sendmsgRecvmsgPassADescriptor(@TempDir Path tmp) throws Exception {
        FdHandle[] p = pair(SOCK_STREAM);
        Path file = Files.writeString(tmp.resolve("passed"), "contents");
        int passed;
        try (Arena a = Arena.ofConfined()) {
            passed = UringSupport.check("open", Libc.open(Scratch.get().state, a.allocateFrom(file.toString()),
                    Libc.O_RDONLY | Libc.O_CLOEXEC, 0));
        }
        Uring.Slot s = ring.slot();
        MemorySegment data = UringSupport.bytes(arena, "fd");
        MemorySegment out = msghdr(data, 1);
        MemorySegment cmsg = out.get(ADDRESS, Layouts.MSG_CONTROL).reinterpret(MsgStructs.CMSG_SPACE(4));
        cmsg.set(JAVA_LONG, Layouts.CMSG_LEN_FIELD, MsgStructs.CMSG_LEN(4));
        cmsg.set(JAVA_INT, Layouts.CMSG_LEVEL, SOL_SOCKET);
        cmsg.set(JAVA_INT, Layouts.CMSG_TYPE, SCM_RIGHTS);
        cmsg.set(JAVA_INT, MsgStructs.CMSG_DATA(), passed);
        assertEquals(2, UringOps.sendmsg(s, p[0], out, 0, -1));
        UringSupport.close(passed); // in flight in the socket now

        MemorySegment buf = arena.allocate(16);
        MemorySegment in = msghdr(buf, 1);
        assertEquals(2, UringOps.recvmsg(s, p[1], in, MSG_CMSG_CLOEXEC, -1));
        assertEquals("fd", UringSupport.text(buf, 2));
        assertEquals(MsgStructs.CMSG_SPACE(4), in.get(JAVA_LONG, Layouts.MSG_CONTROLLEN), "one item came");
        MemorySegment got = in.get(ADDRESS, Layouts.MSG_CONTROL).reinterpret(MsgStructs.CMSG_SPACE(4));
        assertEquals(MsgStructs.CMSG_LEN(4), got.get(JAVA_LONG, Layouts.CMSG_LEN_FIELD), "one descriptor in it");
        assertEquals(SCM_RIGHTS, got.get(JAVA_INT, Layouts.CMSG_TYPE));
        int received = got.get(JAVA_INT, MsgStructs.CMSG_DATA());
        assertEquals(file.toString(), Fds.target(received), "the same file, a new descriptor");
        UringSupport.close(received);
    }

    /** @return a msghdr in {@link #arena} with one iovec over {@code data} and room for {@code fds} descriptors */
    private MemorySegment msghdr(MemorySegment data, int fds) {
        MemorySegment iov = arena.allocate(Layouts.IOVEC);
        iov.set(ADDRESS, Layouts.IOV_BASE, data);
        iov.set(JAVA_LONG, Layouts.IOV_LEN, data.byteSize());
        MemorySegment control = arena.allocate(MsgStructs.CMSG_SPACE(4L * fds), 8);
        MemorySegment msg = arena.allocate(Layouts.MSGHDR);
        msg.set(ADDRESS, Layouts.MSG_IOV, iov);
        msg.set(JAVA_LONG, Layouts.MSG_IOVLEN, 1);
        msg.set(ADDRESS, Layouts.MSG_CONTROL, control);
        msg.set(JAVA_LONG, Layouts.MSG_CONTROLLEN, control.byteSize());
        return msg;
    }

    @Test
    void aLinkedTimeoutEndsASilentRecvAndLosesNothing() throws Exception {
        FdHandle[] p = pair(SOCK_STREAM);
        Uring.Slot s = ring.slot();
        MemorySegment buf = arena.allocate(16);
        long start = System.nanoTime();
        assertEquals(-Errno.ETIME, UringOps.recv(s, p[0], buf, 0, TimeUnit.MILLISECONDS.toNanos(100)));
        long took = System.nanoTime() - start;
        assertEquals(-Errno.ECANCELED, s.res, "the receive's own CQE");
        assertEquals(-Errno.ETIME, s.timeoutRes, "the timeout's CQE");
        assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(100), "waited the timeout: " + took);
        assertTrue(took < TimeUnit.SECONDS.toNanos(5), "and not much longer: " + took);
        // Data sent after the timeout is the next receive's, whole.
        assertEquals(5, UringOps.send(s, p[1], UringSupport.bytes(arena, "after"), 0, -1));
        assertEquals("after", UringSupport.text(buf, UringOps.recv(s, p[0], buf, 0, TimeUnit.SECONDS.toNanos(10))));
        assertEquals(-Errno.ECANCELED, s.timeoutRes, "a timeout that did not fire is cancelled with its operation's end");
    }

    @Test
    void aLinkedTimeoutEndsAnAccept() throws Exception {
        FdHandle listener = own(UringSupport.listener());
        assertEquals(-Errno.ETIME, UringOps.accept(ring.slot(), listener, MemorySegment.NULL, MemorySegment.NULL,
                SOCK_CLOEXEC, TimeUnit.MILLISECONDS.toNanos(50)));
    }

    @Test
    void msgDontwaitIsNonBlockingModeAndONonblockIsNot() throws Exception {
        int[] p = UringSupport.socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK);
        FdHandle a = own(p[0]);
        own(p[1]);
        Uring.Slot s = ring.slot();
        assertEquals(-Errno.EAGAIN, UringOps.recv(s, a, arena.allocate(8), MSG_DONTWAIT, -1),
                "MSG_DONTWAIT: would block, at once");
        // The ring arms a poll whatever the descriptor's O_NONBLOCK says: the socket layer passes
        // MSG_DONTWAIT in non-blocking mode.
        assertEquals(-Errno.ETIME, UringOps.recv(s, a, arena.allocate(8), 0, TimeUnit.MILLISECONDS.toNanos(50)),
                "O_NONBLOCK alone: the ring waits");
    }

    @Test
    void anInterruptCancelsABlockedRecvWithEintr() throws Exception {
        FdHandle[] p = pair(SOCK_STREAM);
        for (boolean virtual : new boolean[] {true, false}) {
            CompletableFuture<Integer> result = new CompletableFuture<>();
            Uring.Slot s = ring.slot();
            Runnable r = () -> result.complete(UringOps.recv(s, p[0], arena.allocate(8), 0, -1));
            Thread t = virtual ? Thread.ofVirtual().start(r) : Thread.ofPlatform().start(r);
            awaitBusy(s);
            t.interrupt();
            assertEquals(-Errno.EINTR, result.get(10, TimeUnit.SECONDS), virtual ? "virtual" : "platform");
            t.join();
        }
    }

    @Test
    void aCancellationNobodyAskedForIsResubmittedAndLosesNothing() throws Exception {
        FdHandle[] p = pair(SOCK_STREAM);
        Uring.Slot s = ring.slot();
        MemorySegment buf = arena.allocate(16);
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> result.complete(UringOps.recv(s, p[0], buf, 0, -1)));
        awaitBusy(s);
        ring.cancel(s); // as the kernel does to the operations of a thread that exits
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.attempts < 2) {
            assertTrue(System.nanoTime() < until, "not resubmitted");
            Thread.sleep(1);
        }
        awaitBusy(s);
        assertEquals(4, UringOps.send(ring.slot(), p[1], UringSupport.bytes(arena, "data"), 0, -1));
        assertEquals(4, result.get(10, TimeUnit.SECONDS), "the resubmitted receive got the data");
        assertEquals("data", UringSupport.text(buf, 4));
        t.join();
    }

    @Test
    void anOperationOutlivesTheThreadThatSubmittedIt() throws Exception {
        // The thread that flushed an operation may end before it completes (a retired carrier).
        // Kernels have cancelled such operations (UringOps resubmits an -ECANCELED nobody asked
        // for); 6.18 completes them, its deferred work run without the task.
        FdHandle[] p = pair(SOCK_STREAM);
        Uring.Slot s = ring.slot();
        MemorySegment buf = arena.allocate(16);
        int fd = p[0].enter("recv");
        try {
            s.prep(Libc.IORING_OP_RECV, fd, buf.address(), 16, 0);
            Thread submitter = Thread.ofPlatform().start(() -> assertEquals(0, ring.submit(s, p[0])));
            submitter.join();
            // The receive is armed still; data makes the kernel run its retry, in no task now.
            assertEquals(4, UringOps.send(ring.slot(), p[1], UringSupport.bytes(arena, "kept"), 0, -1));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (s.outstanding != 0) {
                assertTrue(System.nanoTime() < until, "the receive never ended");
                Thread.sleep(1);
            }
            assertTrue(s.res == 4 || s.res == -Errno.ECANCELED, "data, or a cancellation to resubmit: " + s.res);
            if (s.res == -Errno.ECANCELED) {
                System.out.println("io_uring: this kernel cancels the operations of a submitter that exits");
                assertEquals(4, UringOps.recv(s, p[0], buf, 0, -1), "the data is still there for the next");
            }
            assertEquals("kept", UringSupport.text(buf, 4), "nothing lost either way");
        } finally {
            p[0].leave();
        }
    }

    /** Waits until {@code s} has an operation in flight. */
    static void awaitBusy(Uring.Slot s) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.outstanding == 0) {
            assertTrue(System.nanoTime() < until, "the operation never started");
            Thread.sleep(1);
        }
    }

    @Test
    void aDatagramArrivesWholeOrNotAtAll() throws Exception {
        FdHandle[] p = pair(SOCK_DGRAM);
        Uring.Slot s = ring.slot();
        int size = 64 << 10;
        MemorySegment big = arena.allocate(size);
        for (int i = 0; i < size; i++) {
            big.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (i * 31));
        }
        assertEquals(size, UringOps.send(s, p[0], big, 0, -1));
        MemorySegment in = arena.allocate(size + 1);
        assertEquals(size, UringOps.recv(s, p[1], in, 0, -1), "the whole datagram in one receive");
        assertEquals(-1, big.mismatch(in.asSlice(0, size)));

        // Larger than the send buffer can ever hold: an error, and nothing of it arrives.
        MemorySegment one = arena.allocate(JAVA_INT);
        one.set(JAVA_INT, 0, 4096);
        UringSupport.check("setsockopt", Libc.setsockopt(Scratch.get().state, p[0].fd(), SOL_SOCKET, SO_SNDBUF, one, 4));
        MemorySegment huge = arena.allocate(1 << 20);
        assertEquals(-Errno.EMSGSIZE, UringOps.send(s, p[0], huge, 0, -1));

        // A datagram larger than the buffer is cut, and says so (MSG_TRUNC); the next is whole.
        assertEquals(1000, UringOps.send(s, p[0], big.asSlice(0, 1000), 0, -1));
        assertEquals(3, UringOps.send(s, p[0], UringSupport.bytes(arena, "end"), 0, -1));
        MemorySegment small = arena.allocate(100);
        MemorySegment msg = msghdr(small, 0);
        msg.set(JAVA_LONG, Layouts.MSG_CONTROLLEN, 0);
        assertEquals(100, UringOps.recvmsg(s, p[1], msg, 0, -1));
        assertTrue((msg.get(JAVA_INT, Layouts.MSG_FLAGS) & MSG_TRUNC) != 0, "MSG_TRUNC set");
        assertEquals(-1, big.asSlice(0, 100).mismatch(small));
        assertEquals("end", UringSupport.text(small, UringOps.recv(s, p[1], small, 0, -1)));
    }
}
