package org.bsdsock.socket.itest;

import static org.awaitility.Awaitility.await;
import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.itest.consumer.HotSwapConsumer;
import org.bsdsock.socket.testing.Fds;
import org.bsdsock.socket.testing.InCall;
import java.util.Dictionary;
import java.util.Hashtable;
import org.junit.After;
import org.junit.Before;
import org.osgi.service.cm.ConfigurationAdmin;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The provider bundle stopped, started and updated under its consumers (the shell, a DS
 * component with a dynamic greedy reference, a caller blocked on a socket), with nothing
 * else restarted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT {
    private static final int CYCLES = 100;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    private BundleContext context;

    @Inject
    private CommandProcessor processor;

    @Inject
    private HotSwapConsumer consumer;

    @Inject
    private ConfigurationAdmin configAdmin;

    /**
     * These tests keep the behaviour of a hand-over window of 0: a provider that goes closes
     * its sockets at once (HandOverIT covers the window).
     */
    @Before
    public void windowZero() throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(FelixOptions.PROVIDER_PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("handover.window", 0.0);
        c.update(props);
        await().atMost(WAIT).pollInSameThread().until(() -> {
            ServiceReference<SocketModule> ref = context.getServiceReference(SocketModule.class);
            return ref != null && Double.valueOf(0.0).equals(ref.getProperty("handover.window"));
        });
        Thread.sleep(300); // the property is the component's; each bundle's instance gets modified() on its own
    }

    @Configuration
    public Option[] config() {
        return FelixOptions.felix(bundle(FelixOptions.consumerBundle()));
    }

    private Bundle provider() {
        Bundle b = installedProvider();
        if (b == null) {
            throw new AssertionError("no provider bundle");
        }
        return b;
    }

    private Bundle installedProvider() {
        for (Bundle b : context.getBundles()) {
            if (FelixOptions.PROVIDER_BUNDLE.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /** Waits until both consumers, the DS component and the shell, have the provider. */
    private void awaitProvider(Shell shell) {
        await().atMost(WAIT).pollInSameThread().untilAsserted(() -> assertTrue(
                "the consumers to bind the provider (component: " + consumer.provider() + ")",
                FelixOptions.PROVIDER.equals(consumer.provider()) && shell.hasProvider()));
    }

    /**
     * Whatever a test left behind (a provider stopped or uninstalled when it failed), the next
     * test starts with the provider installed, running and bound by both consumers: one failure
     * stays one failure.
     */
    @After
    public void providerRunning() throws Exception {
        Bundle p = installedProvider();
        if (p == null) {
            p = context.installBundle(FelixOptions.url(FelixOptions.PROVIDER_BUNDLE));
        }
        p.start();
        try (Shell shell = new Shell(processor)) {
            awaitProvider(shell);
        }
    }

    @Test
    public void stopStartCyclesWithSocketsOpenLeakNoDescriptorAndRebindEachTime() throws Exception {
        try (Shell shell = new Shell(processor)) {
            cycle(shell); // once first: what opens once per framework (class loading, ...) is not a leak
            List<String> baseline = Fds.open();
            int binds = consumer.binds();
            int unbinds = consumer.unbinds();
            long start = System.nanoTime();
            for (int i = 0; i < CYCLES; i++) {
                cycle(shell);
            }
            long elapsed = System.nanoTime() - start;
            awaitProvider(shell);
            List<String> after = Fds.awaitBaseline(baseline, WAIT);
            assertEquals("sockets open", Fds.sockets(baseline), Fds.sockets(after));
            assertTrue("descriptors: " + baseline.size() + " before, " + after.size() + " after",
                    after.size() <= baseline.size());
            assertEquals("the component was bound once per start", CYCLES, consumer.binds() - binds);
            assertEquals("the component was unbound once per stop", CYCLES, consumer.unbinds() - unbinds);
            System.err.printf("[HotSwapIT] %d stop/start cycles with 7 sockets open each: %.1f ms per cycle; "
                    + "descriptors %d before, %d after, none added (sockets %d before, %d after)%n", CYCLES,
                    elapsed / 1e6 / CYCLES, baseline.size(), after.size(), Fds.sockets(baseline), Fds.sockets(after));
        }
    }

    /**
     * Opens 7 sockets through the shell and the component, stops the provider, checks them
     * closed (their objects report it, and the process holds as many socket descriptors as
     * before), starts it.
     */
    private void cycle(Shell shell) throws Exception {
        awaitProvider(shell);
        long before = Fds.sockets(Fds.open());
        shell.run("l = socket:socket AF_INET SOCK_STREAM");
        shell.run("$l bind 127.0.0.1:0");
        shell.run("$l listen");
        shell.run("c = socket:socket AF_INET SOCK_STREAM");
        shell.run("$c connect ($l getsockname)");
        shell.run("conn = ($l accept) conn");
        shell.run("socket:echo_server 0");
        assertEquals(3, consumer.openAndHold().size());
        assertEquals("sockets opened", before + 7, Fds.sockets(Fds.open()));

        provider().stop();
        // a descriptor a woken caller was still using is closed as that caller leaves
        await("the 7 socket descriptors to close").atMost(WAIT).pollInSameThread()
                .until(() -> Fds.sockets(Fds.open()) == before);
        for (String s : List.of("$l", "$c", "$conn")) {
            assertEquals(s + " closed with its provider", -1, shell.run(s + " fileno"));
        }
        assertEquals("the component's sockets closed with their provider", 0, consumer.stillOpen());
        assertNull("the component unbound", consumer.provider());
        assertEquals("gogo: IllegalStateException: no socket provider is registered", shell.failure("socket:socket"));
        assertEquals("gogo: IllegalStateException: no socket provider is registered", shell.failure("socket:ls"));
        provider().start();
    }

    @Test
    public void reinstalledProviderServesTheSameConsumers() throws Exception {
        try (Shell shell = new Shell(processor)) {
            awaitProvider(shell);
            List<String> baseline = Fds.open();
            int binds = consumer.binds();
            Bundle old = provider();
            String location = old.getLocation();
            shell.run("s = socket:socket AF_INET SOCK_STREAM");
            shell.run("$s bind 127.0.0.1:0");
            consumer.openAndHold();

            old.uninstall();
            assertEquals(-1, shell.run("$s fileno"));
            assertEquals(0, consumer.stillOpen());
            assertNull(consumer.provider());
            assertEquals("gogo: IllegalStateException: no socket provider is registered",
                    shell.failure("socket:gethostbyname localhost"));
            Fds.awaitBaseline(baseline, WAIT);

            Bundle fresh = context.installBundle(location);
            fresh.start();
            awaitProvider(shell);
            assertTrue(fresh.getBundleId() != old.getBundleId());
            assertEquals(binds + 1, consumer.binds());
            assertTrue(shell.print("socket:providers"), shell.print("socket:providers")
                    .contains(FelixOptions.PROVIDER_BUNDLE + " [" + fresh.getBundleId() + "]"));
            assertEquals("127.0.0.1", shell.run("socket:gethostbyname localhost"));
            assertEquals(3, consumer.openAndHold().size());
        }
    }

    @Test
    public void echoLoopRecoversAfterProviderUpdate() throws Exception {
        // The echo server is a peer outside the provider (the JDK's sockets), so it outlives the update.
        try (ServerSocket peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); Shell shell = new Shell(processor)) {
            awaitProvider(shell);
            Thread server = Thread.ofPlatform().daemon().start(() -> echo(peer));
            int port = peer.getLocalPort();
            ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            long before;
            long updated;
            Thread loop = Thread.ofPlatform().start(() -> {
                try (Shell client = new Shell(processor)) {
                    for (int i = 0; running.get(); i++) {
                        String kind;
                        try {
                            Object r = client.run("socket:echo_client 127.0.0.1 " + port + " m" + i);
                            kind = ("Received 'm" + i + "'").equals(r) ? "ok" : "wrong reply: " + r;
                        } catch (Exception e) {
                            kind = classify(e);
                        }
                        outcomes.add(new Outcome(System.nanoTime(), kind));
                    }
                }
            });
            try {
                await().atMost(WAIT).pollInSameThread().untilAsserted(() ->
                        assertTrue("20 echoes before the update: " + tally(outcomes), count(outcomes, "ok", 0) >= 20));
                before = System.nanoTime();
                provider().update();
                updated = System.nanoTime();
                long since = updated;
                await().atMost(WAIT).pollInSameThread().untilAsserted(() ->
                        assertTrue("20 echoes after the update: " + tally(outcomes), count(outcomes, "ok", since) >= 20));
            } finally {
                running.set(false); // a failure above must not leave the loop running into the next test
                loop.join(10_000);
            }
            Map<String, Integer> tally = tally(outcomes);
            long since = updated;
            long firstOk = outcomes.stream().filter(o -> o.kind().equals("ok") && o.at() > since)
                    .mapToLong(Outcome::at).min().orElseThrow();
            for (String kind : tally.keySet()) {
                assertTrue("unexpected outcome " + kind + " in " + tally, kind.equals("ok")
                        || kind.equals("no provider") || kind.equals("provider stopped"));
            }
            System.err.printf("[HotSwapIT] echo loop across bundle.update(): update() took %.1f ms, first echo "
                    + "%.1f ms after it returned; outcomes %s%n", (updated - before) / 1e6, (firstOk - updated) / 1e6, tally);
            peer.close();
            server.join(10_000);
        }
    }

    /** One echo of the loop: when it ended and how. */
    private record Outcome(long at, String kind) {
    }

    private static long count(ConcurrentLinkedQueue<Outcome> outcomes, String kind, long after) {
        return outcomes.stream().filter(o -> o.kind().equals(kind) && o.at() > after).count();
    }

    private static Map<String, Integer> tally(ConcurrentLinkedQueue<Outcome> outcomes) {
        Map<String, Integer> t = new TreeMap<>();
        for (Outcome o : outcomes) {
            t.merge(o.kind(), 1, Integer::sum);
        }
        return t;
    }

    /** @return what a failed echo tells a user: no provider, its provider stopped, or something else (with its line) */
    private static String classify(Exception e) {
        String line = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (line.equals("IllegalStateException: no socket provider is registered")) {
            return "no provider";
        }
        // EBADF for a call on a socket the provider closed; no errno for a socket it refused to make
        if (line.matches("SocketFailure: (EBADF: )?\\w+\\(\\.\\.\\) failed: socket provider stopped")) {
            return "provider stopped";
        }
        return "other: " + line;
    }

    private static void echo(ServerSocket server) {
        try {
            while (true) {
                try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    byte[] buf = new byte[1024];
                    for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                        out.write(buf, 0, n);
                    }
                } catch (java.net.SocketException clientGone) {
                    if (server.isClosed()) {
                        return;
                    }
                }
            }
        } catch (Exception closed) {
            // the test closed the server
        }
    }

    @Test
    public void blockedCallersAreWokenWithAClearErrorWhenTheProviderStops() throws Exception {
        try (Shell shell = new Shell(processor)) {
            awaitProvider(shell);
            List<String> baseline = Fds.open();
            ServiceReference<SocketModule> ref = context.getServiceReference(SocketModule.class);
            SocketModule module = context.getService(ref);
            SocketType listener = module.socket(AF_INET, SOCK_STREAM);
            listener.bind(new InetAddr("127.0.0.1", 0));
            listener.listen(4);
            int port = ((InetAddr) listener.getsockname()).port();
            // the peers are the JDK's: they stay open while the provider's sockets close
            Socket peer = new Socket(InetAddress.getLoopbackAddress(), port);
            SocketType conn = listener.accept().conn();
            shell.run("l = socket:socket AF_INET SOCK_STREAM");
            shell.run("$l bind 127.0.0.1:0");
            shell.run("$l listen");
            Socket shellPeer = new Socket(InetAddress.getLoopbackAddress(), ((InetAddr) shell.run("$l getsockname")).port());
            shell.run("conn = ($l accept) conn");

            List<InCall<?>> callers = new ArrayList<>();
            List<String> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boolean accept = i < 2;
                Callable<?> body = accept ? listener::accept : () -> conn.recv(100);
                callers.add(InCall.start(accept ? "accept" : "recv", i % 2 == 1, body));
                calls.add(accept ? "accept" : "recv");
            }
            // and the shell, blocked in $conn recv (Gogo runs the command on a thread of its own)
            CompletableFuture<String> shellOutcome = CompletableFuture.supplyAsync(() -> shell.failure("$conn recv 1024"));
            for (int i = 0; i < callers.size(); i++) {
                callers.get(i).awaitBlockedIn(calls.get(i), WAIT);
            }
            InCall.awaitSomeThreadBlockedIn("org.bsdsock.socket.shell.ShellSocket", "recv", "recv", WAIT);

            long stopped = System.nanoTime();
            provider().stop();
            long lastWake = 0;
            for (int i = 0; i < callers.size(); i++) {
                Throwable t = callers.get(i).failure(WAIT);
                lastWake = Math.max(lastWake, callers.get(i).endedAt());
                assertTrue(calls.get(i) + " did not fail: " + t, t instanceof SocketException);
                SocketException e = (SocketException) t;
                assertEquals(Errno.EBADF, e.errno());
                assertEquals(calls.get(i) + "(..) failed: socket provider stopped", e.getMessage());
            }
            assertEquals("gogo: SocketFailure: EBADF: recv(..) failed: socket provider stopped",
                    shellOutcome.get(10, TimeUnit.SECONDS));
            System.err.printf("[HotSwapIT] 4 callers blocked in accept/recv (platform and virtual threads) and the "
                    + "shell's recv woken; last direct caller %.1f ms after stop() began%n", (lastWake - stopped) / 1e6);
            context.ungetService(ref);
            peer.close();
            shellPeer.close();
            provider().start();
            awaitProvider(shell);
            Fds.awaitBaseline(baseline, WAIT);
        }
    }

}
