package org.bsdsock.socket.provider.ffm;

import static org.awaitility.Awaitility.await;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.MSG_DONTWAIT;
import static org.bsdsock.socket.api.SocketConstants.MSG_TRUNC;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_SEQPACKET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.BlockingIOException;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A datagram is whole or an error, on every path: queued or not yet arrived, platform or
 * virtual thread, with and without {@code MSG_TRUNC}, at sizes around each internal buffer
 * (the lanes' 4 KiB, a blocking call's 64 KiB).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DatagramAtomicityTest {
    private static final int[] SIZES = {1, 4095, 4096, 4097, 65535, 65536, 65537, 150_000};
    private final NativeSocketModule module = TestEngine.module();

    @AfterEach
    void stop() {
        module.close();
        assertEquals(0, module.openSockets());
    }

    static java.util.stream.Stream<Arguments> cases() {
        java.util.List<Arguments> all = new java.util.ArrayList<>();
        for (int type : new int[] {SOCK_DGRAM, SOCK_SEQPACKET}) {
            for (boolean virtual : new boolean[] {false, true}) {
                for (boolean queued : new boolean[] {false, true}) {
                    all.add(Arguments.of(type == SOCK_DGRAM ? "SOCK_DGRAM" : "SOCK_SEQPACKET", virtual, queued));
                }
            }
        }
        return all.stream();
    }

    private static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + size);
        }
        return b;
    }

    private static <T> T on(boolean virtual, Callable<T> body) throws Exception {
        try (ExecutorService ex = virtual ? Executors.newVirtualThreadPerTaskExecutor()
                : Executors.newSingleThreadExecutor()) {
            Future<T> f = ex.submit(body);
            return f.get(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0} virtual={1} queued={2}")
    @MethodSource("cases")
    void recvGetsTheWholeDatagram(String typeName, boolean virtual, boolean queued) throws Exception {
        int type = typeName.equals("SOCK_DGRAM") ? SOCK_DGRAM : SOCK_SEQPACKET;
        try (SocketPair p = module.socketpair(AF_UNIX, type, 0)) {
            for (int size : SIZES) {
                byte[] msg = pattern(size);
                if (queued) {
                    p.a().send(msg);
                    assertArrayEquals(msg, on(virtual, () -> p.b().recv(200_000)), "size " + size);
                } else {
                    java.util.concurrent.CompletableFuture<byte[]> got = new java.util.concurrent.CompletableFuture<>();
                    Runnable r = () -> {
                        try {
                            got.complete(p.b().recv(200_000));
                        } catch (Throwable t) {
                            got.completeExceptionally(t);
                        }
                    };
                    Thread t = virtual ? Thread.ofVirtual().start(r) : Thread.ofPlatform().start(r);
                    await("receiver waiting").atMost(java.time.Duration.ofSeconds(10)).pollInSameThread().until(() -> waitingInRecv(t));
                    p.a().send(msg);
                    assertArrayEquals(msg, got.get(30, TimeUnit.SECONDS), "size " + size);
                }
            }
        }
    }

    /** The thread waits inside the provider: parked in the I/O core, or in a blocking downcall. */
    private static boolean waitingInRecv(Thread t) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().equals(IoCore.class.getName()) && f.getMethodName().equals("park")) {
                return true;
            }
            if (f.getClassName().equals(Libc.class.getName())
                    && (f.getMethodName().equals("recvWait") || f.getMethodName().equals("poll"))) {
                return true;
            }
            if (TestEngine.ringWait(f)) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest(name = "{0} virtual={1} queued={2}")
    @MethodSource("cases")
    void msgTruncReportsTheRealLengthAndKeepsWhatFits(String typeName, boolean virtual, boolean queued)
            throws Exception {
        int type = typeName.equals("SOCK_DGRAM") ? SOCK_DGRAM : SOCK_SEQPACKET;
        try (SocketPair p = module.socketpair(AF_UNIX, type, 0)) {
            for (int size : SIZES) {
                byte[] msg = pattern(size);
                byte[] into = new byte[Math.max(1, size / 2)];
                p.a().send(msg);
                int n = on(virtual, () -> p.b().recv_into(into, 0, MSG_TRUNC));
                assertEquals(size, n, "MSG_TRUNC reports the datagram's length, size " + size);
                assertArrayEquals(Arrays.copyOf(msg, into.length), into, "size " + size);
            }
        }
    }

    @ParameterizedTest(name = "{0} virtual={1}")
    @MethodSource("cases")
    void sendToAFullQueueSendsOneWholeDatagram(String typeName, boolean virtual, boolean ignored) throws Exception {
        int type = typeName.equals("SOCK_DGRAM") ? SOCK_DGRAM : SOCK_SEQPACKET;
        try (SocketPair p = module.socketpair(AF_UNIX, type, 0)) {
            int queued = 0;
            try {
                for (; queued < 10_000; queued++) {
                    p.a().send(new byte[1000], MSG_DONTWAIT);
                }
            } catch (BlockingIOException full) {
                // the receiver's queue is full: the next send has to wait
            }
            byte[] big = pattern(100_000);
            try (ExecutorService ex = virtual ? Executors.newVirtualThreadPerTaskExecutor()
                    : Executors.newSingleThreadExecutor()) {
                Future<Integer> sent = ex.submit(() -> p.a().send(big));
                for (int i = 0; i < queued; i++) {
                    assertEquals(1000, p.b().recv(200_000).length);
                }
                assertEquals(big.length, sent.get(30, TimeUnit.SECONDS));
                assertArrayEquals(big, p.b().recv(200_000));
            }
        }
    }
}
