package org.bsdsock.socket.attack;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What Linux and the JVM say about this process: descriptors and threads. */
final class ProcSelf {
    private ProcSelf() {
    }

    /** @return the open descriptors (less the listing's own) */
    static long descriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count() - 1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** @return the kernel's thread count for this process ({@code Threads:} in /proc/self/status) */
    static long kernelThreads() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Threads:"))
                    .mapToLong(l -> Long.parseLong(l.substring(8).trim())).findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /** @return the live platform threads the JVM reports (virtual threads are not counted) */
    static int platformThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** @return what each open descriptor refers to, e.g. {@code socket:[123]}, {@code anon_inode:[eventpoll]} */
    static List<String> descriptorTargets() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    return null;
                }
            }).filter(t -> t != null).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** @return the names of the live platform threads */
    static List<String> platformThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !t.isVirtual()).map(Thread::getName).sorted().toList();
    }

    /**
     * @return what is in {@code now} and not in {@code before}, kinds counted: socket and pipe
     *         inodes and thread numbers are folded, e.g. {@code socket x2, ForkJoinPool-1-worker-N x2}
     */
    static String gained(List<String> before, List<String> now) {
        List<String> rest = new ArrayList<>(now);
        before.forEach(rest::remove);
        Map<String, Long> kinds = new TreeMap<>();
        for (String r : rest) {
            kinds.merge(r.replaceAll("\\[\\d+\\]", "").replaceAll("\\d+", "N"), 1L, Long::sum);
        }
        return kinds.isEmpty() ? "none" : kinds.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** @return descriptors and threads, for a report line */
    static String summary() {
        return descriptors() + " descriptors, " + platformThreads() + " platform threads (" + kernelThreads()
                + " kernel threads)";
    }
}
