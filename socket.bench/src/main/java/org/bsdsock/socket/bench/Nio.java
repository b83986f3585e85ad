package org.bsdsock.socket.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The same workloads on JDK NIO: blocking channels and direct ByteBuffers. */
final class Nio implements Workloads {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    private static SocketChannel[] tcpPair(boolean nodelay) throws IOException {
        try (ServerSocketChannel l = ServerSocketChannel.open()) {
            l.bind(LOOPBACK, 1);
            SocketChannel c = SocketChannel.open(l.getLocalAddress());
            SocketChannel s = l.accept();
            if (nodelay) {
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            return new SocketChannel[] {c, s};
        }
    }

    private static Thread echo(ByteChannel s, int size) {
        Thread t = new Thread(() -> {
            ByteBuffer b = ByteBuffer.allocateDirect(size);
            try (s) {
                while (true) {
                    b.clear();
                    if (s.read(b) <= 0) {
                        break;
                    }
                    b.flip();
                    while (b.hasRemaining()) {
                        s.write(b);
                    }
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, "echo");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static Plan.Measured pingPong(Plan plan, ByteChannel c, ByteChannel s, int size) throws Exception {
        Thread echo = echo(s, size);
        ByteBuffer b = ByteBuffer.allocateDirect(size);
        Plan.Measured r = plan.loop(() -> {
            b.clear();
            while (b.hasRemaining()) {
                c.write(b);
            }
            b.clear();
            while (b.hasRemaining()) {
                c.read(b);
            }
        }, echo);
        c.close();
        echo.join();
        return r;
    }

    @Override
    public Plan.Measured w1(Plan plan) throws Exception {
        SocketChannel[] p = tcpPair(true);
        return pingPong(plan, p[0], p[1], 1);
    }

    @Override
    public Plan.Measured w1Seed(Plan plan) throws Exception {
        SocketChannel[] p = tcpPair(true);
        SocketChannel c = p[0];
        SocketChannel s = p[1];
        Thread echo = new Thread(() -> {
            try (s) {
                for (ByteBuffer data = recv(s); data.hasRemaining(); data = recv(s)) {
                    s.write(data);
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, "echo");
        echo.setDaemon(true);
        echo.start();
        ByteBuffer[] data = {ByteBuffer.wrap(new byte[] {1})};
        Plan.Measured r = plan.loop(() -> {
            c.write(data[0]);
            data[0] = recv(c);
        }, echo);
        c.close();
        echo.join();
        return r;
    }

    /** One byte read into a new heap buffer, flipped for sending back; empty at end of stream. */
    private static ByteBuffer recv(SocketChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        ch.read(b);
        return b.flip();
    }

    @Override
    public Plan.Measured w2(long warmBytes, long bytes) throws Exception {
        SocketChannel[] p = tcpPair(false);
        SocketChannel c = p[0];
        SocketChannel s = p[1];
        long total = warmBytes + bytes;
        AtomicLong start = new AtomicLong();
        AtomicLong readerAlloc = new AtomicLong(); // the reader's own, once warm
        AtomicReference<Cpu> cpu0 = new java.util.concurrent.atomic.AtomicReference<>(Cpu.NONE);
        Thread reader = new Thread(() -> {
            long r0 = 0;
            ByteBuffer in = ByteBuffer.allocateDirect(64 << 10);
            long got = 0;
            try {
                while (got < total) {
                    in.clear();
                    int n = s.read(in);
                    if (n < 0) {
                        break;
                    }
                    if (got < warmBytes && got + n >= warmBytes) {
                        start.set(System.nanoTime());
                        cpu0.set(Cpu.now());
                        r0 = Plan.allocated(Thread.currentThread());
                    }
                    got += n;
                }
                readerAlloc.set(Plan.allocated(Thread.currentThread()) - r0);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, "reader");
        reader.start();
        ByteBuffer out = ByteBuffer.allocateDirect(64 << 10);
        long a0 = 0;
        for (long sent = 0; sent < total; sent += out.capacity()) {
            if (sent == warmBytes) {
                a0 = Plan.allocated(Thread.currentThread()); // allocation once warm
            }
            out.clear();
            while (out.hasRemaining()) {
                c.write(out);
            }
        }
        reader.join();
        long end = System.nanoTime();
        Cpu cpu = Cpu.now().since(cpu0.get());
        double alloc = (double) (Plan.allocated(Thread.currentThread()) - a0 + readerAlloc.get()) / (bytes / (64 << 10));
        c.close();
        s.close();
        return new Plan.Measured(bytes, (end - start.get()) / 1e9, alloc, cpu);
    }

    @Override
    public Plan.Measured w3(Plan plan) throws Exception {
        ServerSocketChannel l = ServerSocketChannel.open();
        l.bind(LOOPBACK, 4096);
        InetSocketAddress addr = (InetSocketAddress) l.getLocalAddress();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    l.accept().close();
                }
            } catch (IOException closed) {
                // the listener was closed: done
            }
        }, "acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        Plan.Measured r = plan.loop(() -> SocketChannel.open(addr).close(), acceptor);
        l.close();
        acceptor.join();
        return r;
    }

    @Override
    public Plan.Measured w4(Plan plan) throws Exception {
        DatagramChannel a = DatagramChannel.open().bind(LOOPBACK);
        DatagramChannel b = DatagramChannel.open().bind(LOOPBACK);
        a.connect(b.getLocalAddress());
        b.connect(a.getLocalAddress());
        Thread echo = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(64);
            try (b) {
                while (true) {
                    buf.clear();
                    int n = b.read(buf);
                    if (n == 1 && buf.get(0) == 0) {
                        break;
                    }
                    buf.flip();
                    b.write(buf);
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, "echo");
        echo.setDaemon(true);
        echo.start();
        ByteBuffer msg = ByteBuffer.allocateDirect(64);
        Plan.Measured r = plan.loop(() -> {
            msg.clear();
            msg.put(0, (byte) 1);
            a.write(msg);
            msg.clear();
            a.read(msg);
        }, echo);
        a.write(ByteBuffer.wrap(new byte[] {0}));
        echo.join();
        a.close();
        return r;
    }

    @Override
    public Plan.Measured w5(Plan plan, Path dir) throws Exception {
        Path file = dir.resolve("w5-nio.sock");
        Files.deleteIfExists(file);
        SocketChannel c;
        SocketChannel s;
        try (ServerSocketChannel l = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            l.bind(UnixDomainSocketAddress.of(file), 1);
            c = SocketChannel.open(UnixDomainSocketAddress.of(file));
            s = l.accept();
        } finally {
            Files.deleteIfExists(file);
        }
        return pingPong(plan, c, s, 1);
    }

    @Override
    public int w7Server(int port, int connections, java.util.concurrent.CountDownLatch served) throws Exception {
        ServerSocketChannel l = ServerSocketChannel.open();
        l.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        l.bind(new InetSocketAddress("127.0.0.1", port), 4096);
        int bound = ((InetSocketAddress) l.getLocalAddress()).getPort();
        Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < connections; i++) {
                    SocketChannel s = l.accept();
                    Thread.ofVirtual().start(() -> {
                        ByteBuffer b = ByteBuffer.allocateDirect(1);
                        try (s) {
                            while (true) {
                                b.clear();
                                if (s.read(b) <= 0) {
                                    break;
                                }
                                b.flip();
                                s.write(b);
                            }
                        } catch (IOException e) {
                            // peer gone
                        } finally {
                            served.countDown();
                        }
                    });
                }
                l.close();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        return bound;
    }
}
