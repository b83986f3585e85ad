package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.MSG_DONTWAIT;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.bsdsock.socket.api.BlockingIOException;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;
import org.bsdsock.socket.testing.InCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every blocking call, blocked for real, is woken within 100 ms of {@code close()} or of the
 * provider's deactivation, with {@code EBADF} (and the text {@code socket provider stopped}
 * for a deactivation), on platform and virtual threads.
 *
 * <p>"Blocked for real": the call's thread is parked (virtual) or asleep in a system call
 * (platform) inside the call, as {@link InCall} samples it, before the socket is closed. The
 * wake is timed from the start of {@code close()} to the moment the call threw. The peers
 * belong to another provider instance, so that a deactivation does not close them (an end of
 * stream from the peer would race the close). The wakes measured are printed at the end.
 */
@Tag("reliability")
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CloseWhileBlockedTest {
    private static final long WAKE_BOUND_NANOS = 100_000_000L;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<String> WAKES = Collections.synchronizedList(new ArrayList<>());

    private final NativeSocketModule module = TestEngine.module();
    /** The peers' provider, which stays up while {@link #module} deactivates. */
    private final NativeSocketModule peers = TestEngine.module();

    /** Every peer, held until the end: an unreachable socket is closed by the provider's cleaner. */
    private final List<SocketType> held = new ArrayList<>();

    @TempDir
    Path tmp;

    enum Closer {
        /** {@code close()} on the socket the call waits on. */
        CLOSE,
        /** {@code close()} on the provider instance that made it (DS deactivation). */
        DEACTIVATE
    }

    @AfterEach
    void stop() {
        module.close();
        peers.close();
        assertEquals(0, module.openSockets(), "sockets left open");
    }

    @AfterAll
    static void printWakes() {
        List<Double> ms = WAKES.stream().map(w -> Double.parseDouble(w.substring(w.lastIndexOf(' ') + 1))).sorted().toList();
        if (!ms.isEmpty()) {
            System.err.printf("[CloseWhileBlockedTest] %d wakes, close() to the caller's exception: min %.2f ms, "
                    + "median %.2f ms, max %.2f ms%n", ms.size(), ms.get(0), ms.get(ms.size() / 2), ms.get(ms.size() - 1));
        }
    }

    /**
     * Starts {@code call} on a thread, waits until it is blocked in {@code method}, closes
     * {@code target} (or the provider), and checks how and how fast the call was woken.
     */
    private void assertWokenByClose(String what, boolean virtual, Closer closer, SocketType target, String method,
            Callable<?> call) {
        InCall<?> c = InCall.start(what, virtual, call).awaitBlockedIn(method, WAIT);
        long closedAt = System.nanoTime();
        if (closer == Closer.CLOSE) {
            target.close();
        } else {
            module.close();
        }
        Throwable thrown = c.failure(WAIT);
        long wake = c.endedAt() - closedAt;
        WAKES.add(what + (virtual ? " virtual " : " platform ") + closer + " " + wake / 1e6);
        SocketException e = assertInstanceOf(SocketException.class, thrown);
        assertEquals(Errno.EBADF, e.errno(), e.getMessage());
        if (closer == Closer.DEACTIVATE) {
            assertTrue(e.getMessage().endsWith("(..) failed: socket provider stopped"), e.getMessage());
        }
        assertTrue(wake < WAKE_BOUND_NANOS, what + " woken " + wake / 1e6 + " ms after close() began");
        assertEquals(-1, target.fileno(), "the socket reports itself closed");
    }

    private SocketType listener(SocketModule m, int backlog) throws SocketException {
        SocketType l = m.socket(AF_INET, SOCK_STREAM);
        l.bind(new InetAddr("127.0.0.1", 0));
        l.listen(backlog);
        return l;
    }

    /** @return a connected socket of {@link #module} whose peer (of {@link #peers}) is never read or closed by the test */
    private SocketType connected() throws SocketException {
        try (SocketType l = listener(module, 1)) {
            SocketType peer = peers.socket(AF_INET, SOCK_STREAM);
            held.add(peer);
            peer.connect(l.getsockname());
            return l.accept().conn();
        }
    }

    /**
     * @return a connected AF_UNIX stream socket of {@link #module} whose buffer is full: room
     *         comes back only when the peer (of {@link #peers}) reads, which it never does (on
     *         TCP the peer's window may still open a little later, and end a {@code send})
     */
    private SocketType full() throws SocketException {
        SocketType l = peers.socket(AF_UNIX, SOCK_STREAM);
        held.add(l);
        UnixAddr path = UnixAddr.of(tmp.resolve("full-" + held.size() + ".sock").toString());
        l.bind(path);
        l.listen(1);
        SocketType s = module.socket(AF_UNIX, SOCK_STREAM);
        s.connect(path);
        held.add(l.accept().conn());
        byte[] chunk = new byte[1 << 16];
        try {
            for (int i = 0; i < 10_000; i++) {
                s.send(chunk, MSG_DONTWAIT);
            }
        } catch (BlockingIOException noRoom) {
            return s;
        }
        throw new AssertionError("the buffer never filled");
    }

    @ParameterizedTest(name = "virtual={0}, {1}")
    @CsvSource({"false, CLOSE", "true, CLOSE", "false, DEACTIVATE", "true, DEACTIVATE"})
    void accept(boolean virtual, Closer closer) throws Exception {
        SocketType l = listener(module, 1);
        assertWokenByClose("accept", virtual, closer, l, "accept", l::accept);
    }

    @ParameterizedTest(name = "virtual={0}, {1}")
    @CsvSource({"false, CLOSE", "true, CLOSE", "false, DEACTIVATE", "true, DEACTIVATE"})
    void recv(boolean virtual, Closer closer) throws Exception {
        SocketType s = connected();
        assertWokenByClose("recv", virtual, closer, s, "recv", () -> s.recv(100));
    }

    @ParameterizedTest(name = "virtual={0}, {1}")
    @CsvSource({"false, CLOSE", "true, CLOSE", "false, DEACTIVATE", "true, DEACTIVATE"})
    void recvIntoAnArray(boolean virtual, Closer closer) throws Exception {
        SocketType s = connected();
        assertWokenByClose("recv_into", virtual, closer, s, "recv_into", () -> s.recv_into(new byte[100]));
    }

    @ParameterizedTest(name = "virtual={0}, {1}")
    @CsvSource({"false, CLOSE", "true, CLOSE", "false, DEACTIVATE", "true, DEACTIVATE"})
    void recvIntoADirectBuffer(boolean virtual, Closer closer) throws Exception {
        SocketType s = connected();
        assertWokenByClose("recv_into", virtual, closer, s, "recv_into", () -> s.recv_into(ByteBuffer.allocateDirect(100), 0));
    }

    @ParameterizedTest(name = "virtual={0}, {1}")
    @CsvSource({"false, CLOSE", "true, CLOSE", "false, DEACTIVATE", "true, DEACTIVATE"})
    void recvfrom(boolean virtual, Closer closer) throws Exception {
        SocketType s = connected();
        assertWokenByClose("recvfrom", virtual, closer, s, "recvfrom", () -> s.recvfrom(100));
    }

    @ParameterizedTest(name = "virtual={0}, {1}")
    @CsvSource({"false, CLOSE", "true, CLOSE", "false, DEACTIVATE", "true, DEACTIVATE"})
    void recvfromADatagramSocket(boolean virtual, Closer closer) throws Exception {
        SocketType s = module.socket(AF_INET, SOCK_DGRAM); // unconnected: nothing to shut down
        s.bind(new InetAddr("127.0.0.1", 0));
        assertWokenByClose("recvfrom", virtual, closer, s, "recvfrom", () -> s.recvfrom(100));
    }

    @ParameterizedTest(name = "virtual={0}, {1}")
    @CsvSource({"false, CLOSE", "true, CLOSE", "false, DEACTIVATE", "true, DEACTIVATE"})
    void recvmsg(boolean virtual, Closer closer) throws Exception {
        SocketType s = connected();
        assertWokenByClose("recvmsg", virtual, closer, s, "recvmsg", () -> s.recvmsg(100, 64));
    }

    @ParameterizedTest(name = "virtual={0}, {1}")
    @CsvSource({"false, CLOSE", "true, CLOSE", "false, DEACTIVATE", "true, DEACTIVATE"})
    void send(boolean virtual, Closer closer) throws Exception {
        SocketType s = full();
        assertWokenByClose("send", virtual, closer, s, "send", () -> s.send(new byte[1 << 20]));
    }

    @ParameterizedTest(name = "virtual={0}, {1}")
    @CsvSource({"false, CLOSE", "true, CLOSE", "false, DEACTIVATE", "true, DEACTIVATE"})
    void sendall(boolean virtual, Closer closer) throws Exception {
        SocketType s = full();
        assertWokenByClose("sendall", virtual, closer, s, "sendall", () -> {
            s.sendall(new byte[4 << 20]);
            return null;
        });
    }

    @ParameterizedTest(name = "virtual={0}, {1}")
    @CsvSource({"false, CLOSE", "true, CLOSE", "false, DEACTIVATE", "true, DEACTIVATE"})
    void sendfile(boolean virtual, Closer closer) throws Exception {
        Path file = tmp.resolve("big");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(64L << 20); // sparse: reads as zeros
        }
        SocketType s = full();
        assertWokenByClose("sendfile", virtual, closer, s, "sendfile", () -> s.sendfile(file));
    }

    /**
     * A TCP listener whose accept queue is full: Linux drops a SYN to it, so a connect stays in
     * SYN_SENT (retrying for minutes) until something ends it.
     */
    private SockAddr fullTcpBacklog() throws SocketException {
        SocketType l = listener(peers, 0);
        held.add(l);
        for (int i = 0; i < 16; i++) {
            SocketType filler = peers.socket(AF_INET, SOCK_STREAM);
            held.add(filler);
            filler.settimeout(0.5);
            try {
                filler.connect(l.getsockname());
            } catch (org.bsdsock.socket.api.SocketTimeoutException full) {
                return l.getsockname();
            }
        }
        throw new AssertionError("the accept queue never filled");
    }

    /** An AF_UNIX listener whose backlog is full: a blocking connect waits for room. */
    private SockAddr fullUnixBacklog() throws SocketException {
        SocketType l = peers.socket(AF_UNIX, SOCK_STREAM);
        held.add(l);
        UnixAddr path = UnixAddr.of(tmp.resolve("full.sock").toString());
        l.bind(path);
        l.listen(1);
        for (int i = 0; i < 16; i++) {
            SocketType filler = peers.socket(AF_UNIX, SOCK_STREAM);
            held.add(filler);
            filler.setblocking(false);
            int errno = filler.connect_ex(path);
            if (errno == Errno.EAGAIN) {
                return path;
            }
            assertEquals(0, errno, "connect_ex to a listener with room");
        }
        throw new AssertionError("the backlog never filled");
    }

    @ParameterizedTest(name = "virtual={0}, {1}")
    @CsvSource({"false, CLOSE", "true, CLOSE", "false, DEACTIVATE", "true, DEACTIVATE"})
    void connectTcp(boolean virtual, Closer closer) throws Exception {
        SockAddr to = fullTcpBacklog();
        SocketType s = module.socket(AF_INET, SOCK_STREAM);
        assertWokenByClose("connect", virtual, closer, s, "connect", () -> {
            s.connect(to);
            return null;
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CLOSE", "DEACTIVATE"})
    void connectUnixOnAPlatformThread(Closer closer) throws Exception {
        connectUnix(false, closer);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CLOSE", "DEACTIVATE"})
    void connectUnixOnAVirtualThread(Closer closer) throws Exception {
        connectUnix(true, closer);
    }

    private void connectUnix(boolean virtual, Closer closer) throws Exception {
        SockAddr to = fullUnixBacklog();
        SocketType s = module.socket(AF_UNIX, SOCK_STREAM);
        assertWokenByClose("connect", virtual, closer, s, "connect", () -> {
            s.connect(to);
            return null;
        });
    }

    @Test
    void deactivationFailsEveryBlockedCallerAndEveryLaterCall() throws Exception {
        SocketType l = listener(module, 4);
        SocketType s = connected();
        List<InCall<?>> callers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            boolean virtual = i % 2 == 0;
            callers.add(i < 2 ? InCall.start("accept", virtual, l::accept) : InCall.start("recv", virtual, () -> s.recv(10)));
        }
        for (int i = 0; i < 4; i++) {
            callers.get(i).awaitBlockedIn(i < 2 ? "accept" : "recv", WAIT);
        }
        module.close();
        for (int i = 0; i < callers.size(); i++) {
            SocketException e = assertInstanceOf(SocketException.class, callers.get(i).failure(WAIT));
            assertEquals(Errno.EBADF, e.errno());
            // the woken caller learns why, not just "Bad file descriptor"
            assertEquals((i < 2 ? "accept" : "recv") + "(..) failed: socket provider stopped", e.getMessage());
        }
        assertEquals(0, module.openSockets());
        SocketException later = assertThrows(SocketException.class, () -> s.send(new byte[1]));
        assertEquals(Errno.EBADF, later.errno());
        assertEquals("send(..) failed: socket provider stopped", later.getMessage());
        SocketException refused = assertThrows(SocketException.class, () -> module.socket(AF_INET, SOCK_STREAM));
        assertEquals("socket(..) failed: socket provider stopped", refused.getMessage());
    }
}
