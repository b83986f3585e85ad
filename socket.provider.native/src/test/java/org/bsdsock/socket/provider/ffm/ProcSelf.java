package org.bsdsock.socket.provider.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * What Linux says about this process: its descriptor limit and its platform threads (its
 * descriptors: {@link org.bsdsock.socket.testing.Fds}).
 */
final class ProcSelf {
    private ProcSelf() {
    }

    /**
     * Reads "Max open files" from {@code /proc/self/limits}, prints it, asserts the soft
     * limit is the hard one (HotSpot raises it with {@code -XX:+MaxFDLimit}, the default,
     * set explicitly in the pom) and skips, visibly, when even that is below {@code needed}.
     */
    static void assumeFdLimit(String test, int needed) throws IOException {
        String line = Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow();
        String[] f = line.substring("Max open files".length()).trim().split("\\s+");
        long soft = Long.parseLong(f[0]);
        long hard = f[1].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(f[1]);
        System.err.println("[" + test + "] JVM RLIMIT_NOFILE soft " + f[0] + " hard " + f[1]);
        assertEquals(hard, soft, "the JVM's soft descriptor limit is below its hard limit (-XX:+MaxFDLimit?)");
        if (soft < needed) {
            System.err.println("[" + test + "] descriptor limit " + soft + " < " + needed + ": scale test SKIPPED");
        }
        Assumptions.assumeTrue(soft >= needed, "descriptor limit " + soft + " < " + needed);
    }

    /** @return the live platform threads' names and classes (virtual threads are not listed) */
    static Set<String> platformThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.isVirtual())
                .map(ProcSelf::describe)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** @return the stacks of the live platform threads whose names start with {@code prefix}, for a failure message */
    static String stacks(String prefix) {
        StringBuilder b = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().startsWith(prefix)) {
                b.append('\n').append(t).append(' ').append(t.getState());
                for (StackTraceElement e : stack) {
                    b.append("\n    at ").append(e);
                }
            }
        });
        return b.isEmpty() ? "no thread named " + prefix + "*" : b.toString();
    }

    static String describe(Thread t) {
        return t.getName() + " (" + t.getClass().getSimpleName() + " #" + t.threadId() + ")";
    }
}
