package org.bsdsock.socket.provider.ffm;

import static org.awaitility.Awaitility.await;
import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOMAXCONN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.testing.Fds;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The second criterion: the seed's echo server written the simple way, one virtual
 * thread per connection looping on {@code recv}/{@code sendall} until EOF, holds 10,000
 * concurrent loopback connections, with every message echoed byte-exact. The clients are a
 * Python process ({@code python/peers.py}, mode {@code echo}) that opens all 10,000, keeps
 * them open, sends {@value #ROUNDS} rounds of distinct binary messages (connection id and
 * round in each) and checks every echo; both ends in this process would exceed the
 * 20,000-descriptor limit.
 */
@Tag("scale")
class EchoServer10kTest {
    private static final int N = 10_000;
    private static final int ROUNDS = 3;
    /** Connections per batch: well under the listen backlog (SOMAXCONN, 4096 on Linux). */
    private static final int BATCH = 1_000;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void oneVirtualThreadPerConnectionEchoesTenThousandConnections() throws Exception {
        Path python3 = PythonPeers.python3OrSkip("EchoServer10kTest");
        ProcSelf.assumeFdLimit("EchoServer10kTest", N + 1_000);
        List<String> fdsBefore = Fds.open();

        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger live = new AtomicInteger();
        AtomicInteger maxLive = new AtomicInteger();
        AtomicLong echoedBytes = new AtomicLong();
        CountDownLatch allServed = new CountDownLatch(N);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        NativeSocketModule module = TestEngine.module();
        Thread acceptor = null;
        try (SocketType listener = module.socket(AF_INET, SOCK_STREAM)) {
            listener.bind(new InetAddr("127.0.0.1", 0));
            listener.listen(SOMAXCONN);
            int port = ((InetAddr) listener.getsockname()).port();
            try (PythonPeers peers = PythonPeers.start(python3, port, N, BATCH, "echo", ROUNDS)) {
                acceptor = Thread.ofVirtual().name("acceptor").start(() -> {
                    try {
                        for (int i = 0; i < N; i++) {
                            SocketType conn = listener.accept().conn();
                            accepted.incrementAndGet();
                            Thread.ofVirtual().name("echo-" + i).start(() -> serve(conn, live, maxLive,
                                    echoedBytes, allServed, failures));
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                });

                long t0 = System.nanoTime();
                peers.connectAll(N, k -> accepted.get() >= k || !failures.isEmpty(), Duration.ofSeconds(60));
                assertTrue(failures.isEmpty(), () -> "accepting: " + failures);
                // Every connection's thread is running (in recv) before any message is sent.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(live.get() == N || !failures.isEmpty(), () -> "for " + N + " echo threads, " + live.get() + " started"));
                assertEquals(N, live.get(), () -> "concurrent connections; failures: " + failures);
                long connected = System.nanoTime();

                peers.send("echo");
                for (int r = 0; r < ROUNDS; r++) {
                    peers.expect("round", Duration.ofSeconds(30));
                }
                String[] echoed = peers.expect("echoed", Duration.ofSeconds(30));
                long done = System.nanoTime();
                peers.expect("closed", Duration.ofSeconds(30));
                peers.assertExitsCleanly(Duration.ofSeconds(30));
                assertTrue(allServed.await(30, TimeUnit.SECONDS),
                        () -> (N - allServed.getCount()) + " of " + N + " connections saw EOF; " + failures);

                assertTrue(failures.isEmpty(), () -> "failures: " + failures);
                long messages = Long.parseLong(echoed[1]);
                long bytes = Long.parseLong(echoed[2]);
                assertEquals((long) N * ROUNDS, messages, "messages echoed byte-exact, as peers.py checked");
                assertEquals(bytes, echoedBytes.get(), "bytes the server echoed vs bytes the peers sent");
                assertEquals(N, maxLive.get(), "most connections served at once");
                assertEquals(0, live.get(), "connections still served after EOF");

                double seconds = (done - connected) / 1e9;
                System.err.printf("[EchoServer10kTest] %d connections open at once (accepted in %d ms); %d round trips "
                        + "(%d bytes each way) in %.3f s: %.0f round trips/s%n", maxLive.get(),
                        (connected - t0) / 1_000_000, messages, bytes, seconds, messages / seconds);
            }
        } finally {
            module.close();
            if (acceptor != null) {
                acceptor.join(Duration.ofSeconds(10));
            }
        }
        assertEquals(0, module.openSockets(), "sockets left open after close()");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(Fds.open().size() <= fdsBefore.size(), () -> "for descriptors to return to " + fdsBefore.size() + "; still open: "
                        + Fds.openedSince(fdsBefore) + "; " + ProcSelf.stacks("socket-poller-")));
        System.err.printf("[EchoServer10kTest] descriptors: %d before, %d after%n", fdsBefore.size(),
                Fds.open().size());
    }

    /** The seed's echo loop, on one connection, in its own virtual thread. */
    private static void serve(SocketType conn, AtomicInteger live, AtomicInteger maxLive, AtomicLong echoedBytes,
            CountDownLatch served, Queue<Throwable> failures) {
        int now = live.incrementAndGet();
        maxLive.accumulateAndGet(now, Math::max);
        try (conn) {
            byte[] buf = new byte[4096];
            for (;;) {
                int n = conn.recv_into(buf);
                if (n == 0) {
                    break;
                }
                conn.sendall(ByteBuffer.wrap(buf, 0, n));
                echoedBytes.addAndGet(n);
            }
        } catch (Throwable t) {
            failures.add(t);
        } finally {
            live.decrementAndGet();
            served.countDown();
        }
    }
}
