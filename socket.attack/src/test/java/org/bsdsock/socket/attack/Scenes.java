package org.bsdsock.socket.attack;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.bsdsock.socket.api.SocketConstants.SO_RCVBUF;
import static org.bsdsock.socket.api.SocketConstants.SO_SNDBUF;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.bsdsock.socket.api.BlockingIOException;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;

/**
 * For each blocking call, a socket in a state where the call waits for good: nothing arrives
 * for a receive, no connection for an accept, a full send buffer or receive queue for a send,
 * a full listen backlog for a connect. The peer stays open, so the call returns only if the
 * socket is closed under it.
 */
final class Scenes {
    private Scenes() {
    }

    private static final SocketModule M = Provider.module();
    private static final AtomicLong NAMES = new AtomicLong();
    private static final byte[] CHUNK = new byte[64 * 1024];
    private static volatile Path bigFile;

    /** The calls that block, each in its own state. */
    enum Call {
        ACCEPT, CONNECT_TCP, CONNECT_UNIX, RECV, RECV_TCP, RECV_INTO, RECVFROM, RECVMSG, RECVMSG_INTO,
        SEND, SENDALL, SENDTO, SENDMSG, SENDFILE
    }

    /** What a recycled descriptor number is given to after the close, to see that nothing reaches it. */
    enum VictimKind {
        /** one end of a connected AF_UNIX stream pair, with bytes waiting in it */
        STREAM,
        /** a listening TCP socket with a connection waiting */
        LISTENER,
        /** an unconnected socket of the call's family */
        UNCONNECTED_INET, UNCONNECTED_UNIX
    }

    /** The socket under test, the call that blocks on it, and what else the state holds. */
    static final class Scene implements AutoCloseable {
        final SocketType s;
        final Callable<Object> call;
        final VictimKind victim;
        private final List<AutoCloseable> others;

        Scene(SocketType s, Callable<Object> call, VictimKind victim, List<AutoCloseable> others) {
            this.s = s;
            this.call = call;
            this.victim = victim;
            this.others = others;
        }

        @Override
        public void close() {
            s.close();
            for (AutoCloseable c : others.reversed()) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new AssertionError("closing the scene", e);
                }
            }
        }
    }

    /** @return a fresh scene for {@code call}; the caller closes it */
    static Scene of(Call call) throws SocketException, IOException {
        List<AutoCloseable> others = new ArrayList<>();
        try {
            return switch (call) {
                case ACCEPT -> {
                    SocketType l = M.socket(AF_INET, SOCK_STREAM);
                    l.bind(new InetAddr("127.0.0.1", 0));
                    l.listen(1);
                    yield new Scene(l, () -> closing(l.accept().conn()), VictimKind.LISTENER, others);
                }
                case CONNECT_TCP -> {
                    SockAddr full = fullBacklog(M.socket(AF_INET, SOCK_STREAM), new InetAddr("127.0.0.1", 0), others);
                    SocketType s = M.socket(AF_INET, SOCK_STREAM);
                    yield new Scene(s, () -> {
                        s.connect(full);
                        return "connected";
                    }, VictimKind.UNCONNECTED_INET, others);
                }
                case CONNECT_UNIX -> {
                    SockAddr full = fullBacklog(M.socket(AF_UNIX, SOCK_STREAM), abstractName(), others);
                    SocketType s = M.socket(AF_UNIX, SOCK_STREAM);
                    yield new Scene(s, () -> {
                        s.connect(full);
                        return "connected";
                    }, VictimKind.UNCONNECTED_UNIX, others);
                }
                case RECV, RECV_INTO, RECVFROM, RECVMSG, RECVMSG_INTO -> {
                    SocketPair p = M.socketpair(AF_UNIX, SOCK_STREAM);
                    others.add(p.b());
                    SocketType s = p.a();
                    Callable<Object> c = switch (call) {
                        case RECV -> () -> s.recv(1024);
                        case RECV_INTO -> () -> s.recv_into(new byte[1024]);
                        case RECVFROM -> () -> s.recvfrom(1024);
                        case RECVMSG -> () -> s.recvmsg(1024, 64);
                        default -> () -> s.recvmsg_into(List.of(ByteBuffer.allocateDirect(512), ByteBuffer.allocate(512)), 64);
                    };
                    yield new Scene(s, c, VictimKind.STREAM, others);
                }
                case RECV_TCP -> {
                    SocketType[] p = tcpPair(others);
                    yield new Scene(p[0], () -> p[0].recv(1024), VictimKind.STREAM, others);
                }
                case SEND, SENDALL, SENDMSG, SENDFILE -> {
                    SocketPair p = M.socketpair(AF_UNIX, SOCK_STREAM);
                    others.add(p.b());
                    SocketType s = p.a();
                    s.setsockopt(SOL_SOCKET, SO_SNDBUF, 4096);
                    p.b().setsockopt(SOL_SOCKET, SO_RCVBUF, 4096);
                    fill(s, () -> s.send(CHUNK, 0));
                    Callable<Object> c = switch (call) {
                        case SEND -> () -> s.send(CHUNK);
                        case SENDALL -> () -> {
                            s.sendall(CHUNK);
                            return "sent";
                        };
                        case SENDMSG -> () -> s.sendmsg(List.of(CHUNK));
                        default -> {
                            Path f = bigFile();
                            yield () -> s.sendfile(f);
                        }
                    };
                    yield new Scene(s, c, VictimKind.STREAM, others);
                }
                case SENDTO -> {
                    SocketType r = M.socket(AF_UNIX, SOCK_DGRAM);
                    others.add(r);
                    UnixAddr to = abstractName();
                    r.bind(to);
                    SocketType s = M.socket(AF_UNIX, SOCK_DGRAM);
                    s.setsockopt(SOL_SOCKET, SO_SNDBUF, 4096);
                    byte[] datagram = new byte[1024];
                    fill(s, () -> s.sendto(datagram, to));
                    yield new Scene(s, () -> s.sendto(datagram, to), VictimKind.STREAM, others);
                }
            };
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable c : others) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static Object closing(SocketType accepted) {
        accepted.close();
        return "accepted";
    }

    /** A send that fails with BlockingIOException once the buffer or queue is full. */
    @FunctionalInterface
    private interface Send {
        int send() throws SocketException;
    }

    /** Sends in non-blocking mode until the kernel takes no more, then puts the socket back in blocking mode. */
    private static void fill(SocketType s, Send send) throws SocketException {
        s.setblocking(false);
        for (int i = 0; i < 100_000; i++) {
            try {
                send.send();
            } catch (BlockingIOException full) {
                s.setblocking(true);
                return;
            }
        }
        throw new AssertionError("the send buffer never filled");
    }

    /**
     * Makes {@code l} a listener at {@code at} with backlog 0 and one connection waiting, which
     * fills its queue: a further connect waits (TCP: the SYN is dropped and sent again later;
     * AF_UNIX: the connect sleeps until the queue has room).
     */
    private static SockAddr fullBacklog(SocketType l, SockAddr at, List<AutoCloseable> others) throws SocketException {
        others.add(l);
        l.bind(at);
        l.listen(0);
        SockAddr name = l.getsockname();
        SocketType first = M.socket(l.family(), SOCK_STREAM);
        others.add(first);
        first.connect(name);
        return name;
    }

    /** @return a connected TCP pair on loopback; both are added to {@code others} but [0], which the scene owns */
    private static SocketType[] tcpPair(List<AutoCloseable> others) throws SocketException {
        try (SocketType l = M.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            SocketType a = M.socket(AF_INET, SOCK_STREAM);
            a.connect(l.getsockname());
            SocketType b = l.accept().conn();
            others.add(b);
            return new SocketType[] {a, b};
        }
    }

    /** @return a name in Linux's abstract namespace that no one else uses */
    static UnixAddr abstractName() {
        return UnixAddr.ofAbstract(("attack-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet())
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** @return a file of 4 MiB, larger than any socket buffer here, made once per run */
    private static Path bigFile() throws IOException {
        Path f = bigFile;
        if (f == null) {
            synchronized (Scenes.class) {
                if (bigFile == null) {
                    Path p = Files.createTempFile("attack-sendfile-", ".bin");
                    p.toFile().deleteOnExit();
                    Files.write(p, new byte[4 << 20]);
                    bigFile = p;
                }
                f = bigFile;
            }
        }
        return f;
    }
}
