package org.bsdsock.socket.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Every live thread, virtual ones included, from the JVM's own thread dump
 * ({@code jcmd Thread.dump_to_file}, {@code Thread.print}): {@link Thread#getAllStackTraces()}
 * lists platform threads only, so it never sees a virtual thread such as a sub-poller.
 */
public final class Threads {
    private static final Pattern NAME = Pattern.compile("\"name\": \"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern PLATFORM_LINE = Pattern.compile("^\".*\" #(\\d+) .*\\bnid=(0x[0-9a-fA-F]+|\\d+)\\b");

    private Threads() {
    }

    /** @return the names of every live thread, platform and virtual, as the JSON thread dump lists them */
    public static List<String> names() {
        try {
            Path dump = Files.createTempFile("threads", ".json");
            try {
                Files.delete(dump); // the dump command refuses to overwrite
                diagnosticCommand("threadDumpToFile", "-format=json", dump.toString());
                List<String> names = new ArrayList<>();
                Matcher m = NAME.matcher(Files.readString(dump));
                while (m.find()) {
                    names.add(m.group(1));
                }
                return names;
            } finally {
                Files.deleteIfExists(dump);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return how many live threads, platform and virtual, have a name starting with {@code prefix} */
    public static long count(String prefix) {
        return names().stream().filter(n -> n.startsWith(prefix)).count();
    }

    /**
     * @return the Linux task id of platform thread {@code t} (the {@code nid} of {@code jcmd
     *         Thread.print}), or -1 if the dump does not list it (a virtual thread, or one that ended)
     */
    public static int nativeId(Thread t) {
        for (String line : diagnosticCommand("threadPrint").lines().toList()) {
            Matcher m = PLATFORM_LINE.matcher(line);
            if (m.find() && Long.parseLong(m.group(1)) == t.threadId()) {
                return Integer.decode(m.group(2));
            }
        }
        return -1;
    }

    private static String diagnosticCommand(String operation, String... args) {
        try {
            return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
                    new Object[] {args}, new String[] {String[].class.getName()}));
        } catch (JMException e) {
            throw new IllegalStateException("diagnostic command " + operation + " failed", e);
        }
    }
}
