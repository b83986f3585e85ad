package org.bsdsock.socket.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** The descriptors this process holds, from {@code /proc/self/fd} (the test JVM is Felix's). */
final class Fds {
    private Fds() {
    }

    /** @return the targets of {@code /proc/self/fd}, e.g. {@code socket:[123]}, sorted */
    static List<String> open() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            // the listing's own descriptor is in it each time; one closed meanwhile is skipped
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    return null;
                }
            }).filter(Objects::nonNull).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return how many of {@code fds} are sockets */
    static long sockets(List<String> fds) {
        return fds.stream().filter(t -> t.startsWith("socket:")).count();
    }

    /** @return the descriptors in {@code now} that were not in {@code before} */
    static List<String> added(List<String> before, List<String> now) {
        List<String> added = new ArrayList<>(now);
        before.forEach(added::remove);
        return added;
    }

    /**
     * Waits (bounded) until the process holds no descriptor that it did not hold at
     * {@code baseline}: closing is synchronous, but a descriptor still in use by a woken caller
     * is closed by the last one to leave. (Descriptors may be gone: the test harness closes
     * files of its own; a socket made since has a new inode, so it shows as added.)
     *
     * @return the descriptors open then, at most as many as at the baseline
     * @throws AssertionError naming the added descriptors if some stay
     */
    static List<String> awaitBaseline(List<String> baseline, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        List<String> now = open();
        while (!added(baseline, now).isEmpty() && System.nanoTime() - deadline < 0) {
            Waits.pause();
            now = open();
        }
        if (!added(baseline, now).isEmpty()) {
            throw new AssertionError("descriptors: " + baseline.size() + " before, " + now.size() + " after; added "
                    + added(baseline, now) + ", gone " + added(now, baseline));
        }
        return now;
    }
}
