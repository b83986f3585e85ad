package org.bsdsock.socket.itest.consumer;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.bsdsock.socket.api.SocketConstants.SO_REUSEADDR;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * An echo server written as an application would write it on the service: a listening socket,
 * a virtual thread per connection, {@code recv_into} then {@code sendall}. It holds the
 * provider through a dynamic greedy reference and never reopens anything: its sockets are
 * meant to survive the provider's updates. It records every error its threads meet.
 */
@Component(service = LiveEchoServer.class, immediate = true)
public final class LiveEchoServer {
    private volatile SocketModule module;
    private volatile SocketType listener;
    private final Set<SocketType> connections = ConcurrentHashMap.newKeySet();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong echoed = new AtomicLong();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindModule(SocketModule m) {
        module = m;
    }

    void unbindModule(SocketModule m) {
        if (module == m) {
            module = null;
        }
    }

    /**
     * Starts serving on a loopback port (once).
     *
     * @return the port
     */
    public synchronized int start() throws SocketException {
        if (listener == null) {
            SocketModule m = module;
            if (m == null) {
                throw new IllegalStateException("no socket provider is bound");
            }
            SocketType l = m.socket(AF_INET, SOCK_STREAM);
            l.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(256);
            listener = l;
            Thread.ofVirtual().name("live-echo-accept").start(() -> acceptLoop(l));
        }
        return ((InetAddr) listener.getsockname()).port();
    }

    private void acceptLoop(SocketType l) {
        try {
            for (;;) {
                SocketType c = l.accept().conn();
                accepted.incrementAndGet();
                connections.add(c);
                Thread.ofVirtual().name("live-echo").start(() -> echo(c));
            }
        } catch (SocketException e) {
            if (listener != null) {
                errors.add("accept: " + e.getMessage());
            }
        }
    }

    private void echo(SocketType c) {
        ByteBuffer buf = ByteBuffer.allocateDirect(64 << 10);
        try (c) {
            for (;;) {
                buf.clear();
                int n = c.recv_into(buf, 0);
                if (n == 0) {
                    return; // the client closed
                }
                buf.flip();
                c.sendall(buf);
                echoed.addAndGet(n);
            }
        } catch (SocketException e) {
            if (listener != null) {
                errors.add("echo: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        } finally {
            connections.remove(c);
        }
    }

    /** @return the errors the server's threads met so far */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** @return connections accepted so far */
    public long accepted() {
        return accepted.get();
    }

    /** @return bytes echoed so far */
    public long echoed() {
        return echoed.get();
    }

    /** @return the descriptors of the listening socket and of every connection being served */
    public List<Integer> descriptors() {
        List<Integer> fds = new java.util.ArrayList<>();
        SocketType l = listener;
        if (l != null) {
            fds.add(l.fileno());
        }
        for (SocketType c : connections) {
            fds.add(c.fileno());
        }
        return fds;
    }

    /** @return the descriptor of the listening socket, or -1 */
    public int listenerFd() {
        SocketType l = listener;
        return l == null ? -1 : l.fileno();
    }

    @Deactivate
    synchronized void stop() {
        SocketType l = listener;
        listener = null;
        if (l != null) {
            l.close();
        }
        for (SocketType c : connections) {
            c.close();
        }
    }
}
