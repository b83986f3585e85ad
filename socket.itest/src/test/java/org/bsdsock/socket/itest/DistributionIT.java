package org.bsdsock.socket.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The runnable distribution as a user runs it: {@code java -jar socket.jar} and
 * {@code ./shell.sh}, with commands piped in or given with {@code -c}, on the JDK running the
 * tests. Script mode prints results only, and its exit status says whether a command failed.
 */
class DistributionIT {
    private static final Path JAR = Path.of("..", "socket.dist", "target", "socket.jar");
    private static final Path SCRIPT = Path.of("..", "shell.sh");

    /** What a run printed and how it ended. */
    record Run(int status, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static Run run(List<String> command, String input) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        // read both while it runs: a full pipe would stop it
        var out = p.getInputStream();
        var err = p.getErrorStream();
        StringBuilder errText = new StringBuilder();
        Thread errReader = Thread.ofPlatform().start(() -> {
            try {
                errText.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                errText.append(e);
            }
        });
        String outText = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "did not stop: " + command);
        errReader.join(10_000);
        return new Run(p.exitValue(), outText, errText.toString());
    }

    private static Run script(String input) throws Exception {
        return run(List.of("bash", SCRIPT.toString()), input);
    }

    private static Run oneCommand(String command) throws Exception {
        return run(List.of("bash", SCRIPT.toString(), "-c", command), "");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void pipedCommandsPrintOnlyTheirResults() throws Exception {
        Run r = script(String.join("\n",
                "s = socket:echo_server 0",
                "socket:echo_client localhost ($s port) \"Hello, world\"",
                "($s stop) served",
                "socket:htons 80",
                ""));
        assertEquals(0, r.status(), r.all());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        assertTrue(lines.get(0).matches("echo server on 0\\.0\\.0\\.0:\\d+, serving, 0 client\\(s\\) served"), r.out());
        assertEquals(List.of("Received 'Hello, world'", "1", "20480"), lines.subList(1, 4));
        assertFalse(r.all().contains("g!"), "no prompt: " + r.all());
        assertFalse(r.all().contains("Welcome"), "no banner: " + r.all());
        assertFalse(r.all().contains("gosh: stopping"), r.all());
        assertFalse(r.err().contains("WARNING"), "the JDK or JLine warned: " + r.err());
        assertFalse(r.all().contains("Failed to start bundle"), "a bundle did not start: " + r.all());
    }

    @Test
    void oneCommandPrintsItsResultAndExitsZero() throws Exception {
        Run r = oneCommand("socket:gethostbyname localhost");
        assertEquals(0, r.status(), r.all());
        assertEquals("127.0.0.1\n", r.out());
    }

    @Test
    void aFailedCommandExitsNonZeroAndSaysWhyOnStandardError() throws Exception {
        Run r = oneCommand("socket:echo_client 127.0.0.1 1 x");
        assertEquals(1, r.status(), r.all());
        assertEquals("", r.out());
        assertTrue(r.err().contains("SocketFailure: ECONNREFUSED: connect(..) failed: Connection refused"), r.err());

        Run script = script("socket:socket AF_INTE SOCK_STREAM\nsocket:htons 80\n");
        assertEquals(1, script.status(), "a script goes on after a failure and then says it failed: " + script.all());
        assertEquals("20480\n", script.out());
        assertTrue(script.err().contains("AF_INTE is no socket constant or number (address family); did you mean AF_INET?"),
                script.err());
    }

    @Test
    void updateOfTheProviderKeepsTheShellWorking() throws Exception {
        Run r = script(String.join("\n",
                "socket:providers",
                "update socket.provider.native",
                "socket:providers",
                "s = socket:echo_server 0",
                "socket:echo_client localhost ($s port) \"after update\"",
                ""));
        assertEquals(0, r.status(), r.all());
        assertFalse(r.err().contains("MalformedURLException"), r.err());
        List<String> providers = r.out().lines().filter(l -> l.contains("provider=native")).toList();
        assertEquals(2, providers.size(), r.out());
        assertFalse(providers.get(0).equals(providers.get(1)), "a new provider service after the update: " + providers);
        assertTrue(r.out().contains("Received 'after update'"), r.out());
    }

    @Test
    void theJarRunsAScriptWithoutTheShellScriptToo() throws Exception {
        assertTrue(JAR.toFile().isFile(), "no distribution at " + JAR.toAbsolutePath());
        Path home = Path.of("..", "socket.dist", "script-home").toAbsolutePath();
        Run r = run(List.of(java(), "--sun-misc-unsafe-memory-access=allow", "-Dsocket.shell.script=stdin",
                "-Dgosh.args=--nointeractive", "-Dgosh.home=" + home, "-Dorg.jline.terminal.dumb=true",
                "-jar", JAR.toString()), "socket:inet_ntoa 7f000001\n");
        assertEquals(0, r.status(), r.all());
        assertEquals("127.0.0.1\n", r.out());
        assertFalse(r.err().contains("WARNING"), "the JDK warned: " + r.err());
    }
}
