package org.bsdsock.socket.jmh;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** {@code getsockopt(SOL_SOCKET, SO_RCVBUF)} on a TCP socket: the cheapest call there is, all overhead. */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Options {
    @State(Scope.Thread)
    public static class Sockets {
        SocketType ours;
        SocketChannel nio;
        int fd;
        final MemorySegment value = Fixtures.nativeBytes(4);
        final MemorySegment len = Fixtures.nativeBytes(4);

        @Setup
        public void open() throws Exception {
            ours = Fixtures.module().socket(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM);
            fd = ours.fileno();
            nio = SocketChannel.open();
        }

        @TearDown
        public void close() throws Exception {
            ours.close();
            nio.close();
        }
    }

    @Benchmark
    public int getsockopt_ours(Sockets s) throws Exception {
        return s.ours.getsockopt(SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVBUF);
    }

    @Benchmark
    public int getsockopt_nio(Sockets s) throws Exception {
        return s.nio.getOption(StandardSocketOptions.SO_RCVBUF);
    }

    @Benchmark
    public int getsockopt_bare(Sockets s) throws Throwable {
        s.len.set(JAVA_INT, 0, 4);
        int r = (int) Bare.GETSOCKOPT.invokeExact(s.fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_RCVBUF,
                s.value.address(), s.len.address());
        return r + s.value.get(JAVA_INT, 0);
    }
}
