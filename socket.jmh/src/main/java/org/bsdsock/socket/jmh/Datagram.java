package org.bsdsock.socket.jmh;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketType;
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
 * {@code sendto} and {@code recvfrom} of 64-byte UDP datagrams on 127.0.0.1, one call per
 * operation, on blocking sockets. {@code sendto} goes to a socket nobody reads: once its
 * queue is full the kernel drops each datagram on arrival, so every send finds room and does
 * the same work. {@code recvfrom} finds 32 datagrams waiting, sent before them by a bare
 * {@code send} from a connected socket: those sends are in every implementation's time
 * alike (the "over bare" column cancels them).
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Datagram {
    static final int SIZE = 64;
    static final int SENDTOS = 64;
    static final int RECVFROMS = 32;

    /** Our sockets: a sender, a full sink it sends to, a receiver and its refilling peer. */
    @State(Scope.Thread)
    public static class Ours {
        SocketType sender;
        SocketType sink;
        SocketType receiver;
        SocketType feeder;
        InetAddr sinkAddr;
        int senderFd;
        int receiverFd;
        int feederFd;
        final byte[] data = new byte[SIZE];
        final MemorySegment dataNative = Fixtures.nativeBytes(SIZE);
        final MemorySegment sinkSockaddr = Fixtures.nativeBytes(16);
        final MemorySegment from = Fixtures.nativeBytes(128);
        final MemorySegment fromLen = Fixtures.nativeBytes(4);

        @Setup
        public void open() throws Exception {
            var m = Fixtures.module();
            sink = m.socket(SocketConstants.AF_INET, SocketConstants.SOCK_DGRAM);
            sink.bind(new InetAddr("127.0.0.1", 0));
            sinkAddr = (InetAddr) sink.getsockname();
            sender = m.socket(SocketConstants.AF_INET, SocketConstants.SOCK_DGRAM);
            senderFd = sender.fileno();
            receiver = m.socket(SocketConstants.AF_INET, SocketConstants.SOCK_DGRAM);
            receiver.bind(new InetAddr("127.0.0.1", 0));
            receiverFd = receiver.fileno();
            feeder = m.socket(SocketConstants.AF_INET, SocketConstants.SOCK_DGRAM);
            feeder.connect(receiver.getsockname());
            feederFd = feeder.fileno();
            sockaddrIn(sinkSockaddr, sinkAddr.port());
        }

        @TearDown
        public void close() {
            sender.close();
            sink.close();
            receiver.close();
            feeder.close();
        }
    }

    /** {@code struct sockaddr_in} for 127.0.0.1:port (<netinet/in.h>: family, port and address in network order). */
    static void sockaddrIn(MemorySegment to, int port) {
        to.fill((byte) 0);
        to.set(JAVA_SHORT, 0, (short) SocketConstants.AF_INET);
        to.set(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) port);
        to.set(JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 4, 0x7f000001);
    }

    /** NIO's channels for the same roles; the receiver is refilled by one of our sockets' descriptors. */
    @State(Scope.Thread)
    public static class Nio {
        DatagramChannel sender;
        DatagramChannel sink;
        DatagramChannel receiver;
        SocketType feeder;
        int feederFd;
        InetSocketAddress sinkAddr;
        final ByteBuffer data = ByteBuffer.allocateDirect(SIZE);
        final MemorySegment dataNative = Fixtures.nativeBytes(SIZE);

        @Setup
        public void open() throws Exception {
            sink = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            sinkAddr = (InetSocketAddress) sink.getLocalAddress();
            sender = DatagramChannel.open();
            receiver = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            feeder = Fixtures.module().socket(SocketConstants.AF_INET, SocketConstants.SOCK_DGRAM);
            feeder.connect(new InetAddr("127.0.0.1", ((InetSocketAddress) receiver.getLocalAddress()).getPort()));
            feederFd = feeder.fileno();
        }

        @TearDown
        public void close() throws Exception {
            sender.close();
            sink.close();
            receiver.close();
            feeder.close();
        }
    }

    private static void refill(int feederFd, MemorySegment data) {
        for (int i = 0; i < RECVFROMS; i++) {
            Bare.send(feederFd, data, SIZE, 0);
        }
    }

    // ---- sendto ----

    @Benchmark
    @OperationsPerInvocation(SENDTOS)
    public long sendto_ours(Ours o) throws Exception {
        long sum = 0;
        for (int i = 0; i < SENDTOS; i++) {
            sum += o.sender.sendto(o.data, o.sinkAddr);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(SENDTOS)
    public long sendto_nio_direct(Nio n) throws Exception {
        long sum = 0;
        for (int i = 0; i < SENDTOS; i++) {
            n.data.clear();
            sum += n.sender.send(n.data, n.sinkAddr);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(SENDTOS)
    public long sendto_bare(Ours o) throws Throwable {
        long sum = 0;
        long buf = o.dataNative.address();
        long to = o.sinkSockaddr.address();
        for (int i = 0; i < SENDTOS; i++) {
            sum += (long) Bare.SENDTO.invokeExact(o.senderFd, buf, (long) SIZE, 0, to, 16);
        }
        return sum;
    }

    // ---- recvfrom ----

    @Benchmark
    @OperationsPerInvocation(RECVFROMS)
    public long recvfrom_ours_into(Ours o) throws Exception {
        refill(o.feederFd, o.dataNative);
        long sum = 0;
        for (int i = 0; i < RECVFROMS; i++) {
            sum += o.receiver.recvfrom_into(o.data, 0, 0).nbytes();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(RECVFROMS)
    public long recvfrom_ours_seed(Ours o) throws Exception {
        refill(o.feederFd, o.dataNative);
        long sum = 0;
        for (int i = 0; i < RECVFROMS; i++) {
            sum += o.receiver.recvfrom(SIZE).data().length;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(RECVFROMS)
    public long recvfrom_nio_direct(Nio n) throws Exception {
        refill(n.feederFd, n.dataNative);
        long sum = 0;
        for (int i = 0; i < RECVFROMS; i++) {
            n.data.clear();
            sum += n.receiver.receive(n.data) != null ? n.data.position() : 0;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(RECVFROMS)
    public long recvfrom_bare(Ours o) throws Throwable {
        refill(o.feederFd, o.dataNative);
        long sum = 0;
        long buf = o.dataNative.address();
        long from = o.from.address();
        long fromLen = o.fromLen.address();
        for (int i = 0; i < RECVFROMS; i++) {
            o.fromLen.set(JAVA_INT, 0, 128);
            sum += (long) Bare.RECVFROM.invokeExact(o.receiverFd, buf, (long) SIZE, 0, from, fromLen);
        }
        return sum;
    }
}
