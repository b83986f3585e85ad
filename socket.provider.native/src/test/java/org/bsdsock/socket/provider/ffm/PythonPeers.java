package org.bsdsock.socket.provider.ffm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Assumptions;

/**
 * The loopback peers of the scale tests: {@code python/peers.py} in a second process, since
 * the per-process descriptor limit (20,000 here) cannot hold both ends of 10,000 connections.
 * The script's protocol is in its docstring; this class speaks it with bounded waits only.
 */
final class PythonPeers implements AutoCloseable {
    /** The marker the reader thread queues after the script's last line. */
    private static final String EOF = "\0eof";

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = new ArrayList<>();
    private final Thread reader;

    private PythonPeers(Process process) {
        this.process = process;
        this.stdin = process.outputWriter(StandardCharsets.US_ASCII);
        BufferedReader out = process.inputReader(StandardCharsets.US_ASCII);
        // A platform thread: a virtual one would hold one of the two carriers while it reads
        // the pipe, as the scheduler may not add a carrier to compensate.
        reader = Thread.ofPlatform().daemon().name("python-peers-stdout").start(() -> {
            try (out) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // the process is gone or close() closed the stream; EOF follows
            }
            lines.add(EOF);
        });
    }

    /**
     * Skips the calling test, visibly, when no {@code python3} is on the PATH.
     *
     * @return the interpreter
     */
    static Path python3OrSkip(String test) {
        Optional<Path> found = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(p -> java.util.Arrays.stream(p.split(java.io.File.pathSeparator)))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "python3"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            System.err.println("[" + test + "] python3 not found on PATH: scale test SKIPPED");
        }
        Assumptions.assumeTrue(found.isPresent(), "python3 not found: " + test + " needs it for its 10,000 peers");
        return found.get();
    }

    /**
     * Starts {@code peers.py PORT COUNT BATCH MODE [ROUNDS]} against 127.0.0.1:{@code port}
     * and waits for its {@code limit} line.
     */
    static PythonPeers start(Path python3, int port, int count, int batch, String mode, int rounds)
            throws Exception {
        Path script = Path.of(PythonPeers.class.getResource("/python/peers.py").toURI());
        Process p = new ProcessBuilder(python3.toString(), "-u", script.toString(), String.valueOf(port),
                String.valueOf(count), String.valueOf(batch), mode, String.valueOf(rounds))
                .redirectErrorStream(true)
                .start();
        PythonPeers peers = new PythonPeers(p);
        try {
            String[] limit = peers.expect("limit", Duration.ofSeconds(20));
            System.err.println("[peers] python RLIMIT_NOFILE soft " + limit[1] + " hard " + limit[2]);
        } catch (Throwable t) {
            peers.close();
            throw t;
        }
        return peers;
    }

    /** Sends one command line to the script. */
    void send(String command) throws IOException {
        stdin.write(command + "\n");
        stdin.flush();
    }

    /**
     * Waits for the script's next line that starts with {@code word}. Fails on an
     * {@code error} line, on the script's exit and at the deadline.
     *
     * @return the line, split at spaces
     */
    String[] expect(String word, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (;;) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                fail("no '" + word + "' line from peers.py within " + within + "; it said " + transcript);
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                fail("peers.py ended before '" + word + "'; it said " + transcript);
            }
            transcript.add(line);
            String[] words = line.split(" ");
            if (words[0].equals("error")) {
                fail("peers.py: " + line);
            }
            if (words[0].equals(word)) {
                return words;
            }
        }
    }

    /**
     * Runs the script's connect phase: after each {@code connected K} line waits until our
     * side has accepted K connections ({@code accepted} says so), then asks for the next batch.
     * Returns after the last batch, which the caller answers with the mode's command.
     */
    void connectAll(int count, IntPredicate accepted, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        for (;;) {
            int k = Integer.parseInt(expect("connected", Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))[1]);
            await().atMost(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))).untilAsserted(() -> assertTrue(accepted.test(k), () -> "accepting " + k + " connections"));
            if (k == count) {
                return;
            }
            send("more");
        }
    }

    /** Waits for the script to exit and asserts it exited with 0. */
    void assertExitsCleanly(Duration within) throws InterruptedException {
        assertTrue(process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS), "peers.py did not exit; it said " + transcript);
        assertEquals(0, process.exitValue(), "peers.py failed; it said " + transcript);
    }

    /** Ends the script (forcibly if it does not end when its stdin closes) and its streams. */
    @Override
    public void close() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the process is gone already
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(Duration.ofSeconds(10));
        try {
            process.getInputStream().close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
