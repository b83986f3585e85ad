package org.bsdsock.socket.provider.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bsdsock.socket.api.Ucred;
import org.bsdsock.socket.testing.Fds;

/**
 * Raw descriptors for the message tests: files opened with {@code open(2)} (Java hides a
 * channel's descriptor), what they hold, which of the process's descriptors a test can account
 * for, and this process's credentials. What {@code /proc/self} says about any descriptor is
 * {@link Fds}'s.
 */
final class FileFds {
    private FileFds() {
    }

    /** Opens {@code file} read-only with {@code open(2)}; the caller closes the descriptor. */
    static int open(Path file) {
        Scratch s = Scratch.get();
        try (Arena arena = Arena.ofConfined()) {
            int fd = Libc.open(s.state, arena.allocateFrom(file.toString()), Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
            assertTrue(fd >= 0, "open " + file + ": errno " + s.errno());
            return fd;
        }
    }

    /** Creates {@code n} files in {@code dir}, file i holding the text i, and opens each (CPython's newFDs). */
    static int[] newFiles(Path dir, int n) throws IOException {
        int[] fds = new int[n];
        for (int i = 0; i < n; i++) {
            Path f = Files.createTempFile(dir, "fd" + i + "-", ".txt");
            Files.writeString(f, String.valueOf(i));
            fds[i] = open(f);
        }
        return fds;
    }

    /** @return the content of the file {@code fd} refers to, read through {@code /proc/self/fd} */
    static String read(int fd) {
        try {
            return Files.readString(Path.of("/proc/self/fd/" + fd));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks that descriptor i reads as the text i (CPython's checkFDs). */
    static void checkFiles(int[] fds) {
        for (int i = 0; i < fds.length; i++) {
            assertEquals(String.valueOf(i), read(fds[i]), "descriptor " + fds[i] + " is file " + i);
        }
    }

    /**
     * The descriptors a test can account for: sockets, pipes and files under {@code dir}
     * (not the jars or the pollers' epoll and eventfd that the JVM and the provider open on
     * their own schedule).
     */
    static List<String> accountable(Path dir) {
        return Fds.open().stream()
                .filter(t -> t.startsWith("socket:") || t.startsWith("pipe:") || t.startsWith(dir.toString()))
                .toList();
    }

    /** @return the accountable descriptors open now that were not in {@code before} (a result of {@link #accountable}) */
    static List<String> gainedSince(List<String> before, Path dir) {
        return Fds.added(before, accountable(dir));
    }

    /** This process's credentials as the kernel reports them to a peer: pid, effective uid and gid. */
    static Ucred ours() {
        try {
            int uid = -1;
            int gid = -1;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                // "Uid:	real	effective	saved	fs"
                if (line.startsWith("Uid:")) {
                    uid = Integer.parseInt(line.split("\\s+")[2]);
                } else if (line.startsWith("Gid:")) {
                    gid = Integer.parseInt(line.split("\\s+")[2]);
                }
            }
            return new Ucred((int) ProcessHandle.current().pid(), uid, gid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
