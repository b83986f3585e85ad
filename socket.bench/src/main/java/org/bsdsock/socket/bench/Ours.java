package org.bsdsock.socket.bench;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.IPPROTO_TCP;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOMAXCONN;
import static org.bsdsock.socket.api.SocketConstants.TCP_NODELAY;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;

/**
 * The workloads through our public API only: the module ServiceLoader finds (the provider on
 * its default engine, epoll), or the same provider on another engine ({@link #Ours(String)}).
 */
final class Ours implements Workloads {
    private final SocketModule m;

    /** On the provider ServiceLoader finds: the epoll engine. */
    Ours() {
        this.m = ServiceLoader.load(SocketModule.class).findFirst().orElseThrow();
    }

    /**
     * On the provider's classes with the engine named {@code engine} (e.g. {@code URING}).
     * The provider makes an instance on another engine through a protected constructor
     * ({@code NativeSocketModule(String owner, Engine engine)}), for the bundle of that engine;
     * the bench reaches it by reflection rather than widening the provider's public API for
     * a benchmark (and without a class of its own in the provider's package, where the
     * io_uring bundle's classes will live).
     */
    Ours(String engine) throws ReflectiveOperationException {
        Class<?> module = Class.forName("org.bsdsock.socket.provider.ffm.NativeSocketModule");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Enum> engines = (Class<Enum>) Class.forName("org.bsdsock.socket.provider.ffm.Engine");
        @SuppressWarnings("unchecked")
        Object e = Enum.valueOf(engines, engine);
        var make = module.getDeclaredConstructor(String.class, engines);
        make.setAccessible(true); // protected: the bench runs on the class path, in the unnamed module
        this.m = (SocketModule) make.newInstance("classpath", e);
    }

    private SocketType[] tcpPair(boolean nodelay) throws SocketException {
        try (SocketType l = m.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            SocketType c = m.socket(AF_INET, SOCK_STREAM);
            c.connect(l.getsockname());
            SocketType s = l.accept().conn();
            if (nodelay) {
                c.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
                s.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
            }
            return new SocketType[] {c, s};
        }
    }

    /** Echoes messages of {@code size} bytes until end of stream, on a platform thread. */
    private static Thread echo(SocketType s, int size) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[size];
            try {
                while (s.recv_into(b) > 0) {
                    s.send(b);
                }
            } catch (SocketException e) {
                throw new RuntimeException(e);
            } finally {
                s.close();
            }
        }, "echo");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static Plan.Measured pingPong(Plan plan, SocketType c, SocketType s, int size) throws Exception {
        Thread echo = echo(s, size);
        byte[] b = new byte[size];
        Plan.Measured r = plan.loop(() -> {
            c.send(b);
            int got = 0;
            while (got < size) {
                got += c.recv_into(b, size - got, 0);
            }
        }, echo);
        c.close();
        echo.join();
        return r;
    }

    @Override
    public Plan.Measured w1(Plan plan) throws Exception {
        SocketType[] p = tcpPair(true);
        return pingPong(plan, p[0], p[1], 1);
    }

    @Override
    public Plan.Measured w1Seed(Plan plan) throws Exception {
        SocketType[] p = tcpPair(true);
        SocketType c = p[0];
        SocketType s = p[1];
        Thread echo = new Thread(() -> {
            try (s) {
                for (byte[] data = s.recv(1); data.length > 0; data = s.recv(1)) {
                    s.send(data);
                }
            } catch (SocketException e) {
                throw new RuntimeException(e);
            }
        }, "echo");
        echo.setDaemon(true);
        echo.start();
        byte[][] data = {{1}};
        Plan.Measured r = plan.loop(() -> {
            c.send(data[0]);
            data[0] = c.recv(1);
        }, echo);
        c.close();
        echo.join();
        return r;
    }

    @Override
    public Plan.Measured w2(long warmBytes, long bytes) throws Exception {
        SocketType[] p = tcpPair(false);
        SocketType c = p[0];
        SocketType s = p[1];
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
                    int n = s.recv_into(in, 0);
                    if (n == 0) {
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
            } catch (SocketException e) {
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
            c.sendall(out);
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
        SocketType l = m.socket(AF_INET, SOCK_STREAM);
        l.bind(new InetAddr("127.0.0.1", 0));
        l.listen(SOMAXCONN);
        SockAddr addr = l.getsockname();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    l.accept().conn().close();
                }
            } catch (SocketException closed) {
                // the listener was closed: done
            }
        }, "acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        Plan.Measured r = plan.loop(() -> {
            SocketType c = m.socket(AF_INET, SOCK_STREAM);
            c.connect(addr);
            c.close();
        }, acceptor);
        l.close();
        acceptor.join();
        return r;
    }

    @Override
    public Plan.Measured w4(Plan plan) throws Exception {
        SocketType a = m.socket(AF_INET, SOCK_DGRAM);
        SocketType b = m.socket(AF_INET, SOCK_DGRAM);
        a.bind(new InetAddr("127.0.0.1", 0));
        b.bind(new InetAddr("127.0.0.1", 0));
        a.connect(b.getsockname());
        b.connect(a.getsockname());
        Plan.Measured r = pingPongDatagram(plan, a, b);
        a.close();
        return r;
    }

    private static Plan.Measured pingPongDatagram(Plan plan, SocketType a, SocketType b) throws Exception {
        Thread echo = new Thread(() -> {
            byte[] buf = new byte[64];
            try {
                while (true) {
                    int n = b.recv_into(buf);
                    if (n == 1 && buf[0] == 0) {
                        break; // the stop datagram
                    }
                    b.send(buf);
                }
            } catch (SocketException e) {
                throw new RuntimeException(e);
            } finally {
                b.close();
            }
        }, "echo");
        echo.setDaemon(true);
        echo.start();
        byte[] msg = new byte[64];
        msg[0] = 1;
        Plan.Measured r = plan.loop(() -> {
            a.send(msg);
            a.recv_into(msg);
        }, echo);
        a.send(new byte[] {0});
        echo.join();
        return r;
    }

    @Override
    public Plan.Measured w5(Plan plan, Path dir) throws Exception {
        UnixAddr path = UnixAddr.of(dir.resolve("w5-ours.sock").toString());
        Files.deleteIfExists(dir.resolve("w5-ours.sock"));
        SocketType c;
        SocketType s;
        try (SocketType l = m.socket(AF_UNIX, SOCK_STREAM)) {
            l.bind(path);
            l.listen(1);
            c = m.socket(AF_UNIX, SOCK_STREAM);
            c.connect(path);
            s = l.accept().conn();
        } finally {
            Files.deleteIfExists(dir.resolve("w5-ours.sock"));
        }
        return pingPong(plan, c, s, 1);
    }

    @Override
    public int w7Server(int port, int connections, java.util.concurrent.CountDownLatch served) throws Exception {
        SocketType l = m.socket(AF_INET, SOCK_STREAM);
        l.setsockopt(org.bsdsock.socket.api.SocketConstants.SOL_SOCKET,
                org.bsdsock.socket.api.SocketConstants.SO_REUSEADDR, 1);
        l.bind(new InetAddr("127.0.0.1", port));
        l.listen(SOMAXCONN);
        int bound = ((InetAddr) l.getsockname()).port();
        Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < connections; i++) {
                    SocketType s = l.accept().conn();
                    Thread.ofVirtual().start(() -> {
                        byte[] b = new byte[1];
                        try (s) {
                            while (s.recv_into(b) > 0) {
                                s.send(b);
                            }
                        } catch (SocketException e) {
                            // peer gone
                        } finally {
                            served.countDown();
                        }
                    });
                }
                l.close();
            } catch (SocketException e) {
                throw new RuntimeException(e);
            }
        });
        return bound;
    }
}
