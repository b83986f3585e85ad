package org.bsdsock.socket.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.ops4j.pax.exam.Option;

/**
 * The framework every integration test boots: Felix with SCR, Gogo's runtime and commands,
 * and the socket bundles, all installed from {@code file:} URLs that Maven prepared in
 * {@code target/bundles} (system property {@code itest.bundles}).
 */
final class FelixOptions {
    private FelixOptions() {
    }

    static final List<String> PLATFORM = List.of(
            "org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component",
            "org.apache.felix.configadmin", "org.apache.felix.metatype", "org.apache.felix.scr", "org.apache.felix.gogo.runtime", "org.apache.felix.gogo.command");

    static final List<String> SOCKET = List.of("socket.api", "socket.provider.native", "socket.shell");

    /** What the tests themselves use inside the framework: waiting, and what Linux says about the process. */
    static final List<String> TEST_SUPPORT = List.of("hamcrest", "awaitility", "socket.testing");

    /** @return the {@code file:} URL of a bundle Maven copied for the tests */
    static String url(String name) {
        File f = new File(System.getProperty("itest.bundles", "target/bundles"), name + ".jar");
        if (!f.isFile()) {
            throw new IllegalStateException("missing test bundle " + f + " (run the tests through Maven)");
        }
        return f.toURI().toString();
    }

    /** @return the {@code file:} URL of this module's own bundle of test components */
    static String consumerBundle() {
        File f = new File(System.getProperty("itest.consumer", "target/socket.itest.jar"));
        if (!f.isFile()) {
            throw new IllegalStateException("missing test component bundle " + f + " (run the tests through Maven)");
        }
        return f.toURI().toString();
    }

    /** @return the base configuration plus {@code extra} options */
    static Option[] felix(Option... extra) {
        List<Option> all = new ArrayList<>();
        all.add(cleanCaches(true));
        all.add(junitBundles());
        all.add(systemTimeout(60_000));
        for (String b : PLATFORM) {
            all.add(bundle(url(b)));
        }
        for (String b : SOCKET) {
            all.add(bundle(url(b)));
        }
        for (String b : TEST_SUPPORT) {
            all.add(bundle(url(b)));
        }
        all.addAll(List.of(extra));
        return options(all.toArray(Option[]::new));
    }
}
