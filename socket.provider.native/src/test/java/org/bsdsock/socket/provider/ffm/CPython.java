package org.bsdsock.socket.provider.ffm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/** The {@code python3} on the PATH as a reference: runs small programs, bounded in time. */
final class CPython {
    private CPython() {
    }

    private static final long WAIT_SECONDS = 60;
    private static String unavailable;
    private static String name;
    private static boolean probed;

    /** @return why python3 cannot be used, or null if it is a CPython 3 */
    static synchronized String unavailable() {
        if (!probed) {
            probed = true;
            try {
                List<String> version = run("import sys, platform\n"
                        + "print(platform.python_implementation(), sys.version_info[0])\n"
                        + "print(sys.executable, platform.python_version())\n");
                if (version.size() != 2 || !version.get(0).equals("CPython 3")) {
                    unavailable = "python3 is not CPython 3: " + version;
                } else {
                    name = version.get(1);
                }
            } catch (IOException e) {
                unavailable = e.getMessage();
            }
        }
        return unavailable;
    }

    /** @return which python3 answers, e.g. {@code /usr/bin/python3 3.11.2}, for messages */
    static String name() {
        unavailable();
        return name;
    }

    /** Skips the calling test, visibly (a line on stderr too), where python3 cannot be used. */
    static void assume(String test) {
        String why = unavailable();
        if (why != null) {
            System.err.println(test + " skipped: python3 not found: " + why);
        }
        Assumptions.assumeTrue(why == null, () -> "python3 not found: " + why);
    }

    /**
     * Runs {@code python3 -c program}.
     *
     * @return its standard output, by line
     * @throws IOException if python3 cannot be started, fails, or does not finish in time
     */
    static List<String> run(String program) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("python3", "-c", program);
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try {
            if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("python3 did not finish in " + WAIT_SECONDS + " s");
            }
            String stdout = out.get(WAIT_SECONDS, TimeUnit.SECONDS);
            if (p.exitValue() != 0) {
                throw new IOException("python3 exited with " + p.exitValue() + ": "
                        + err.get(WAIT_SECONDS, TimeUnit.SECONDS));
            }
            return stdout.lines().toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted waiting for python3", e);
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("cannot read python3's output", e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
