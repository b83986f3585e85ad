package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.SOCK_CLOEXEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.bsdsock.socket.testing.Fds;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 virtual threads, each doing request/response over its own TCP connection through the
 * ring, against 1,000 server-side virtual threads serving through the same ring. All 1,000
 * servers are blocked in a ring receive at once before the first request goes out: on the
 * pom's two carriers ({@code maxPoolSize=2}), a waiter that pinned its carrier would stop the
 * test; and JFR must record no {@code jdk.VirtualThreadPinned} event.
 */
@Tag("uring")
class UringScaleTest {
    private static final int N = 1_000;
    private static final int ROUNDS = 20;
    private static final int SIZE = 48;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aThousandVirtualThreadsDoRequestResponseThroughTheRing(@TempDir Path tmp) throws Exception {
        assertEquals("2", System.getProperty("jdk.virtualThreadScheduler.maxPoolSize"), "argLine: no extra carriers");
        List<String> before = Fds.open();
        // The test's own unaligned int store links its VarHandle on first use, which may take a
        // monitor in the JDK; linked here, it cannot show as a pinned virtual thread below.
        java.lang.foreign.Arena.ofAuto().allocate(SIZE).set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 0, 1);
        Recording pinned = new Recording();
        pinned.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
        pinned.start();
        try (Uring ring = UringSupport.ringOrSkip(256)) {
            FdHandle listener = UringSupport.handle(UringSupport.listener());
            int port = UringSupport.port(listener.fd());
            AtomicInteger failures = new AtomicInteger();
            List<String> failureTexts = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();

            // Server: one acceptor, one echo thread per connection, all through the ring.
            Thread acceptor = Thread.ofVirtual().name("acceptor").start(() -> {
                Uring.Slot s = ring.slot();
                for (int i = 0; i < N; i++) {
                    int fd = UringOps.accept(s, listener, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC, -1);
                    if (fd < 0) {
                        failures.incrementAndGet();
                        failureTexts.add("accept: " + Errors.strerror(-fd));
                        return;
                    }
                    FdHandle conn = UringSupport.handle(fd);
                    threads.add(Thread.ofVirtual().start(() -> echo(ring, conn, failures, failureTexts)));
                }
            });
            // Clients: connect, wait until every server waits, then ROUNDS request/response each.
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < N; c++) {
                int id = c;
                clients.add(Thread.ofVirtual().start(() -> client(ring, port, id, go, failures, failureTexts)));
            }
            acceptor.join(Duration.ofSeconds(60));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ring.busySlots() < N) { // every server in a ring receive, every client parked on the latch
                assertTrue(System.nanoTime() < until, "servers blocked in recv: " + ring.busySlots()
                        + "; failures " + failureTexts);
                Thread.sleep(5);
            }
            long start = System.nanoTime();
            long submitsBefore = ring.submitCalls();
            go.countDown();
            for (Thread t : clients) {
                assertTrue(t.join(Duration.ofSeconds(120)), "a client is stuck");
            }
            long took = System.nanoTime() - start;
            for (Thread t : new ArrayList<>(threads)) {
                assertTrue(t.join(Duration.ofSeconds(30)), "a server thread is stuck");
            }
            assertEquals(List.of(), failureTexts);
            assertEquals(0, failures.get());
            long roundTrips = (long) N * ROUNDS;
            System.out.printf("io_uring: %d virtual threads x %d request/response over TCP loopback: %.0f round trips/s,"
                    + " %.2f io_uring_enter submit calls per operation%n", N, ROUNDS,
                    roundTrips / (took / 1e9), (double) (ring.submitCalls() - submitsBefore) / (4 * roundTrips));
            UringOps.close(ring, listener);
        } finally {
            pinned.stop();
        }
        Path jfr = tmp.resolve("pinned.jfr");
        pinned.dump(jfr);
        pinned.close();
        List<String> events = RecordingFile.readAllEvents(jfr).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.VirtualThreadPinned"))
                .map(e -> String.valueOf(e.getStackTrace())).toList();
        assertEquals(List.of(), events, "no virtual thread pinned its carrier");
        Files.delete(jfr);
        assertEquals(List.of(), Fds.openedSince(before).stream()
                .filter(t -> t.startsWith("socket:") || t.contains("io_uring")).toList());
    }

    /** The same workload on the epoll provider, for the comparison (printed, in the same run as the ring's). */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theSameWorkloadOnTheEpollProvider() throws Exception {
        try (NativeSocketModule module = new NativeSocketModule()) {
            org.bsdsock.socket.api.SocketType listener = module.socket(org.bsdsock.socket.api.SocketConstants.AF_INET,
                    org.bsdsock.socket.api.SocketConstants.SOCK_STREAM);
            listener.bind(new org.bsdsock.socket.api.InetAddr("127.0.0.1", 0));
            listener.listen(4096);
            int port = ((org.bsdsock.socket.api.InetAddr) listener.getsockname()).port();
            AtomicInteger failures = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch connected = new CountDownLatch(N);
            List<Thread> servers = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < N; i++) {
                        org.bsdsock.socket.api.SocketType conn = listener.accept().conn();
                        servers.add(Thread.ofVirtual().start(() -> {
                            try (conn) {
                                for (byte[] b = conn.recv(SIZE); b.length > 0; b = conn.recv(SIZE)) {
                                    conn.sendall(b);
                                }
                            } catch (Exception e) {
                                failures.incrementAndGet();
                            }
                        }));
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            });
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < N; c++) {
                int id = c;
                clients.add(Thread.ofVirtual().start(() -> {
                    try (org.bsdsock.socket.api.SocketType sock = module.socket(
                            org.bsdsock.socket.api.SocketConstants.AF_INET,
                            org.bsdsock.socket.api.SocketConstants.SOCK_STREAM)) {
                        sock.connect(new org.bsdsock.socket.api.InetAddr("127.0.0.1", port));
                        connected.countDown();
                        go.await();
                        byte[] out = new byte[SIZE];
                        for (int round = 0; round < ROUNDS; round++) {
                            java.util.Arrays.fill(out, (byte) (id * 31 + round));
                            sock.sendall(out);
                            byte[] in = new byte[SIZE];
                            for (int got = 0; got < SIZE;) {
                                byte[] b = sock.recv(SIZE - got);
                                if (b.length == 0) {
                                    throw new java.io.EOFException();
                                }
                                System.arraycopy(b, 0, in, got, b.length);
                                got += b.length;
                            }
                            if (!java.util.Arrays.equals(out, in)) {
                                failures.incrementAndGet();
                                return;
                            }
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }));
            }
            assertTrue(connected.await(60, TimeUnit.SECONDS));
            acceptor.join(Duration.ofSeconds(60));
            long start = System.nanoTime();
            go.countDown();
            for (Thread t : clients) {
                assertTrue(t.join(Duration.ofSeconds(120)), "a client is stuck");
            }
            long took = System.nanoTime() - start;
            for (Thread t : new ArrayList<>(servers)) {
                assertTrue(t.join(Duration.ofSeconds(30)), "a server thread is stuck");
            }
            assertEquals(0, failures.get());
            listener.close();
            System.out.printf("epoll provider: %d virtual threads x %d request/response over TCP loopback: %.0f round trips/s%n",
                    N, ROUNDS, (double) N * ROUNDS / (took / 1e9));
        }
    }

    private static void echo(Uring ring, FdHandle conn, AtomicInteger failures, List<String> texts) {
        Uring.Slot s = ring.slot();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(SIZE);
            for (;;) {
                int n = UringOps.recv(s, conn, buf, 0, -1);
                if (n == 0) {
                    break;
                }
                if (n < 0 || UringOps.send(s, conn, buf.asSlice(0, n), 0, -1) != n) {
                    failures.incrementAndGet();
                    texts.add("echo: " + n);
                    break;
                }
            }
        } finally {
            s.release();
            UringOps.close(ring, conn);
        }
    }

    private static void client(Uring ring, int port, int id, CountDownLatch go, AtomicInteger failures,
            List<String> texts) {
        Uring.Slot s = ring.slot();
        FdHandle h = UringSupport.handle(UringSupport.tcpSocket());
        try (Arena a = Arena.ofConfined()) {
            MemorySegment to = a.allocate(Layouts.SOCKADDR_IN);
            int r = UringOps.connect(s, h, to, UringSupport.loopback(to, port), -1);
            if (r != 0) {
                failures.incrementAndGet();
                texts.add("connect: " + Errors.strerror(-r));
                return;
            }
            go.await();
            MemorySegment out = a.allocate(SIZE);
            MemorySegment in = a.allocate(SIZE);
            for (int round = 0; round < ROUNDS; round++) {
                out.fill((byte) (id * 31 + round));
                out.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 0, id);
                if (UringOps.send(s, h, out, 0, -1) != SIZE) {
                    failures.incrementAndGet();
                    return;
                }
                int got = 0;
                while (got < SIZE) {
                    int n = UringOps.recv(s, h, in.asSlice(got), 0, -1);
                    if (n <= 0) {
                        failures.incrementAndGet();
                        texts.add("client recv: " + n);
                        return;
                    }
                    got += n;
                }
                if (out.mismatch(in) != -1) {
                    failures.incrementAndGet();
                    texts.add("client " + id + " got another's reply");
                    return;
                }
            }
        } catch (InterruptedException e) {
            failures.incrementAndGet();
        } finally {
            s.release();
            UringOps.close(ring, h);
        }
    }
}
