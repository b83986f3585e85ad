package org.bsdsock.socket.provider.ffm;

import static org.awaitility.Awaitility.await;
import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.MSG_PEEK;
import static org.bsdsock.socket.api.SocketConstants.MSG_TRUNC;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.ReceivedInto;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketTimeoutException;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.testing.Fds;
import org.bsdsock.socket.testing.InCall;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The virtual-thread I/O paths: small heap transfers through the CPU lanes (see
 * {@link Scratch#claim}), large ones in place, and waits on edge-triggered registrations
 * ({@link Poller#register}): no edge lost, several waiters per direction, both directions of
 * one socket waiting at once.
 */
@Tag("unit")
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VirtualThreadIoTest extends ProviderFixture {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private SocketType[] tcpPair() throws SocketException {
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            SocketType c = module.socket(AF_INET, SOCK_STREAM);
            c.connect(l.getsockname());
            return new SocketType[] {c, l.accept().conn()};
        }
    }

    private static <T> T onVirtualThread(Callable<T> body) throws Exception {
        try (ExecutorService v = Executors.newVirtualThreadPerTaskExecutor()) {
            return v.submit(body).get(30, TimeUnit.SECONDS);
        }
    }

    /** Fills a message whose every byte says which connection and which round trip it belongs to. */
    private static void fill(byte[] m, int len, int conn, int round) {
        for (int i = 0; i < len; i++) {
            m[i] = (byte) (conn * 31 + round * 7 + i);
        }
    }

    @Test
    void manyVirtualThreadsExchangeIntactMessagesOfEverySize() throws Exception {
        int connections = 64;
        int rounds = 200;
        List<SocketType> all = new ArrayList<>();
        try (ExecutorService v = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int k = 0; k < connections; k++) {
                SocketType[] p = tcpPair();
                all.addAll(List.of(p));
                int conn = k;
                // the echo side: receives and sends back whatever came, into and from one array
                done.add(v.submit(() -> {
                    byte[] b = new byte[8192];
                    for (int n; (n = p[1].recv_into(b)) > 0;) {
                        p[1].sendall(Arrays.copyOf(b, n));
                    }
                    return null;
                }));
                // the client: sizes on both sides of the lane buffer (4096), each checked byte by byte
                done.add(v.submit(() -> {
                    Random r = new Random(conn);
                    byte[] out = new byte[10_000];
                    byte[] in = new byte[10_000];
                    for (int round = 0; round < rounds; round++) {
                        int len = 1 + r.nextInt(round % 10 == 0 ? 10_000 : 4096);
                        fill(out, len, conn, round);
                        if (round % 2 == 0) {
                            p[0].sendall(Arrays.copyOf(out, len));
                        } else {
                            for (int sent = 0; sent < len;) { // send() of a whole array, offsets via copies
                                sent += p[0].send(Arrays.copyOfRange(out, sent, len));
                            }
                        }
                        Arrays.fill(in, (byte) 0);
                        int got = 0;
                        while (got < len) {
                            byte[] part = new byte[len - got];
                            int n = p[0].recv_into(part);
                            assertTrue(n > 0, "connection " + conn + " ended early");
                            System.arraycopy(part, 0, in, got, n);
                            got += n;
                        }
                        assertArrayEquals(Arrays.copyOf(out, len), Arrays.copyOf(in, len),
                                "connection " + conn + ", round " + round);
                    }
                    p[0].shutdown(org.bsdsock.socket.api.SocketConstants.SHUT_WR);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            for (SocketType s : all) {
                s.close();
            }
        }
    }

    @Test
    void aLargeSendallFromAVirtualThreadArrivesInOrder() throws Exception {
        SocketType[] p = tcpPair();
        try (ExecutorService v = Executors.newVirtualThreadPerTaskExecutor()) {
            byte[] big = new byte[8 << 20];
            new Random(42).nextBytes(big);
            Future<byte[]> reader = v.submit(() -> {
                byte[] got = new byte[big.length];
                byte[] chunk = new byte[3000]; // below the lane size: received through the lanes
                int off = 0;
                while (off < got.length) {
                    int n = p[1].recv_into(chunk);
                    assertTrue(n > 0, "the stream ended after " + off + " bytes");
                    System.arraycopy(chunk, 0, got, off, n);
                    off += n;
                    if ((off & 0xFFFFF) < 3000) {
                        Thread.sleep(1); // a slow reader, not a synchronisation: the sender's buffer fills, sends go partial
                    }
                }
                return got;
            });
            Future<?> writer = v.submit(() -> {
                p[0].sendall(big); // in place (above the lane size), resumed at offsets after partial sends
                return null;
            });
            writer.get(30, TimeUnit.SECONDS);
            assertArrayEquals(big, reader.get(30, TimeUnit.SECONDS));
        } finally {
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void aSocketIsRegisteredOnceHoweverOftenItWaits() throws Exception {
        SocketType[] p = tcpPair();
        try {
            long before = Poller.socketRegistrations();
            onVirtualThread(() -> {
                for (int i = 0; i < 5; i++) {
                    pingPongParkingEachTime(p[0], p[1]); // 15 waits, each woken by an edge
                }
                return null;
            });
            // The io_uring engine waits through the ring: no epoll registration at all.
            assertEquals(TestEngine.ENGINE == Engine.EPOLL ? 1 : 0, Poller.socketRegistrations() - before,
                    "one epoll_ctl for the socket (none on the ring), none per wait");
        } finally {
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void everyWaitingReaderOfOneSocketGetsItsByte() throws Exception {
        SocketType[] p = tcpPair();
        try {
            int readers = 4;
            List<InCall<Integer>> got = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                got.add(InCall.start("reader-" + i, true, () -> p[1].recv(1)[0] & 0xff));
            }
            for (InCall<Integer> r : got) {
                r.awaitBlockedIn("recv", WAIT); // all parked at once, on the one registration
            }
            for (int i = 1; i <= readers; i++) {
                p[0].send(new byte[] {(byte) i}); // one edge per byte: one reader gets it, the others park again
                int sent = i;
                await("one more reader done").atMost(WAIT).pollInSameThread().untilAsserted(() ->
                        assertEquals(sent, got.stream().filter(r -> r.outcome().isDone()).count()));
                for (InCall<Integer> r : got) {
                    if (!r.outcome().isDone()) {
                        r.awaitBlockedIn("recv", WAIT);
                    }
                }
            }
            int sum = 0;
            for (InCall<Integer> r : got) {
                sum += r.result(WAIT);
            }
            assertEquals(1 + 2 + 3 + 4, sum, "each byte reached exactly one reader");
        } finally {
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void aReaderAndAWriterWaitOnOneSocketAtOnce() throws Exception {
        SocketType[] p = tcpPair();
        try {
            byte[] big = new byte[16 << 20]; // more than the socket buffers hold: the writer parks
            InCall<?> writer = InCall.start("writer", true, () -> {
                p[1].sendall(big);
                return null;
            });
            InCall<byte[]> reader = InCall.start("reader", true, () -> p[1].recv(5));
            writer.awaitBlockedIn("sendall", WAIT); // both parked on the same registration
            reader.awaitBlockedIn("recv", WAIT);
            p[0].sendall("hello".getBytes());
            assertArrayEquals("hello".getBytes(), reader.result(WAIT));
            byte[] sink = new byte[1 << 16];
            long drained = 0;
            while (drained < big.length) {
                drained += p[0].recv_into(sink);
            }
            writer.result(WAIT);
        } finally {
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void aClaimedLaneIsNeverHandedOutTwice() throws Exception {
        onVirtualThread(() -> {
            IdentityHashMap<Scratch, Boolean> held = new IdentityHashMap<>();
            List<Scratch> claims = new ArrayList<>();
            boolean sawOwn = false;
            try {
                for (int i = 0; i < 1000 && !sawOwn; i++) {
                    Scratch s = Scratch.forAttempt();
                    claims.add(s);
                    if (s.isLane()) {
                        assertTrue(held.put(s, true) == null, "a held lane was claimed again");
                    } else {
                        sawOwn = true;
                        assertTrue(s == Scratch.get(), "the fallback is the thread's own scratch");
                    }
                }
            } finally {
                for (Scratch s : claims) {
                    s.release();
                }
            }
            assertTrue(sawOwn, "with every lane it may try held, a claim falls back to the thread's own");
            Scratch again = Scratch.forAttempt(); // released lanes are free again
            again.release();
            return null;
        });
    }

    @Test
    void platformThreadsUseTheirOwnScratch() {
        Scratch s = Scratch.forAttempt();
        s.release();
        assertTrue(!s.isLane() && s == Scratch.get());
        Scratch other = onPlatformThread();
        assertNotSame(s, other);
    }

    private static Scratch onPlatformThread() {
        Scratch[] out = new Scratch[1];
        Thread t = Thread.ofPlatform().start(() -> out[0] = Scratch.forAttempt());
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return out[0];
    }

    /**
     * Ping-pong with the server side parking for each request: its descriptor is registered
     * edge-triggered, and each wait is woken by an edge. The client sends once the server
     * thread (the caller) is parked in {@code recv_into}.
     */
    private static void pingPongParkingEachTime(SocketType client, SocketType server) throws Exception {
        Thread serverThread = Thread.currentThread();
        byte[] b = new byte[1];
        for (int i = 0; i < 3; i++) {
            InCall<Integer> peer = InCall.start("peer", false, () -> {
                InCall.awaitBlockedIn(serverThread, "recv_into", WAIT); // it found nothing and parked
                client.send(new byte[] {7});
                return client.recv_into(new byte[1]);
            });
            assertEquals(1, server.recv_into(b));
            assertEquals(7, b[0]);
            server.send(b);
            assertEquals(1, peer.result(WAIT), "the client got the echo");
        }
    }

    @Test
    void dataThatArrivedWhileNobodyWaitedIsReceivedAndTheNextWaitParks() throws Exception {
        SocketType[] p = tcpPair();
        try {
            onVirtualThread(() -> {
                pingPongParkingEachTime(p[0], p[1]);
                for (int i = 0; i < 40; i++) { // an edge with nobody waiting, then a wait woken by the next one
                    p[0].send(new byte[] {(byte) i, (byte) (i + 1)});
                    await("queued before the receive starts").atMost(WAIT).pollInSameThread()
                            .pollInterval(Duration.ofMillis(1)).until(() -> Fds.queues(p[1].fileno())[1] == 2);
                    byte[] two = new byte[2];
                    assertEquals(2, p[1].recv_into(two, 2, MSG_PEEK));
                    assertEquals(2, p[1].recv_into(two));
                    assertArrayEquals(new byte[] {(byte) i, (byte) (i + 1)}, two);
                }
                return null;
            });
        } finally {
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void edgeTriggeredWaitsKeepTheTimeoutAndTheCloseWakeup() throws Exception {
        SocketType[] p = tcpPair();
        try {
            onVirtualThread(() -> {
                pingPongParkingEachTime(p[0], p[1]);
                p[1].settimeout(0.2);
                long start = System.nanoTime();
                assertThrows(SocketTimeoutException.class, () -> p[1].recv_into(new byte[1]));
                double took = (System.nanoTime() - start) / 1e9;
                assertTrue(took >= 0.19 && took < 2, "timed out after " + took + " s");
                p[1].settimeout(null);
                return null;
            });
            InCall<Integer> reader = InCall.start("reader", true, () -> p[1].recv_into(new byte[1]))
                    .awaitBlockedIn("recv_into", WAIT);
            p[1].close();
            SocketException e = assertInstanceOf(SocketException.class, reader.failure(WAIT));
            assertEquals(Errno.EBADF, e.errno());
        } finally {
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void aPlatformThreadsRecvfromGetsEveryDatagram() throws Exception {
        try (SocketType a = module.socket(AF_INET, SOCK_DGRAM); SocketType b = module.socket(AF_INET, SOCK_DGRAM)) {
            a.bind(new InetAddr("127.0.0.1", 0));
            b.bind(new InetAddr("127.0.0.1", 0));
            for (int i = 0; i < 20; i++) {
                byte[] msg = {(byte) i, (byte) -i};
                byte[] two = new byte[2];
                InCall<ReceivedInto> r = InCall.start("receiver", false, () -> a.recvfrom_into(two, 0, 0))
                        .awaitBlockedIn("recvfrom_into", WAIT); // a platform thread waits in the kernel
                b.sendto(msg, a.getsockname());
                assertEquals(new ReceivedInto(2, b.getsockname()), r.result(WAIT));
                assertArrayEquals(msg, two);
            }
            b.sendto(new byte[] {42}, a.getsockname());
            await("queued before the receive").atMost(WAIT).pollInSameThread()
                    .until(() -> Fds.queues(a.fileno())[1] > 0);
            assertEquals(42, a.recvfrom(1).data()[0]);
        }
    }

    @Test
    void datagramsOnAVirtualThreadKeepTruncationAndSenders() throws Exception {
        try (SocketType a = module.socket(AF_INET, SOCK_DGRAM); SocketType b = module.socket(AF_INET, SOCK_DGRAM)) {
            a.bind(new InetAddr("127.0.0.1", 0));
            b.bind(new InetAddr("127.0.0.1", 0));
            onVirtualThread(() -> {
                b.sendto("0123456789".getBytes(), a.getsockname());
                byte[] four = new byte[4];
                // MSG_TRUNC: the datagram's real length, only what fits copied
                assertEquals(10, a.recv_into(four, 4, MSG_TRUNC));
                assertArrayEquals("0123".getBytes(), four);
                return null;
            });
            for (int i = 0; i < 20; i++) { // ping-pong: each recvfrom parks until an edge
                byte[] one = new byte[1];
                InCall<ReceivedInto> r = InCall.start("receiver", true, () -> a.recvfrom_into(one, 0, 0))
                        .awaitBlockedIn("recvfrom_into", WAIT);
                b.sendto(new byte[] {(byte) i}, a.getsockname());
                assertEquals(new ReceivedInto(1, b.getsockname()), r.result(WAIT));
                assertEquals(i, one[0]);
            }
        }
    }
}
