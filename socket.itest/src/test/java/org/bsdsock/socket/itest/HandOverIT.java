package org.bsdsock.socket.itest;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;
import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.itest.consumer.HotSwapConsumer;
import org.bsdsock.socket.itest.consumer.LiveEchoServer;
import org.bsdsock.socket.spi.SocketKeeper;
import org.bsdsock.socket.testing.Fds;
import org.bsdsock.socket.testing.InCall;
import org.junit.After;
import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.runners.MethodSorters;
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
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The provider bundle updated (or stopped, or replaced) under live sockets hands them to the
 * next provider: connections stay, listeners keep accepting, blocked callers go on, no byte
 * is lost or doubled; with nobody to take them, they close when the window ends.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING) // the headline first, before any test changes the window
public class HandOverIT {
    private static final String PID = FelixOptions.PROVIDER_PID;
    private static final int UPDATES = Integer.getInteger("handover.updates", 100);
    private static final int CONNECTIONS = 50;

    @Inject
    private BundleContext context;

    @Inject
    private CommandProcessor processor;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private LiveEchoServer server;

    @Inject
    private HotSwapConsumer consumer;

    @Configuration
    public Option[] config() {
        return FelixOptions.felix(bundle(FelixOptions.consumerBundle()));
    }

    /** Waits (bounded) until {@code condition} holds; {@code what} says what was awaited. */
    private static void until(BooleanSupplier condition, long millis, Supplier<String> what) {
        await().atMost(Duration.ofMillis(millis)).pollInSameThread()
                .untilAsserted(() -> assertTrue(what.get(), condition.getAsBoolean()));
    }

    private Bundle provider() {
        for (Bundle b : context.getBundles()) {
            if (FelixOptions.PROVIDER_BUNDLE.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no provider bundle");
    }

    private void window(double seconds) throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("handover.window", seconds);
        c.update(props);
        // delivered asynchronously; SCR then shows it among the provider service's properties
        until(() -> {
            ServiceReference<SocketModule> ref = context.getServiceReference(SocketModule.class);
            return ref != null && Double.valueOf(seconds).equals(ref.getProperty("handover.window"));
        }, 10_000, () -> "the provider to be configured with a " + seconds + " s window");
        // the property is the component's; each bundle's instance gets modified() on its own
        Thread.sleep(300);
    }

    @Before
    public void providerWithDefaultWindow() throws Exception {
        window(30);
        awaitConsumers();
    }

    @After
    public void providerRunning() throws Exception {
        Bundle p = provider();
        if (p.getState() != Bundle.ACTIVE) {
            p.start();
        }
    }

    private void awaitConsumers() {
        until(() -> FelixOptions.PROVIDER.equals(consumer.provider()), 10_000, () -> "the component to bind the provider");
    }

    private void awaitAdopted() {
        until(() -> SocketKeeper.get().heldCount() == 0 && FelixOptions.PROVIDER.equals(consumer.provider()), 10_000,
                () -> SocketKeeper.get().heldCount() + " sockets still between providers");
    }

    /** The provider's jar with its micro version raised by {@code by}: a rebuilt provider of a higher version. */
    private static byte[] higherMicro(int by) throws Exception {
        File jar = new File(URI.create(FelixOptions.url(FelixOptions.PROVIDER_BUNDLE)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar.toPath()))) {
            Manifest m = in.getManifest();
            Attributes a = m.getMainAttributes();
            String[] v = a.getValue("Bundle-Version").split("\\.", 4);
            int micro = v.length > 2 ? Integer.parseInt(v[2]) : 0;
            a.putValue("Bundle-Version", v[0] + "." + v[1] + "." + (micro + by) + (v.length > 3 ? "." + v[3] : ""));
            try (JarOutputStream jo = new JarOutputStream(out, m)) {
                byte[] buf = new byte[8192];
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    jo.putNextEntry(new JarEntry(e.getName()));
                    for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                        jo.write(buf, 0, n);
                    }
                    jo.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }

    /** The kernel sockets (inodes) the echo server holds: its listener and its connections. */
    private List<String> serverSockets() {
        return server.descriptors().stream().map(fd -> {
            try {
                return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            } catch (java.io.IOException gone) {
                return "closed " + fd;
            }
        }).filter(l -> !l.isEmpty()).sorted().toList();
    }

    private static int platformThreads() {
        return threadNames().size();
    }

    /**
     * The live platform threads but the JDK's own that start on first need and stay: the
     * virtual-thread scheduler's timer threads ({@code ForkJoinPool-N-delayScheduler},
     * {@code VirtualThread-unparker}), which a run of this test alone starts during it (in the
     * whole suite an earlier test has started them).
     */
    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> !n.endsWith("-delayScheduler") && !n.equals("VirtualThread-unparker")).sorted().toList();
    }

    @Test
    public void aHundredUpdatesUnderCPythonLoadDropNothing() throws Exception {
        assumeTrue("python3 is needed as the load", EchoLoad.python3Available());
        int port = server.start();
        String listenerInode = Files.readSymbolicLink(Path.of("/proc/self/fd/" + server.listenerFd())).toString();
        long[] updateMillis = new long[UPDATES];
        Map<String, String> figures;
        List<String> fdsBefore;
        List<String> fdsAfter;
        List<String> serverBefore;
        List<String> namesBefore;
        List<String> namesAfter;
        int threadsBefore;
        int threadsAfter;
        try (EchoLoad load = new EchoLoad(port, CONNECTIONS)) {
            // measured under load: the connections, the listener and the pollers are open
            fdsBefore = Quiet.fewest(Quiet::descriptors);
            serverBefore = Quiet.fewest(this::serverSockets);
            threadsBefore = platformThreads();
            namesBefore = threadNames();
            for (int i = 0; i < UPDATES; i++) {
                long t0 = System.nanoTime();
                if (i % 2 == 0) {
                    provider().update(); // the same jar
                } else {
                    try (InputStream jar = new ByteArrayInputStream(higherMicro(i))) {
                        provider().update(jar); // a rebuilt provider of a higher micro version
                    }
                }
                awaitAdopted();
                updateMillis[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            // the same kernel sockets (inodes) as before; the load's short connections come and
            // go, so compare at a moment none is open
            List<String> expected = serverBefore;
            until(() -> serverSockets().equals(expected), 10_000,
                    () -> "the server's sockets as before: " + expected.size() + " before, " + serverSockets().size()
                            + " now; server errors " + server.errors() + "; held " + SocketKeeper.get().heldCount());
            fdsAfter = Quiet.fewest(Quiet::descriptors);
            for (int i = 0; i < 50 && platformThreads() > threadsBefore; i++) {
                System.gc();
                Thread.sleep(100);
            }
            threadsAfter = platformThreads();
            namesAfter = new ArrayList<>(threadNames());
            namesBefore.forEach(namesAfter::remove);
            figures = load.finish();
        }
        java.util.Arrays.sort(updateMillis);
        System.err.printf("[HandOverIT] %d provider updates (same jar and higher micro versions, alternately) under %d "
                + "CPython connections + new connections throughout: %s; update+adoption ms p50 %d, max %d; "
                + "descriptors %d before, %d after; platform threads %d before, %d after %s; server errors %s%n",
                UPDATES, CONNECTIONS, figures, updateMillis[UPDATES / 2], updateMillis[UPDATES - 1], fdsBefore.size(),
                fdsAfter.size(), threadsBefore, threadsAfter, namesAfter, server.errors());
        assertEquals("connections reset", "0", figures.get("resets"));
        assertEquals("connection attempts refused", "0", figures.get("refused"));
        assertEquals("messages lost", "0", figures.get("lost"));
        assertEquals("messages corrupt or duplicated", "0", figures.get("corrupt"));
        assertEquals("other client errors", "0", figures.get("other"));
        assertTrue("new connections throughout: " + figures.get("opened"), Integer.parseInt(figures.get("opened")) > 0);
        assertEquals("server errors", List.of(), server.errors());
        assertEquals("the same listening socket", listenerInode,
                Files.readSymbolicLink(Path.of("/proc/self/fd/" + server.listenerFd())).toString());
        assertEquals("the server's sockets: the same kernel sockets", serverBefore.size(), CONNECTIONS + 1);
        // a short connection of the load may be open at either sample: no other descriptor may be added
        List<String> added = Fds.added(fdsBefore, fdsAfter).stream().filter(f -> !f.startsWith("socket:")).toList();
        assertTrue("descriptors: " + fdsBefore.size() + " before, " + fdsAfter.size() + " after (added " + added + ")",
                added.isEmpty() && Fds.sockets(fdsAfter) <= Fds.sockets(fdsBefore) + 1);
        assertTrue("platform threads " + threadsBefore + " before, " + threadsAfter + " after: " + namesAfter,
                threadsAfter <= threadsBefore);
    }

    @Test
    public void theShellsSocketsAndEchoServerGoOnAcrossAnUpdate() throws Exception {
        try (Shell shell = new Shell(processor)) {
            until(shell::hasProvider, 10_000, () -> "the shell to bind the provider");
            shell.run("s = socket:echo_server 0");
            Object port = shell.run("$s port");
            shell.run("c = socket:socket AF_INET SOCK_STREAM");
            shell.run("$c connect 127.0.0.1:" + port);
            shell.run("$c send before");
            assertEquals("before", shell.run("$c recv 100"));
            int fd = (Integer) shell.run("$c fileno");
            provider().update();
            awaitAdopted();
            until(shell::hasProvider, 10_000, () -> "the shell to bind the provider again");
            assertEquals(fd, shell.run("$c fileno"));
            shell.run("$c send after");
            assertEquals("after", shell.run("$c recv 100"));
            shell.run("$c close"); // the seed's server serves one client at a time: then the next
            assertEquals("Received 'again'", shell.run("socket:echo_client 127.0.0.1 " + port + " again"));
            shell.run("socket:echo_stop " + port);
        }
    }

    /**
     * The probe bundle as a consumer: it holds the module through the service registry, once
     * registered (the uring provider registers its service after its bundle started, when
     * {@code UringAvailability} has enabled the component).
     */
    private SocketModule module() {
        until(() -> context.getServiceReference(SocketModule.class) != null, 10_000, () -> "a provider service");
        ServiceReference<SocketModule> ref = context.getServiceReference(SocketModule.class);
        return context.getService(ref);
    }

    @Test
    public void blockedCallersGoOnWithTheNextProvider() throws Exception {
        SocketModule m = module();
        SocketType l = m.socket(AF_INET, SOCK_STREAM);
        l.bind(new InetAddr("127.0.0.1", 0));
        l.listen(8);
        List<SocketPair> pairs = new ArrayList<>();
        List<CompletableFuture<Object>> accepts = new ArrayList<>();
        List<CompletableFuture<Object>> receives = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (boolean virtual : new boolean[] {false, true}) {
            SocketPair p = m.socketpair(AF_UNIX, SOCK_STREAM, 0);
            pairs.add(p);
            CompletableFuture<Object> accepted = new CompletableFuture<>();
            CompletableFuture<Object> received = new CompletableFuture<>();
            threads.add(start(virtual, accepted, () -> l.accept().conn()));
            threads.add(start(virtual, received, () -> new String(p.b().recv(100))));
            accepts.add(accepted);
            receives.add(received);
        }
        for (int i = 0; i < threads.size(); i++) {
            InCall.awaitBlockedIn(threads.get(i), i % 2 == 0 ? "accept" : "recv", Duration.ofSeconds(5));
        }
        provider().update();
        module(); // the probe bundle gets the new provider's instance, which adopts its sockets
        awaitAdopted();
        List<SocketType> clients = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SocketType c = module().socket(AF_INET, SOCK_STREAM);
            c.connect(l.getsockname());
            clients.add(c);
        }
        for (int i = 0; i < 2; i++) {
            pairs.get(i).a().sendall(("message " + i).getBytes());
            assertEquals("message " + i, receives.get(i).get(10, TimeUnit.SECONDS));
            SocketType a = (SocketType) accepts.get(i).get(10, TimeUnit.SECONDS);
            a.close();
        }
        for (AutoCloseable c : List.<AutoCloseable>of(l, pairs.get(0), pairs.get(1), clients.get(0), clients.get(1))) {
            c.close();
        }
    }

    private interface Body {
        Object call() throws Exception;
    }

    private static Thread start(boolean virtual, CompletableFuture<Object> f, Body body) {
        Runnable r = () -> {
            try {
                f.complete(body.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        };
        return virtual ? Thread.ofVirtual().start(r) : Thread.ofPlatform().daemon().start(r);
    }

    /**
     * After an update, nothing of the old provider stays reachable, though this thread (the
     * probe's, which outlives the update) made calls on it: its class loader is collected. A
     * provider class held by a long-lived thread (its per-thread scratch did) would keep the
     * old revision's classes in memory for as long as that thread lives.
     */
    @Test
    public void theOldProvidersClassesAreCollectedAfterAnUpdate() throws Exception {
        SocketPair p = module().socketpair(AF_UNIX, SOCK_STREAM, 0);
        p.a().sendall("before".getBytes());
        assertEquals("before", new String(p.b().recv(10))); // a blocking call on this thread
        p.b().settimeout(0.05);
        try {
            p.b().recv(10); // a wait in poll(2), on this thread's scratch
            throw new AssertionError("nothing was sent");
        } catch (org.bsdsock.socket.api.SocketTimeoutException expected) {
            // as it should
        }
        java.lang.ref.WeakReference<ClassLoader> old = new java.lang.ref.WeakReference<>(
                provider().adapt(org.osgi.framework.wiring.BundleWiring.class).getClassLoader());
        provider().update();
        module();
        awaitAdopted();
        p.a().sendall("after".getBytes());
        assertEquals("after", new String(p.b().recv(10)));
        p.close();
        await("the old provider's class loader collected").atMost(Duration.ofSeconds(60)).pollInSameThread()
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    System.gc();
                    return old.get() == null;
                });
    }

    @Test
    public void withNobodyToTakeThemSocketsCloseWhenTheWindowEnds() throws Exception {
        window(1);
        List<String> baseline = Fds.open();
        List<Integer> fds = consumer.openAndHold();
        SocketModule m = module();
        SocketPair p = m.socketpair(AF_UNIX, SOCK_STREAM, 0);
        CompletableFuture<Object> waiting = new CompletableFuture<>();
        Thread t = start(true, waiting, () -> p.a().recv(10));
        InCall.awaitBlockedIn(t, "recv", Duration.ofSeconds(5));
        long stopped = System.nanoTime();
        provider().stop();
        assertEquals("held, not closed, during the window", 3, consumer.stillOpen());
        try {
            waiting.get(10, TimeUnit.SECONDS);
            throw new AssertionError("the call did not fail");
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof SocketException);
            assertEquals("recv(..) failed: socket provider stopped", e.getCause().getMessage());
        }
        long waited = (System.nanoTime() - stopped) / 1_000_000;
        assertTrue("failed after " + waited + " ms, before the 1 s window ended", waited >= 900);
        until(() -> consumer.stillOpen() == 0, 5_000, () -> "the component's sockets to close");
        Fds.awaitBaseline(baseline, Duration.ofSeconds(5));
        for (int fd : fds) {
            assertTrue("fd " + fd + " closed", !Files.exists(Path.of("/proc/self/fd/" + fd)));
        }
        provider().start();
        awaitConsumers();
    }

    @Test
    public void aWindowOfZeroClosesAtOnce() throws Exception {
        window(0);
        List<String> baseline = Fds.open();
        consumer.openAndHold();
        provider().stop();
        assertEquals(0, consumer.stillOpen());
        Fds.awaitBaseline(baseline, Duration.ofSeconds(5));
        provider().start();
        awaitConsumers();
    }
}
