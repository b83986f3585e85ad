package org.bsdsock.socket.jmh;

import java.lang.foreign.MemorySegment;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code recv} of 1 byte with data waiting and {@code send} of 1 byte with room, on a blocking
 * AF_UNIX stream socket on the benchmark's (platform) thread: one call per operation. The
 * stream's other end is refilled (1,024 bytes before each 1,024 receives) or drained (one
 * non-blocking receive after each 64 sends) with bare calls, the same for every
 * implementation; AF_UNIX because its kernel path is the shortest (a TCP sender of 1-byte
 * segments soon stalls on delayed ACKs or the congestion window, which is noise here).
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Stream {
    static final int RECVS = 1024;
    static final int SENDS = 64;

    /** One end under test (ours, or its descriptor for the bare calls) and the other end's descriptor. */
    @State(Scope.Thread)
    public static class Pair {
        SocketPair pair;
        SocketType s;
        int fd;
        int peer;
        final byte[] one = new byte[1];
        final ByteBuffer direct = ByteBuffer.allocateDirect(1);
        final MemorySegment oneNative = Fixtures.nativeBytes(1);
        final MemorySegment oneHeap = MemorySegment.ofArray(one);
        final MemorySegment state = Fixtures.nativeBytes(Bare.STATE_SIZE);
        final MemorySegment bulk = Fixtures.nativeBytes(64 << 10);

        @Setup
        public void open() throws Exception {
            pair = Fixtures.module().socketpair();
            s = pair.a();
            fd = s.fileno();
            peer = pair.b().fileno();
        }

        @TearDown
        public void close() {
            pair.close();
        }

        void refill() {
            Bare.send(peer, bulk, RECVS, 0);
        }

        void drain() {
            Bare.recv(peer, bulk, bulk.byteSize(), SocketConstants.MSG_DONTWAIT);
        }
    }

    /** The same as {@link Pair}, on the provider's io_uring engine. */
    @State(Scope.Thread)
    public static class UringPair {
        SocketPair pair;
        SocketType s;
        int peer;
        final byte[] one = new byte[1];
        final MemorySegment bulk = Fixtures.nativeBytes(64 << 10);

        @Setup
        public void open() throws Exception {
            pair = Fixtures.uringModule().socketpair();
            s = pair.a();
            peer = pair.b().fileno();
        }

        @TearDown
        public void close() {
            pair.close();
        }

        void refill() {
            Bare.send(peer, bulk, RECVS, 0);
        }

        void drain() {
            Bare.recv(peer, bulk, bulk.byteSize(), SocketConstants.MSG_DONTWAIT);
        }
    }

    /** A NIO channel connected to one of ours, whose descriptor refills and drains it. */
    @State(Scope.Thread)
    public static class Nio {
        SocketChannel ch;
        SocketType other;
        int peer;
        Path path;
        final ByteBuffer direct = ByteBuffer.allocateDirect(1);
        final MemorySegment bulk = Fixtures.nativeBytes(64 << 10);

        @Setup
        public void open() throws Exception {
            path = Fixtures.socketPath();
            try (SocketType l = Fixtures.module().socket(SocketConstants.AF_UNIX, SocketConstants.SOCK_STREAM)) {
                l.bind(UnixAddr.of(path.toString()));
                l.listen(1);
                ch = SocketChannel.open(UnixDomainSocketAddress.of(path));
                other = l.accept().conn();
            }
            peer = other.fileno();
        }

        @TearDown
        public void close() throws Exception {
            ch.close();
            other.close();
            Files.deleteIfExists(path);
            Files.deleteIfExists(path.getParent());
        }

        void refill() {
            Bare.send(peer, bulk, RECVS, 0);
        }

        void drain() {
            Bare.recv(peer, bulk, bulk.byteSize(), SocketConstants.MSG_DONTWAIT);
        }
    }

    // ---- recv, data waiting ----

    @Benchmark
    @OperationsPerInvocation(RECVS)
    public long recv_ours_recv_into(Pair p) throws Exception {
        p.refill();
        long sum = 0;
        for (int i = 0; i < RECVS; i++) {
            sum += p.s.recv_into(p.one);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(RECVS)
    public long recv_ours_recv_seed(Pair p) throws Exception {
        p.refill();
        long sum = 0;
        for (int i = 0; i < RECVS; i++) {
            sum += p.s.recv(1).length;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(RECVS)
    public long recv_ours_direct(Pair p) throws Exception {
        p.refill();
        long sum = 0;
        for (int i = 0; i < RECVS; i++) {
            p.direct.clear();
            sum += p.s.recv_into(p.direct, 0);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(RECVS)
    public long recv_uring_recv_into(UringPair p) throws Exception {
        p.refill();
        long sum = 0;
        for (int i = 0; i < RECVS; i++) {
            sum += p.s.recv_into(p.one);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(RECVS)
    public long recv_nio_direct(Nio p) throws Exception {
        p.refill();
        long sum = 0;
        for (int i = 0; i < RECVS; i++) {
            p.direct.clear();
            sum += p.ch.read(p.direct);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(RECVS)
    public long recv_bare(Pair p) throws Throwable {
        p.refill();
        long sum = 0;
        long addr = p.oneNative.address();
        for (int i = 0; i < RECVS; i++) {
            sum += (long) Bare.RECV.invokeExact(p.fd, addr, 1L, 0);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(RECVS)
    public long recv_bare_errno(Pair p) throws Throwable {
        p.refill();
        long sum = 0;
        long addr = p.oneNative.address();
        for (int i = 0; i < RECVS; i++) {
            sum += (long) Bare.RECV_ERRNO.invokeExact(p.state, p.fd, addr, 1L, 0);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(RECVS)
    public long recv_bare_critical_heap(Pair p) throws Throwable {
        p.refill();
        long sum = 0;
        for (int i = 0; i < RECVS; i++) {
            sum += (long) Bare.RECV_CRITICAL_HEAP.invokeExact(p.state, p.fd, p.oneHeap, 1L, SocketConstants.MSG_DONTWAIT);
        }
        return sum;
    }

    // ---- send, room in the buffer ----

    @Benchmark
    @OperationsPerInvocation(SENDS)
    public long send_ours_array(Pair p) throws Exception {
        long sum = 0;
        for (int i = 0; i < SENDS; i++) {
            sum += p.s.send(p.one);
        }
        p.drain();
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(SENDS)
    public long send_ours_direct(Pair p) throws Exception {
        long sum = 0;
        for (int i = 0; i < SENDS; i++) {
            p.direct.clear();
            sum += p.s.send(p.direct, 0);
        }
        p.drain();
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(SENDS)
    public long send_uring_array(UringPair p) throws Exception {
        long sum = 0;
        for (int i = 0; i < SENDS; i++) {
            sum += p.s.send(p.one);
        }
        p.drain();
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(SENDS)
    public long send_nio_direct(Nio p) throws Exception {
        long sum = 0;
        for (int i = 0; i < SENDS; i++) {
            p.direct.clear();
            sum += p.ch.write(p.direct);
        }
        p.drain();
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(SENDS)
    public long send_bare(Pair p) throws Throwable {
        long sum = 0;
        long addr = p.oneNative.address();
        for (int i = 0; i < SENDS; i++) {
            sum += (long) Bare.SEND.invokeExact(p.fd, addr, 1L, 0);
        }
        p.drain();
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(SENDS)
    public long send_bare_errno(Pair p) throws Throwable {
        long sum = 0;
        long addr = p.oneNative.address();
        for (int i = 0; i < SENDS; i++) {
            sum += (long) Bare.SEND_ERRNO.invokeExact(p.state, p.fd, addr, 1L, 0);
        }
        p.drain();
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(SENDS)
    public long send_bare_critical_heap(Pair p) throws Throwable {
        long sum = 0;
        int flags = SocketConstants.MSG_DONTWAIT | SocketConstants.MSG_NOSIGNAL;
        for (int i = 0; i < SENDS; i++) {
            sum += (long) Bare.SEND_CRITICAL_HEAP.invokeExact(p.state, p.fd, p.oneHeap, 1L, flags);
        }
        p.drain();
        return sum;
    }
}
