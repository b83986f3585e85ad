package org.bsdsock.socket.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.bsdsock.socket.api.SocketConstants;

/** This process's open descriptors, as {@code /proc/self/fd} and {@code /proc/self/fdinfo} show them. */
public final class Fds {
    private Fds() {
    }

    /** @return the targets of the open descriptors, e.g. {@code socket:[123]}, {@code pipe:[45]}, a path; sorted */
    public static List<String> open() {
        return byNumber().values().stream().sorted().toList();
    }

    /** @return the open descriptors: number to target */
    public static Map<Integer, String> byNumber() {
        Map<Integer, String> fds = new TreeMap<>();
        try (Stream<Path> list = Files.list(Path.of("/proc/self/fd"))) {
            list.forEach(p -> {
                try {
                    fds.put(Integer.parseInt(p.getFileName().toString()), Files.readSymbolicLink(p).toString());
                } catch (IOException gone) {
                    // the listing's own descriptor, closed meanwhile
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fds;
    }

    /** @return what descriptor {@code fd} refers to ({@code socket:[inode]}, ...), or null if it is not open */
    public static String target(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (NoSuchFileException closed) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the entries of {@code now} that are not in {@code before} (each entry counted as often as it occurs) */
    public static List<String> added(List<String> before, List<String> now) {
        List<String> added = new ArrayList<>(now);
        before.forEach(added::remove);
        return added;
    }

    /** @return the descriptors open now that were not in {@code before} (a result of {@link #open}) */
    public static List<String> openedSince(List<String> before) {
        return added(before, open());
    }

    /** @return how many of {@code fds} (a result of {@link #open}) are sockets */
    public static long sockets(List<String> fds) {
        return fds.stream().filter(t -> t.startsWith("socket:")).count();
    }

    /** @return descriptor {@code fd}'s open-file flags, from the {@code flags:} line of {@code /proc/self/fdinfo} (octal there) */
    public static int flags(int fd) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
                if (line.startsWith("flags:")) {
                    return Integer.parseInt(line.substring("flags:".length()).trim(), 8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no flags line for fd " + fd);
    }

    /** @return whether descriptor {@code fd} is close-on-exec (Linux defines {@code SOCK_CLOEXEC} as {@code O_CLOEXEC}) */
    public static boolean isCloexec(int fd) {
        return (flags(fd) & SocketConstants.SOCK_CLOEXEC) != 0;
    }

    /** @return whether descriptor {@code fd} is in non-blocking mode (Linux defines {@code SOCK_NONBLOCK} as {@code O_NONBLOCK}) */
    public static boolean isNonBlocking(int fd) {
        return (flags(fd) & SocketConstants.SOCK_NONBLOCK) != 0;
    }

    /**
     * The kernel's queues of an IP socket, from {@code /proc/net/tcp}, {@code tcp6}, {@code udp}
     * and {@code udp6} (found by the socket's inode): what it holds without looking at the
     * socket itself, as a receive with {@code MSG_PEEK} would.
     *
     * @return {@code {tx_queue, rx_queue}}: for TCP the bytes sent and not yet acknowledged, and
     *         the bytes received and not yet read (for a listener, the connections waiting to be
     *         accepted); for UDP the memory the queued datagrams take
     * @throws AssertionError if {@code fd} is not an open IP socket
     */
    public static long[] queues(int fd) {
        String target = target(fd);
        if (target == null || !target.startsWith("socket:[")) {
            throw new AssertionError("fd " + fd + " is not a socket: " + target);
        }
        String inode = target.substring("socket:[".length(), target.length() - 1);
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/net/" + table))) {
                    String[] f = line.trim().split("\\s+");
                    // sl local rem st tx_queue:rx_queue tr:when retrnsmt uid timeout inode ...
                    if (f.length > 9 && f[9].equals(inode)) {
                        String[] q = f[4].split(":");
                        return new long[] {Long.parseLong(q[0], 16), Long.parseLong(q[1], 16)};
                    }
                }
            } catch (NoSuchFileException noIpv6) {
                // a kernel without IPv6
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new AssertionError("socket " + target + " (fd " + fd + ") is in no /proc/net table");
    }

    /**
     * Waits (bounded) until the process holds no descriptor that it did not hold at
     * {@code baseline}: closing is synchronous, but a descriptor still in use by a woken caller
     * is closed by the last one to leave. (Descriptors may be gone: a socket made since has a
     * new inode, so it shows as added.)
     *
     * @return the descriptors open then
     * @throws AssertionError naming the added descriptors if some stay
     */
    public static List<String> awaitBaseline(List<String> baseline, Duration within) {
        try {
            return await().atMost(within).pollInSameThread().pollInterval(Duration.ofMillis(1))
                    .until(Fds::open, now -> added(baseline, now).isEmpty());
        } catch (ConditionTimeoutException e) {
            List<String> now = open();
            throw new AssertionError("descriptors: " + baseline.size() + " before, " + now.size() + " after; added "
                    + added(baseline, now) + ", gone " + added(now, baseline), e);
        }
    }
}
