package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.bsdsock.socket.api.SocketConstants.SO_RCVBUF;
import static org.bsdsock.socket.api.SocketConstants.SO_SNDBUF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketTimeoutException;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython's timeout model: settimeout, setdefaulttimeout, and each blocking call bounded by it. */
@Tag("unit")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimeoutTest {
    private static final double T = 0.2;
    private final NativeSocketModule module = TestEngine.module();

    @AfterEach
    void stop() {
        module.close();
        assertEquals(0, module.openSockets());
    }

    private SocketType listener(int backlog) throws SocketException {
        SocketType l = module.socket(AF_INET, SOCK_STREAM);
        l.bind(new InetAddr("127.0.0.1", 0));
        l.listen(backlog);
        return l;
    }

    private SocketType[] pair() throws SocketException {
        try (SocketType l = listener(1)) {
            SocketType c = module.socket(AF_INET, SOCK_STREAM);
            c.connect(l.getsockname());
            return new SocketType[] {c, l.accept().conn()};
        }
    }

    /** Runs a call that must time out; checks the exception and that it took about T. */
    private static void assertTimesOut(String call, Callable body) {
        long start = System.nanoTime();
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class, body::call);
        double took = (System.nanoTime() - start) / 1e9;
        assertEquals(call + "(..) failed: timed out", e.getMessage());
        assertEquals(Errno.ETIMEDOUT, e.errno());
        assertTrue(took >= T * 0.9 && took < T + 2.0, call + " took " + took + " s");
    }

    interface Callable {
        void call() throws Exception;
    }

    @Test
    void settimeoutAndGettimeout() throws Exception {
        try (SocketType s = module.socket(AF_INET, SOCK_STREAM)) {
            assertNull(s.gettimeout());
            s.settimeout(1.5);
            assertEquals(1.5, s.gettimeout());
            assertTrue(s.getblocking());
            s.settimeout(0.0);
            assertTrue(!s.getblocking());
            s.settimeout(null);
            assertNull(s.gettimeout());
        }
    }

    @Test
    void acceptTimesOut() throws Exception {
        try (SocketType l = listener(1)) {
            l.settimeout(T);
            assertTimesOut("accept", l::accept);
        }
    }

    @Test
    void recvTimesOutOnPlatformAndVirtualThreads() throws Exception {
        SocketType[] p = pair();
        try (SocketType c = p[0]; SocketType s = p[1]) {
            s.settimeout(T);
            assertTimesOut("recv", () -> s.recv(10));
            CompletableFuture<Void> v = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    assertTimesOut("recv", () -> s.recv(10));
                    v.complete(null);
                } catch (Throwable t) {
                    v.completeExceptionally(t);
                }
            });
            v.get(30, TimeUnit.SECONDS);
            c.send(new byte[] {1});
            assertEquals(1, s.recv(10).length, "the socket still works after a timeout");
        }
    }

    @Test
    void sendTimesOutWhenTheSendBufferIsFull() throws Exception {
        SocketType[] p = pair();
        try (SocketType c = p[0]; SocketType s = p[1]) {
            c.setsockopt(SOL_SOCKET, SO_SNDBUF, 4096);
            s.setsockopt(SOL_SOCKET, SO_RCVBUF, 4096);
            c.settimeout(T);
            byte[] chunk = new byte[65536];
            long sent = 0;
            long start = System.nanoTime();
            // the peer never reads: within a bounded number of sends the buffers fill up
            SocketTimeoutException e = null;
            for (int i = 0; i < 10_000 && e == null; i++) {
                try {
                    sent += c.send(chunk);
                } catch (SocketTimeoutException timeout) {
                    e = timeout;
                }
            }
            assertTrue(e != null, "send never blocked after " + sent + " bytes");
            assertEquals("send(..) failed: timed out", e.getMessage());
            assertTrue((System.nanoTime() - start) / 1e9 < 10);
        }
    }

    @Test
    void connectTimesOutWhenTheAcceptQueueIsFull() throws Exception {
        List<SocketType> fillers = new ArrayList<>();
        try (SocketType l = listener(0)) {
            // Linux drops SYNs for a full accept queue: connections beyond the backlog hang in
            // SYN_SENT, so a connect with a timeout must time out.
            SocketTimeoutException e = null;
            for (int i = 0; i < 16 && e == null; i++) {
                SocketType c = module.socket(AF_INET, SOCK_STREAM);
                fillers.add(c);
                c.settimeout(T);
                try {
                    c.connect(l.getsockname());
                } catch (SocketTimeoutException timeout) {
                    e = timeout;
                }
            }
            assertTrue(e != null, "no connect blocked with a full accept queue");
            assertEquals("connect(..) failed: timed out", e.getMessage());
            SocketType last = fillers.get(fillers.size() - 1);
            last.close();
            SocketType ex = module.socket(AF_INET, SOCK_STREAM);
            fillers.add(ex);
            ex.settimeout(T);
            assertEquals(Errno.EWOULDBLOCK, ex.connect_ex(l.getsockname()), "connect_ex reports a timeout as EWOULDBLOCK");
        } finally {
            fillers.forEach(SocketType::close);
        }
    }

    @Test
    void defaultTimeoutAppliesToNewAndAcceptedSockets() throws Exception {
        assertNull(module.getdefaulttimeout());
        module.setdefaulttimeout(T);
        try {
            assertEquals(T, module.getdefaulttimeout());
            try (SocketType l = listener(1); SocketType c = module.socket(AF_INET, SOCK_STREAM)) {
                assertEquals(T, l.gettimeout());
                c.connect(l.getsockname());
                l.settimeout(null);
                try (SocketType conn = l.accept().conn()) {
                    assertEquals(T, conn.gettimeout(), "accepted sockets follow the default timeout");
                    assertTimesOut("recv", () -> conn.recv(1));
                }
            }
            assertThrows(IllegalArgumentException.class, () -> module.setdefaulttimeout(-0.5));
        } finally {
            module.setdefaulttimeout(null);
        }
        try (SocketType s = module.socket(AF_INET, SOCK_STREAM)) {
            assertNull(s.gettimeout());
        }
    }

    @Test
    void sendallOf64MiBToASlowReaderDeliversEveryByteInOrder() throws Exception {
        SocketType[] p = pair();
        final int size = 64 << 20;
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + (i >>> 13));
        }
        try (SocketType c = p[0]; SocketType s = p[1];
                var readers = Executors.newSingleThreadExecutor()) {
            // A slow reader: small reads, each checked byte by byte, so sendall keeps finding the
            // buffers full. (Shrinking SO_RCVBUF below the loopback MSS instead would stall TCP
            // itself: the window never opens to a full segment.)
            CompletableFuture<Long> check = CompletableFuture.supplyAsync(() -> {
                try {
                    byte[] buf = new byte[4096]; // small reads: a slow reader
                    long got = 0;
                    int n;
                    while ((n = s.recv_into(buf)) > 0) {
                        for (int i = 0; i < n; i++) {
                            long at = got + i;
                            if (buf[i] != (byte) (at * 31 + (at >>> 13))) {
                                throw new AssertionError("byte " + at + " differs");
                            }
                        }
                        got += n;
                    }
                    return got;
                } catch (SocketException e) {
                    throw new RuntimeException(e);
                }
            }, readers);
            c.sendall(data);
            c.shutdown(org.bsdsock.socket.api.SocketConstants.SHUT_WR);
            assertEquals(size, check.get(60, TimeUnit.SECONDS));
        }
    }
}
