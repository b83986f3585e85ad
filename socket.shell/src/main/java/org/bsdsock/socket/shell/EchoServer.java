package org.bsdsock.socket.shell;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.felix.service.command.Descriptor;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;

/**
 * The seed's echo server program, serving clients one after another on a background thread
 * until {@link #stop()}: {@code socket()}, {@code bind(('', port))}, {@code listen(1)}, then
 * {@code accept()} and echo each client's bytes back until it closes.
 *
 * <p>Once ended, it keeps only what it prints: its sockets are dropped, so a stopped
 * provider's objects are not kept reachable by a server the shell still shows.
 */
public final class EchoServer {
    private volatile SocketType listener; // null once ended
    private final InetAddr address;
    private final Thread thread;
    private final AtomicInteger served = new AtomicInteger();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile SocketType current;
    private volatile SockAddr lastPeer;
    private volatile String endedBy;
    private volatile boolean stopping;

    private EchoServer(SocketType listener, InetAddr address) {
        this.listener = listener;
        this.address = address;
        this.thread = Thread.ofPlatform().daemon().name("socket:echo_server " + address.port())
                .unstarted(this::serve);
    }

    /**
     * Binds {@code port} on all interfaces and starts serving.
     *
     * @throws SocketException if the socket cannot be made, bound ({@code EADDRINUSE}) or listened on
     */
    static EchoServer start(SocketModule module, int port) throws SocketException {
        SocketType s = module.socket(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM);
        try {
            // As any restartable server does; the seed's program omits it, then cannot rebind
            // for a minute after a client's connection (TIME_WAIT).
            s.setsockopt(SocketConstants.SOL_SOCKET, SocketConstants.SO_REUSEADDR, 1);
            s.bind(new InetAddr(InetAddr.ANY, port));
            s.listen(1);
            EchoServer server = new EchoServer(s, (InetAddr) s.getsockname());
            server.thread.start();
            return server;
        } catch (SocketException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void serve() {
        SocketType listening = listener;
        try {
            while (true) {
                Accepted a = listening.accept();
                lastPeer = a.address();
                try (SocketType conn = a.conn()) {
                    current = conn;
                    while (true) {
                        byte[] data = conn.recv(1024);
                        if (data.length == 0) {
                            break;
                        }
                        conn.sendall(data);
                    }
                } catch (SocketException e) {
                    if (listening.fileno() < 0) {
                        throw e;
                    }
                    // a client's failure (e.g. reset) ends that client, not the server
                } finally {
                    current = null;
                    served.incrementAndGet();
                }
            }
        } catch (SocketException e) {
            // closed by stop(), or under it: by socket:close, or by its provider going away
            endedBy = stopping ? "stopped" : e.getMessage();
        } finally {
            listening.close();
            listener = null;
            current = null;
            done.countDown();
        }
    }

    /** Stops serving: closes the listening socket and the client being served, and waits for the thread. */
    @Descriptor("stop serving: close the listening socket and the client being served")
    public EchoServer stop() throws InterruptedException {
        stopping = true;
        SocketType l = listener;
        if (l != null) {
            l.close();
        }
        SocketType c = current;
        if (c != null) {
            c.close();
        }
        done.await();
        return this;
    }

    /** @return the listening socket, null once the server ended */
    SocketType listening() {
        return listener;
    }

    /** @return the port served */
    @Descriptor("the port served")
    public int port() {
        return address.port();
    }

    /** @return how many clients have been served (including the one being served) */
    @Descriptor("how many clients have been served, the one being served included")
    public int served() {
        return served.get();
    }

    /** @return true while the server accepts clients */
    @Descriptor("whether the server still accepts clients")
    public boolean running() {
        return done.getCount() > 0;
    }

    @Override
    public String toString() {
        String state = running() ? "serving" : "ended (" + endedBy + ")";
        return "echo server on " + address + ", " + state + ", " + served() + " client(s) served"
                + (lastPeer == null ? "" : ", last from " + lastPeer);
    }
}
