package org.bsdsock.socket.provider.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The {@code platform} poller mode ({@code -Dorg.bsdsock.socket.pollers=platform}, read once
 * when the provider loads): the virtual-thread I/O tests, the close wake-ups and the poller
 * life cycle, run again in a JVM of their own started in that mode.
 */
@Tag("reliability")
class PlatformPollersTest {
    /** The classes that wait on pollers. */
    static final List<Class<?>> SUITE = List.of(VirtualThreadIoTest.class, CloseWhileBlockedTest.class,
            PollerStopTest.class, SignalsAndInterruptsTest.class);

    @Test
    void theVirtualThreadTestsPassWithPlatformPollers() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // this JVM's options (native access, the two carriers, the descriptor limit), then the mode
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-Dorg.bsdsock.socket.pollers=platform");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), InPlatformMode.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try {
            out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            if (!child.waitFor(600, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        System.err.println("[PlatformPollersTest] " + out.lines().filter(l -> l.startsWith("[platform pollers]")).toList());
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("[platform pollers] mode platform"), out);
    }

    /** The child JVM: runs {@link #SUITE} and exits with 0 only if every test passed. */
    public static final class InPlatformMode {
        public static void main(String[] args) throws IOException {
            System.out.println("[platform pollers] mode " + (Pollers.PLATFORM_POLLERS ? "platform" : "virtual"));
            LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
            SUITE.forEach(c -> request.selectors(selectClass(c)));
            LauncherDiscoveryRequest built = request.build();
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            launcher.execute(built, listener);
            TestExecutionSummary summary = listener.getSummary();
            summary.printFailuresTo(new java.io.PrintWriter(System.out, true), 20);
            System.out.println("[platform pollers] " + summary.getTestsSucceededCount() + " passed, "
                    + summary.getTestsFailedCount() + " failed, " + summary.getTestsSkippedCount() + " skipped");
            System.exit(Pollers.PLATFORM_POLLERS && summary.getTestsFailedCount() == 0
                    && summary.getTestsSucceededCount() > 0 ? 0 : 1);
        }
    }
}
