package org.bsdsock.socket.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar socket.jar} with a Java older than the bundles need: one line that says
 * which Java is needed, exit status 1, and no framework started.
 */
class OlderJavaIT {
    private static final Path JAR = Path.of(System.getProperty("itest.distribution", "../socket.dist/target/socket.jar"));

    /** @return a {@code java} of a JDK or JRE below 25 installed beside the one running the tests */
    private static Optional<Path> olderJava() throws IOException {
        Path jvms = Path.of(System.getProperty("java.home")).getParent();
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(h -> release(h) > 0 && release(h) < 25)
                    .map(h -> h.resolve("bin").resolve("java"))
                    .filter(Files::isExecutable)
                    .findFirst();
        }
    }

    private static int release(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=\"")) {
                    String v = line.substring("JAVA_VERSION=\"".length());
                    v = v.startsWith("1.") ? v.substring(2) : v;
                    return Integer.parseInt(v.split("[.\"]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    @Test
    void anOlderJavaGetsOneLineThatNamesTheJavaNeeded() throws Exception {
        Optional<Path> java = olderJava();
        assumeTrue(java.isPresent(), "no Java older than 25 installed beside " + System.getProperty("java.home"));
        Process p = new ProcessBuilder(List.of(java.get().toString(), "-jar", JAR.toString())).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "java -jar did not end");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), out + err);
        assertEquals("", out, "nothing on standard output: no framework, no prompt");
        List<String> lines = err.lines().toList();
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("socket.jar needs Java 25 or newer; this java is "), err);
    }
}
