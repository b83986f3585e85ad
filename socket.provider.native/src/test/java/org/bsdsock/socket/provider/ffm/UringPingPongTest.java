package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ping-pong of 64 bytes over an AF_UNIX stream pair, the same run measuring each way: plain
 * blocking system calls and the ring on platform threads; the epoll provider and the ring on
 * virtual threads. Prints round trips per second (the numbers go to the README); asserts every
 * reply is the request's.
 */
@Tag("uring")
@Timeout(300)
class UringPingPongTest {
    private static final int SIZE = 64;
    private static final int WARMUP = 3_000;
    private static final int ROUND_TRIPS = 30_000;

    interface End {
        void send(byte[] data) throws Exception;

        byte[] recv() throws Exception;
    }

    @Test
    void pingPongThroughTheRingAndThroughPlainCalls() throws Exception {
        try (Uring ring = UringSupport.ringOrSkip(64)) {
            double plain = measure("plain blocking send/recv, platform threads", false, () -> plainPair());
            double ringPlatform = measure("io_uring, platform threads", false, () -> ringPair(ring));
            double epollVirtual;
            try (NativeSocketModule module = new NativeSocketModule()) {
                epollVirtual = measure("epoll provider, virtual threads", true, () -> modulePair(module));
            }
            double ringVirtual = measure("io_uring, virtual threads", true, () -> ringPair(ring));
            System.out.printf("io_uring ping-pong summary (round trips/s): plain %.0f, ring/platform %.0f (%.2fx);"
                    + " epoll/virtual %.0f, ring/virtual %.0f (%.2fx)%n", plain, ringPlatform, ringPlatform / plain,
                    epollVirtual, ringVirtual, ringVirtual / epollVirtual);
        }
    }

    interface PairMaker {
        End[] make() throws Exception;
    }

    private static double measure(String what, boolean virtual, PairMaker maker) throws Exception {
        End[] ends = maker.make();
        try {
            CompletableFuture<Void> echo = new CompletableFuture<>();
            Runnable server = () -> {
                try {
                    for (int i = 0; i < WARMUP + ROUND_TRIPS; i++) {
                        ends[1].send(ends[1].recv());
                    }
                    echo.complete(null);
                } catch (Throwable t) {
                    echo.completeExceptionally(t);
                }
            };
            CompletableFuture<Double> rate = new CompletableFuture<>();
            Runnable client = () -> {
                try {
                    byte[] ping = new byte[SIZE];
                    long start = 0;
                    for (int i = 0; i < WARMUP + ROUND_TRIPS; i++) {
                        if (i == WARMUP) {
                            start = System.nanoTime();
                        }
                        ping[0] = (byte) i;
                        ping[SIZE - 1] = (byte) (i >> 8);
                        ends[0].send(ping);
                        assertArrayEquals(ping, ends[0].recv());
                    }
                    rate.complete(ROUND_TRIPS / ((System.nanoTime() - start) / 1e9));
                } catch (Throwable t) {
                    rate.completeExceptionally(t);
                }
            };
            if (virtual) {
                Thread.ofVirtual().start(server);
                Thread.ofVirtual().start(client);
            } else {
                Thread.ofPlatform().start(server);
                Thread.ofPlatform().start(client);
            }
            double r = rate.get(120, TimeUnit.SECONDS);
            echo.get(10, TimeUnit.SECONDS);
            System.out.printf("io_uring ping-pong, %s: %.0f round trips/s (%.1f us each)%n", what, r, 1e6 / r);
            return r;
        } finally {
            for (End e : ends) {
                ((AutoCloseable) e).close();
            }
        }
    }

    /** Reads exactly SIZE bytes with {@code recv}, a count or -errno. */
    interface Recv {
        long recv(MemorySegment into);
    }

    private static byte[] fill(Recv recv, MemorySegment buf) {
        int got = 0;
        while (got < SIZE) {
            long n = recv.recv(buf.asSlice(got, SIZE - got));
            assertEquals(true, n > 0, "recv: " + n);
            got += (int) n;
        }
        return buf.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    private static End[] plainPair() {
        int[] p = UringSupport.socketpair(AF_UNIX, SOCK_STREAM);
        End[] ends = new End[2];
        for (int i = 0; i < 2; i++) {
            int fd = p[i];
            ends[i] = new ClosableEnd() {
                // Touched by one thread after the other (the pair is made on the test thread): shared.
                final Arena arena = Arena.ofShared();
                final MemorySegment out = arena.allocate(SIZE);
                final MemorySegment in = arena.allocate(SIZE);

                @Override
                public void send(byte[] data) {
                    out.copyFrom(MemorySegment.ofArray(data));
                    Scratch s = Scratch.get();
                    assertEquals(SIZE, Libc.sendWait(s.state, fd, out.address(), SIZE, 0));
                }

                @Override
                public byte[] recv() {
                    Scratch s = Scratch.get();
                    return fill(m -> Libc.recvWait(s.state, fd, m.address(), m.byteSize(), 0), in);
                }

                @Override
                public void close() {
                    UringSupport.close(fd);
                    arena.close();
                }
            };
        }
        return ends;
    }

    private static End[] ringPair(Uring ring) {
        int[] p = UringSupport.socketpair(AF_UNIX, SOCK_STREAM);
        End[] ends = new End[2];
        for (int i = 0; i < 2; i++) {
            FdHandle h = UringSupport.handle(p[i]);
            ends[i] = new ClosableEnd() {
                final Arena arena = Arena.ofShared();
                final MemorySegment out = arena.allocate(SIZE);
                final MemorySegment in = arena.allocate(SIZE);
                final Uring.Slot slot = ring.slot();

                @Override
                public void send(byte[] data) {
                    out.copyFrom(MemorySegment.ofArray(data));
                    assertEquals(SIZE, UringOps.send(slot, h, out, 0, -1));
                }

                @Override
                public byte[] recv() {
                    return fill(m -> UringOps.recv(slot, h, m, 0, -1), in);
                }

                @Override
                public void close() {
                    slot.release();
                    UringOps.close(ring, h);
                    arena.close();
                }
            };
        }
        return ends;
    }

    private static End[] modulePair(NativeSocketModule module) throws Exception {
        SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM);
        End[] ends = new End[2];
        SocketType[] sockets = {p.a(), p.b()};
        for (int i = 0; i < 2; i++) {
            SocketType sock = sockets[i];
            ends[i] = new ClosableEnd() {
                @Override
                public void send(byte[] data) throws Exception {
                    sock.sendall(data);
                }

                @Override
                public byte[] recv() throws Exception {
                    byte[] out = new byte[SIZE];
                    int got = 0;
                    while (got < SIZE) {
                        byte[] b = sock.recv(SIZE - got);
                        assertEquals(true, b.length > 0, "end of stream");
                        System.arraycopy(b, 0, out, got, b.length);
                        got += b.length;
                    }
                    return out;
                }

                @Override
                public void close() throws Exception {
                    sock.close();
                }
            };
        }
        return ends;
    }

    private interface ClosableEnd extends End, AutoCloseable {
    }
}
