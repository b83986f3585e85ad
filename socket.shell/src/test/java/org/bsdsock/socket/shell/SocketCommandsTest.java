package org.bsdsock.socket.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.bsdsock.socket.provider.ffm.NativeSocketModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The commands through a real Gogo command processor, without a framework. */
class SocketCommandsTest {
    private final NativeSocketModule module = new NativeSocketModule();
    private final SocketCommands commands = new SocketCommands(module);
    private ThreadIOImpl threadIO;
    private CommandSession session;

    @BeforeEach
    void gogo() {
        threadIO = new ThreadIOImpl();
        threadIO.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIO);
        processor.addCommand("socket", commands);
        session = processor.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
        commands.deactivate();
        threadIO.stop();
        module.close();
        assertEquals(0, module.openSockets(), "sockets left open");
    }

    @Test
    void echoServerAndClientThroughGogo() throws Exception {
        EchoServer server = (EchoServer) session.execute("socket:echo_server 0");
        assertTrue(server.running());
        int port = server.port();
        Object reply = session.execute("socket:echo_client 127.0.0.1 " + port + " 'Hello, world'");
        assertEquals("Received 'Hello, world'", reply);
        assertEquals("Received 'two words'", session.execute("socket:echo_client localhost " + port + " \"two words\""));
        EchoServer stopped = (EchoServer) session.execute("socket:echo_stop " + port);
        assertFalse(stopped.running());
        assertEquals(2, stopped.served());
    }

    @Test
    void echoServerWithoutPortUsesTheSeedsPort() throws Exception {
        EchoServer server = (EchoServer) session.execute("socket:echo_server");
        assertEquals(SocketCommands.SEED_PORT, server.port());
        assertEquals("Received 'x'", session.execute("socket:echo_client localhost 50007 x"));
    }

    @Test
    void refusedConnectionIsOneReadableError() throws Exception {
        EchoServer server = commands.echo_server(0);
        int port = server.port();
        server.stop();
        Exception e = assertThrows(Exception.class,
                () -> session.execute("socket:echo_client 127.0.0.1 " + port + " hi"));
        assertEquals("connect(..) failed: Connection refused", e.getMessage());
    }

    @Test
    void withoutProviderCommandsSaySo() {
        SocketCommands none = new SocketCommands();
        IllegalStateException e = assertInstanceOf(IllegalStateException.class,
                assertThrows(Exception.class, () -> none.echo_client("localhost", 1, "x")));
        assertEquals("no socket provider is registered", e.getMessage());
    }

    @Test
    void pythonRepr() {
        assertEquals("'Hello, world'", PyRepr.of("Hello, world".getBytes()));
        assertEquals("'a\\'b\"c'", PyRepr.of("a'b\"c".getBytes()));
        assertEquals("'\\x00\\n\\\\'", PyRepr.of(new byte[] {0, '\n', '\\'}));
    }
}
