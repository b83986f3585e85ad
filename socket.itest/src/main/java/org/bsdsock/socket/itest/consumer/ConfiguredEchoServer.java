package org.bsdsock.socket.itest.consumer;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.bsdsock.socket.api.SocketConstants.SO_REUSEADDR;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The seed's echo server as a DS component of an application, started by configuration: with
 * a configuration {@value #PID} ({@code port}), it serves on {@code 127.0.0.1:port} through the
 * {@link SocketModule} service. For containers whose console a test cannot drive (Karaf on
 * Java 25): a configuration file dropped into {@code etc/} starts it, a client outside checks it.
 */
@Component(configurationPid = ConfiguredEchoServer.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = ConfiguredEchoServer.class, immediate = true)
public final class ConfiguredEchoServer {
    /** The configuration that starts the server. */
    public static final String PID = "org.bsdsock.socket.itest.echo";

    /** The configuration: the loopback port to serve on. */
    public @interface Config {
        /** @return the port on 127.0.0.1 */
        int port();
    }

    private final SocketType listener;
    private final Set<SocketType> connections = ConcurrentHashMap.newKeySet();

    @Activate
    public ConfiguredEchoServer(@Reference SocketModule socket, Config config) throws SocketException {
        SocketType l = socket.socket(AF_INET, SOCK_STREAM);
        try {
            l.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
            l.bind(new InetAddr("127.0.0.1", config.port()));
            l.listen(5);
        } catch (SocketException | RuntimeException e) {
            l.close();
            throw e;
        }
        listener = l;
        Thread.ofVirtual().name("configured-echo-accept").start(this::serve);
    }

    private void serve() {
        try {
            for (;;) {
                SocketType conn = listener.accept().conn();
                connections.add(conn);
                Thread.ofVirtual().name("configured-echo").start(() -> echo(conn));
            }
        } catch (SocketException e) {
            // the listener was closed: the component is going
        }
    }

    /** The seed's loop: {@code data = conn.recv(1024)}; until empty, {@code conn.sendall(data)}. */
    private void echo(SocketType conn) {
        try (conn) {
            for (byte[] data = conn.recv(1024); data.length > 0; data = conn.recv(1024)) {
                conn.sendall(data);
            }
        } catch (SocketException e) {
            // the peer reset, or the component is going
        } finally {
            connections.remove(conn);
        }
    }

    @Deactivate
    void stop() throws SocketException {
        listener.close();
        for (SocketType c : connections) {
            c.close();
        }
    }
}
