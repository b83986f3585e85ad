package org.bsdsock.socket.itest;

import java.util.List;
import java.util.concurrent.Callable;
import org.bsdsock.socket.testing.Fds;

/**
 * What a process holds at a moment the load's short connections are not open, for the tests
 * that compare before and after a hand-over under load: the fewest of a few samples.
 */
final class Quiet {
    private Quiet() {
    }

    /** @return the smallest of 41 samples taken 5 ms apart */
    static List<String> fewest(Callable<List<String>> sample) throws Exception {
        List<String> fewest = sample.call();
        for (int i = 0; i < 40; i++) {
            Thread.sleep(5);
            List<String> now = sample.call();
            if (now.size() < fewest.size()) {
                fewest = now;
            }
        }
        return fewest;
    }

    /** @return the process's descriptors, but the framework's copies of bundle jars (each update adds its own) */
    static List<String> descriptors() {
        return Fds.open().stream().filter(f -> !f.endsWith(".jar")).toList();
    }
}
