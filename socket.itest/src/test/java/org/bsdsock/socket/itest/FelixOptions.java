package org.bsdsock.socket.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.ops4j.pax.exam.Option;

/**
 * The framework every integration test boots: the bundles the distribution ships
 * ({@code socket.dist/target/socket.jar}, system property {@code itest.distribution}), less the
 * console, installed from {@code file:} URLs. The tests therefore run what users run: the
 * distribution's resolved list is the only list of runtime bundles.
 */
final class FelixOptions {
    private FelixOptions() {
    }

    /**
     * Shipped bundles the tests leave out, by symbolic name: the console reads the terminal,
     * which in the test JVM is the test runner's channel. A console bundle added to the
     * distribution belongs here.
     */
    static final Set<String> CONSOLE = Set.of("org.apache.felix.gogo.shell", "org.apache.felix.gogo.jline");

    /** The native provider's bundle. */
    static final String NATIVE = "socket.provider.native";

    /**
     * The io_uring provider's bundle. The distribution ships it beside the native provider
     * (ranked below it); the tests written about one provider ({@link #felix}: stopping it
     * leaves none, its hand-over goes to itself, {@code socket:providers} lists it alone) run
     * with one of the two ({@link #PROVIDER}), and the tests of the two providers
     * ({@link #felixWithout}) choose.
     */
    static final String URING = "socket.provider.uring";

    /**
     * The provider the one-provider tests run on, {@code native} or {@code uring}: system
     * property {@code itest.provider} (default {@code native}; the build runs those tests once
     * with each). It is the service property {@code provider} of that provider's service.
     */
    static final String PROVIDER = chosenProvider();

    /** {@link #PROVIDER}'s bundle symbolic name (also its jar's name in {@code target/bundles}): {@link #NATIVE} or {@link #URING}. */
    static final String PROVIDER_BUNDLE = "socket.provider." + PROVIDER;

    /** The shipped provider {@link #felix} leaves out: the one not chosen. */
    static final String OTHER_PROVIDER_BUNDLE = PROVIDER_BUNDLE.equals(NATIVE) ? URING : NATIVE;

    /** {@link #PROVIDER}'s configuration PID (Config Admin: {@code default.timeout}, {@code handover.window}). */
    static final String PROVIDER_PID = "org.bsdsock.socket.provider." + PROVIDER;

    /** {@link #PROVIDER}'s {@code service.ranking} unless configured: the native provider 0, the uring provider -1. */
    static final int PROVIDER_RANKING = PROVIDER.equals("native") ? 0 : -1;

    private static String chosenProvider() {
        // The failsafe execution uring-provider says so in a property of its own: Maven's user
        // properties (-Ditest.provider=...) override every execution's itest.provider.
        String p = Boolean.getBoolean("itest.uringExecution") ? "uring" : System.getProperty("itest.provider", "native").trim();
        if (!p.equals("native") && !p.equals("uring")) {
            throw new IllegalStateException("itest.provider is " + p + ": native or uring");
        }
        return p;
    }

    /** What the tests themselves use inside the framework: waiting, and what Linux says about the process. */
    static final List<String> TEST_SUPPORT = List.of("hamcrest", "awaitility", "socket.testing");

    private static List<String> shipped;

    /** @return the {@code file:} URL of a bundle Maven copied for the tests ({@code target/bundles/NAME.jar}) */
    static String url(String name) {
        File f = new File(System.getProperty("itest.bundles", "target/bundles"), name + ".jar");
        if (!f.isFile()) {
            throw new IllegalStateException("missing test bundle " + f + " (run the tests through Maven)");
        }
        return f.toURI().toString();
    }

    /** @return the {@code file:} URLs of the shipped bundles, less {@link #CONSOLE}, unpacked once per JVM */
    static synchronized List<String> shippedBundles() {
        if (shipped == null) {
            shipped = unpack(Path.of(System.getProperty("itest.distribution", "../socket.dist/target/socket.jar")),
                    Path.of(System.getProperty("itest.bundles", "target/bundles")));
        }
        return shipped;
    }

    private static List<String> unpack(Path distribution, Path into) {
        if (!Files.isRegularFile(distribution)) {
            throw new IllegalStateException("no distribution at " + distribution.toAbsolutePath()
                    + " (run the tests through Maven)");
        }
        List<String> urls = new ArrayList<>();
        try (JarFile jar = new JarFile(distribution.toFile())) {
            Properties launch = new Properties();
            try (InputStream in = jar.getInputStream(jar.getEntry("launcher.properties"))) {
                launch.load(in);
            }
            Files.createDirectories(into);
            for (String path : launch.getProperty("launch.bundles", "").split(",")) {
                ZipEntry entry = jar.getEntry(path.trim());
                if (entry == null) {
                    throw new IllegalStateException("the distribution lists " + path + " but does not carry it");
                }
                Path bundle = into.resolve(Path.of(entry.getName()).getFileName());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, bundle, StandardCopyOption.REPLACE_EXISTING);
                }
                if (!CONSOLE.contains(symbolicName(bundle))) {
                    urls.add(bundle.toUri().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (urls.isEmpty()) {
            throw new IllegalStateException("the distribution " + distribution + " lists no bundles");
        }
        return List.copyOf(urls);
    }

    private static String symbolicName(Path bundle) throws IOException {
        try (JarFile jar = new JarFile(bundle.toFile())) {
            String bsn = jar.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            return bsn == null ? "" : bsn.split(";")[0].trim();
        }
    }

    private static String symbolicName(String url) {
        try {
            return symbolicName(Path.of(java.net.URI.create(url)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the {@code file:} URL of this module's own bundle of test components */
    static String consumerBundle() {
        File f = new File(System.getProperty("itest.consumer", "target/socket.itest.jar"));
        if (!f.isFile()) {
            throw new IllegalStateException("missing test component bundle " + f + " (run the tests through Maven)");
        }
        return f.toURI().toString();
    }

    /**
     * @return the base configuration (the shipped bundles with one provider, {@link #PROVIDER}:
     *         the other one is left out) plus {@code extra} options
     */
    static Option[] felix(Option... extra) {
        return felixWithout(Set.of(OTHER_PROVIDER_BUNDLE), extra);
    }

    /**
     * @param leftOut the shipped bundles not to install, by symbolic name (e.g. one of the providers)
     * @return the shipped bundles but {@code leftOut}, the test support, and {@code extra} options
     */
    static Option[] felixWithout(Set<String> leftOut, Option... extra) {
        List<Option> all = new ArrayList<>();
        all.add(cleanCaches(true));
        all.add(junitBundles());
        all.add(systemTimeout(60_000));
        for (String url : shippedBundles()) {
            if (!leftOut.contains(symbolicName(url))) {
                all.add(bundle(url));
            }
        }
        for (String b : TEST_SUPPORT) {
            all.add(bundle(url(b)));
        }
        all.addAll(List.of(extra));
        return options(all.toArray(Option[]::new));
    }
}
