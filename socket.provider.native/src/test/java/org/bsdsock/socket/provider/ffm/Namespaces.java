package org.bsdsock.socket.provider.ffm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * Processes run as root of a new user namespace ({@code unshare(1)}), for calls that need a
 * privilege the tests must not use on this machine: with a network namespace of their own
 * ({@link #NETWORK}, only {@code lo}, brought up), a UTS namespace of their own ({@link #UTS},
 * their own host name), or neither ({@link #USER_ONLY}: no privilege over this machine's).
 */
final class Namespaces {
    private Namespaces() {
    }

    /** {@code unshare -rn}, then {@code ip link set lo up}. */
    static final String NETWORK = "-rn";
    /** {@code unshare -ru}. */
    static final String UTS = "-ru";
    /** {@code unshare -r}: root of a user namespace over this machine's other namespaces. */
    static final String USER_ONLY = "-r";

    private static final long WAIT_SECONDS = 60;
    private static String unavailable;
    private static boolean probed;

    /** Skips the calling test, visibly, where user and network namespaces or {@code ip} are missing. */
    static synchronized void assume(String test) {
        if (!probed) {
            probed = true;
            try {
                run(NETWORK, List.of("true"));
                run(UTS, List.of("true"));
            } catch (IOException e) {
                unavailable = "no user, network or UTS namespaces here (unshare, ip): " + e.getMessage();
            }
        }
        if (unavailable != null) {
            System.err.println(test + " skipped: " + unavailable);
        }
        Assumptions.assumeTrue(unavailable == null, () -> unavailable);
    }

    /** @return the command line of this JVM running {@code main} of {@code probe} with {@code args} */
    static List<String> java(Class<?> probe, String... args) {
        List<String> argv = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), probe.getName()));
        argv.addAll(List.of(args));
        return argv;
    }

    /**
     * Runs {@code command} under {@code unshare} with {@code flags}.
     *
     * @return its standard output, by line
     * @throws IOException if it cannot start, fails, or does not end in time
     */
    static List<String> run(String flags, List<String> command) throws IOException {
        List<String> argv = new ArrayList<>(List.of("unshare", flags));
        if (flags.equals(NETWORK)) {
            argv.addAll(List.of("sh", "-c", "ip link set lo up && exec \"$@\"", "probe"));
        }
        argv.addAll(command);
        Process p = new ProcessBuilder(argv).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try {
            if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException(argv + " did not end in " + WAIT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(argv + " exited with " + p.exitValue() + ": "
                        + err.get(WAIT_SECONDS, TimeUnit.SECONDS));
            }
            return out.get(WAIT_SECONDS, TimeUnit.SECONDS).lines().toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot read the output of " + argv, e);
        } finally {
            p.destroyForcibly(); // a no-op once it has ended
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
