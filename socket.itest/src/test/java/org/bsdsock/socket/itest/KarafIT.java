package org.bsdsock.socket.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Karaf features repository in a real Apache Karaf (the distribution from Maven Central,
 * unpacked by Maven into {@code target/}), set up for Java 25 the way the README tells a Karaf
 * user: the {@code socket} feature is installed by Karaf's features service from the
 * repository {@code mvn:org.bsdsock/socket.dist/VERSION/xml/features}, offline, and every
 * bundle of it must resolve and start.
 *
 * <p>Then an application uses the service inside Karaf: the test bundle is dropped into
 * {@code deploy/} and a configuration file into {@code etc/}, which starts its
 * {@code ConfiguredEchoServer} (the seed's echo server on the {@code SocketModule} service), and
 * a client outside Karaf exchanges data with it.
 *
 * <p>Karaf 4.4's console cannot start on Java 24 and later by itself (its shell calls
 * {@code Subject.getSubject}, which those Javas no longer support); with the {@code socket.karaf}
 * bundle at start level 1 (a weaving hook that makes those calls {@code Subject.current()}) it
 * does, and the test types the socket commands into it: a name lookup, the seed's echo client
 * against the configured echo server, {@code socket:ls}.
 *
 * <p>The provider is the one under test ({@link FelixOptions#PROVIDER}): for {@code native} the
 * {@code socket} feature (API, native provider, shell); for {@code uring} the
 * {@code socket-uring} feature (API, the io_uring provider and the shell, the native provider
 * not installed). Either way the echo server and the commands must run on that provider
 * ({@code socket:providers}, {@code socket:ls}).
 */
class KarafIT {
    private static final String VERSION = System.getProperty("itest.version", "0.1.0-SNAPSHOT");
    /** Karaf as Maven unpacked it; each run works on a fresh copy. */
    private static final Path PRISTINE = Path.of(System.getProperty("itest.karaf", "target/karaf/apache-karaf-4.4.10"));
    private static final Path KARAF = Path.of("target/karaf-run");
    private static final Path SETUP = Path.of(System.getProperty("itest.karafSetup", "../socket.dist/target/karaf"));
    /** What Karaf's system repository gets: every bundle the features repository names. */
    private static final List<String> BUNDLES = List.of("socket.api", FelixOptions.NATIVE, FelixOptions.URING, "socket.shell");
    private static final boolean URING = FelixOptions.PROVIDER.equals("uring");
    /** The feature booted, and the bundles it must install and start (and the provider it must not). */
    private static final String FEATURE = URING ? "socket-uring" : "socket";
    private static final List<String> STARTED = URING ? List.of("socket.api", FelixOptions.URING, "socket.shell")
            : List.of("socket.api", FelixOptions.NATIVE, "socket.shell");

    private Process karaf;

    @Test
    void theSocketFeatureInstallsAndItsBundlesStart() throws Exception {
        assertTrue(Files.isExecutable(PRISTINE.resolve("bin/karaf")), "no Karaf at " + PRISTINE.toAbsolutePath());
        run("rm", "-rf", KARAF.toString());
        run("cp", "-a", PRISTINE.toString(), KARAF.toString());
        run("rm", "-rf", KARAF.resolve("data").toString());
        prepare();
        Path log = KARAF.resolve("data/log/karaf.log");
        // Karaf with its console on a terminal of its own (script(1) gives it a pseudo-terminal),
        // which the test types into.
        ProcessBuilder pb = new ProcessBuilder(List.of("script", "-qfec", "bin/karaf", "/dev/null")).directory(KARAF.toFile())
                .redirectErrorStream(true).redirectOutput(KARAF.resolve("console.out").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        karaf = pb.start();
        String text = "";
        for (int i = 0; i < 1_200 && karaf.isAlive(); i++) { // bounded: 120 s
            text = Files.isRegularFile(log) ? Files.readString(log) : "";
            if (text.contains("Starting bundles:") && text.lines().anyMatch(l -> l.endsWith("| Done."))
                    || text.contains("Error installing boot features")) {
                break;
            }
            karaf.waitFor(100, TimeUnit.MILLISECONDS);
        }
        String installed = text.lines().filter(l -> l.contains("FeaturesServiceImpl")).collect(Collectors.joining("\n"));
        assertFalse(text.contains("Error installing boot features"), installed);
        for (String bundle : STARTED) {
            assertTrue(installed.contains("mvn:org.bsdsock/" + bundle + "/" + VERSION), bundle + " not installed:\n" + installed);
            // Started bundles are listed by symbolic name and version, e.g. "  socket.api/0.1.0.2026...".
            assertTrue(installed.lines().anyMatch(l -> l.matches(".*\\|\\s+" + java.util.regex.Pattern.quote(bundle) + "/\\d.*")),
                    bundle + " not started:\n" + installed);
        }
        List<String> errors = text.lines().filter(l -> l.contains("| ERROR |") || l.contains("| WARN  |"))
                .filter(l -> l.contains("socket")).toList();
        assertTrue(errors.isEmpty(), String.join("\n", errors));
        assertFalse(installed.contains("mvn:org.bsdsock/" + FelixOptions.OTHER_PROVIDER_BUNDLE + "/"),
                "the feature " + FEATURE + " installed the other provider:\n" + installed);

        // An application on the service: the echo server starts from a configuration file.
        int port = freePort();
        Files.copy(Path.of(System.getProperty("itest.consumer", "target/socket.itest.jar")),
                KARAF.resolve("deploy/socket.itest.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(KARAF.resolve("etc/org.bsdsock.socket.itest.echo.cfg"), "port = " + port + "\n");
        try (Socket client = connectWithin(port, 60)) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write("Hello, world".getBytes(StandardCharsets.UTF_8));
            byte[] back = client.getInputStream().readNBytes(12);
            assertEquals("Hello, world", new String(back, StandardCharsets.UTF_8), "the echo from inside Karaf");
        }

        // The socket commands in Karaf's console (on Java 25 thanks to socket.karaf's weaving).
        awaitConsole("@root()>", 120);
        // the commands are there once the shell bundle has started
        typeUntil("socket:providers", "\\* service \\d+ +provider=" + FelixOptions.PROVIDER + " ", 60);
        type("socket:gethostbyname localhost");
        awaitConsole("127.0.0.1", 30);
        type("socket:echo_client 127.0.0.1 " + port + " \"Hello, Karaf\"");
        awaitConsole("Received 'Hello, Karaf'", 30);
        type("socket:ls");
        // the configured echo server's listener, owned by its bundle, on the provider under test
        typeUntil(null, "LISTEN +127\\.0\\.0\\.1:" + port + " .*socket\\.itest \\[\\d+\\] \\(" + FelixOptions.PROVIDER + "\\)", 30);
    }

    /** Types a command line into Karaf's console. */
    private void type(String line) throws IOException {
        karaf.getOutputStream().write((line + "\r").getBytes(StandardCharsets.UTF_8));
        karaf.getOutputStream().flush();
    }

    /**
     * Types {@code line} (if not null) every 5 s until the console shows a line matching
     * {@code regex} somewhere (terminal escapes left out), bounded.
     */
    private void typeUntil(String line, String regex, int seconds) throws Exception {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
        Path out = KARAF.resolve("console.out");
        String shown = "";
        for (int i = 0; i < seconds * 10 && karaf.isAlive(); i++) {
            if (line != null && i % 50 == 0) {
                type(line);
            }
            shown = Files.readString(out, StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;?]*[a-zA-Z]", "");
            if (shown.lines().anyMatch(l -> p.matcher(l).find())) {
                return;
            }
            Thread.sleep(100); // polling the console's output file
        }
        throw new AssertionError("Karaf's console did not show a line matching '" + regex + "' within " + seconds
                + " s:\n" + shown);
    }

    /** Waits until the console has printed {@code text} (terminal escapes left out), bounded. */
    private void awaitConsole(String text, int seconds) throws Exception {
        Path out = KARAF.resolve("console.out");
        String shown = "";
        for (int i = 0; i < seconds * 10 && karaf.isAlive(); i++) {
            shown = Files.readString(out, StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;?]*[a-zA-Z]", "");
            if (shown.contains(text)) {
                return;
            }
            Thread.sleep(100); // polling the console's output file
        }
        throw new AssertionError("Karaf's console did not show '" + text + "' within " + seconds + " s:\n" + shown);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** @return a connection to 127.0.0.1:port, once the server listens (bounded wait) */
    private Socket connectWithin(int port, int seconds) throws Exception {
        IOException last = null;
        for (int i = 0; i < seconds * 10 && karaf.isAlive(); i++) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (IOException e) {
                last = e; // not listening yet: fileinstall and SCR take their time
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the echo server in Karaf did not listen on " + port + " within " + seconds
                + " s:\n" + Files.readString(KARAF.resolve("data/log/karaf.log")), last);
    }

    /** Karaf as the README sets it up for Java 25, with this build's artifacts in its system repository. */
    private static void prepare() throws IOException {
        Path etc = KARAF.resolve("etc");
        // EventAdmin calls Subject.getSubject, which Java 24+ refuses: Karaf's boot would fail.
        edit(etc.resolve("startup.properties"), s -> s.lines()
                .filter(l -> !l.contains("org.apache.karaf.services.eventadmin")).collect(Collectors.joining("\n", "", "\n")));
        edit(etc.resolve("org.apache.karaf.features.cfg"), s -> s
                .replaceAll("(?m)^\\s*eventadmin/[^,]*, \\\\\\n", "")
                .replaceFirst("featuresRepositories = \\\\", "featuresRepositories = \\\\\n    mvn:org.bsdsock/socket.dist/" + VERSION + "/xml/features, \\\\")
                .replaceFirst("featuresBoot = \\\\", "featuresBoot = \\\\\n    " + FEATURE + "/" + VERSION + ", \\\\"));
        // Offline: Karaf's system repository and Maven's local repository only.
        edit(etc.resolve("org.ops4j.pax.url.mvn.cfg"), s -> s.replaceAll("(?ms)^org.ops4j.pax.url.mvn.repositories=.*?(?=^org.ops4j.pax.url.mvn.timeout)",
                "org.ops4j.pax.url.mvn.repositories=\norg.ops4j.pax.url.mvn.localRepository=" + System.getProperty("itest.localRepository", "")
                        + "\n"));
        Files.writeString(etc.resolve("custom.properties"), String.join("\n", Files.readAllLines(SETUP.resolve("custom.properties"))) + "\n",
                StandardOpenOption.APPEND);
        Files.writeString(KARAF.resolve("bin/setenv"), String.join("\n", Files.readAllLines(SETUP.resolve("setenv"))) + "\n",
                StandardOpenOption.APPEND);
        // Karaf 4.4's console on Java 25: the weaving hook first of all bundles (README, Karaf).
        install(Path.of(System.getProperty("itest.karafShim", "../socket.karaf/target/socket.karaf-" + VERSION + ".jar")),
                "socket.karaf", "socket.karaf-" + VERSION + ".jar");
        edit(etc.resolve("startup.properties"), s -> s.replaceFirst("(?m)^(mvn\\\\:)", "mvn\\\\:org.bsdsock/socket.karaf/" + VERSION + " = 1\n$1"));
        FelixOptions.shippedBundles(); // the jars the distribution ships, unpacked
        for (String bundle : BUNDLES) {
            String name = bundle + "-" + VERSION + ".jar";
            install(Path.of(System.getProperty("itest.bundles", "target/bundles"), name), bundle, name);
        }
        install(Path.of(SETUP.resolve("features.xml").toString()), "socket.dist",
                "socket.dist-" + VERSION + "-features.xml");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + " failed");
    }

    private static void install(Path file, String artifactId, String name) throws IOException {
        Path dir = KARAF.resolve("system/org/bsdsock").resolve(artifactId).resolve(VERSION);
        Files.createDirectories(dir);
        Files.copy(file, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void edit(Path file, java.util.function.UnaryOperator<String> change) throws IOException {
        Files.writeString(file, change.apply(Files.readString(file, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @AfterEach
    void stopKaraf() throws InterruptedException {
        if (karaf == null) {
            return;
        }
        List<ProcessHandle> all = karaf.descendants().collect(Collectors.toList());
        all.add(karaf.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }
}
