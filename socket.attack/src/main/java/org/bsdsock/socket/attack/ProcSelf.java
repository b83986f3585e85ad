package org.bsdsock.socket.attack;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** @return descriptors and threads, for a report line */
    static String summary() {
        return descriptors() + " descriptors, " + platformThreads() + " platform threads (" + kernelThreads()
                + " kernel threads)";
    }
}
