package org.bsdsock.socket.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.provider.ffm.NativeSocketModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's exchange with a real CPython peer: the seed's two programs, ported to Python 3,
 * as the client of our echo server and as the server for our echo client.
 */
@Tag("cpython")
class PythonInteropTest {
    private static boolean havePython;

    @TempDir
    static Path scripts;

    private final NativeSocketModule module = new NativeSocketModule();
    private final SocketCommands commands = new SocketCommands(module);

    @BeforeAll
    static void findPython() throws Exception {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            havePython = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            havePython = false;
        }
        if (!havePython) {
            System.err.println("[PythonInteropTest] python3 not found: CPython interop tests SKIPPED");
        }
        for (String name : List.of("echo_server.py", "echo_client.py")) {
            try (var in = PythonInteropTest.class.getResourceAsStream("/python/" + name)) {
                Files.copy(in, scripts.resolve(name));
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        commands.deactivate();
        module.close();
    }

    private static Process python(String... args) throws IOException {
        Assumptions.assumeTrue(havePython, "python3 not found: CPython interop skipped");
        List<String> cmd = new ArrayList<>(List.of("python3", "-u"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static List<String> finish(Process p) throws Exception {
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "python did not finish");
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, p.exitValue(), "python failed: " + lines);
        return lines;
    }

    @Test
    void cpythonClientOfOurEchoServer() throws Exception {
        EchoServer server = commands.echo_server(0);
        Process client = python(scripts.resolve("echo_client.py").toString(), "127.0.0.1",
                String.valueOf(server.port()));
        try {
            assertEquals(List.of("Received 'Hello, world'"), finish(client));
        } finally {
            client.destroyForcibly();
        }
        server.stop();
        assertEquals(1, server.served());
    }

    @Test
    void ourEchoClientOfCPythonServer() throws Exception {
        Process server = python(scripts.resolve("echo_server.py").toString(), "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("Listening on "), "python said: " + first);
            int port = Integer.parseInt(first.substring("Listening on ".length()).trim());
            assertEquals("Received 'Hello, world'", commands.echo_client("localhost", port, "Hello, world"));
            String connected = out.readLine();
            assertTrue(connected.startsWith("Connected by ('127.0.0.1', "), connected);
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "python server did not finish");
            assertEquals(0, server.exitValue());
        } finally {
            server.destroyForcibly();
        }
    }
}
