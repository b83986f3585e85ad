package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.MSG_PEEK;
import static org.bsdsock.socket.api.SocketConstants.MSG_TRUNC;
import static org.bsdsock.socket.api.SocketConstants.MSG_WAITALL;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketTimeoutException;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.testing.Fds;
import org.bsdsock.socket.testing.InCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hostile user of the io_uring engine (and, run on epoll, the same checks there: a
 * difference between the engines is a defect). Close races, mode changes while blocked, tiny
 * and huge timeouts, interrupts, descriptor and ring leaks, heap buffers, flags.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UringAttackTest extends ProviderFixture {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @AfterEach
    void noThreadLeftInterrupted() {
        Thread.interrupted();
    }

    /** @return the io_uring instances this process has open */
    static long rings() {
        return Fds.open().stream().filter(t -> t.contains("io_uring")).count();
    }

    private <T> T on(boolean virtual, java.util.concurrent.Callable<T> body) {
        return InCall.start("on", virtual, body).result(WAIT);
    }

    // ---- timeouts -------------------------------------------------------------------------

    /**
     * A tiny timeout (1 µs, 1 ns) with the data already queued: CPython (and the epoll engine)
     * tries the call (after a poll that finds it ready) and returns the data; the timeout only
     * bounds a wait that is needed.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void tinyTimeoutReturnsWhatIsQueued(boolean virtual) throws Exception {
        on(virtual, () -> {
            try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM)) {
                for (double t : new double[] {1e-6, 1e-9}) {
                    p.b().settimeout(t);
                    for (int i = 0; i < 50; i++) {
                        p.a().sendall(new byte[] {(byte) i, 1, 2});
                        assertArrayEquals(new byte[] {(byte) i, 1, 2}, p.b().recv(3), "recv with timeout " + t);
                        p.a().sendall(new byte[] {(byte) i});
                        byte[] into = new byte[8];
                        assertEquals(1, p.b().recv_into(into, 8, 0), "recv_into with timeout " + t);
                        p.a().sendall(new byte[] {(byte) i});
                        assertEquals(1, p.b().recvfrom(8, 0).data().length, "recvfrom with timeout " + t);
                    }
                }
            }
            return null;
        });
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void tinyTimeoutAcceptsAQueuedConnection(boolean virtual) throws Exception {
        on(virtual, () -> {
            try (SocketType l = module.socket(AF_INET, SOCK_STREAM)) {
                l.bind(new InetAddr("127.0.0.1", 0));
                l.listen(64);
                l.settimeout(1e-6);
                for (int i = 0; i < 20; i++) {
                    try (SocketType c = module.socket(AF_INET, SOCK_STREAM)) {
                        c.connect(l.getsockname());
                        l.accept().conn().close();
                    }
                }
            }
            return null;
        });
    }

    /** A tiny timeout with nothing queued times out, at once, on both thread kinds. */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void tinyTimeoutWithNothingQueuedTimesOut(boolean virtual) throws Exception {
        on(virtual, () -> {
            try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM)) {
                p.b().settimeout(1e-6);
                for (int i = 0; i < 50; i++) {
                    long t0 = System.nanoTime();
                    SocketException e = org.junit.jupiter.api.Assertions.assertThrows(SocketException.class, () -> p.b().recv(3));
                    assertInstanceOf(SocketTimeoutException.class, e);
                    assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
                }
                p.a().sendall("x".getBytes());
                assertArrayEquals("x".getBytes(), p.b().recv(3));
            }
            return null;
        });
    }

    /** A huge timeout (1e10 s, and more than a long of nanoseconds) waits like None and still returns data. */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void hugeTimeoutWaitsAndReturns(boolean virtual) throws Exception {
        for (double t : new double[] {1e10, 1e30}) {
            try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM)) {
                p.b().settimeout(t);
                InCall<byte[]> c = InCall.start("huge", virtual, () -> p.b().recv(5)).awaitBlockedIn("recv", WAIT);
                p.a().sendall("hello".getBytes());
                assertArrayEquals("hello".getBytes(), c.result(WAIT));
            }
        }
    }

    // ---- interrupts ------------------------------------------------------------------------

    /**
     * A virtual thread blocked on the ring and interrupted fails with EINTR, keeps its interrupt
     * status, and the socket loses nothing: the bytes sent afterwards reach the next receive.
     */
    @Test
    void interruptedVirtualReceiversFailWithEintrAndLoseNothing() throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM); SocketPair d = module.socketpair(AF_UNIX, SOCK_DGRAM)) {
            for (int round = 0; round < 20; round++) {
                List<InCall<?>> calls = new ArrayList<>();
                calls.add(InCall.start("recv", true, () -> {
                    try {
                        return p.b().recv(10);
                    } finally {
                        assertTrue(Thread.currentThread().isInterrupted(), "interrupt status kept");
                    }
                }).awaitBlockedIn("recv", WAIT));
                calls.add(InCall.start("recvfrom", true, () -> d.b().recvfrom(10, 0)).awaitBlockedIn("recvfrom", WAIT));
                calls.add(InCall.start("recvmsg", true, () -> d.a().recvmsg(10, 0, 0)).awaitBlockedIn("recvmsg", WAIT));
                for (InCall<?> c : calls) {
                    c.thread().interrupt();
                    SocketException e = assertInstanceOf(SocketException.class, c.failure(WAIT));
                    assertEquals(Errno.EINTR, e.errno(), e.getMessage());
                }
                p.a().sendall(("r" + round).getBytes());
                assertArrayEquals(("r" + round).getBytes(), p.b().recv(10));
                d.a().send("x".getBytes());
                assertArrayEquals("x".getBytes(), d.b().recv(10));
            }
        }
    }

    @Test
    void interruptedVirtualAcceptFailsWithEintrAndTheListenerStillAccepts() throws Exception {
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(8);
            for (int round = 0; round < 10; round++) {
                InCall<?> c = InCall.start("accept", true, () -> l.accept()).awaitBlockedIn("accept", WAIT);
                c.thread().interrupt();
                SocketException e = assertInstanceOf(SocketException.class, c.failure(WAIT));
                assertEquals(Errno.EINTR, e.errno(), e.getMessage());
                try (SocketType cl = module.socket(AF_INET, SOCK_STREAM)) {
                    cl.connect(l.getsockname());
                    l.accept().conn().close();
                }
            }
        }
    }

    /**
     * A virtual thread that calls recv with its interrupt status already set while data is
     * queued: the epoll engine tries first and returns the data; the ring must not turn it into
     * EINTR (the data is there; nothing had to wait).
     */
    @Test
    void interruptStatusSetWithDataQueuedReturnsTheData() throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM)) {
            on(true, () -> {
                for (int i = 0; i < 200; i++) {
                    p.a().sendall(new byte[] {(byte) i});
                    Thread.currentThread().interrupt();
                    try {
                        assertArrayEquals(new byte[] {(byte) i}, p.b().recv(1), "round " + i);
                    } finally {
                        assertTrue(Thread.interrupted());
                    }
                }
                return null;
            });
        }
    }

    // ---- mode changes while blocked -------------------------------------------------------

    @Test
    void setblockingFalseEndsABlockedVirtualRecvAndAcceptWithEagain() throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM); SocketType l = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(8);
            InCall<?> r = InCall.start("recv", true, () -> p.b().recv(10)).awaitBlockedIn("recv", WAIT);
            InCall<?> a = InCall.start("accept", true, () -> l.accept()).awaitBlockedIn("accept", WAIT);
            p.b().setblocking(false);
            l.settimeout(0.0);
            for (InCall<?> c : List.of(r, a)) {
                SocketException e = assertInstanceOf(SocketException.class, c.failure(WAIT));
                assertEquals(Errno.EAGAIN, e.errno(), e.getMessage());
            }
        }
    }

    /** A blocked receive whose timeout changes (None -> 5 s -> None) keeps waiting and gets the data. */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void modeFlappingWhileBlockedKeepsTheCallAlive(boolean virtual) throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM)) {
            InCall<byte[]> r = InCall.start("recv", virtual, () -> p.b().recv(10)).awaitBlockedIn("recv", WAIT);
            for (int i = 0; i < 200; i++) {
                p.b().settimeout(i % 2 == 0 ? 5.0 : null);
            }
            p.b().settimeout(null);
            Thread.sleep(50);
            assertTrue(!r.outcome().isDone(), "still waiting: " + r.outcome());
            p.a().sendall("data".getBytes());
            assertArrayEquals("data".getBytes(), r.result(WAIT));
        }
    }

    // ---- close races and descriptors ----------------------------------------------------------

    /** 1,000 virtual threads blocked in recv on 1,000 sockets, all closed: every call EBADF, no descriptor left. */
    @Test
    void thousandSocketsClosedWhileBlocked() throws Exception {
        List<String> before = Fds.open();
        int n = 1000;
        List<SocketPair> pairs = new ArrayList<>();
        List<InCall<byte[]>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM);
            pairs.add(p);
            calls.add(InCall.start("r" + i, true, () -> p.b().recv(10)));
        }
        // every one parked in the ring
        InCall.awaitBlockedIn(calls.get(n - 1).thread(), "recv", WAIT);
        Thread.sleep(100);
        for (SocketPair p : pairs) {
            p.b().close();
        }
        for (InCall<byte[]> c : calls) {
            SocketException e = assertInstanceOf(SocketException.class, c.failure(WAIT));
            assertEquals(Errno.EBADF, e.errno());
        }
        for (SocketPair p : pairs) {
            p.a().close();
        }
        List<String> left = Fds.openedSince(before).stream().filter(t -> t.startsWith("socket:")).toList();
        assertEquals(List.of(), left, "every socket closed");
    }

    /**
     * Rounds of: a call starting (recv/accept/recvfrom on either thread kind) while another
     * thread closes the socket. Each call ends (EBADF) in bounded time; no socket is left.
     */
    @Test
    void closeRacingWithCallsStarting() throws Exception {
        List<String> before = Fds.open();
        Random rnd = new Random(17);
        for (int round = 0; round < 300; round++) {
            boolean virtual = round % 2 == 0;
            SocketPair p = module.socketpair(AF_UNIX, round % 3 == 0 ? SOCK_DGRAM : SOCK_STREAM);
            int kind = round % 3;
            InCall<Object> c = InCall.start("c" + round, virtual, () -> switch (kind) {
                case 0 -> p.b().recvfrom(10, 0);
                case 1 -> p.b().recv(10);
                default -> p.b().recv_into(new byte[10], 10, 0);
            });
            if (rnd.nextBoolean()) {
                Thread.onSpinWait();
            } else {
                TimeUnit.MICROSECONDS.sleep(rnd.nextInt(300));
            }
            p.b().close();
            Throwable t = c.failure(WAIT);
            SocketException e = assertInstanceOf(SocketException.class, t);
            assertEquals(Errno.EBADF, e.errno(), "round " + round + ": " + e);
            p.a().close();
        }
        assertEquals(List.of(), Fds.openedSince(before).stream().filter(t -> t.startsWith("socket:")).toList());
    }

    /** Many short-lived platform threads each making one ring receive: own rings must not pile up. */
    @Test
    void shortLivedPlatformThreadsDoNotPileUpRings() throws Exception {
        long base = rings();
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM)) {
            for (int i = 0; i < 200; i++) {
                Thread t = Thread.ofPlatform().start(() -> {
                    try {
                        p.a().sendall("x".getBytes());
                        p.b().recv(1);
                    } catch (SocketException e) {
                        throw new RuntimeException(e);
                    }
                });
                t.join();
            }
            long now = rings();
            assertTrue(now <= base + 3, "rings open: " + now + ", before: " + base);
        }
    }

    /** The module's close (the last instance) closes the shared ring and every own ring. */
    @Test
    void closingTheLastInstanceClosesEveryRing() throws Exception {
        impl.close();
        long base = rings();
        NativeSocketModule m = TestEngine.module("attack");
        // On a platform thread that ends before the close: on the ring engine its close(2) is a
        // ring operation, and a live thread keeps its own ring while the group is in use.
        InCall<Void> user = InCall.start("user", false, () -> {
            try (SocketPair p = m.socketpair(AF_UNIX, SOCK_STREAM)) {
                for (boolean virtual : new boolean[] {true, false, false}) {
                    InCall<byte[]> r = InCall.start("r", virtual, () -> p.b().recv(1)).awaitBlockedIn("recv", WAIT);
                    p.a().sendall("y".getBytes());
                    r.result(WAIT);
                    r.thread().join();
                }
            }
            return null;
        });
        user.result(WAIT);
        user.thread().join();
        m.close();
        assertEquals(base, rings(), "rings after the last instance closed: " + Fds.open());
    }

    // ---- buffers ----------------------------------------------------------------------------

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void heapAndDirectBuffersAtOffsetsThroughTheRing(boolean virtual) throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM)) {
            Random rnd = new Random(5);
            for (int size : new int[] {1, 100, 2048, 2049, 65536, 65537, 200_000}) {
                byte[] data = new byte[size];
                rnd.nextBytes(data);
                for (int kind = 0; kind < 4; kind++) {
                    int k = kind;
                    byte[] backing = new byte[size + 37];
                    Arrays.fill(backing, (byte) 0x5a);
                    InCall<Integer> r = InCall.start("r", virtual, () -> {
                        int got = 0;
                        switch (k) {
                            case 0 -> { // byte[] with nbytes
                                byte[] b = new byte[size + 10];
                                while (got < size) {
                                    byte[] tmp = new byte[size - got];
                                    int n = p.b().recv_into(tmp, size - got, 0);
                                    System.arraycopy(tmp, 0, backing, 13 + got, n);
                                    got += n;
                                }
                                return got + b.length * 0;
                            }
                            case 1 -> { // heap buffer slice at an offset
                                ByteBuffer bb = ByteBuffer.wrap(backing, 13, size).slice();
                                while (bb.hasRemaining()) {
                                    got += p.b().recv_into(bb, 0);
                                }
                                return got;
                            }
                            case 2 -> { // heap buffer with a position
                                ByteBuffer bb = ByteBuffer.wrap(backing);
                                bb.position(13).limit(13 + size);
                                while (bb.hasRemaining()) {
                                    got += p.b().recv_into(bb, 0);
                                }
                                return got;
                            }
                            default -> { // direct
                                ByteBuffer bb = ByteBuffer.allocateDirect(size + 37);
                                bb.position(13).limit(13 + size);
                                while (bb.hasRemaining()) {
                                    got += p.b().recv_into(bb, 0);
                                }
                                bb.position(13);
                                bb.get(backing, 13, size);
                                return got;
                            }
                        }
                    }).awaitBlockedIn("recv_into", WAIT);
                    InCall<Void> w = InCall.start("w", virtual, () -> {
                        p.a().sendall(data);
                        return null;
                    });
                    assertEquals(size, r.result(WAIT));
                    w.result(WAIT);
                    assertArrayEquals(data, Arrays.copyOfRange(backing, 13, 13 + size), "kind " + k + " size " + size);
                    for (int i = 0; i < 13; i++) {
                        assertEquals((byte) 0x5a, backing[i], "before the buffer");
                    }
                    for (int i = 13 + size; i < backing.length; i++) {
                        assertEquals((byte) 0x5a, backing[i], "after the buffer");
                    }
                }
            }
        }
    }

    /** Datagrams larger than 64 KiB into heap arrays, the receiver waiting first (virtual and platform). */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void largeDatagramsThroughHeapArrays(boolean virtual) throws Exception {
        try (SocketPair d = module.socketpair(AF_UNIX, SOCK_DGRAM)) {
            d.a().setsockopt(org.bsdsock.socket.api.SocketConstants.SOL_SOCKET, org.bsdsock.socket.api.SocketConstants.SO_SNDBUF, 1 << 20);
            d.b().setsockopt(org.bsdsock.socket.api.SocketConstants.SOL_SOCKET, org.bsdsock.socket.api.SocketConstants.SO_RCVBUF, 1 << 20);
            Random rnd = new Random(9);
            for (int size : new int[] {65535, 65536, 65537, 100_000, 150_000}) {
                byte[] data = new byte[size];
                rnd.nextBytes(data);
                InCall<byte[]> r = InCall.start("r", virtual, () -> d.b().recv(size + 1000)).awaitBlockedIn("recv", WAIT);
                d.a().send(data);
                assertArrayEquals(data, r.result(WAIT), "size " + size);
                byte[] into = new byte[size + 5];
                InCall<Integer> ri = InCall.start("ri", virtual, () -> d.b().recv_into(into, 0, 0)).awaitBlockedIn("recv_into", WAIT);
                d.a().send(data);
                assertEquals(size, ri.result(WAIT));
                assertArrayEquals(data, Arrays.copyOf(into, size));
                InCall<org.bsdsock.socket.api.Received> rf = InCall.start("rf", virtual, () -> d.b().recvfrom(size, 0)).awaitBlockedIn("recvfrom", WAIT);
                d.a().send(data);
                assertArrayEquals(data, rf.result(WAIT).data());
                // too small: truncated to the buffer, the rest of the datagram gone
                InCall<byte[]> small = InCall.start("s", virtual, () -> d.b().recv(1000)).awaitBlockedIn("recv", WAIT);
                d.a().send(data);
                assertArrayEquals(Arrays.copyOf(data, 1000), small.result(WAIT));
                d.a().send("next".getBytes());
                assertArrayEquals("next".getBytes(), d.b().recv(100));
            }
        }
    }

    // ---- flags ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void peekWaitallTruncWhileBlocked(boolean virtual) throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM); SocketPair d = module.socketpair(AF_UNIX, SOCK_DGRAM)) {
            InCall<byte[]> peek = InCall.start("peek", virtual, () -> p.b().recv(10, MSG_PEEK)).awaitBlockedIn("recv", WAIT);
            p.a().sendall("abc".getBytes());
            assertArrayEquals("abc".getBytes(), peek.result(WAIT));
            assertArrayEquals("abc".getBytes(), p.b().recv(10), "a peek leaves the data");
            InCall<byte[]> all = InCall.start("all", virtual, () -> p.b().recv(6, MSG_WAITALL)).awaitBlockedIn("recv", WAIT);
            p.a().sendall("ab".getBytes());
            Thread.sleep(30);
            p.a().sendall("cdef".getBytes());
            assertArrayEquals("abcdef".getBytes(), all.result(WAIT));
            byte[] into = new byte[4];
            InCall<Integer> trunc = InCall.start("trunc", virtual, () -> d.b().recv_into(into, 4, MSG_TRUNC)).awaitBlockedIn("recv_into", WAIT);
            d.a().send("0123456789".getBytes());
            assertEquals(10, trunc.result(WAIT), "MSG_TRUNC: the datagram's real length");
            assertArrayEquals("0123".getBytes(), into);
            InCall<org.bsdsock.socket.api.ReceivedInto> tf = InCall.start("tf", virtual,
                    () -> d.b().recvfrom_into(into, 4, MSG_TRUNC)).awaitBlockedIn("recvfrom_into", WAIT);
            d.a().send("abcdefghij".getBytes());
            int epollAnswer = on(virtual, () -> {
                d.a().send("abcdefghij".getBytes());
                return d.b().recvfrom_into(new byte[4], 4, MSG_TRUNC | org.bsdsock.socket.api.SocketConstants.MSG_DONTWAIT).nbytes();
            });
            assertEquals(epollAnswer, tf.result(WAIT).nbytes(), "a waiting recvfrom_into answers as one that does not wait");
        }
    }

    // ---- sending -------------------------------------------------------------------------------

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void sendallOfLargeDataToASlowReader(boolean virtual) throws Exception {
        for (int kind = 0; kind < 3; kind++) {
            try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM)) {
                byte[] data = new byte[3 << 20];
                new Random(kind).nextBytes(data);
                int k = kind;
                InCall<Void> w = InCall.start("w", virtual, () -> {
                    switch (k) {
                        case 0 -> p.a().sendall(data);
                        case 1 -> p.a().sendall(ByteBuffer.wrap(data));
                        default -> {
                            ByteBuffer direct = ByteBuffer.allocateDirect(data.length);
                            direct.put(data).flip();
                            p.a().sendall(direct);
                        }
                    }
                    return null;
                });
                java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
                while (got.size() < data.length) {
                    byte[] b = p.b().recv(7919);
                    got.write(b);
                    if (got.size() % 64 == 0) {
                        Thread.sleep(1);
                    }
                }
                w.result(WAIT);
                assertArrayEquals(data, got.toByteArray(), "kind " + kind);
            }
        }
    }

    // ---- AF_UNIX full backlog connect ---------------------------------------------------------

    /** @return a listening AF_UNIX socket whose backlog is full: a further connect waits */
    private SocketType fullListener(List<SocketType> held) throws SocketException {
        SocketType l = module.socket(AF_UNIX, SOCK_STREAM);
        held.add(l);
        org.bsdsock.socket.api.UnixAddr path = org.bsdsock.socket.api.UnixAddr.of(tmp.resolve("full-" + held.size()).toString());
        l.bind(path);
        l.listen(1);
        for (int i = 0; i < 4; i++) {
            SocketType c = module.socket(AF_UNIX, SOCK_STREAM);
            held.add(c);
            c.setblocking(false);
            int err = c.connect_ex(path);
            if (err == Errno.EAGAIN) {
                c.close();
                return l;
            }
            assertEquals(0, err);
        }
        throw new AssertionError("the backlog never filled");
    }

    /**
     * A connect waiting for room in a full AF_UNIX backlog, whose socket's mode is set meanwhile
     * (setblocking(True): no change at all): the connect goes on waiting and connects once there
     * is room, as on epoll (and in CPython, where the blocking connect(2) stays in the kernel).
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void modeSetDuringAFullBacklogConnectKeepsItWaiting(boolean virtual) throws Exception {
        List<SocketType> held = new ArrayList<>();
        try {
            SocketType l = fullListener(held);
            SocketType c = module.socket(AF_UNIX, SOCK_STREAM);
            held.add(c);
            InCall<Object> conn = InCall.start("connect", virtual, () -> {
                c.connect(l.getsockname());
                return null;
            }).awaitBlockedIn("connect", WAIT);
            c.setblocking(true);
            Thread.sleep(100);
            assertTrue(!conn.outcome().isDone(), "the connect still waits: " + conn.outcome().handle((v, t) -> "returned " + v + ", threw " + t).getNow("")
                    + (conn.outcome().isDone() ? ", connected to " + peer(c) : ""));
            while (true) { // make room: accept what is queued
                l.settimeout(0.5);
                try {
                    held.add(l.accept().conn());
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (conn.outcome().isDone()) {
                    break;
                }
            }
            conn.result(WAIT);
            assertEquals(l.getsockname(), c.getpeername(), "connected");
        } finally {
            held.forEach(SocketType::close);
        }
    }

    private static String peer(SocketType c) {
        try {
            return String.valueOf(c.getpeername());
        } catch (SocketException e) {
            return e.toString();
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeEndsAFullBacklogConnect(boolean virtual) throws Exception {
        List<SocketType> held = new ArrayList<>();
        try {
            SocketType l = fullListener(held);
            for (int i = 0; i < 5; i++) {
                SocketType c = module.socket(AF_UNIX, SOCK_STREAM);
                held.add(c);
                InCall<Object> conn = InCall.start("connect", virtual, () -> {
                    c.connect(l.getsockname());
                    return null;
                }).awaitBlockedIn("connect", WAIT);
                c.close();
                SocketException e = assertInstanceOf(SocketException.class, conn.failure(WAIT));
                assertEquals(Errno.EBADF, e.errno(), e.toString());
            }
        } finally {
            held.forEach(SocketType::close);
        }
    }

    @Test
    void interruptEndsAFullBacklogConnectAndItCanBeMadeAgain() throws Exception {
        List<SocketType> held = new ArrayList<>();
        try {
            SocketType l = fullListener(held);
            SocketType c = module.socket(AF_UNIX, SOCK_STREAM);
            held.add(c);
            InCall<Object> conn = InCall.start("connect", true, () -> {
                c.connect(l.getsockname());
                return null;
            }).awaitBlockedIn("connect", WAIT);
            conn.thread().interrupt();
            SocketException e = assertInstanceOf(SocketException.class, conn.failure(WAIT));
            assertEquals(Errno.EINTR, e.errno(), e.toString());
            for (int i = 0; i < 6; i++) {
                l.settimeout(0.2);
                try {
                    held.add(l.accept().conn());
                } catch (SocketTimeoutException done) {
                    break;
                }
            }
            c.settimeout(5.0);
            c.connect(l.getsockname());
            assertEquals(l.getsockname(), c.getpeername());
        } finally {
            held.forEach(SocketType::close);
        }
    }

    // ---- shutdown while blocked --------------------------------------------------------------

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void shutdownWakesABlockedReceiveWithEndOfStream(boolean virtual) throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM)) {
            InCall<byte[]> r = InCall.start("recv", virtual, () -> p.b().recv(10)).awaitBlockedIn("recv", WAIT);
            p.b().shutdown(org.bsdsock.socket.api.SocketConstants.SHUT_RD);
            assertArrayEquals(new byte[0], r.result(WAIT));
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void shutdownOfAListenerWakesABlockedAccept(boolean virtual) throws Exception {
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(8);
            InCall<?> a = InCall.start("accept", virtual, () -> l.accept()).awaitBlockedIn("accept", WAIT);
            l.shutdown(org.bsdsock.socket.api.SocketConstants.SHUT_RDWR);
            SocketException e = assertInstanceOf(SocketException.class, a.failure(WAIT));
            assertEquals(Errno.EINVAL, e.errno(), e.toString());
        }
    }

    // ---- dup: one file, two handles ---------------------------------------------------------

    /** Closing one socket does not disturb a call blocked on its dup (the same open file). */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeOfOneHandleLeavesTheDupsCallsAlone(boolean virtual) throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM)) {
            SocketType dup = p.b().dup();
            InCall<byte[]> onDup = InCall.start("dup", virtual, () -> dup.recv(10)).awaitBlockedIn("recv", WAIT);
            InCall<byte[]> onOrig = InCall.start("orig", true, () -> p.b().recv(10)).awaitBlockedIn("recv", WAIT);
            p.b().close();
            assertEquals(Errno.EBADF, assertInstanceOf(SocketException.class, onOrig.failure(WAIT)).errno());
            Thread.sleep(50);
            assertTrue(!onDup.outcome().isDone(), "the dup's call goes on: " + onDup.outcome());
            p.a().sendall("dup".getBytes());
            assertArrayEquals("dup".getBytes(), onDup.result(WAIT));
            dup.close();
        }
    }

    // ---- provider close and hand-over --------------------------------------------------------

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void providerCloseEndsEveryKindOfBlockedCall(boolean virtual) throws Exception {
        NativeSocketModule peers = TestEngine.module("peers");
        NativeSocketModule m = TestEngine.module("victim");
        List<SocketType> held = new ArrayList<>();
        try {
            SocketPair s = m.socketpair(AF_UNIX, SOCK_STREAM);
            SocketPair d = m.socketpair(AF_UNIX, SOCK_DGRAM);
            SocketType l = m.socket(AF_INET, SOCK_STREAM);
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(8);
            List<InCall<?>> calls = new ArrayList<>();
            calls.add(InCall.start("recvfrom", virtual, () -> d.b().recvfrom(10, 0)).awaitBlockedIn("recvfrom", WAIT));
            calls.add(InCall.start("recvmsg", virtual, () -> d.a().recvmsg(10, 64, 0)).awaitBlockedIn("recvmsg", WAIT));
            SocketType far = peers.socket(AF_INET, SOCK_STREAM);
            held.add(far);
            far.connect(l.getsockname());
            SocketType near = l.accept().conn();
            calls.add(InCall.start("recv_into", virtual, () -> near.recv_into(ByteBuffer.allocate(100), 0)).awaitBlockedIn("recv_into", WAIT));
            calls.add(InCall.start("accept", virtual, () -> l.accept()).awaitBlockedIn("accept", WAIT));
            m.close();
            for (InCall<?> c : calls) {
                SocketException e = assertInstanceOf(SocketException.class, c.failure(WAIT));
                assertEquals(Errno.EBADF, e.errno(), e.toString());
                assertTrue(e.getMessage().endsWith("socket provider stopped"), e.getMessage());
            }
            assertEquals(0, m.openSockets());
        } finally {
            held.forEach(SocketType::close);
            m.close();
            peers.close();
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void handOverMovesEveryKindOfBlockedCall(boolean virtual) throws Exception {
        NativeSocketModule first = TestEngine.module("ho");
        NativeSocketModule second = null;
        try {
            SocketPair s = first.socketpair(AF_UNIX, SOCK_STREAM);
            SocketPair d = first.socketpair(AF_UNIX, SOCK_DGRAM);
            InCall<byte[]> recv = InCall.start("recv", virtual, () -> s.b().recv(10)).awaitBlockedIn("recv", WAIT);
            InCall<org.bsdsock.socket.api.Received> from = InCall.start("recvfrom", virtual, () -> d.b().recvfrom(10, 0)).awaitBlockedIn("recvfrom", WAIT);
            InCall<org.bsdsock.socket.api.ReceivedMessage> msg = InCall.start("recvmsg", virtual, () -> d.a().recvmsg(10, 64, 0)).awaitBlockedIn("recvmsg", WAIT);
            first.handOver(Duration.ofSeconds(5));
            second = TestEngine.module("ho");
            s.a().sendall("one".getBytes());
            d.a().send("two".getBytes());
            d.b().send("three".getBytes());
            assertArrayEquals("one".getBytes(), recv.result(WAIT));
            assertArrayEquals("two".getBytes(), from.result(WAIT).data());
            assertArrayEquals("three".getBytes(), msg.result(WAIT).data());
            for (SocketType t : List.of(s.a(), s.b(), d.a(), d.b())) {
                t.close();
            }
        } finally {
            first.close();
            if (second != null) {
                second.close();
                assertEquals(0, second.openSockets());
            }
        }
    }

    // ---- receives that cannot wait for data ----------------------------------------------------

    /**
     * recv on a listening socket fails at once (ENOTCONN for TCP, EINVAL for AF_UNIX), as the
     * system call does: no data will ever come, so it must not wait for readability.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void recvOnAListenerFailsAtOnce(boolean virtual) throws Exception {
        try (SocketType tcp = module.socket(AF_INET, SOCK_STREAM); SocketType unix = module.socket(AF_UNIX, SOCK_STREAM)) {
            tcp.bind(new InetAddr("127.0.0.1", 0));
            tcp.listen(8);
            unix.bind(org.bsdsock.socket.api.UnixAddr.of(tmp.resolve("l").toString()));
            unix.listen(8);
            for (SocketType l : List.of(tcp, unix)) {
                int expected = l == tcp ? Errno.ENOTCONN : Errno.EINVAL;
                InCall<byte[]> r = InCall.start("recv", virtual, () -> l.recv(10));
                SocketException e = assertInstanceOf(SocketException.class, r.failure(Duration.ofSeconds(3)));
                assertEquals(expected, e.errno(), e.toString());
                InCall<Integer> ri = InCall.start("recv_into", virtual, () -> l.recv_into(new byte[10], 10, 0));
                e = assertInstanceOf(SocketException.class, ri.failure(Duration.ofSeconds(3)));
                assertEquals(expected, e.errno(), e.toString());
            }
        }
    }

    /** Several receivers (both thread kinds) on one datagram socket: each datagram reaches exactly one; the close ends the rest. */
    @Test
    void manyReceiversOnOneSocketLoseNoDatagram() throws Exception {
        try (SocketPair d = module.socketpair(AF_UNIX, SOCK_DGRAM)) {
            List<InCall<byte[]>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(InCall.start("r" + i, i % 2 == 0, () -> d.b().recv(10)).awaitBlockedIn("recv", WAIT));
            }
            for (int i = 0; i < 4; i++) {
                d.a().send(new byte[] {(byte) i});
            }
            Thread.sleep(100);
            d.b().close();
            int got = 0;
            int closed = 0;
            boolean[] seen = new boolean[4];
            for (InCall<byte[]> c : calls) {
                try {
                    byte[] b = c.outcome().get(10, TimeUnit.SECONDS);
                    assertEquals(1, b.length);
                    assertTrue(!seen[b[0]], "each datagram once");
                    seen[b[0]] = true;
                    got++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertEquals(Errno.EBADF, assertInstanceOf(SocketException.class, e.getCause()).errno());
                    closed++;
                }
            }
            assertEquals(4, got, "every datagram received");
            assertEquals(4, closed);
        }
    }

    /** An AF_UNIX datagram sendto to a receiver whose queue is full waits; a mode change meanwhile does not end it. */
    @Test
    void sendtoAFullDatagramReceiverSurvivesAModeChange() throws Exception {
        try (SocketType rcv = module.socket(AF_UNIX, SOCK_DGRAM); SocketType snd = module.socket(AF_UNIX, SOCK_DGRAM)) {
            org.bsdsock.socket.api.UnixAddr at = org.bsdsock.socket.api.UnixAddr.of(tmp.resolve("dg").toString());
            rcv.bind(at);
            snd.setblocking(false);
            int queued = 0;
            while (true) {
                try {
                    snd.sendto(new byte[100], 0, at);
                    queued++;
                } catch (org.bsdsock.socket.api.BlockingIOException full) {
                    break;
                }
            }
            snd.setblocking(true);
            InCall<Integer> s = InCall.start("sendto", true, () -> snd.sendto("last".getBytes(), 0, at)).awaitBlockedIn("sendto", WAIT);
            snd.setblocking(true); // no change: must not end the call
            Thread.sleep(100);
            assertTrue(!s.outcome().isDone(), "still waiting: " + s.outcome().handle((v, t) -> v + " / " + t).getNow(""));
            for (int i = 0; i < queued; i++) {
                rcv.recv(200);
            }
            assertEquals(4, s.result(WAIT));
            assertArrayEquals("last".getBytes(), rcv.recv(200));
        }
    }

    /**
     * A datagram send that has to wait (the receiver's queue is full) sends its bytes, whole,
     * once there is room: send on a socket connected to a bound receiver, sendto, sendmsg;
     * blocking and timeout modes; both thread kinds. (The ring's SEND/SENDMSG made it again
     * after the kernel's first attempt had consumed the data: an empty datagram went out and
     * the call returned 0.)
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void aDatagramSendThatWaitsSendsItsBytes(boolean virtual) throws Exception {
        for (int kind = 0; kind < 3; kind++) {
            for (Double timeout : new Double[] {null, 5.0}) {
                try (SocketType rcv = module.socket(AF_UNIX, SOCK_DGRAM); SocketType snd = module.socket(AF_UNIX, SOCK_DGRAM)) {
                    org.bsdsock.socket.api.UnixAddr at = org.bsdsock.socket.api.UnixAddr.of(tmp.resolve("dg" + kind + timeout).toString());
                    rcv.bind(at);
                    if (kind != 1) {
                        snd.connect(at);
                    }
                    snd.setblocking(false);
                    int queued = 0;
                    while (true) {
                        try {
                            snd.sendto(new byte[100], 0, at);
                            queued++;
                        } catch (org.bsdsock.socket.api.BlockingIOException full) {
                            break;
                        }
                    }
                    snd.settimeout(timeout);
                    int k = kind;
                    InCall<Integer> s = InCall.start("send", virtual, () -> switch (k) {
                        case 0 -> snd.send("last".getBytes());
                        case 1 -> snd.sendto("last".getBytes(), 0, at);
                        default -> snd.sendmsg(List.of("la".getBytes(), "st".getBytes()));
                    });
                    Thread.sleep(50);
                    for (int i = 0; i < queued; i++) {
                        assertEquals(100, rcv.recv(200).length);
                    }
                    assertEquals(4, s.result(WAIT), "kind " + kind + " timeout " + timeout);
                    rcv.settimeout(2.0);
                    assertArrayEquals("last".getBytes(), rcv.recv(200), "kind " + kind + " timeout " + timeout);
                }
            }
        }
    }

    /** The same send with a timeout and a receiver that never reads: it times out in time, sending nothing. */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void aDatagramSendToAFullReceiverTimesOut(boolean virtual) throws Exception {
        try (SocketType rcv = module.socket(AF_UNIX, SOCK_DGRAM); SocketType snd = module.socket(AF_UNIX, SOCK_DGRAM)) {
            org.bsdsock.socket.api.UnixAddr at = org.bsdsock.socket.api.UnixAddr.of(tmp.resolve("dgt").toString());
            rcv.bind(at);
            snd.connect(at);
            snd.setblocking(false);
            int queued = 0;
            while (true) {
                try {
                    snd.send(new byte[100]);
                    queued++;
                } catch (org.bsdsock.socket.api.BlockingIOException full) {
                    break;
                }
            }
            snd.settimeout(0.3);
            long t0 = System.nanoTime();
            InCall<Integer> s = InCall.start("send", virtual, () -> snd.send("last".getBytes()));
            assertInstanceOf(SocketTimeoutException.class, s.failure(WAIT));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 250 && ms < 3000, "timed out after " + ms + " ms");
            for (int i = 0; i < queued; i++) {
                assertEquals(100, rcv.recv(200).length);
            }
            rcv.setblocking(false);
            assertThrows(org.bsdsock.socket.api.BlockingIOException.class, () -> rcv.recv(200), "nothing more was sent");
        }
    }

    // ---- a CPython peer -----------------------------------------------------------------------

    /**
     * CPython connects, sends 300 KB in small slow pieces and a half-close, reads the echo and
     * checks it; our side (waiting on the ring: accept, recv, sendall) echoes.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void echoForACPythonPeer(boolean virtual) throws Exception {
        CPython.assume("echoForACPythonPeer");
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            int port = ((InetAddr) l.getsockname()).port();
            String program = "import socket, hashlib, time, os\n"
                    + "data = os.urandom(300000)\n"
                    + "s = socket.create_connection(('127.0.0.1', " + port + "))\n"
                    + "for i in range(0, len(data), 7000):\n"
                    + "    s.sendall(data[i:i+7000])\n"
                    + "    if i % 70000 == 0: time.sleep(0.01)\n"
                    + "s.shutdown(socket.SHUT_WR)\n"
                    + "got = b''\n"
                    + "while True:\n"
                    + "    b = s.recv(65536)\n"
                    + "    if not b: break\n"
                    + "    got += b\n"
                    + "print('OK' if got == data else 'BAD %d' % len(got))\n";
            java.util.concurrent.CompletableFuture<List<String>> py = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return CPython.run(program);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            InCall<Integer> echo = InCall.start("echo", virtual, () -> {
                try (SocketType c = l.accept().conn()) {
                    int total = 0;
                    while (true) {
                        byte[] b = c.recv(5000);
                        if (b.length == 0) {
                            break;
                        }
                        total += b.length;
                        c.sendall(b);
                    }
                    c.shutdown(org.bsdsock.socket.api.SocketConstants.SHUT_WR);
                    return total;
                }
            });
            assertEquals(300000, echo.result(Duration.ofSeconds(60)));
            assertEquals(List.of("OK"), py.get(60, TimeUnit.SECONDS));
        }
    }

    /** CPython sends datagrams of 1 B to 150 KB over AF_UNIX; our receiver (waiting first) gets each whole. */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void datagramsFromACPythonPeer(boolean virtual) throws Exception {
        CPython.assume("datagramsFromACPythonPeer");
        try (SocketType rcv = module.socket(AF_UNIX, SOCK_DGRAM)) {
            String path = tmp.resolve("py.sock").toString();
            rcv.bind(org.bsdsock.socket.api.UnixAddr.of(path));
            rcv.setsockopt(org.bsdsock.socket.api.SocketConstants.SOL_SOCKET, org.bsdsock.socket.api.SocketConstants.SO_RCVBUF, 1 << 20);
            int[] sizes = {1, 2048, 2049, 65536, 65537, 150000};
            InCall<List<Integer>> r = InCall.start("r", virtual, () -> {
                List<Integer> got = new ArrayList<>();
                for (int i = 0; i < sizes.length; i++) {
                    byte[] b = rcv.recv(200000);
                    for (byte x : b) {
                        if (x != (byte) (b.length % 251)) {
                            throw new AssertionError("bad byte in a datagram of " + b.length);
                        }
                    }
                    got.add(b.length);
                }
                return got;
            });
            String program = "import socket, time\n"
                    + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
                    + "s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)\n"
                    + "for n in " + Arrays.toString(sizes) + ":\n"
                    + "    time.sleep(0.02)\n"
                    + "    s.sendto(bytes([n % 251]) * n, '" + path + "')\n"
                    + "print('sent')\n";
            assertEquals(List.of("sent"), CPython.run(program));
            assertEquals(Arrays.stream(sizes).boxed().toList(), r.result(WAIT));
        }
    }

    // ---- sends interrupted, closed -------------------------------------------------------------

    /** A sendall waiting for a slow reader: a close ends it with EBADF (both thread kinds), and nothing is left open. */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeEndsAWaitingSendall(boolean virtual) throws Exception {
        List<String> before = Fds.open();
        for (int i = 0; i < 20; i++) {
            SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM);
            InCall<Object> w = InCall.start("w", virtual, () -> {
                p.a().sendall(new byte[4 << 20]);
                return null;
            }).awaitBlockedIn("sendall", WAIT);
            p.a().close();
            SocketException e = assertInstanceOf(SocketException.class, w.failure(WAIT));
            assertEquals(Errno.EBADF, e.errno(), e.toString());
            p.b().close();
        }
        assertEquals(List.of(), Fds.openedSince(before).stream().filter(t -> t.startsWith("socket:")).toList());
    }

    @Test
    void interruptEndsAVirtualSendallAndTheStreamStaysWhole() throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM)) {
            byte[] data = new byte[4 << 20];
            new Random(3).nextBytes(data);
            InCall<Object> w = InCall.start("w", true, () -> {
                p.a().sendall(data);
                return null;
            }).awaitBlockedIn("sendall", WAIT);
            w.thread().interrupt();
            SocketException e = assertInstanceOf(SocketException.class, w.failure(WAIT));
            assertEquals(Errno.EINTR, e.errno(), e.toString());
            // what arrived is a prefix of the data, nothing else
            p.b().setblocking(false);
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            while (true) {
                try {
                    got.write(p.b().recv(1 << 16));
                } catch (org.bsdsock.socket.api.BlockingIOException drained) {
                    break;
                }
            }
            byte[] g = got.toByteArray();
            assertTrue(g.length > 0 && g.length < data.length, "a part arrived: " + g.length);
            assertArrayEquals(Arrays.copyOf(data, g.length), g);
        }
    }

    /**
     * recv(0) answers b'' at once, as CPython's does (it makes no system call for it), with or
     * without data queued, and with or without a timeout; CPython's recv_into of an empty
     * buffer likewise returns 0 at once (its recvfrom(0) and recvmsg(0) do wait, as ours do).
     * On a closed socket ours fails with EBADF (CPython answers b'' there too: it never looks).
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void recvOfZeroBytes(boolean virtual) throws Exception {
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM); SocketType c = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            c.connect(l.getsockname());
            try (SocketType a = l.accept().conn()) {
                List<String> outcomes = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    if (round == 1) {
                        c.sendall("abc".getBytes());
                        outcomes.add("data " + a.recv(10).length); // drained after this
                    }
                    a.settimeout(round == 2 ? 0.3 : null);
                    InCall<byte[]> r = InCall.start("r", virtual, () -> a.recv(0));
                    try {
                        outcomes.add("recv(0) " + r.outcome().get(2, TimeUnit.SECONDS).length);
                    } catch (java.util.concurrent.TimeoutException waits) {
                        outcomes.add("recv(0) waits");
                        c.sendall("x".getBytes());
                        outcomes.add("then " + r.result(WAIT).length);
                        a.recv(10);
                    } catch (java.util.concurrent.ExecutionException e) {
                        outcomes.add("recv(0) " + e.getCause());
                    }
                }
                assertEquals(List.of("recv(0) 0", "data 3", "recv(0) 0", "recv(0) 0"), outcomes);
                InCall<Integer> into = InCall.start("into", virtual, () -> a.recv_into(new byte[0]));
                assertEquals(0, into.outcome().get(2, TimeUnit.SECONDS), "recv_into of an empty buffer");
                a.close();
                SocketException closed = assertThrows(SocketException.class, () -> a.recv(0));
                assertEquals(Errno.EBADF, closed.errno());
            }
        }
    }

    /** 60 platform threads blocked at once (60 own rings), all closed: every call EBADF; once they ended, their rings go. */
    @Test
    void platformThreadsBlockedTogetherThenClosedLeaveNoRings() throws Exception {
        long base = rings();
        List<String> before = Fds.open();
        List<SocketPair> pairs = new ArrayList<>();
        List<InCall<byte[]>> calls = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM);
            pairs.add(p);
            calls.add(InCall.start("p" + i, false, () -> p.b().recv(10)));
        }
        for (InCall<byte[]> c : calls) {
            c.awaitBlockedIn("recv", WAIT);
        }
        for (SocketPair p : pairs) {
            p.b().close();
        }
        for (InCall<byte[]> c : calls) {
            assertEquals(Errno.EBADF, assertInstanceOf(SocketException.class, c.failure(WAIT)).errno());
            c.thread().join(10_000);
        }
        // one more platform thread's first call: its ring is made, the ended threads' rings closed
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                try (SocketPair q = module.socketpair(AF_UNIX, SOCK_STREAM)) {
                    q.b().settimeout(0.05);
                    q.b().recv(1); // nothing queued: a ring wait
                } catch (SocketTimeoutException expected) {
                    // the wait was made
                }
            } catch (SocketException e) {
                throw new RuntimeException(e);
            }
        });
        t.join();
        assertTrue(rings() <= base + 2, "rings: " + rings() + ", before " + base);
        for (SocketPair p : pairs) {
            p.a().close();
        }
        assertEquals(List.of(), Fds.openedSince(before).stream().filter(x -> x.startsWith("socket:")).toList());
    }

    /** A hand-over while a connect waits for room in a full AF_UNIX backlog: the connect goes on with the next provider. */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void handOverDuringAFullBacklogConnect(boolean virtual) throws Exception {
        NativeSocketModule first = TestEngine.module("hoc");
        NativeSocketModule second = null;
        List<SocketType> held = new ArrayList<>();
        try {
            SocketType l = fullListener(held);
            SocketType c = first.socket(AF_UNIX, SOCK_STREAM);
            InCall<Object> conn = InCall.start("connect", virtual, () -> {
                c.connect(l.getsockname());
                return null;
            }).awaitBlockedIn("connect", WAIT);
            first.handOver(Duration.ofSeconds(5));
            second = TestEngine.module("hoc");
            Thread.sleep(50);
            assertTrue(!conn.outcome().isDone(), "still waiting: " + conn.outcome().handle((v, t) -> v + " / " + t).getNow(""));
            l.settimeout(0.3);
            while (!conn.outcome().isDone()) {
                try {
                    held.add(l.accept().conn());
                } catch (SocketTimeoutException e) {
                    break;
                }
            }
            conn.result(WAIT);
            assertEquals(l.getsockname(), c.getpeername());
            c.close();
        } finally {
            held.forEach(SocketType::close);
            first.close();
            if (second != null) {
                second.close();
                assertEquals(0, second.openSockets());
            }
        }
    }

    /**
     * A datagram sendto waiting for room in an AF_UNIX receiver's full queue (the sender not
     * connected: poll says writable all along) must not spin: under half a second of CPU in the
     * second it waits. Both engines spun (measured: epoll 1,060 ms platform / 1,370 ms virtual,
     * uring 690 / 1,030 ms of CPU in that second): the wait is for POLLOUT, which an unconnected
     * AF_UNIX datagram socket reports whatever its receiver's queue holds, and the attempt was
     * made again at once. Now a datagram send that a wait let through and that found no room
     * again pauses (20 µs doubling to 5 ms) before the next attempt; and the datagram still
     * arrives once the receiver reads. (The ring's SEND/SENDMSG would wait without spinning,
     * but sends an empty datagram: see aDatagramSendThatWaitsSendsItsBytes.)
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void aWaitingUnconnectedDatagramSendDoesNotSpin(boolean virtual) throws Exception {
        try (SocketType rcv = module.socket(AF_UNIX, SOCK_DGRAM); SocketType snd = module.socket(AF_UNIX, SOCK_DGRAM)) {
            org.bsdsock.socket.api.UnixAddr at = org.bsdsock.socket.api.UnixAddr.of(tmp.resolve("spin").toString());
            rcv.bind(at);
            snd.setblocking(false);
            int queued = 0;
            while (true) {
                try {
                    snd.sendto(new byte[100], 0, at);
                    queued++;
                } catch (org.bsdsock.socket.api.BlockingIOException full) {
                    break;
                }
            }
            snd.setblocking(true);
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            InCall<Integer> w = InCall.start("sendto", virtual, () -> snd.sendto("last".getBytes(), 0, at));
            Thread.sleep(100);
            long cpu0 = os.getProcessCpuTime();
            Thread.sleep(1000);
            long cpu = os.getProcessCpuTime() - cpu0;
            for (int i = 0; i < queued; i++) {
                rcv.recv(200);
            }
            assertEquals(4, w.result(WAIT));
            assertTrue(cpu < 500_000_000L, "CPU while waiting 1 s: " + cpu / 1_000_000 + " ms");
        }
    }

    /**
     * Modes flapping (None, 5 s) from a third thread while 4 MB stream through, both ends
     * waiting on the ring (every change cancels their operations): every byte arrives, in order.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void modeFlappingDuringTrafficLosesNothing(boolean virtual) throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM)) {
            byte[] data = new byte[4 << 20];
            new Random(11).nextBytes(data);
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread flapper = Thread.ofPlatform().start(() -> {
                for (int i = 0; !done.get(); i++) {
                    p.a().settimeout(i % 2 == 0 ? 5.0 : null);
                    p.b().settimeout(i % 3 == 0 ? 5.0 : null);
                    Thread.onSpinWait();
                }
            });
            try {
                InCall<Object> w = InCall.start("w", virtual, () -> {
                    for (int off = 0; off < data.length; off += 100_000) {
                        p.a().sendall(ByteBuffer.wrap(data, off, Math.min(100_000, data.length - off)));
                    }
                    return null;
                });
                InCall<byte[]> r = InCall.start("r", virtual, () -> {
                    java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
                    byte[] b = new byte[3000];
                    while (got.size() < data.length) {
                        int n = p.b().recv_into(b, b.length, 0);
                        got.write(b, 0, n);
                    }
                    return got.toByteArray();
                });
                w.result(Duration.ofSeconds(60));
                assertArrayEquals(data, r.result(Duration.ofSeconds(60)));
            } finally {
                done.set(true);
                flapper.join();
            }
        }
    }

    /** The same for datagrams (recv, recvfrom, recvmsg in turn): none lost, none twice, in order. */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void modeFlappingDuringDatagramTrafficLosesNone(boolean virtual) throws Exception {
        try (SocketPair d = module.socketpair(AF_UNIX, SOCK_DGRAM)) {
            int count = 20_000;
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread flapper = Thread.ofPlatform().start(() -> {
                for (int i = 0; !done.get(); i++) {
                    d.b().settimeout(i % 2 == 0 ? 5.0 : null);
                    d.a().settimeout(i % 3 == 0 ? 5.0 : null);
                    Thread.onSpinWait();
                }
            });
            try {
                InCall<Object> w = InCall.start("w", virtual, () -> {
                    for (int i = 0; i < count; i++) {
                        d.a().send(ByteBuffer.allocate(4).putInt(0, i).array());
                    }
                    return null;
                });
                InCall<Integer> r = InCall.start("r", virtual, () -> {
                    for (int i = 0; i < count; i++) {
                        byte[] b = switch (i % 3) {
                            case 0 -> d.b().recv(8);
                            case 1 -> d.b().recvfrom(8, 0).data();
                            default -> d.b().recvmsg(8, 0, 0).data();
                        };
                        assertEquals(i, ByteBuffer.wrap(b).getInt(), "datagram " + i);
                    }
                    return count;
                });
                w.result(Duration.ofSeconds(60));
                assertEquals(count, r.result(Duration.ofSeconds(60)));
            } finally {
                done.set(true);
                flapper.join();
            }
        }
    }
}
