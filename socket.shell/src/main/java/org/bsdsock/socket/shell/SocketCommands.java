package org.bsdsock.socket.shell;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.felix.service.command.Descriptor;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketConstants;
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
 * Gogo commands of scope {@code socket}: the seed's two example programs. Commands return
 * their results; the shell prints them.
 *
 * <p>The socket module is held through a dynamic, greedy, optional reference: the commands
 * keep working across a provider's departure and return (they say so while none is there).
 */
@Component(service = SocketCommands.class, immediate = true, property = {
        "osgi.command.scope=socket",
        "osgi.command.function=echo_server",
        "osgi.command.function=echo_stop",
        "osgi.command.function=echo_client" })
public final class SocketCommands {
    /** The seed's example port. */
    public static final int SEED_PORT = 50007;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SocketModule module;

    private final Map<Integer, EchoServer> servers = new ConcurrentHashMap<>();

    /** For DS. */
    public SocketCommands() {
    }

    /** For use without DS (e.g. tests): commands on a given module. */
    public SocketCommands(SocketModule module) {
        this.module = module;
    }

    private SocketModule module() {
        SocketModule m = module;
        if (m == null) {
            throw new IllegalStateException("no socket provider is registered");
        }
        return m;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        for (EchoServer s : new ArrayList<>(servers.values())) {
            s.stop();
        }
        servers.clear();
    }

    @Descriptor("start the seed's echo server on port 50007, serving clients one after another in the background")
    public EchoServer echo_server() throws SocketException {
        return echo_server(SEED_PORT);
    }

    @Descriptor("start the seed's echo server, serving clients one after another in the background")
    public EchoServer echo_server(@Descriptor("TCP port to listen on, all interfaces (0 picks a free one)") int port)
            throws SocketException {
        EchoServer server = EchoServer.start(module(), port);
        EchoServer old = servers.put(server.port(), server);
        if (old != null && old.running()) {
            throw new AssertionError("two echo servers on one port");
        }
        return server;
    }

    @Descriptor("stop the echo server on a port")
    public EchoServer echo_stop(@Descriptor("the echo server's port") int port) throws InterruptedException {
        EchoServer server = servers.remove(port);
        if (server == null) {
            throw new IllegalArgumentException("no echo server on port " + port);
        }
        return server.stop();
    }

    @Descriptor("the seed's echo client: connect, send MESSAGE, receive the echo, close; returns \"Received 'MESSAGE'\"")
    public String echo_client(@Descriptor("the server's host name or dotted quad") String host,
            @Descriptor("the server's port") int port,
            @Descriptor("the message to send") String message) throws SocketException {
        byte[] sent = message.getBytes(StandardCharsets.UTF_8);
        byte[] received = new byte[sent.length];
        int got = 0;
        try (SocketType s = module().socket(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM)) {
            s.connect(new InetAddr(host, port));
            s.sendall(sent);
            // The seed reads once; a long message may come back in pieces, so read them all.
            do {
                byte[] data = s.recv(Math.max(1024, sent.length - got));
                if (data.length == 0) {
                    break;
                }
                int n = Math.min(data.length, received.length - got);
                System.arraycopy(data, 0, received, got, n);
                got += n;
            } while (got < sent.length);
        }
        return "Received " + PyRepr.of(java.util.Arrays.copyOf(received, got));
    }
}
