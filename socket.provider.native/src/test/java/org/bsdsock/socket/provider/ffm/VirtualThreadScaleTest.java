package org.bsdsock.socket.provider.ffm;

import static org.awaitility.Awaitility.await;
import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOMAXCONN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.testing.Fds;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The first criterion: 10,000 virtual threads, each blocked in {@code recv()} on its
 * own connected socket, hold none of the scheduler's two carriers (the pom's surefire
 * {@code argLine} sets {@code jdk.virtualThreadScheduler.parallelism=2} and
 * {@code maxPoolSize=2}, so the JDK cannot add a carrier to make up for a pinned one). The
 * peers are a Python process ({@code python/peers.py}): both ends of 10,000 connections do
 * not fit under this machine's 20,000-descriptor limit.
 */
@Tag("scale")
class VirtualThreadScaleTest {
    private static final int N = 10_000;
    /** Connections per batch: well under the listen backlog (SOMAXCONN, 4096 on Linux). */
    private static final int BATCH = 1_000;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void tenThousandVirtualThreadsBlockedInRecvHoldNoCarrier() throws Exception {
        Path python3 = PythonPeers.python3OrSkip("VirtualThreadScaleTest");
        ProcSelf.assumeFdLimit("VirtualThreadScaleTest", N + 1_000);
        assertEquals("2", System.getProperty("jdk.virtualThreadScheduler.parallelism"), "argLine: 2 carriers");
        assertEquals("2", System.getProperty("jdk.virtualThreadScheduler.maxPoolSize"), "argLine: no extra carriers");
        List<String> fdsBefore = Fds.open();

        Thread[] receivers = new Thread[N];
        int[] peerPorts = new int[N];
        byte[][] received = new byte[N][];
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger inRecv = new AtomicInteger();
        CountDownLatch allReceived = new CountDownLatch(N);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        NativeSocketModule module = TestEngine.module();
        Thread acceptor = null;
        try (SocketType listener = module.socket(AF_INET, SOCK_STREAM)) {
            listener.bind(new InetAddr("127.0.0.1", 0));
            listener.listen(SOMAXCONN);
            int port = ((InetAddr) listener.getsockname()).port();
            try (PythonPeers peers = PythonPeers.start(python3, port, N, BATCH, "byte", 1)) {
                // Taken before any socket call can park, so neither the provider's pollers nor
                // any carrier started for these connections is in it.
                Set<String> threadsBefore = ProcSelf.platformThreads();
                int countBefore = ManagementFactory.getThreadMXBean().getThreadCount();

                acceptor = Thread.ofVirtual().name("acceptor").start(() -> {
                    try {
                        for (int i = 0; i < N; i++) {
                            Accepted a = listener.accept();
                            int id = i;
                            SocketType conn = a.conn();
                            peerPorts[id] = ((InetAddr) a.address()).port();
                            receivers[id] = Thread.ofVirtual().name("recv-" + id).start(() -> {
                                try (conn) {
                                    inRecv.incrementAndGet();
                                    received[id] = conn.recv(16);
                                    allReceived.countDown();
                                } catch (Throwable t) {
                                    failures.add(t);
                                }
                            });
                            accepted.incrementAndGet();
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                });

                long t0 = System.nanoTime();
                peers.connectAll(N, k -> accepted.get() >= k || !failures.isEmpty(), Duration.ofSeconds(60));
                assertTrue(failures.isEmpty(), () -> "accepting: " + failures);
                long connected = System.nanoTime();

                // All 10,000 are inside recv() and parked: a virtual thread blocked in a downcall
                // would show RUNNABLE, and at most two could be there at once.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(inRecv.get() == N && Arrays.stream(receivers)
                        .allMatch(t -> t.getState() == Thread.State.WAITING), () -> "for " + N + " threads parked in recv: " + inRecv.get() + " entered, "
                                + Arrays.stream(receivers).filter(t -> t.getState() == Thread.State.WAITING).count()
                                + " waiting"));
                long parked = System.nanoTime();
                long inPark = Arrays.stream(receivers).filter(VirtualThreadScaleTest::parkedInRecv).count();
                assertEquals(N, inPark, "threads whose stack is recv -> await -> park");

                // A fresh virtual thread still gets a carrier at once.
                AtomicLong ranAt = new AtomicLong();
                long freshStart = System.nanoTime();
                Thread fresh = Thread.ofVirtual().name("fresh").start(() -> ranAt.set(System.nanoTime()));
                assertTrue(fresh.join(Duration.ofSeconds(1)), "a fresh virtual thread did not run within 1 s");
                long freshLatency = ranAt.get() - freshStart;

                // Platform threads while all 10,000 are blocked.
                Set<String> threadsBlocked = ProcSelf.platformThreads();
                int countBlocked = ManagementFactory.getThreadMXBean().getThreadCount();
                Set<String> added = new TreeSet<>(threadsBlocked);
                added.removeAll(threadsBefore);
                // The io_uring engine's one thread is the shared ring's reaper.
                String waiter = TestEngine.ENGINE == Engine.URING ? "uring-reaper-" : "socket-poller-";
                long pollers = added.stream().filter(n -> n.startsWith(waiter)).count();
                long carriers = threadsBlocked.stream().filter(n -> n.contains("(CarrierThread ")).count();

                peers.send("send");
                long sendAt = System.nanoTime();
                assertTrue(allReceived.await(30, TimeUnit.SECONDS),
                        () -> (N - allReceived.getCount()) + " of " + N + " threads got their byte; " + failures);
                long allGot = System.nanoTime();
                peers.expect("sent", Duration.ofSeconds(30));
                peers.send("close");
                peers.expect("closed", Duration.ofSeconds(30));
                peers.assertExitsCleanly(Duration.ofSeconds(30));

                assertTrue(failures.isEmpty(), () -> "failures: " + failures);
                for (int i = 0; i < N; i++) {
                    assertArrayEquals(new byte[] {(byte) peerPorts[i]}, received[i], "byte of connection " + i);
                }

                System.err.printf("[VirtualThreadScaleTest] %d connections accepted in %d ms; all parked in recv "
                        + "%d ms later; fresh virtual thread ran after %.3f ms; %d bytes received %d ms after "
                        + "'send'%n", N, ms(connected - t0), ms(parked - connected), freshLatency / 1e6, N,
                        ms(allGot - sendAt));
                System.err.printf("[VirtualThreadScaleTest] platform threads: %d before (ThreadMXBean %d), %d while "
                        + "%d virtual threads blocked (ThreadMXBean %d); new: %s; carriers alive: %d%n",
                        threadsBefore.size(), countBefore, threadsBlocked.size(), N, countBlocked, added, carriers);

                // The provider may add its read poller (and its write poller, had a send ever
                // blocked): at most 2 threads however many sockets. The JDK may add its
                // virtual-thread scheduler's carriers, started lazily, at most 2 by the
                // argLine, and that scheduler's own helper ("VirtualThread-unblocker", started
                // with the first virtual thread). Nothing else, and so nothing per connection:
                // at most 5 new platform threads for 10,000 blocked receivers.
                assertTrue(pollers >= 1 && pollers <= 2, "provider poller threads: " + added);
                assertTrue(carriers <= 2, "carrier threads: " + threadsBlocked);
                assertTrue(added.stream().allMatch(n -> n.startsWith(waiter)
                        || n.contains("(CarrierThread ") || n.startsWith("VirtualThread-")),
                        "unexpected new platform threads: " + added);
                assertTrue(added.size() <= 5, "new platform threads while blocked: " + added);
                assertTrue(countBlocked - countBefore <= 5, "ThreadMXBean thread count " + countBefore + " -> " + countBlocked);
            }
        } finally {
            module.close();
            if (acceptor != null) {
                acceptor.join(Duration.ofSeconds(10));
            }
        }
        for (Thread t : receivers) {
            assertTrue(t == null || t.join(Duration.ofSeconds(10)), "a receiver thread did not end");
        }
        assertEquals(0, module.openSockets(), "sockets left open after close()");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(Fds.open().size() <= fdsBefore.size(), () -> "for descriptors to return to " + fdsBefore.size() + "; still open: "
                        + Fds.openedSince(fdsBefore) + "; " + ProcSelf.stacks("socket-poller-")));
        System.err.printf("[VirtualThreadScaleTest] descriptors: %d before, %d after%n", fdsBefore.size(),
                Fds.open().size());
    }

    private static boolean parkedInRecv(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        boolean park = false;
        boolean await = false;
        boolean recv = false;
        for (StackTraceElement e : stack) {
            if (e.getClassName().equals(IoCore.class.getName())) {
                park |= e.getMethodName().equals("park");
                await |= e.getMethodName().equals("await");
                recv |= e.getMethodName().equals("recv");
            }
            if (TestEngine.ENGINE == Engine.URING && TestEngine.ringWait(e)) {
                park = await = true; // recv -> ringTransfer -> the slot's await -> park
            }
        }
        return park && await && recv;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
