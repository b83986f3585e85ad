package org.bsdsock.socket.attack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** This process's open descriptors, as Linux lists them in {@code /proc/self/fd}. */
final class Descriptors {
    private Descriptors() {
    }

    private static final Path FD = Path.of("/proc/self/fd");

    /**
     * @return the targets of the open socket descriptors ({@code socket:[inode]}), sorted; the
     *         JVM, Maven's fork and the fuzzer hold none, so every one is the module's or a test's
     */
    static List<String> sockets() {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FD)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:")) {
                        out.add(target);
                    }
                } catch (IOException closedMeanwhile) {
                    // the listing's own descriptor, or one closed while listing
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    /** @return whether descriptor {@code fd} is open now */
    static boolean isOpen(int fd) {
        return fd >= 0 && Files.exists(FD.resolve(Integer.toString(fd)), LinkOption.NOFOLLOW_LINKS);
    }

    /** @return the highest open descriptor number */
    static int highest() {
        int max = -1;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FD)) {
            for (Path fd : fds) {
                max = Math.max(max, Integer.parseInt(fd.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return max;
    }
}
