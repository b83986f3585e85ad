package org.bsdsock.socket.jmh;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code accept} on a blocking TCP listener with a connection queued: before each invocation
 * 32 clients connect (outside the timing), the invocation accepts the 32, and they are all
 * closed after it (outside the timing too).
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Accept {
    static final int QUEUED = 32;

    /**
     * A listener, the clients queued on it before each invocation, and what the invocation
     * accepted (one state object, so that the clients and the accepts meet the same listener).
     */
    abstract static class Queue {
        final SocketChannel[] clients = new SocketChannel[QUEUED];
        final Object[] accepted = new Object[QUEUED];
        final int[] acceptedFds = new int[QUEUED];
        InetSocketAddress address;

        @Setup(Level.Invocation)
        public void queue() throws Exception {
            for (int i = 0; i < QUEUED; i++) {
                clients[i] = SocketChannel.open(address);
            }
        }

        @TearDown(Level.Invocation)
        public void closeAccepted() throws Exception {
            for (int i = 0; i < QUEUED; i++) {
                if (accepted[i] instanceof Accepted a) {
                    a.conn().close();
                } else if (accepted[i] instanceof SocketChannel c) {
                    c.close();
                } else if (acceptedFds[i] > 0) {
                    Bare.close(acceptedFds[i]);
                }
                accepted[i] = null;
                acceptedFds[i] = 0;
                if (clients[i] != null) {
                    clients[i].close();
                    clients[i] = null;
                }
            }
        }
    }

    /** Our listener: our accept and the bare one both take from it. */
    @State(Scope.Thread)
    public static class Ours extends Queue {
        SocketType listener;
        int fd;
        final MemorySegment addr = Fixtures.nativeBytes(128);
        final MemorySegment addrLen = Fixtures.nativeBytes(4);

        @Setup(Level.Trial)
        public void open() throws Exception {
            listener = Fixtures.module().socket(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM);
            listener.bind(new InetAddr("127.0.0.1", 0));
            listener.listen(QUEUED * 2);
            fd = listener.fileno();
            address = new InetSocketAddress("127.0.0.1", ((InetAddr) listener.getsockname()).port());
        }

        @TearDown(Level.Trial)
        public void close() {
            listener.close();
        }
    }

    /** NIO's listener. */
    @State(Scope.Thread)
    public static class Nio extends Queue {
        ServerSocketChannel listener;

        @Setup(Level.Trial)
        public void open() throws Exception {
            listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), QUEUED * 2);
            address = (InetSocketAddress) listener.getLocalAddress();
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            listener.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(QUEUED)
    public void accept_ours(Ours l) throws Exception {
        for (int i = 0; i < QUEUED; i++) {
            l.accepted[i] = l.listener.accept();
        }
    }

    @Benchmark
    @OperationsPerInvocation(QUEUED)
    public void accept_nio(Nio l) throws Exception {
        for (int i = 0; i < QUEUED; i++) {
            l.accepted[i] = l.listener.accept();
        }
    }

    @Benchmark
    @OperationsPerInvocation(QUEUED)
    public void accept_bare(Ours l) throws Throwable {
        for (int i = 0; i < QUEUED; i++) {
            l.addrLen.set(JAVA_INT, 0, 128);
            l.acceptedFds[i] = (int) Bare.ACCEPT4.invokeExact(l.fd, l.addr.address(), l.addrLen.address(),
                    SocketConstants.SOCK_CLOEXEC);
        }
    }
}
