package org.bsdsock.socket.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.itest.consumer.HotSwapConsumer;
import org.bsdsock.socket.itest.consumer.LiveEchoServer;
import org.bsdsock.socket.itest.consumer.WholeApiConsumer;
import org.bsdsock.socket.spi.SocketKeeper;
import org.bsdsock.socket.testing.Fds;
import org.junit.After;
import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Both providers, as the distribution ships them: consumers use the one of higher
 * {@code service.ranking} (native, 0, unless the uring provider's configuration ranks it higher),
 * a ranking changed through Config Admin moves them, and a live echo server under CPython load
 * moves from the native provider to the uring provider and back, by ranking and by stopping the
 * native bundle, with its connections: its sockets are handed over between the two engines.
 *
 * <p>The test component bundle's static, reluctant consumer ({@code WholeApiConsumer}) is disabled
 * here: providers are bundle-scoped, so while one component of a bundle holds the native provider,
 * the native instance serving that bundle stays, and the bundle's sockets with it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class UringSwitchIT {
    private static final String URING_PID = "org.bsdsock.socket.provider.uring";
    private static final int SWITCHES = Integer.getInteger("uring.switches", 20);
    private static final int CONNECTIONS = 50;

    @Inject
    private BundleContext context;

    @Inject
    private CommandProcessor processor;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private LiveEchoServer server;

    @Inject
    private HotSwapConsumer consumer;

    @Configuration
    public Option[] config() {
        return FelixOptions.felixWithout(Set.<String>of(), org.ops4j.pax.exam.CoreOptions.bundle(FelixOptions.consumerBundle()));
    }

    private static void until(BooleanSupplier condition, long millis, Supplier<String> what) {
        await().atMost(Duration.ofMillis(millis)).pollInSameThread()
                .untilAsserted(() -> assertTrue(what.get(), condition.getAsBoolean()));
    }

    private Bundle bundle(String name) {
        return Arrays.stream(context.getBundles()).filter(b -> name.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + name));
    }

    private ComponentDescriptionDTO wholeApiConsumer() {
        return scr.getComponentDescriptionDTO(FrameworkUtil.getBundle(WholeApiConsumer.class),
                WholeApiConsumer.class.getName());
    }

    /** @return the uring provider's service.ranking as registered now */
    private Object uringRanking() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(SocketModule.class.getName(), "(provider=uring)");
            return refs == null ? null : refs[0].getProperty("service.ranking");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** Sets the uring provider's service.ranking through Config Admin; returns once its service shows it. */
    private void rankUring(int ranking) throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(URING_PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("service.ranking", ranking);
        c.update(props);
        until(() -> Integer.valueOf(ranking).equals(uringRanking()), 10_000,
                () -> "the uring provider's service.ranking to become " + ranking + " (it is " + uringRanking() + ")");
    }

    @Before
    public void nativeInUse() throws Exception {
        scr.disableComponent(wholeApiConsumer()).getValue();
        rankUring(-1);
        awaitOn("native");
    }

    @After
    public void bothRunning() throws Exception {
        Bundle n = bundle(FelixOptions.NATIVE);
        if (n.getState() != Bundle.ACTIVE) {
            n.start();
        }
        rankUring(-1);
        scr.enableComponent(wholeApiConsumer()).getValue();
    }

    /** Waits until the test components use {@code provider} and nothing is between providers. */
    private void awaitOn(String provider) {
        until(() -> provider.equals(consumer.provider()) && SocketKeeper.get().heldCount() == 0, 10_000,
                () -> "the components on " + provider + " (they use " + consumer.provider() + "; "
                        + SocketKeeper.get().heldCount() + " sockets between providers)");
    }

    /** @return socket:ls's rows of the test components' bundle, by descriptor: the provider each socket runs on */
    private static Map<Integer, String> providersOfTestSockets(Shell shell) throws Exception {
        Map<Integer, String> by = new java.util.HashMap<>();
        for (String row : shell.print("socket:ls").lines().toList()) {
            if (row.contains("socket.itest [") && row.endsWith(")")) {
                int fd = Integer.parseInt(row.substring(0, row.indexOf(' ')));
                by.put(fd, row.substring(row.lastIndexOf('(') + 1, row.length() - 1));
            }
        }
        return by;
    }

    @Test
    public void aConsumersUseTheHigherRankedProviderAndFollowTheRanking() throws Exception {
        try (Shell shell = new Shell(processor)) {
            until(shell::hasProvider, 10_000, () -> "the shell to bind a provider");
            List<String> rows = shell.print("socket:providers").lines().toList();
            assertEquals(rows.toString(), 2, rows.size());
            assertTrue(rows.get(0), rows.get(0).startsWith("* service ") && rows.get(0).contains("provider=native")
                    && rows.get(0).contains("ranking=0"));
            assertTrue(rows.get(1), rows.get(1).startsWith("  service ") && rows.get(1).contains("provider=uring")
                    && rows.get(1).contains("ranking=-1") && rows.get(1).contains("socket.provider.uring"));
            assertEquals("native", context.getServiceReference(SocketModule.class).getProperty("provider"));
            shell.run("n = socket:socket AF_INET SOCK_STREAM");
            assertTrue(String.valueOf(shell.run("$n provider")).startsWith("native, service "));

            rankUring(10);
            awaitOn("uring");
            assertEquals("uring", context.getServiceReference(SocketModule.class).getProperty("provider"));
            until(() -> {
                try {
                    return shell.print("socket:providers").lines().findFirst().orElse("").matches(
                            "\\* service \\d+ +provider=uring +ranking=10 .*");
                } catch (Exception e) {
                    return false;
                }
            }, 10_000, () -> "the shell to use the uring provider");
            // the shell's socket made on native moved with the shell, and says so
            assertTrue(String.valueOf(shell.run("$n provider")),
                    String.valueOf(shell.run("$n provider")).matches("uring, service \\d+ \\(made by native, service \\d+\\)"));
            until(() -> {
                try {
                    return "uring".equals(shellSocketProviders(shell).get((Integer) shell.run("$n fileno")));
                } catch (Exception e) {
                    return false;
                }
            }, 10_000, () -> "the shell's socket on uring: " + describe(shell, "$n"));
            List<Integer> fds = consumer.openAndHold();
            Map<Integer, String> on = providersOfTestSockets(shell);
            for (int fd : fds) {
                assertEquals("fd " + fd + " in " + on, "uring", on.get(fd));
            }

            // back: the held sockets move to the native provider with the component
            rankUring(-1);
            awaitOn("native");
            assertEquals(3, consumer.stillOpen());
            on = providersOfTestSockets(shell);
            for (int fd : fds) {
                assertEquals("fd " + fd + " in " + on, "native", on.get(fd));
            }
            assertTrue(shell.print("socket:providers").lines().findFirst().orElse("").contains("provider=native"));
            until(() -> {
                try {
                    return "native".equals(shellSocketProviders(shell).get((Integer) shell.run("$n fileno")))
                            && String.valueOf(shell.run("$n provider")).matches("native, service \\d+.*");
                } catch (Exception e) {
                    return false;
                }
            }, 10_000, () -> "the shell's socket back on native: " + describe(shell, "$n"));
            shell.run("$n close");
        }
    }

    /** The kernel sockets (inodes) the echo server holds: its listener and its connections. */
    private List<String> serverSockets() {
        return server.descriptors().stream().map(fd -> {
            try {
                return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            } catch (java.io.IOException gone) {
                return "closed " + fd;
            }
        }).sorted().toList();
    }




    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).sorted()
                .toList();
    }

    private static List<String> added(List<String> before, List<String> after) {
        List<String> added = new java.util.ArrayList<>(after);
        before.forEach(added::remove);
        return added;
    }

    /** Waits until the echo server's listener runs on {@code provider}, as socket:ls says. */
    private void awaitServerOn(String provider, Shell shell) {
        awaitOn(provider);
        int listener = server.listenerFd();
        until(() -> {
            try {
                return provider.equals(providersOfTestSockets(shell).get(listener));
            } catch (Exception e) {
                return false;
            }
        }, 10_000, () -> "the echo server's listener (fd " + listener + ") on " + provider);
    }

    @Test
    public void bAnEchoServerUnderLoadMovesToUringAndBackDroppingNothing() throws Exception {
        assumeTrue("python3 is needed as the load", EchoLoad.python3Available());
        int port = server.start();
        String listenerInode = Files.readSymbolicLink(Path.of("/proc/self/fd/" + server.listenerFd())).toString();
        long[] toUring = new long[SWITCHES];
        long[] toNative = new long[SWITCHES];
        Map<String, String> figures;
        List<String> serverBefore;
        List<String> fdsBefore;
        List<String> fdsAfter;
        List<String> threadsBefore;
        List<String> threadsAfter;
        long echoedBefore;
        long echoedOnUring = 0;
        try (Shell shell = new Shell(processor); EchoLoad load = new EchoLoad(port, CONNECTIONS)) {
            awaitServerOn("native", shell);
            serverBefore = Quiet.fewest(this::serverSockets);
            fdsBefore = Quiet.fewest(Quiet::descriptors);
            threadsBefore = threadNames();
            echoedBefore = server.echoed();
            for (int i = 0; i < SWITCHES; i++) {
                boolean byRanking = i % 2 == 0;
                long t0 = System.nanoTime();
                if (byRanking) {
                    rankUring(10);
                } else {
                    bundle(FelixOptions.NATIVE).stop();
                }
                awaitServerOn("uring", shell);
                toUring[i] = (System.nanoTime() - t0) / 1_000_000;
                // serve a while on the ring: every connection echoes there
                long echoed = server.echoed();
                until(() -> server.echoed() > echoed + CONNECTIONS * 4096L, 20_000,
                        () -> "echoes on the uring provider; server errors " + server.errors());
                echoedOnUring += server.echoed() - echoed;
                long t1 = System.nanoTime();
                if (byRanking) {
                    rankUring(-1);
                } else {
                    bundle(FelixOptions.NATIVE).start();
                }
                awaitServerOn("native", shell);
                toNative[i] = (System.nanoTime() - t1) / 1_000_000;
                long back = server.echoed();
                until(() -> server.echoed() > back + CONNECTIONS * 4096L, 20_000,
                        () -> "echoes on the native provider again; server errors " + server.errors());
            }
            List<String> expected = serverBefore;
            until(() -> serverSockets().equals(expected), 10_000,
                    () -> "the server's sockets as before: " + expected.size() + " before, " + serverSockets().size()
                            + " now; server errors " + server.errors());
            // back on native with nobody on the uring provider: its rings (descriptors, reaper
            // threads) are given back, as the epoll pollers are when their last user goes
            fdsAfter = Quiet.fewest(Quiet::descriptors);
            for (int i = 0; i < 50 && threadNames().size() > threadsBefore.size(); i++) {
                System.gc();
                Thread.sleep(100);
            }
            threadsAfter = threadNames();
            figures = load.finish();
        }
        Arrays.sort(toUring);
        Arrays.sort(toNative);
        System.err.printf("[UringSwitchIT] %d switches native -> uring -> native (by ranking and by stopping the "
                + "native bundle, alternately) under %d CPython connections + new connections throughout: %s; "
                + "bytes echoed %d (%d on uring); switch ms to uring p50 %d max %d, back p50 %d max %d; "
                + "server errors %s; descriptors %d before, %d after (added %s); platform threads %d before, %d after "
                + "(added %s)%n", SWITCHES, CONNECTIONS, figures, server.echoed() - echoedBefore, echoedOnUring,
                toUring[SWITCHES / 2], toUring[SWITCHES - 1], toNative[SWITCHES / 2], toNative[SWITCHES - 1],
                server.errors(), fdsBefore.size(), fdsAfter.size(), Fds.added(fdsBefore, fdsAfter), threadsBefore.size(),
                threadsAfter.size(), added(threadsBefore, threadsAfter));
        assertEquals("connections reset", "0", figures.get("resets"));
        assertEquals("connection attempts refused", "0", figures.get("refused"));
        assertEquals("messages lost", "0", figures.get("lost"));
        assertEquals("messages corrupt or duplicated", "0", figures.get("corrupt"));
        assertEquals("other client errors", "0", figures.get("other"));
        assertTrue("new connections throughout: " + figures.get("opened"), Integer.parseInt(figures.get("opened")) > 0);
        assertEquals("server errors", List.of(), server.errors());
        assertEquals("the same listening socket", listenerInode,
                Files.readSymbolicLink(Path.of("/proc/self/fd/" + server.listenerFd())).toString());
        assertEquals("the server's sockets: the listener and the connections", CONNECTIONS + 1, serverBefore.size());
        // a short connection of the load may be open at either sample: no other descriptor may be added
        List<String> addedFds = Fds.added(fdsBefore, fdsAfter).stream().filter(f -> !f.startsWith("socket:")).toList();
        assertTrue("descriptors: " + fdsBefore.size() + " before, " + fdsAfter.size() + " after (added " + addedFds + ")",
                addedFds.isEmpty() && Fds.sockets(fdsAfter) <= Fds.sockets(fdsBefore) + 1);
        assertTrue("platform threads " + threadsBefore.size() + " before, " + threadsAfter.size() + " after: "
                + added(threadsBefore, threadsAfter), threadsAfter.size() <= threadsBefore.size());
    }

    /**
     * With both providers installed, the shell's sockets pass through the uring provider while the
     * native one updates (the shell's greedy reference moves there) and come back with the shell to
     * the native provider: they end on the provider the shell uses, as {@code $c provider} says.
     */
    @Test
    public void cTheShellsSocketsComeBackToNativeAfterItsUpdate() throws Exception {
        try (Shell shell = new Shell(processor)) {
            until(shell::hasProvider, 10_000, () -> "the shell to bind a provider");
            shell.run("s = socket:echo_server 0");
            Object port = shell.run("$s port");
            shell.run("c = socket:socket AF_INET SOCK_STREAM");
            shell.run("$c connect 127.0.0.1:" + port);
            int fd = (Integer) shell.run("$c fileno");
            assertTrue(String.valueOf(shell.run("$c provider")).startsWith("native, service "));
            bundle(FelixOptions.NATIVE).update();
            until(() -> {
                try {
                    return SocketKeeper.get().heldCount() == 0
                            && String.valueOf(shell.run("$c provider")).startsWith("native, service ")
                            && shellSocketProviders(shell).values().stream().allMatch("native"::equals);
                } catch (Exception e) {
                    return false;
                }
            }, 10_000, () -> "the shell's sockets back on native: " + describe(shell, "$c"));
            assertEquals(fd, shell.run("$c fileno"));
            shell.run("$c send after");
            assertEquals("after", shell.run("$c recv 100"));
            assertEquals(3, shellSocketProviders(shell).size());
            shell.run("$c close");
            assertEquals("Received 'again'", shell.run("socket:echo_client 127.0.0.1 " + port + " again"));
            shell.run("socket:echo_stop " + port);
        }
    }

    private static Map<Integer, String> shellSocketProviders(Shell shell) throws Exception {
        Map<Integer, String> by = new java.util.HashMap<>();
        for (String row : shell.print("socket:ls").lines().toList()) {
            if (row.contains("socket.shell [") && row.endsWith(")")) {
                by.put(Integer.parseInt(row.substring(0, row.indexOf(' '))),
                        row.substring(row.lastIndexOf('(') + 1, row.length() - 1));
            }
        }
        return by;
    }

    private static String describe(Shell shell, String var) {
        try {
            return shell.run(var + " provider") + "\n" + shell.print("socket:ls");
        } catch (Exception e) {
            return String.valueOf(e);
        }
    }
}
