package org.bsdsock.socket.itest;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.ConnectionRefusedException;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The seed's echo exchange inside Felix: through the injected service and through Gogo. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EchoInFelixIT {

    @Inject
    private SocketModule module;

    @Inject
    private CommandProcessor processor;

    @Configuration
    public Option[] config() {
        return FelixOptions.felix();
    }

    @Test
    public void echoThroughTheInjectedService() throws Exception {
        try (SocketType server = module.socket(AF_INET, SOCK_STREAM)) {
            server.bind(new InetAddr("", 0));
            server.listen(1);
            int port = ((InetAddr) server.getsockname()).port();
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try {
                    Accepted a = server.accept();
                    try (SocketType conn = a.conn()) {
                        for (byte[] data = conn.recv(1024); data.length > 0; data = conn.recv(1024)) {
                            conn.send(data);
                        }
                    }
                } catch (SocketException e) {
                    throw new RuntimeException(e);
                }
            });
            try (SocketType client = module.socket(AF_INET, SOCK_STREAM)) {
                client.connect(new InetAddr("127.0.0.1", port));
                byte[] hello = "Hello, world".getBytes(StandardCharsets.US_ASCII);
                client.send(hello);
                assertArrayEquals(hello, client.recv(1024));
            }
            echo.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    public void refusedConnectCarriesErrno() throws Exception {
        int unused;
        try (SocketType probe = module.socket(AF_INET, SOCK_STREAM)) {
            probe.bind(new InetAddr("127.0.0.1", 0));
            unused = ((InetAddr) probe.getsockname()).port();
        }
        try (SocketType client = module.socket(AF_INET, SOCK_STREAM)) {
            client.connect(new InetAddr("127.0.0.1", unused));
            fail("connected to an unused port");
        } catch (ConnectionRefusedException e) {
            assertEquals(Errno.ECONNREFUSED, e.errno());
            assertEquals("connect(..) failed: Connection refused", e.getMessage());
        }
    }

    @Test
    public void echoThroughTheShellCommands() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandSession session = processor.createSession(System.in, new PrintStream(out), new PrintStream(out));
        try {
            session.execute("s = socket:echo_server 0");
            int port = ((Number) session.execute("$s port")).intValue();
            assertTrue(port > 0);
            assertEquals("Received 'Hello, world'",
                    session.execute("socket:echo_client 127.0.0.1 " + port + " 'Hello, world'"));
            assertEquals("Received 'again'",
                    session.execute("socket:echo_client localhost " + port + " again"));
            assertEquals(2, ((Number) session.execute("(socket:echo_stop " + port + ") served")).intValue());
        } finally {
            session.close();
        }
    }
}
