package org.bsdsock.socket.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The runnable distribution as a user runs it: {@code java -jar socket.jar} with commands
 * piped in, on the JDK running the tests.
 */
class DistributionIT {
    private static final Path JAR = Path.of("..", "socket.dist", "target", "socket.jar");

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void pipedCommandsRunTheSeedExchange() throws Exception {
        assertTrue(JAR.toFile().isFile(), "no distribution at " + JAR.toAbsolutePath());
        Process p = new ProcessBuilder(List.of(java(), "--sun-misc-unsafe-memory-access=allow",
                "-Dgosh.args=-q", "-jar", JAR.toString()))
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        p.getOutputStream().write(String.join("\n",
                "s = socket:echo_server 0",
                "socket:echo_client localhost ($s port) \"Hello, world\"",
                "($s stop) served",
                "").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the distribution did not stop");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        // The bnd launcher exits 117 when the framework stops normally at the end of input.
        assertEquals(117, p.exitValue(), out + err);
        assertTrue(out.contains("Received 'Hello, world'"), out);
        assertTrue(out.contains("g! 1"), "one client served: " + out);
        assertFalse(err.contains("WARNING"), "the JDK warned: " + err);
        assertFalse((out + err).contains("Failed to start bundle"), "a bundle did not start: " + out + err);
    }

    @Test
    void oneCommandThroughTheScript() throws Exception {
        File script = Path.of("..", "shell.sh").toFile();
        Process p = new ProcessBuilder(List.of("bash", script.getPath(), "-c", "socket:echo_client 127.0.0.1 1 x"))
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "shell.sh did not stop");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("connect(..) failed: Connection refused"), out);
    }
}
