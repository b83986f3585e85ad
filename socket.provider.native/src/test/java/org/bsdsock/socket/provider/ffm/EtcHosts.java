package org.bsdsock.socket.provider.ffm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether a name is answered from {@code /etc/hosts}: tests that resolve the machine's own name
 * (directly, or through {@code getfqdn()}) run only where it is listed there, so that none of
 * them sends a DNS query; elsewhere they skip, visibly.
 */
final class EtcHosts {
    private EtcHosts() {
    }

    /** @return true if a line of {@code /etc/hosts} lists {@code name} (as its name or an alias) */
    static boolean lists(String name) {
        try {
            return Files.readAllLines(Path.of("/etc/hosts")).stream()
                    .map(l -> l.replaceFirst("#.*", "").trim())
                    .filter(l -> !l.isEmpty())
                    .anyMatch(l -> Arrays.stream(l.split("\\s+")).skip(1).anyMatch(name::equalsIgnoreCase));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return true if the machine's own name ({@code gethostname()}) is in {@code /etc/hosts}; says so when not */
    static boolean listsOwnName(SocketModule module, String test) throws SocketException {
        String me = module.gethostname();
        boolean listed = lists(me);
        if (!listed) {
            System.err.println("[" + test + "] this machine's name " + me + " is not in /etc/hosts: "
                    + "the checks that resolve it are SKIPPED (they would query DNS)");
        }
        return listed;
    }

    /** Skips the calling test unless the machine's own name is in {@code /etc/hosts}. */
    static void assumeOwnNameListed(SocketModule module, String test) throws SocketException {
        String me = module.gethostname();
        Assumptions.assumeTrue(listsOwnName(module, test), () -> me + " is not in /etc/hosts: resolving it would query DNS");
    }
}
