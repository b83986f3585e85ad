package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_INET6;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.MSG_DONTWAIT;
import static org.bsdsock.socket.api.SocketConstants.MSG_PEEK;
import static org.bsdsock.socket.api.SocketConstants.MSG_WAITALL;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.BlockingIOException;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketTimeoutException;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;
import org.bsdsock.socket.testing.Fds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile attacks on the io_uring engine's close (IORING_OP_CLOSE on a thread's own ring or on
 * the shared ring, close(2) when no ring takes it), its ring bind/listen, the datagram send's
 * pause and recv(0): every descriptor the provider opens is closed exactly once (victims
 * opened right after each close keep their numbers), none is leaked, and both engines behave
 * alike. Runs on the engine of {@link TestEngine}.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RingCloseAttackTest {
    private static final int F_DUPFD = 0;
    private final NativeSocketModule module = TestEngine.module();
    private final List<NativeSocketModule> extra = new ArrayList<>();
    /** Descriptors of /dev/null this test opened: number to expect, closed after the test. */
    private final Map<Integer, String> victims = new LinkedHashMap<>();
    private List<String> baseline;

    @TempDir
    Path tmp;

    @BeforeEach
    void before() {
        baseline = Fds.open();
    }

    @AfterEach
    void after() {
        module.close();
        for (NativeSocketModule m : extra) {
            m.close();
        }
        assertEquals(0, module.openSockets());
        List<String> broken = new ArrayList<>();
        for (Map.Entry<Integer, String> v : victims.entrySet()) {
            String now = Fds.target(v.getKey());
            if (!v.getValue().equals(now)) {
                broken.add(v.getKey() + " was " + v.getValue() + ", now " + now);
            }
        }
        for (int fd : victims.keySet()) {
            closeRaw(fd);
        }
        assertTrue(broken.isEmpty(), "a victim descriptor was closed by someone else (a double close): " + broken);
        // Rings of this run's groups (one per thread that used one) may stay until the group stops:
        // only sockets count as a leak here.
        List<String> left = Fds.awaitBaseline(baseline, Duration.ofSeconds(10));
        assertEquals(0, Fds.sockets(left), "sockets left open: " + left);
    }

    // ---- helpers ------------------------------------------------------------------------

    /** Opens /dev/null outside the provider: a victim a stray close would take. */
    private int victim() {
        try (Arena a = Arena.ofConfined()) {
            Scratch s = Scratch.get();
            int fd = Libc.open(s.state, a.allocateFrom("/dev/null"), 0x80000 /* O_CLOEXEC */, 0);
            assertTrue(fd >= 0, "open /dev/null: errno " + s.errno());
            synchronized (victims) {
                victims.put(fd, Fds.target(fd));
            }
            return fd;
        }
    }

    private static void closeRaw(int fd) {
        Libc.close(Scratch.get().state, fd);
    }

    private SocketType[] tcpPair(NativeSocketModule m) throws SocketException {
        try (SocketType l = m.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            SocketType c = m.socket(AF_INET, SOCK_STREAM);
            c.connect(l.getsockname());
            return new SocketType[] {c, l.accept().conn()};
        }
    }

    private NativeSocketModule another() {
        NativeSocketModule m = TestEngine.module("ring-attack-" + extra.size() + "-" + System.nanoTime());
        extra.add(m);
        return m;
    }

    interface Body<T> {
        T call() throws Exception;
    }

    private static <T> CompletableFuture<T> on(boolean virtual, Body<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Runnable r = () -> {
            try {
                f.complete(body.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        };
        (virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon()).start(r);
        return f;
    }

    private static Throwable failure(CompletableFuture<?> f, long seconds) throws Exception {
        try {
            f.get(seconds, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }

    private static int errnoOf(Throwable t) {
        return t instanceof SocketException e ? e.errno() : -1;
    }

    // ---- close exactly once ---------------------------------------------------------------

    /**
     * 400 sockets closed at once by platform and virtual threads, each socket closed by two
     * threads at the same time, while a thread opens victims all along (they take the numbers
     * just freed): every victim keeps its file, no socket is left.
     */
    @Test
    void concurrentClosesCloseEachDescriptorOnce() throws Exception {
        List<SocketType> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM);
            all.add(p.a());
            all.add(p.b());
            SocketType[] t = tcpPair(module);
            all.add(t[0]);
            all.add(t[1]);
            t[0].send("x".getBytes());
        }
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Object>> closers = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            SocketType s = all.get(i);
            for (int twice = 0; twice < 2; twice++) {
                closers.add(on((i + twice) % 2 == 0, () -> {
                    go.await();
                    s.close();
                    return null;
                }));
            }
        }
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Object> opener = on(false, () -> {
            go.await();
            for (int i = 0; i < 300 && !done.get(); i++) {
                victim();
            }
            return null;
        });
        go.countDown();
        for (CompletableFuture<Object> c : closers) {
            assertNull(failure(c, 30));
        }
        done.set(true);
        assertNull(failure(opener, 30));
        assertEquals(0, module.openSockets());
        for (SocketType s : all) {
            assertEquals(-1, s.fileno());
        }
    }

    /**
     * Thousands of virtual threads close at once (each the last one out of its socket) while the
     * instance is closed from a platform thread: every descriptor closed once, none left.
     */
    @ParameterizedTest(name = "moduleCloseToo={0}")
    @ValueSource(booleans = {false, true})
    void thousandsOfVirtualThreadsCloseAtOnce(boolean moduleCloseToo) throws Exception {
        NativeSocketModule m = another();
        List<SocketType> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            SocketPair p = m.socketpair(AF_UNIX, i % 2 == 0 ? SOCK_STREAM : SOCK_DGRAM);
            all.add(p.a());
            all.add(p.b());
        }
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Object>> closers = new ArrayList<>();
        for (SocketType s : all) {
            closers.add(on(true, () -> {
                go.await();
                s.close();
                return null;
            }));
        }
        CompletableFuture<Object> stopper = on(false, () -> {
            go.await();
            if (moduleCloseToo) {
                m.close();
            }
            return null;
        });
        go.countDown();
        for (int i = 0; i < 50; i++) {
            victim();
        }
        for (CompletableFuture<Object> c : closers) {
            assertNull(failure(c, 60));
        }
        assertNull(failure(stopper, 60));
        assertEquals(0, m.openSockets());
        for (int i = 0; i < 20; i++) {
            victim();
        }
    }

    /**
     * Blocked readers and writers on the ring (virtual: the shared ring; platform: their own),
     * their sockets closed by the other kind of thread while the instance is closed as well:
     * every call ends with EBADF, each descriptor is closed once.
     */
    @Test
    void closeAndModuleCloseWithCallersBlocked() throws Exception {
        NativeSocketModule m = another();
        List<SocketType[]> pairs = new ArrayList<>();
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        SocketType l = module.socket(AF_INET, SOCK_STREAM); // peers outside m: m's close must not end the calls first
        l.bind(new InetAddr("127.0.0.1", 0));
        l.listen(32);
        for (int i = 0; i < 24; i++) {
            SocketType c = m.socket(AF_INET, SOCK_STREAM);
            c.connect(l.getsockname());
            SocketType[] p = {c, l.accept().conn()};
            pairs.add(p);
            boolean virtual = i % 2 == 0;
            if (i % 3 == 0) {
                calls.add(on(virtual, () -> p[0].recv(100)));
            } else if (i % 3 == 1) {
                calls.add(on(virtual, () -> {
                    byte[] big = new byte[1 << 20];
                    for (;;) {
                        p[0].sendall(big);
                    }
                }));
            } else {
                calls.add(on(virtual, () -> p[0].recv(100, MSG_WAITALL)));
            }
        }
        Thread.sleep(300);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Object>> closers = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            SocketType[] p = pairs.get(i);
            closers.add(on(i % 2 != 0, () -> {
                go.await();
                p[0].close();
                return null;
            }));
        }
        CompletableFuture<Object> stopper = on(false, () -> {
            go.await();
            m.close();
            return null;
        });
        go.countDown();
        for (int i = 0; i < 30; i++) {
            victim();
        }
        for (CompletableFuture<Object> c : closers) {
            assertNull(failure(c, 30));
        }
        assertNull(failure(stopper, 30));
        for (CompletableFuture<Object> c : calls) {
            Throwable t = failure(c, 30);
            assertEquals(Errno.EBADF, errnoOf(t), String.valueOf(t));
        }
        assertEquals(0, m.openSockets());
        for (SocketType[] p : pairs) {
            p[1].close();
        }
        l.close();
    }

    /** Sockets dropped without close are closed by the cleaner (a platform thread: its own ring), once each. */
    @Test
    void droppedSocketsAreClosedOnceByTheCleaner() throws Exception {
        NativeSocketModule m = another();
        List<SocketType> keep = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            SocketPair p = m.socketpair(AF_UNIX, SOCK_STREAM);
            keep.add(p.b());
            p = null;
        }
        assertEquals(200, m.openSockets());
        for (int i = 0; i < 200 && m.openSockets() > 100; i++) {
            System.gc();
            Thread.sleep(50);
            victim();
        }
        assertEquals(100, m.openSockets(), "the cleaner closed the dropped ones");
        for (SocketType b : keep) {
            b.settimeout(5.0);
            assertEquals(0, b.recv(10).length, "the peer sees the end of the stream");
            b.close();
        }
        assertEquals(0, m.openSockets());
    }

    /**
     * No descriptor left for a thread's own ring (or for the shared ring): the close still
     * closes, once. The descriptor table is filled up to RLIMIT_NOFILE with duplicates of
     * /dev/null, the socket is closed, a victim takes the number it freed, then the fillers go.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeWithNoDescriptorLeftForARing(boolean virtual) throws Exception {
        NativeSocketModule m = another();
        SocketType[] p = tcpPair(m);
        SocketPair u = m.socketpair(AF_UNIX, SOCK_STREAM);
        int template = victim();
        List<Throwable> outcome = new ArrayList<>();
        List<Integer> fillers = new ArrayList<>();
        Runnable attack = () -> {
            Scratch s = Scratch.get();
            int freed = p[0].fileno();
            try {
                for (;;) {
                    int d = Libc.fcntl(s.state, template, F_DUPFD, 0);
                    if (d < 0) {
                        break;
                    }
                    fillers.add(d);
                }
                p[0].close(); // no descriptor for io_uring_setup
                int v = Libc.fcntl(s.state, template, F_DUPFD, 0);
                fillers.add(v);
                if (v != freed) {
                    outcome.add(new AssertionError("the close freed " + v + ", not " + freed));
                }
                u.a().close();
            } catch (Throwable t) {
                outcome.add(t);
            } finally {
                for (int d : fillers) {
                    Libc.close(s.state, d);
                }
            }
        };
        Thread t = virtual ? Thread.ofVirtual().start(attack) : Thread.ofPlatform().start(attack);
        t.join(30_000);
        assertTrue(outcome.isEmpty(), outcome.toString());
        assertTrue(fillers.size() > 100, "filled " + fillers.size());
        for (int i = 0; i < 10; i++) {
            victim();
        }
        p[1].settimeout(5.0);
        assertEquals(0, p[1].recv(10).length, "the peer sees the end of the stream");
        u.b().settimeout(5.0);
        assertEquals(0, u.b().recv(10).length);
        p[1].close();
        u.b().close();
        assertEquals(0, m.openSockets());
    }

    /**
     * A platform thread whose own ring cannot be set up (no descriptor left) binds, listens and
     * closes: the calls need no ring; the same outcome as with descriptors to spare.
     */
    @Test
    void bindAndListenWithNoDescriptorLeftForARing() throws Exception {
        NativeSocketModule m = another();
        SocketType s = m.socket(AF_INET, SOCK_STREAM);
        int template = victim();
        List<Throwable> outcome = new ArrayList<>();
        Thread t = Thread.ofPlatform().start(() -> {
            Scratch sc = Scratch.get();
            List<Integer> fillers = new ArrayList<>();
            try {
                for (;;) {
                    int d = Libc.fcntl(sc.state, template, F_DUPFD, 0);
                    if (d < 0) {
                        break;
                    }
                    fillers.add(d);
                }
                s.bind(new InetAddr("127.0.0.1", 0));
                s.listen(4);
                s.close();
            } catch (Throwable e) {
                outcome.add(e);
            } finally {
                for (int d : fillers) {
                    Libc.close(sc.state, d);
                }
            }
        });
        t.join(30_000);
        assertTrue(outcome.isEmpty(), outcome.toString());
        assertEquals(0, m.openSockets());
    }

    /** An interrupted virtual or platform thread closing many sockets at once with a module close racing. */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void interruptedClosersDuringModuleClose(boolean virtual) throws Exception {
        NativeSocketModule m = another();
        List<SocketType> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            SocketPair p = m.socketpair(AF_UNIX, SOCK_STREAM);
            all.add(p.a());
            all.add(p.b());
        }
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (SocketType s : all) {
            Runnable r = () -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                Thread.currentThread().interrupt();
                s.close();
                if (!Thread.interrupted()) {
                    wrong.add("interrupt status lost");
                }
            };
            threads.add(virtual ? Thread.ofVirtual().start(r) : Thread.ofPlatform().start(r));
        }
        go.countDown();
        m.close();
        for (int i = 0; i < 20; i++) {
            victim();
        }
        for (Thread t : threads) {
            t.join(30_000);
            assertTrue(!t.isAlive());
        }
        assertTrue(wrong.isEmpty(), wrong.toString());
        assertEquals(0, m.openSockets());
    }

    /**
     * A close that lingers (SO_LINGER 1 s, unsent data the peer does not read: the kernel's
     * close waits up to a second, in the task that made it) must not stall the other sockets'
     * calls: a virtual thread's close on the shared ring is made by whichever thread submits it,
     * and when that is the reaper, every operation of the ring would wait the second out.
     * Round trips on another pair meanwhile stay under half a second.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void aLingeringCloseDoesNotStallOtherSockets(boolean virtual) throws Exception {
        SocketPair ping = module.socketpair(AF_UNIX, SOCK_STREAM);
        CompletableFuture<Object> echo = on(true, () -> {
            for (;;) {
                byte[] b = ping.b().recv(1);
                if (b.length == 0) {
                    return null;
                }
                ping.b().send(b);
            }
        });
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong worst = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong trips = new java.util.concurrent.atomic.AtomicLong();
        CompletableFuture<Object> pinger = on(true, () -> {
            while (!stop.get()) {
                long t0 = System.nanoTime();
                ping.a().send("p".getBytes());
                assertEquals(1, ping.a().recv(1).length);
                worst.accumulateAndGet(System.nanoTime() - t0, Math::max);
                trips.incrementAndGet();
            }
            return null;
        });
        List<SocketType> peers = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            SocketType[] p = tcpPair(module);
            peers.add(p[1]);
            p[0].setsockopt(org.bsdsock.socket.api.SocketConstants.SOL_SOCKET, org.bsdsock.socket.api.SocketConstants.SO_LINGER,
                    new byte[] {1, 0, 0, 0, 1, 0, 0, 0});
            fillStream(p[0]);
            Thread.sleep(200);
            CompletableFuture<Object> closer = on(virtual, () -> {
                p[0].close();
                return null;
            });
            assertNull(failure(closer, 10));
            Thread.sleep(1300);
        }
        stop.set(true);
        assertNull(failure(pinger, 10));
        ping.a().close();
        assertNull(failure(echo, 10));
        ping.b().close();
        for (SocketType s : peers) {
            s.close();
        }
        assertTrue(trips.get() > 100, trips + " round trips");
        assertTrue(worst.get() < 500_000_000L, "a round trip took " + worst.get() / 1_000_000 + " ms during a lingering close");
    }

    private static void fillStream(SocketType s) throws SocketException {
        s.setblocking(false);
        byte[] chunk = new byte[65536];
        try {
            for (;;) {
                s.send(chunk);
            }
        } catch (BlockingIOException full) {
            // full
        }
        s.setblocking(true);
    }

    private static long rings() {
        return Fds.open().stream().filter(t -> t.contains("io_uring")).count();
    }

    /**
     * 60 short-lived platform threads, each closing one socket and ending (a thread per
     * connection): each close sets up the thread's own ring; once the threads ended and an
     * instance lets go, their rings are gone too: no descriptor stays behind for a thread that
     * is no more.
     */
    @Test
    void ringsOfThreadsThatOnlyClosedGoWithThem() throws Exception {
        NativeSocketModule m = another();
        long before = rings();
        List<SocketType> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            SocketPair p = m.socketpair(AF_UNIX, SOCK_STREAM);
            all.add(p.a());
            all.add(p.b());
        }
        for (int i = 0; i < all.size(); i += 2) {
            SocketType s = all.get(i);
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    s.close();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            t.join(10_000);
            victim();
        }
        for (int i = 1; i < all.size(); i += 2) {
            all.get(i).settimeout(5.0);
            assertEquals(0, all.get(i).recv(1).length);
            all.get(i).close();
        }
        m.close(); // an instance lets go: the rings of ended threads are closed
        long after = rings();
        assertTrue(after <= before + 2, "io_uring descriptors before " + before + ", after " + after);
    }

    // ---- dup / detach / fromfd / hand-over -----------------------------------------------------

    /** dup, fromfd and detach: each descriptor closed once by whoever owns it, none by the wrong one. */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void dupFromfdDetachCloseOnce(boolean virtual) throws Exception {
        CompletableFuture<Object> f = on(virtual, () -> {
            for (int round = 0; round < 50; round++) {
                SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM);
                SocketType d = p.a().dup();
                SocketType g = module.fromfd(p.a().fileno(), AF_UNIX, SOCK_STREAM);
                int raw = p.a().detach();
                d.close();
                g.close();
                victim();
                assertTrue(Fds.target(raw) != null && Fds.target(raw).startsWith("socket:"), "detached descriptor closed");
                SocketType back = module.socket(AF_UNIX, SOCK_STREAM, 0, raw); // adopts the detached one
                back.send("z".getBytes());
                assertArrayEquals("z".getBytes(), p.b().recv(1));
                back.close();
                victim();
                p.b().settimeout(5.0);
                assertEquals(0, p.b().recv(1).length);
                p.b().close();
            }
            return null;
        });
        assertNull(failure(f, 60));
    }

    /**
     * A hand-over (first instance to a second one serving the same owner) while threads close
     * the sockets being handed over: each descriptor closed once, on whichever instance.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void handOverRacingCloses(boolean virtual) throws Exception {
        String owner = "ring-attack-handover-" + System.nanoTime();
        for (int round = 0; round < 5; round++) {
            NativeSocketModule first = new NativeSocketModule(owner, TestEngine.ENGINE);
            extra.add(first);
            List<SocketType> all = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                SocketPair p = first.socketpair(AF_UNIX, SOCK_STREAM);
                all.add(p.a());
                all.add(p.b());
            }
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Object>> closers = new ArrayList<>();
            for (int i = 0; i < all.size(); i += 2) {
                SocketType s = all.get(i);
                closers.add(on(virtual, () -> {
                    go.await();
                    s.close();
                    return null;
                }));
            }
            CompletableFuture<Object> handing = on(false, () -> {
                go.await();
                first.handOver(Duration.ofSeconds(10));
                return null;
            });
            go.countDown();
            NativeSocketModule second = new NativeSocketModule(owner, TestEngine.ENGINE);
            extra.add(second);
            for (CompletableFuture<Object> c : closers) {
                Throwable t = failure(c, 30);
                assertTrue(t == null, String.valueOf(t));
            }
            assertNull(failure(handing, 30));
            for (int i = 0; i < 10; i++) {
                victim();
            }
            for (SocketType s : all) {
                s.close();
            }
            assertEquals(0, first.openSockets());
            assertEquals(0, second.openSockets());
            second.close();
        }
    }

    // ---- bind / listen -----------------------------------------------------------------------

    private static String outcome(Body<?> b) {
        try {
            b.call();
            return "ok";
        } catch (SocketException e) {
            return Errno.errorcode(e.errno());
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    /** bind/listen errors, the same errno on both engines (and as Linux's bind(2)/listen(2)). */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void bindAndListenErrors(boolean virtual) throws Exception {
        CompletableFuture<List<String>> f = on(virtual, () -> {
            List<String> got = new ArrayList<>();
            try (SocketType a = module.socket(AF_INET, SOCK_STREAM); SocketType b = module.socket(AF_INET, SOCK_STREAM);
                    SocketType c = module.socket(AF_INET6, SOCK_STREAM); SocketType d = module.socket(AF_INET6, SOCK_STREAM);
                    SocketType u = module.socket(AF_INET, SOCK_DGRAM); SocketType x = module.socket(AF_UNIX, SOCK_STREAM);
                    SocketType y = module.socket(AF_UNIX, SOCK_STREAM); SocketType z = module.socket(AF_UNIX, SOCK_DGRAM);
                    SocketType w = module.socket(AF_UNIX, SOCK_STREAM); SocketType v = module.socket(AF_UNIX, SOCK_STREAM)) {
                got.add("a " + outcome(() -> { a.bind(new InetAddr("127.0.0.1", 0)); return null; }));
                got.add("a listen " + outcome(() -> { a.listen(-5); return null; }));
                got.add("b same port " + outcome(() -> { b.bind(a.getsockname()); return null; }));
                got.add("a again " + outcome(() -> { a.bind(new InetAddr("127.0.0.1", 0)); return null; }));
                got.add("b not local " + outcome(() -> { b.bind(new InetAddr("192.0.2.1", 0)); return null; }));
                got.add("b listen unbound " + outcome(() -> { b.listen(Integer.MAX_VALUE); return null; }));
                got.add("c " + outcome(() -> { c.bind(new Inet6Addr("::1", 0)); return null; }));
                int port = ((Inet6Addr) c.getsockname()).port();
                got.add("d same " + outcome(() -> { d.bind(new Inet6Addr("::1", port)); return null; }));
                got.add("d not local " + outcome(() -> { d.bind(new Inet6Addr("2001:db8::1", 0)); return null; }));
                got.add("u listen " + outcome(() -> { u.listen(1); return null; }));
                String path = tmp.resolve("p").toString();
                got.add("x path " + outcome(() -> { x.bind(UnixAddr.of(path)); return null; }));
                got.add("y same path " + outcome(() -> { y.bind(UnixAddr.of(path)); return null; }));
                got.add("y no dir " + outcome(() -> { y.bind(UnixAddr.of(tmp.resolve("no/such").toString())); return null; }));
                got.add("x listen " + outcome(() -> { x.listen(0); return null; }));
                got.add("z listen " + outcome(() -> { z.listen(0); return null; }));
                byte[] abs = ("ring-attack-" + System.nanoTime()).getBytes();
                got.add("w abstract " + outcome(() -> { w.bind(UnixAddr.ofAbstract(abs)); return null; }));
                got.add("v same abstract " + outcome(() -> { v.bind(UnixAddr.ofAbstract(abs)); return null; }));
                got.add("v autobind " + outcome(() -> { v.bind(UnixAddr.of("")); return null; }));
                got.add("v autobind again " + outcome(() -> { v.bind(UnixAddr.of("")); return null; }));
                got.add("v listen " + outcome(() -> { v.listen(3); return null; }));
                a.close();
                got.add("closed bind " + outcome(() -> { a.bind(new InetAddr("127.0.0.1", 0)); return null; }));
                got.add("closed listen " + outcome(() -> { a.listen(1); return null; }));
            }
            return got;
        });
        List<String> got = f.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("a ok", "a listen ok", "b same port EADDRINUSE", "a again EINVAL",
                "b not local EADDRNOTAVAIL", "b listen unbound ok", "c ok", "d same EADDRINUSE",
                "d not local EADDRNOTAVAIL", "u listen ENOTSUP", "x path ok", "y same path EADDRINUSE",
                "y no dir ENOENT", "x listen ok", "z listen ENOTSUP", "w abstract ok",
                "v same abstract EADDRINUSE", "v autobind ok", "v autobind again ok", "v listen ok",
                "closed bind EBADF", "closed listen EBADF"), got);
    }

    /** bind and listen racing close: either they succeed or they fail with EBADF; each descriptor closed once. */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void bindAndListenRacingClose(boolean virtual) throws Exception {
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        for (int round = 0; round < 200; round++) {
            SocketType s = module.socket(round % 2 == 0 ? AF_INET : AF_UNIX, SOCK_STREAM);
            String path = tmp.resolve("r" + round).toString();
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Object> binder = on(virtual, () -> {
                go.await();
                if (s.family() == AF_INET) {
                    s.bind(new InetAddr("127.0.0.1", 0));
                } else {
                    s.bind(UnixAddr.of(path));
                }
                s.listen(5);
                return null;
            });
            CompletableFuture<Object> closer = on(!virtual, () -> {
                go.await();
                s.close();
                return null;
            });
            go.countDown();
            Throwable t = failure(binder, 10);
            if (t != null && errnoOf(t) != Errno.EBADF) {
                wrong.add(t.toString());
            }
            assertNull(failure(closer, 10));
            if (round % 20 == 0) {
                victim();
            }
        }
        assertTrue(wrong.isEmpty(), wrong.toString());
        assertEquals(0, module.openSockets());
    }

    // ---- datagram send pause ---------------------------------------------------------------------

    /** @return how many 100-byte datagrams fit before the receiver's queue is full */
    private static int fill(SocketType snd, UnixAddr at) throws SocketException {
        snd.setblocking(false);
        int queued = 0;
        for (;;) {
            try {
                if (at == null) {
                    snd.send(new byte[100]);
                } else {
                    snd.sendto(new byte[100], 0, at);
                }
                queued++;
            } catch (BlockingIOException full) {
                return queued;
            }
        }
    }

    /** A close while a datagram send waits or pauses ends it with EBADF promptly (both unconnected and connected). */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeWhileADatagramSendPausesEndsItPromptly(boolean virtual) throws Exception {
        for (boolean connected : new boolean[] {false, true}) {
            SocketType rcv = module.socket(AF_UNIX, SOCK_DGRAM);
            SocketType snd = module.socket(AF_UNIX, SOCK_DGRAM);
            UnixAddr at = UnixAddr.of(tmp.resolve("c" + connected).toString());
            rcv.bind(at);
            if (connected) {
                snd.connect(at);
            }
            fill(snd, connected ? null : at);
            snd.setblocking(true);
            CompletableFuture<Integer> w = on(virtual, () -> connected ? snd.send("x".getBytes()) : snd.sendto("x".getBytes(), 0, at));
            Thread.sleep(300); // long enough to reach the 5 ms pause
            long t0 = System.nanoTime();
            snd.close();
            Throwable t = failure(w, 10);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(Errno.EBADF, errnoOf(t), "connected=" + connected + ": " + t);
            assertTrue(ms < 200, "connected=" + connected + ": ended " + ms + " ms after the close");
            victim();
            rcv.close();
        }
    }

    /** A datagram send's timeout is honoured while it pauses: socket.timeout near the deadline. */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void aPausingDatagramSendHonoursItsTimeout(boolean virtual) throws Exception {
        try (SocketType rcv = module.socket(AF_UNIX, SOCK_DGRAM); SocketType snd = module.socket(AF_UNIX, SOCK_DGRAM)) {
            UnixAddr at = UnixAddr.of(tmp.resolve("t").toString());
            rcv.bind(at);
            fill(snd, at);
            snd.settimeout(0.3);
            long t0 = System.nanoTime();
            CompletableFuture<Integer> w = on(virtual, () -> snd.sendto("x".getBytes(), 0, at));
            Throwable t = failure(w, 10);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertInstanceOf(SocketTimeoutException.class, t, String.valueOf(t));
            assertTrue(ms >= 280 && ms < 1000, "timed out after " + ms + " ms");
        }
    }

    /**
     * A connected AF_UNIX datagram sender that really waits (poll follows the receiver's queue)
     * is not slowed by the pause: 2,000 datagrams through a full queue, each received at once,
     * in well under what a 5 ms pause per datagram would take.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void aConnectedDatagramSenderThatWaitsIsNotSlowed(boolean virtual) throws Exception {
        try (SocketType rcv = module.socket(AF_UNIX, SOCK_DGRAM); SocketType snd = module.socket(AF_UNIX, SOCK_DGRAM)) {
            UnixAddr at = UnixAddr.of(tmp.resolve("w").toString());
            rcv.bind(at);
            snd.connect(at);
            int queued = fill(snd, null);
            snd.setblocking(true);
            int n = 2000;
            long t0 = System.nanoTime();
            CompletableFuture<Object> w = on(virtual, () -> {
                for (int i = 0; i < n; i++) {
                    snd.send(new byte[100]);
                }
                return null;
            });
            for (int i = 0; i < n + queued; i++) {
                assertEquals(100, rcv.recv(200).length);
            }
            assertNull(failure(w, 30));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 5_000, n + " waits took " + ms + " ms");
        }
    }

    /**
     * An interrupted thread (its interrupt status set, which does not end a blocking send)
     * sending to a full unconnected AF_UNIX receiver must not spin either: its pause parks, and
     * a park returns at once while the interrupt status is set.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void anInterruptedWaitingDatagramSendDoesNotSpin(boolean virtual) throws Exception {
        try (SocketType rcv = module.socket(AF_UNIX, SOCK_DGRAM); SocketType snd = module.socket(AF_UNIX, SOCK_DGRAM)) {
            UnixAddr at = UnixAddr.of(tmp.resolve("i").toString());
            rcv.bind(at);
            int queued = fill(snd, at);
            snd.setblocking(true);
            CompletableFuture<Boolean> w = on(virtual, () -> {
                Thread.currentThread().interrupt();
                try {
                    assertEquals(4, snd.sendto("last".getBytes(), 0, at));
                } finally {
                    assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
                }
                return true;
            });
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            Thread.sleep(100);
            long cpu0 = os.getProcessCpuTime();
            Thread.sleep(1000);
            long used = os.getProcessCpuTime() - cpu0;
            for (int i = 0; i < queued; i++) {
                rcv.recv(200);
            }
            Throwable t = failure(w, 10);
            if (virtual) {
                // as a virtual thread's wait for readiness ends when interrupted (IoCore.park), on both engines
                assertEquals(Errno.EINTR, errnoOf(t), String.valueOf(t));
            } else {
                // a platform thread's blocking call is not ended by an interrupt: it waits, then sends
                assertNull(t);
            }
            assertTrue(used < 500_000_000L, "CPU while waiting 1 s: " + used / 1_000_000 + " ms");
        }
    }

    // ---- recv(0) ---------------------------------------------------------------------------------

    /** recv(0) with flags, timeouts and modes: 0 at once, nothing consumed; EBADF once closed. */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void recvOfZeroWithFlagsAndModes(boolean virtual) throws Exception {
        CompletableFuture<List<String>> f = on(virtual, () -> {
            List<String> got = new ArrayList<>();
            SocketType[] p = tcpPair(module);
            SocketPair d = module.socketpair(AF_UNIX, SOCK_DGRAM);
            for (int flags : new int[] {0, MSG_PEEK, MSG_WAITALL, MSG_DONTWAIT, MSG_PEEK | MSG_WAITALL}) {
                for (Double timeout : new Double[] {null, 0.0, 0.2}) {
                    p[1].settimeout(timeout);
                    d.b().settimeout(timeout);
                    long t0 = System.nanoTime();
                    got.add(flags + "/" + timeout + " " + p[1].recv(0, flags).length + " " + d.b().recv(0, flags).length
                            + " " + p[1].recv_into(new byte[0], 0, flags) + ((System.nanoTime() - t0) > 100_000_000L ? " slow" : ""));
                }
            }
            p[0].send("abc".getBytes());
            d.a().send("dg".getBytes());
            Thread.sleep(50);
            got.add("with data " + p[1].recv(0).length + " " + d.b().recv(0).length);
            p[1].settimeout(1.0);
            d.b().settimeout(1.0);
            got.add("kept " + new String(p[1].recv(10)) + " " + new String(d.b().recv(10)));
            p[0].close();
            got.add("at eof " + p[1].recv(0).length);
            p[1].close();
            got.add("closed " + outcome(() -> p[1].recv(0)) + " " + outcome(() -> p[1].recv_into(new byte[0])));
            d.a().close();
            d.b().close();
            return got;
        });
        List<String> got = f.get(30, TimeUnit.SECONDS);
        List<String> want = new ArrayList<>();
        for (int flags : new int[] {0, MSG_PEEK, MSG_WAITALL, MSG_DONTWAIT, MSG_PEEK | MSG_WAITALL}) {
            for (Double timeout : new Double[] {null, 0.0, 0.2}) {
                want.add(flags + "/" + timeout + " 0 0 0");
            }
        }
        want.addAll(List.of("with data 0 0", "kept abc dg", "at eof 0", "closed EBADF EBADF"));
        assertEquals(want, got);
    }
}
