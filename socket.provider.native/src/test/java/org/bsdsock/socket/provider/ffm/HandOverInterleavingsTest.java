package org.bsdsock.socket.provider.ffm;

import static org.awaitility.Awaitility.await;
import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.MSG_DONTWAIT;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.provider.ffm.HandOverTest.call;
import static org.bsdsock.socket.provider.ffm.HandOverTest.waitInside;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.ReceivedFds;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketTimeoutException;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;
import org.bsdsock.socket.spi.HandedOverException;
import org.bsdsock.socket.spi.HeldSocket;
import org.bsdsock.socket.spi.KeptSocket;
import org.bsdsock.socket.spi.ProviderSocket;
import org.bsdsock.socket.spi.SocketAdopter;
import org.bsdsock.socket.spi.SocketKeeper;
import org.bsdsock.socket.testing.Fds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-over where it meets something else under way: a timeout that must hold across it,
 * a {@code sendfile} from an input that cannot be read twice, a {@code close()}, an
 * {@code accept} returning, a {@code dup}, {@code detach} or {@code send_fds}, a second
 * hand-over right after the first, data arriving while no provider has the socket, a provider
 * that refuses a socket, and every kind of blocked caller, on platform and virtual threads.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HandOverInterleavingsTest {
    private static final Duration WINDOW = Duration.ofSeconds(20);
    private final String owner = "handover-interleavings-" + System.nanoTime();
    private final List<NativeSocketModule> modules = new ArrayList<>();
    private final List<SocketType> toClose = new ArrayList<>();

    @TempDir
    Path tmp;

    /** The provider serving the owner now (read by the loops of the churn test while it swaps). */
    private volatile NativeSocketModule live;

    private NativeSocketModule provider() {
        NativeSocketModule m = TestEngine.module(owner);
        modules.add(m);
        live = m;
        return m;
    }

    /** A provider of another owner: its sockets are not handed over with ours (an input, a peer). */
    private NativeSocketModule bystander() {
        NativeSocketModule m = TestEngine.module(owner + "-bystander");
        modules.add(m);
        return m;
    }

    private <S extends SocketType> S closing(S s) {
        toClose.add(s);
        return s;
    }

    private SocketPair closing(SocketPair p) {
        toClose.add(p.a());
        toClose.add(p.b());
        return p;
    }

    @AfterEach
    void stop() {
        for (SocketType s : toClose) {
            s.close();
        }
        for (NativeSocketModule m : modules) {
            m.close();
        }
        for (NativeSocketModule m : modules) {
            assertEquals(0, m.openSockets());
        }
    }

    private NativeSocketModule current() {
        return live;
    }

    /**
     * A new socket from the provider serving now. One asked of a provider that has just
     * handed over says so (as a stale service object does in OSGi): then it is asked of the next.
     */
    private SocketType newSocket(int family) throws Exception {
        for (int i = 0; ; i++) {
            NativeSocketModule m = live;
            try {
                return m.socket(family, SOCK_STREAM);
            } catch (SocketException stopped) {
                if (i > 1000 || !stopped.getMessage().contains(KeptSocket.STOPPED)) {
                    throw stopped;
                }
                NativeSocketModule now = live;
                await().atMost(Duration.ofSeconds(10)).until(() -> live != m || now != m);
            }
        }
    }

    /** Hands the current provider's sockets to a new one. */
    private NativeSocketModule swap() {
        current().handOver(WINDOW);
        return provider();
    }

    private static String inode(int fd) throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
    }

    // ---- gap: a call made again keeps its deadline ---------------------------------------------

    /**
     * A caller blocked with a timeout of 3 s, interrupted by a hand-over after 1.5 s, times out
     * 3 s after it started, not 3 s after the swap (4.5 s): the deadline crosses the swap.
     */
    @ParameterizedTest(name = "{0}, virtual={1}")
    @CsvSource({"recv,false", "recv,true", "sendall,false", "sendall,true", "accept,false", "accept,true"})
    void aRetriedCallEndsWithinItsOwnTimeout(String kind, boolean virtual) throws Exception {
        NativeSocketModule first = provider();
        SocketPair p = closing(first.socketpair(AF_UNIX, SOCK_STREAM, 0));
        SocketType l = closing(first.socket(AF_INET, SOCK_STREAM));
        l.bind(new InetAddr("127.0.0.1", 0));
        l.listen(1);
        SocketType s = kind.equals("accept") ? l : p.a();
        s.settimeout(3.0);
        byte[] big = new byte[16 << 20]; // more than the socket buffers hold: the sendall waits
        long start = System.nanoTime();
        CompletableFuture<Object> blocked = call(virtual, () -> switch (kind) {
            case "recv" -> s.recv(10);
            case "sendall" -> {
                s.sendall(big);
                yield "sent";
            }
            default -> s.accept();
        });
        waitInside(blocked);
        // the subject is a time bound: let 1.5 s of the 3 s pass before the swap
        Thread.sleep(Math.max(0, 1500 - (System.nanoTime() - start) / 1_000_000));
        swap();
        ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(30, TimeUnit.SECONDS));
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertInstanceOf(SocketTimeoutException.class, e.getCause());
        assertTrue(elapsed >= 2900, "not before its timeout: " + elapsed + " ms");
        assertTrue(elapsed < 4200, "within its own timeout, not a fresh one after the swap: " + elapsed + " ms");
    }

    /**
     * With no provider coming back, a caller with a timeout fails with its timeout, not with the
     * window's end (20 s here); a call made while the socket is held does the same.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void theWaitForTheNextProviderEndsWithTheCallersTimeout(boolean virtual) throws Exception {
        NativeSocketModule first = provider();
        SocketPair p = closing(first.socketpair(AF_UNIX, SOCK_STREAM, 0));
        p.a().settimeout(1.0);
        long start = System.nanoTime();
        CompletableFuture<byte[]> blocked = call(virtual, () -> p.a().recv(10));
        waitInside(blocked);
        first.handOver(WINDOW); // and no provider comes back
        ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(30, TimeUnit.SECONDS));
        assertInstanceOf(SocketTimeoutException.class, e.getCause());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5000, "its timeout, not the window");
        long later = System.nanoTime();
        assertThrows(SocketTimeoutException.class, () -> p.a().recv(10), "a call while held times out too");
        assertTrue((System.nanoTime() - later) / 1_000_000 < 5000);
        assertEquals(1.0, p.a().gettimeout());
        provider(); // it comes back: the socket is as it was
        p.b().sendall("late".getBytes());
        assertArrayEquals("late".getBytes(), p.a().recv(10));
    }

    // ---- gap: sendfile from a sequential input -------------------------------------------------

    /**
     * {@code sendfile} from a socket or a pipe reads the input and sends what it read; the bytes
     * read and not yet sent when the hand-over comes cannot be read again: the next provider
     * sends them first. Every byte arrives once, in order, and the count returned is the total.
     */
    @ParameterizedTest(name = "{0}, virtual={1}")
    @CsvSource({"socket,false", "socket,true", "pipe,false", "pipe,true"})
    void sendfileFromASequentialInputLosesNothing(String input, boolean virtual) throws Exception {
        NativeSocketModule first = provider();
        SocketPair out = closing(first.socketpair(AF_UNIX, SOCK_STREAM, 0));
        byte[] data = new byte[6 << 20];
        new Random(7).nextBytes(data);
        int inFd;
        CompletableFuture<Object> writing;
        Pipe pipe = null;
        if (input.equals("socket")) {
            SocketPair in = closing(bystander().socketpair(AF_UNIX, SOCK_STREAM, 0));
            inFd = in.a().fileno();
            writing = call(false, () -> {
                in.b().sendall(data);
                in.b().shutdown(1); // end of input
                return "written";
            });
        } else {
            Map<Integer, String> pre = Fds.byNumber();
            pipe = Pipe.open();
            inFd = pipeReadEnd(pre);
            Pipe.SinkChannel sink = pipe.sink();
            writing = call(false, () -> {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    sink.write(b);
                }
                sink.close(); // end of input
                return "written";
            });
        }
        try {
            CompletableFuture<Long> sending = call(virtual, () -> out.a().sendfile(inFd, 0, 0));
            // nobody reads yet: the sendfile fills the socket and waits, in the middle of a chunk
            waitInside(sending);
            swap();
            MessageDigest got = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            long total = 0;
            while (total < data.length) {
                int n = out.b().recv_into(buf, 0, 0);
                assertTrue(n > 0, "the stream goes on to the end");
                got.update(buf, 0, n);
                total += n;
            }
            assertEquals(data.length, sending.get(30, TimeUnit.SECONDS), "the count is every byte, once");
            assertEquals("written", writing.get(30, TimeUnit.SECONDS));
            SocketException nothingMore = assertThrows(SocketException.class, () -> out.b().recv(10, MSG_DONTWAIT));
            assertEquals(Errno.EAGAIN, nothingMore.errno(), "nothing doubled");
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), got.digest(), "every byte once, in order");
        } finally {
            if (pipe != null) {
                pipe.source().close();
                pipe.sink().close();
            }
        }
    }

    private static int pipeReadEnd(Map<Integer, String> pre) {
        for (Map.Entry<Integer, String> e : Fds.byNumber().entrySet()) {
            if (e.getValue().startsWith("pipe:") && !pre.containsValue(e.getValue()) && (Fds.flags(e.getKey()) & 3) == 0) {
                return e.getKey();
            }
        }
        throw new AssertionError("no new pipe read end");
    }

    // ---- interleavings ------------------------------------------------------------------------

    /**
     * A {@code close()} that reaches the provider's socket just after the hand-over took its
     * descriptor does nothing there; the socket must still end up closed, not adopted by the
     * next provider and left open behind its owner's back. The provider socket here closes its
     * kept socket from inside its own hand-over, which is exactly that moment.
     */
    @Test
    void aCloseDuringTheHandOverClosesTheSocket() throws Exception {
        SocketPair raw = bystander().socketpair(AF_UNIX, SOCK_STREAM, 0);
        int fd = raw.a().detach();
        SocketType peer = closing(raw.b());
        peer.settimeout(10.0);
        KeptSocket[] kept = new KeptSocket[1];
        AtomicBoolean handed = new AtomicBoolean();
        ProviderSocket racing = (ProviderSocket) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ProviderSocket.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "handOver" -> {
                        handed.set(true);
                        kept[0].close(); // the owner's close, landing on a socket already handed over
                        yield new HeldSocket(fd, AF_UNIX, SOCK_STREAM, 0, -1);
                    }
                    case "close" -> {
                        assertTrue(handed.get(), "the close comes after the hand-over took the descriptor");
                        yield null; // as FdHandle: a handed-over handle's close does nothing
                    }
                    case "closeHeld" -> {
                        Descriptors.closeQuietly((Integer) args[0]);
                        yield null;
                    }
                    case "family" -> AF_UNIX;
                    case "type" -> SOCK_STREAM;
                    case "proto" -> 0;
                    case "gettimeout" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "racing provider socket";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        kept[0] = SocketKeeper.get().keep(owner, racing);
        provider(); // serving the owner: it would adopt what is held
        kept[0].handOver(racing, WINDOW.toNanos());
        assertEquals(-1, kept[0].fileno(), "closed, not adopted");
        assertEquals(0, current().openSockets());
        assertArrayEquals(new byte[0], peer.recv(10), "the peer sees the end of the stream: the descriptor is closed");
        SocketException later = assertThrows(SocketException.class, () -> kept[0].send("x".getBytes()));
        assertEquals(Errno.EBADF, later.errno());
    }

    /**
     * After {@link ProviderSocket#handOver()}, every call on that provider socket raises
     * {@link HandedOverException} (the kept socket makes it again on the next provider);
     * {@code detach} too: -1 would tell its caller the socket was closed while it lives on.
     */
    @Test
    void everyCallOnAHandedOverProviderSocketSaysSo() throws Exception {
        SocketRegistry registry = new SocketRegistry(owner + "-registry");
        SocketPair raw = bystander().socketpair(AF_UNIX, SOCK_STREAM, 0);
        int fd = raw.a().detach();
        closing(raw.b());
        NativeSocket ns = Sockets.wrap(registry, fd, AF_UNIX, SOCK_STREAM, 0, -1, false);
        HeldSocket held = ns.handOver();
        try {
            assertEquals(fd, held.fd());
            assertThrows(HandedOverException.class, ns::detach);
            assertThrows(HandedOverException.class, ns::dup);
            assertThrows(HandedOverException.class, () -> ns.recv(1, 0));
            assertThrows(HandedOverException.class, () -> ns.send(new byte[1], 0));
            assertThrows(HandedOverException.class, () -> ns.send_fds(List.of(new byte[1]), new int[] {fd}));
            assertThrows(HandedOverException.class, ns::getsockname);
            ns.close(); // does nothing to a descriptor that is not its own any more
            assertTrue(Files.exists(Path.of("/proc/self/fd/" + fd)));
        } finally {
            Descriptors.closeQuietly(fd);
            registry.closeAll();
        }
    }

    /**
     * {@code detach} and {@code dup} on a socket between providers wait for the next one and
     * act there: detach gives the same descriptor, open, and the socket is closed after.
     */
    @Test
    void detachAndDupWhileHeldActOnTheNextProvider() throws Exception {
        NativeSocketModule first = provider();
        SocketPair p = closing(first.socketpair(AF_UNIX, SOCK_STREAM, 0));
        int fd = p.a().fileno();
        String node = inode(fd);
        first.handOver(WINDOW);
        CompletableFuture<Integer> detached = call(true, () -> p.a().detach());
        CompletableFuture<SocketType> dupped = call(false, () -> p.b().dup());
        waitInside(detached, dupped);
        provider();
        assertEquals(fd, detached.get(10, TimeUnit.SECONDS));
        assertEquals(node, inode(fd), "the same socket, open, the caller's now");
        assertEquals(-1, p.a().fileno());
        SocketType d = closing(dupped.get(10, TimeUnit.SECONDS));
        SocketType a = closing(current().socket(AF_UNIX, SOCK_STREAM, 0, fd));
        a.sendall("x".getBytes());
        assertArrayEquals("x".getBytes(), d.recv(10), "the duplicate is the same socket");
    }

    /**
     * A {@code connect} made while the socket is between providers is a connect on the next
     * one, not taken for a connect the hand-over interrupted (which a completed connect would
     * end in success): on a connected socket it fails with {@code EISCONN}, as it would have.
     */
    @Test
    void aConnectWhileHeldIsAConnect() throws Exception {
        SocketType l = closing(bystander().socket(AF_INET, SOCK_STREAM));
        l.bind(new InetAddr("127.0.0.1", 0));
        l.listen(4);
        NativeSocketModule first = provider();
        SocketType c = closing(first.socket(AF_INET, SOCK_STREAM));
        c.connect(l.getsockname()); // a blocking connect on this platform thread: connected
        closing(l.accept().conn());
        first.handOver(WINDOW);
        CompletableFuture<Object> connecting = call(true, () -> {
            c.connect(l.getsockname());
            return "connected again?";
        });
        waitInside(connecting);
        provider();
        SocketException e = assertInstanceOf(SocketException.class,
                assertThrows(ExecutionException.class, () -> connecting.get(10, TimeUnit.SECONDS)).getCause());
        assertEquals(Errno.EISCONN, e.errno());
    }

    /**
     * Swaps while other threads accept, connect, dup, detach, send descriptors and close all the
     * time: every connection made is accepted once and echoes, every dup and detach gives a
     * working descriptor, every descriptor sent arrives; nothing is left open afterwards.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void swapsWhileEverythingElseGoesOn(boolean virtual) throws Exception {
        List<String> before = Fds.open();
        NativeSocketModule first = provider();
        SocketType l = closing(first.socket(AF_INET, SOCK_STREAM));
        l.bind(new InetAddr("127.0.0.1", 0));
        l.listen(64);
        InetAddr at = (InetAddr) l.getsockname();
        SocketPair fdPipe = closing(first.socketpair(AF_UNIX, SOCK_STREAM, 0));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean connectorDone = new AtomicBoolean();
        Path file = Files.writeString(tmp.resolve("passed"), "passed");
        java.nio.channels.FileChannel passed = java.nio.channels.FileChannel.open(file);
        int passedFd = fdOf(file);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger connected = new AtomicInteger();
        AtomicInteger dups = new AtomicInteger();
        AtomicInteger detaches = new AtomicInteger();
        AtomicInteger fdsPassed = new AtomicInteger();
        List<CompletableFuture<Object>> loops = new ArrayList<>();
        // the acceptor: echoes one message per connection, then closes it
        l.settimeout(0.5); // the acceptor looks at its end condition now and then
        loops.add(call(virtual, () -> {
            while (!connectorDone.get() || accepted.get() < connected.get()) {
                SocketType c;
                try {
                    c = l.accept().conn();
                } catch (SocketTimeoutException nothingYet) {
                    continue;
                }
                try {
                    c.sendall(c.recv(64));
                } finally {
                    c.close();
                }
                accepted.incrementAndGet();
            }
            return null;
        }));
        CompletableFuture<Object> connector = call(virtual, () -> {
            try {
                for (int i = 0; !stop.get(); i++) {
                    try (SocketType c = newSocket(AF_INET)) {
                        c.connect(at);
                        connected.incrementAndGet();
                        byte[] msg = ("m" + i).getBytes();
                        c.sendall(msg);
                        assertArrayEquals(msg, c.recv(64));
                    }
                }
            } finally {
                connectorDone.set(true);
            }
            return null;
        });
        loops.add(connector);
        // The dup/detach and send_fds loops never wait (their calls succeed at once), so they run
        // on platform threads: as virtual threads, two loops that never park would hold both
        // carriers of this 2-CPU machine and starve the others, pollers included.
        loops.add(call(false, () -> {
            while (!stop.get()) {
                SocketType d = fdPipe.a().dup();
                assertTrue(d.fileno() >= 0);
                d.close();
                dups.incrementAndGet();
                SocketType s = newSocket(AF_UNIX);
                int fd = s.detach();
                assertTrue(fd >= 0, "a detach gives the descriptor");
                assertEquals(-1, s.fileno());
                Descriptors.closeQuietly(fd);
                detaches.incrementAndGet();
            }
            return null;
        }));
        loops.add(call(false, () -> {
            while (!stop.get()) {
                fdPipe.a().send_fds(List.of("f".getBytes()), new int[] {passedFd});
                ReceivedFds r = fdPipe.b().recv_fds(10, 1, 0);
                assertArrayEquals("f".getBytes(), r.data());
                assertEquals(1, r.fds().length, "the descriptor arrives");
                Descriptors.closeQuietly(r.fds()[0]);
                fdsPassed.incrementAndGet();
            }
            return null;
        }));
        for (CompletableFuture<Object> f : loops) {
            f.whenComplete((v, t) -> {
                if (t != null) {
                    failures.add(t);
                }
            });
        }
        for (int swap = 0; swap < 20 && failures.isEmpty(); swap++) {
            int c = connected.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> connected.get() > c + 2 || !failures.isEmpty());
            swap();
            if (swap % 4 == 3) {
                swap(); // two in quick succession
            }
        }
        stop.set(true);
        for (CompletableFuture<Object> f : loops) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        assertEquals(connected.get(), accepted.get(), "every connection accepted once");
        assertTrue(dups.get() > 0 && detaches.get() > 0 && fdsPassed.get() > 0);
        passed.close();
        for (SocketType s : toClose) {
            s.close();
        }
        toClose.clear();
        for (NativeSocketModule m : modules) {
            m.close();
        }
        Fds.awaitBaseline(before, Duration.ofSeconds(30)); // nothing left open, nothing closed twice
    }

    /** The number of a descriptor this process has open on {@code file}, found by its target. */
    private static int fdOf(Path file) throws Exception {
        String target = file.toRealPath().toString();
        for (Map.Entry<Integer, String> e : Fds.byNumber().entrySet()) {
            if (e.getValue().equals(target)) {
                return e.getKey();
            }
        }
        throw new AssertionError("no descriptor for " + file);
    }

    /**
     * Two swaps in quick succession, the second before the callers blocked in the first have
     * come back: they go on with the third provider and get their data.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void twoSwapsInQuickSuccession(boolean virtual) throws Exception {
        long windowThreadsBefore = windowThreads();
        NativeSocketModule first = provider();
        SocketType l = closing(first.socket(AF_INET, SOCK_STREAM));
        l.bind(new InetAddr("127.0.0.1", 0));
        l.listen(8);
        SocketPair p = closing(first.socketpair(AF_UNIX, SOCK_STREAM, 0));
        CompletableFuture<byte[]> received = call(virtual, () -> p.a().recv(10));
        CompletableFuture<SocketType> accepted = call(virtual, () -> l.accept().conn());
        waitInside(received, accepted);
        swap();
        swap();
        assertEquals(3, current().openSockets(), "the third provider has them all");
        p.b().sendall("third".getBytes());
        assertArrayEquals("third".getBytes(), received.get(10, TimeUnit.SECONDS));
        SocketType c = closing(current().socket(AF_INET, SOCK_STREAM));
        c.connect(l.getsockname());
        SocketType a = closing(accepted.get(10, TimeUnit.SECONDS));
        c.sendall("hi".getBytes());
        assertArrayEquals("hi".getBytes(), a.recv(10));
        // each hold's window thread ends with its adoption, not when a later hold's window ends (20 s)
        await("window threads ended").atMost(Duration.ofSeconds(10)).until(() -> windowThreads() <= windowThreadsBefore);
    }

    /** @return how many hand-over window threads (virtual) are alive, from a thread dump */
    private static long windowThreads() throws Exception {
        Path dump = Files.createTempFile("threads", ".txt");
        Files.delete(dump); // dumpThreads will not overwrite
        try {
            java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            try (var lines = Files.lines(dump)) {
                return lines.filter(l -> l.contains("\"socket-handover-window\"")).count();
            }
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    /**
     * Data that arrives while no provider has the socket (no poller watches it then) still wakes
     * the waiter: the next provider's poller reports the readiness present when it registers
     * the descriptor, and the waiter's first attempt there reads it anyway.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void anEdgeDuringTheSwapIsNotLost(boolean virtual) throws Exception {
        NativeSocketModule first = provider();
        // the peer belongs to another owner: it can send while ours is between providers
        SocketPair raw = bystander().socketpair(AF_UNIX, SOCK_STREAM, 0);
        SocketType peer = closing(raw.b());
        SocketType a = closing(first.socket(AF_UNIX, SOCK_STREAM, 0, raw.a().detach()));
        SocketPair q = closing(first.socketpair(AF_UNIX, SOCK_STREAM, 0));
        CompletableFuture<byte[]> waiting = call(virtual, () -> a.recv(10));
        waitInside(waiting);
        first.handOver(WINDOW);
        assertTrue(a instanceof KeptSocket k && k.isHeld());
        peer.sendall("edge".getBytes()); // the edge comes while no provider (and no poller) has the socket
        provider();
        assertArrayEquals("edge".getBytes(), waiting.get(10, TimeUnit.SECONDS));
        // and a waiter that parks on the new provider before its data comes is woken by it
        CompletableFuture<byte[]> next = call(virtual, () -> q.a().recv(10));
        waitInside(next);
        q.b().sendall("after".getBytes());
        assertArrayEquals("after".getBytes(), next.get(10, TimeUnit.SECONDS));
    }

    /**
     * A virtual thread that starts to wait just as its provider starts to stop (its pollers
     * refuse new waits, its registry has not yet reached the socket) is handed over with the
     * socket and gets its data from the next provider; it does not fail with "socket provider
     * stopped". Here the registry's first step of a hand-over is taken by hand, then the rest.
     */
    @Test
    void aWaitStartingAsTheProviderStopsIsHandedOver() throws Exception {
        SocketRegistry registry = new SocketRegistry(owner);
        SocketPair p = closing(Sockets.socketpair(registry, AF_UNIX, SOCK_STREAM, 0));
        registry.pollers().close(); // what registry.handOver does first
        CompletableFuture<byte[]> waiting = call(true, () -> p.a().recv(10));
        waitInside(waiting);
        registry.handOver(WINDOW.toNanos());
        provider();
        p.b().sendall("handed".getBytes());
        assertArrayEquals("handed".getBytes(), waiting.get(10, TimeUnit.SECONDS));
    }

    /**
     * A provider that cannot take a socket (here: one without AF_UNIX) refuses it; that socket
     * alone is closed, its blocked caller fails with the refusal's reason, and the others go on.
     */
    @Test
    void aSocketTheNextProviderRefusesIsClosedAlone() throws Exception {
        NativeSocketModule first = provider();
        SocketType l = closing(first.socket(AF_INET, SOCK_STREAM));
        l.bind(new InetAddr("127.0.0.1", 0));
        l.listen(8);
        SocketType c = closing(first.socket(AF_INET, SOCK_STREAM));
        c.connect(l.getsockname());
        SocketType a = closing(l.accept().conn());
        SocketPair u = closing(first.socketpair(AF_UNIX, SOCK_STREAM, 0));
        int ufd = u.a().fileno();
        String unode = inode(ufd);
        CompletableFuture<byte[]> waiting = call(true, () -> u.a().recv(10));
        waitInside(waiting);
        first.handOver(WINDOW);
        NativeSocketModule inetOnly = bystander();
        SocketAdopter refusing = (held, kept) -> {
            if (held.family() == AF_UNIX) {
                throw SocketException.of("adopt", Errno.EAFNOSUPPORT, "this provider has no AF_UNIX");
            }
            return inetOnly.adopter().adopt(held, kept);
        };
        try {
            assertEquals(3, SocketKeeper.get().serve(owner, refusing), "the three AF_INET sockets");
            SocketException e = assertInstanceOf(SocketException.class,
                    assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS)).getCause());
            assertEquals(Errno.EBADF, e.errno());
            assertTrue(e.getMessage().contains("this provider has no AF_UNIX"), e.getMessage());
            assertEquals(-1, u.a().fileno());
            assertFalse(Files.exists(Path.of("/proc/self/fd/" + ufd)) && unode.equals(inode(ufd)), "closed");
            c.sendall("still".getBytes());
            assertArrayEquals("still".getBytes(), a.recv(10), "the others go on");
        } finally {
            SocketKeeper.get().withdraw(owner, refusing);
        }
    }

    // ---- blocked callers of every kind ---------------------------------------------------------

    /**
     * A caller blocked in each kind of call when the swap comes goes on with the next provider
     * and gets what it waited for (HandOverTest covers recv, accept, sendall and a virtual
     * thread's connect).
     */
    @ParameterizedTest(name = "{0}, virtual={1}")
    @CsvSource({"recv_into,false", "recv_into,true", "recvfrom,false", "recvfrom,true", "recvmsg,false",
            "recvmsg,true", "recvmsg_into,false", "recvmsg_into,true", "recv_fds,false", "recv_fds,true",
            "send,false", "send,true", "connect,false", "connect,true"})
    void blockedCallersOfEveryKindGoOn(String kind, boolean virtual) throws Exception {
        NativeSocketModule first = provider();
        SocketPair p = closing(first.socketpair(AF_UNIX, SOCK_STREAM, 0));
        byte[] big = new byte[4 << 20];
        SocketType l = null;
        List<SocketType> queued = new ArrayList<>();
        SocketType connecting = null;
        if (kind.equals("connect")) {
            // an AF_UNIX listener with a full backlog: a blocking connect waits
            UnixAddr path = UnixAddr.of(tmp.resolve("l.sock").toString());
            l = closing(first.socket(AF_UNIX, SOCK_STREAM));
            l.bind(path);
            l.listen(0);
            for (int i = 0; i < 8; i++) {
                SocketType q = closing(first.socket(AF_UNIX, SOCK_STREAM));
                queued.add(q);
                q.setblocking(false);
                if (q.connect_ex(path) != 0) {
                    break;
                }
            }
            connecting = closing(first.socket(AF_UNIX, SOCK_STREAM));
        }
        SocketType conn = connecting;
        SocketType a = p.a();
        CompletableFuture<Object> blocked = call(virtual, () -> switch (kind) {
            case "recv_into" -> {
                byte[] b = new byte[10];
                yield new String(b, 0, a.recv_into(b, 0, 0));
            }
            case "recvfrom" -> new String(a.recvfrom(10, 0).data());
            case "recvmsg" -> new String(a.recvmsg(10, 0, 0).data());
            case "recvmsg_into" -> {
                ByteBuffer b = ByteBuffer.allocate(10);
                int n = a.recvmsg_into(List.of(b), 0, 0).nbytes();
                yield new String(b.array(), 0, n);
            }
            case "recv_fds" -> new String(a.recv_fds(10, 1, 0).data());
            case "send" -> {
                long sent = 0;
                while (sent < big.length) { // each send either sent or raised: the total is exact
                    sent += a.send(ByteBuffer.wrap(big, (int) sent, big.length - (int) sent), 0);
                }
                yield "sent " + sent;
            }
            default -> {
                conn.connect(UnixAddr.of(tmp.resolve("l.sock").toString()));
                yield "connected";
            }
        });
        waitInside(blocked);
        swap();
        switch (kind) {
            case "send" -> {
                long got = 0;
                byte[] buf = new byte[1 << 16];
                while (got < big.length) {
                    got += p.b().recv_into(buf, 0, 0);
                }
                assertEquals("sent " + big.length, blocked.get(10, TimeUnit.SECONDS));
                assertThrows(SocketException.class, () -> p.b().recv(10, MSG_DONTWAIT), "nothing doubled");
            }
            case "connect" -> {
                l.settimeout(0.2); // make room until the connect is through
                while (!blocked.isDone()) {
                    try {
                        l.accept().conn().close();
                    } catch (SocketTimeoutException nothingQueued) {
                        // its own connection may have been accepted already: look again
                    }
                }
                assertEquals("connected", blocked.get(10, TimeUnit.SECONDS));
            }
            default -> {
                p.b().sendall("waited".getBytes());
                assertEquals("waited", blocked.get(10, TimeUnit.SECONDS));
            }
        }
    }
}
