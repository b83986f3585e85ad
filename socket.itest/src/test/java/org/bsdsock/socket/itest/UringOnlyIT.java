package org.bsdsock.socket.itest;

import static org.awaitility.Awaitility.await;
import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketAdmin;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
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
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The io_uring provider alone (the distribution's bundles but {@code socket.provider.native}):
 * it is the {@code SocketModule} service, {@code provider=uring}, and the seed's echo, a few
 * calls and the shell's commands run on it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UringOnlyIT {

    @Inject
    private BundleContext context;

    @Inject
    private SocketModule module;

    @Inject
    private CommandProcessor processor;

    @Inject
    private ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        return FelixOptions.felixWithout(Set.of(FelixOptions.NATIVE));
    }

    private Bundle bundle(String name) {
        return Arrays.stream(context.getBundles()).filter(b -> name.equals(b.getSymbolicName())).findFirst()
                .orElse(null);
    }

    @Test
    public void theUringBundleAloneIsTheProvider() {
        assertNull("the native provider is not installed", bundle(FelixOptions.NATIVE));
        Bundle uring = bundle(FelixOptions.URING);
        assertEquals(Bundle.ACTIVE, uring.getState());
        ServiceReference<SocketModule> ref = context.getServiceReference(SocketModule.class);
        assertEquals("uring", ref.getProperty("provider"));
        assertEquals(uring, ref.getBundle());
        assertEquals("ranking -1 unless configured", -1, ref.getProperty("service.ranking"));
        assertEquals("bundle", ref.getProperty("service.scope"));
        assertEquals("uring", ((SocketAdmin) module).provider());
        // bnd declared only the bundle's own component, not the native one whose class it carries
        List<String> components = scr.getComponentDescriptionDTOs(uring).stream().map(d -> d.name).sorted().toList();
        assertEquals(List.of("org.bsdsock.socket.provider.uring.UringAvailability",
                "org.bsdsock.socket.provider.uring.UringSocketAdmin",
                "org.bsdsock.socket.provider.uring.UringSocketComponent"), components);
        ComponentDescriptionDTO d = scr.getComponentDescriptionDTO(uring,
                "org.bsdsock.socket.provider.uring.UringSocketComponent");
        assertArrayEquals(new String[] {"org.bsdsock.socket.provider.uring"}, d.configurationPid);
        // declared disabled, enabled by UringAvailability once a ring could be set up here
        assertFalse("declared disabled", d.defaultEnabled);
        assertTrue("enabled where io_uring works", scr.isComponentEnabled(d));
        // the administrative view is a singleton of its own: looking does not make a bundle a user
        ServiceReference<SocketAdmin> admin = context.getServiceReference(SocketAdmin.class);
        assertEquals("uring", admin.getProperty("provider"));
        assertEquals("org.bsdsock.socket.provider.uring.UringSocketAdmin", admin.getProperty("component.name"));
    }

    @Test
    public void theSeedsEchoThroughTheService() throws Exception {
        try (SocketType server = module.socket(AF_INET, SOCK_STREAM)) {
            server.bind(new InetAddr("", 0));
            server.listen(1);
            int port = ((InetAddr) server.getsockname()).port();
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try (SocketType conn = server.accept().conn()) {
                    for (byte[] data = conn.recv(1024); data.length > 0; data = conn.recv(1024)) {
                        conn.sendall(data);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (SocketType client = module.socket(AF_INET, SOCK_STREAM)) {
                client.connect(new InetAddr("127.0.0.1", port));
                byte[] hello = "Hello, world".getBytes(StandardCharsets.US_ASCII);
                client.sendall(hello);
                assertArrayEquals(hello, client.recv(1024));
                client.settimeout(0.2);
                try {
                    client.recv(1024);
                    throw new AssertionError("nothing more was sent");
                } catch (org.bsdsock.socket.api.SocketTimeoutException expected) {
                    assertEquals("recv(..) failed: timed out", expected.getMessage());
                }
            }
            echo.get(10, TimeUnit.SECONDS);
        }
        assertEquals("127.0.0.1", module.gethostbyname("localhost"));
        assertEquals(0x5000, module.htons(80));
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM, 0)) {
            p.a().sendall("pair".getBytes());
            assertEquals("pair", new String(p.b().recv(10)));
        }
    }

    @Test
    public void theShellRunsOnUring() throws Exception {
        try (Shell shell = new Shell(processor)) {
            await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(shell::hasProvider);
            List<String> providers = shell.print("socket:providers").lines().toList();
            assertEquals(providers.toString(), 1, providers.size());
            assertTrue(providers.get(0), providers.get(0).startsWith("* service ")
                    && providers.get(0).contains("provider=uring") && providers.get(0).contains("ranking=-1")
                    && providers.get(0).contains("socket.provider.uring"));
            shell.run("s = socket:echo_server 0");
            int port = ((Number) shell.run("$s port")).intValue();
            shell.run("c = socket:socket AF_INET SOCK_STREAM");
            assertTrue(String.valueOf(shell.run("$c provider")).startsWith("uring, service "));
            shell.run("$c connect 127.0.0.1:" + port);
            shell.run("$c send hello");
            assertEquals("hello", shell.run("$c recv 100"));
            String ls = shell.print("socket:ls");
            List<String> rows = ls.lines().filter(l -> l.contains("socket.shell [")).toList();
            assertTrue(ls, rows.size() >= 3 && rows.stream().allMatch(l -> l.endsWith("(uring)")));
            assertTrue(ls, rows.stream().anyMatch(l -> l.contains("LISTEN") && l.contains(":" + port + " ")));
            shell.run("$c close");
            assertEquals("Received 'Hello, world'",
                    shell.run("socket:echo_client 127.0.0.1 " + port + " 'Hello, world'"));
            assertEquals(2, ((Number) shell.run("(socket:echo_stop " + port + ") served")).intValue());
        }
    }
}
