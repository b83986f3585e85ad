package org.bsdsock.socket.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.time.Duration;
import java.util.List;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.bsdsock.socket.itest.consumer.HotSwapConsumer;
import org.bsdsock.socket.itest.consumer.RankedProvider;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Two providers registered at once, the one under test ({@link FelixOptions#PROVIDER}) and the
 * test components' {@link RankedProvider} forwarding to it: consumers with a greedy reference
 * (the shell, a DS component) bind the one of higher {@code service.ranking} and move back
 * when it leaves; the sockets made through it close with it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TwoProvidersIT {

    @Inject
    private BundleContext context;

    @Inject
    private CommandProcessor processor;

    @Inject
    private HotSwapConsumer consumer;

    @Inject
    private ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        return FelixOptions.felix(bundle(FelixOptions.consumerBundle()));
    }

    private ComponentDescriptionDTO ranked() {
        Bundle testComponents = FrameworkUtil.getBundle(RankedProvider.class);
        return scr.getComponentDescriptionDTO(testComponents, RankedProvider.class.getName());
    }

    private Bundle provider() {
        for (Bundle b : context.getBundles()) {
            if (FelixOptions.PROVIDER_BUNDLE.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no provider bundle");
    }

    private void awaitBound(String provider, Shell shell) {
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().untilAsserted(() -> assertTrue(
                "the component to bind " + provider + " (it has " + consumer.provider() + ")",
                provider.equals(consumer.provider()) && shell.hasProvider()));
    }

    @After
    public void onlyTheProviderUnderTest() throws Exception {
        scr.disableComponent(ranked()).getValue();
        provider().start();
    }

    @Test
    public void consumersBindTheHigherRankingAndMoveBackWhenItLeaves() throws Exception {
        try (Shell shell = new Shell(processor)) {
            awaitBound(FelixOptions.PROVIDER, shell);
            int binds = consumer.binds();
            int unbinds = consumer.unbinds();
            scr.enableComponent(ranked()).getValue();
            awaitBound("test", shell);
            assertEquals("the component bound test", binds + 1, consumer.binds());
            assertEquals("then unbound " + FelixOptions.PROVIDER, unbinds + 1, consumer.unbinds());

            List<String> rows = shell.print("socket:providers").lines().toList();
            assertEquals(rows.toString(), 2, rows.size());
            assertTrue(rows.get(0), rows.get(0).startsWith("* service ") && rows.get(0).contains("provider=test")
                    && rows.get(0).contains("ranking=10") && rows.get(0).contains("socket.itest"));
            assertTrue(rows.get(1), rows.get(1).startsWith("  service ") && rows.get(1).contains("provider=" + FelixOptions.PROVIDER)
                    && rows.get(1).contains("ranking=" + FelixOptions.PROVIDER_RANKING + " ")
                    && rows.get(1).contains(FelixOptions.PROVIDER_BUNDLE));

            // the shell works through the test provider: its sockets are made by the wrapper
            shell.run("s = socket:socket AF_INET SOCK_STREAM");
            assertTrue(String.valueOf(shell.run("$s provider")).startsWith("test, service "));
            int port = ((Number) shell.run("(socket:echo_server 0) port")).intValue();
            assertEquals("Received 'via test'", shell.run("socket:echo_client 127.0.0.1 " + port + " 'via test'"));
            // which the provider under test holds for the wrapper's bundle, as socket:ls shows
            String ls = shell.print("socket:ls");
            String listening = ":" + port + " ";
            assertTrue(ls, ls.lines().anyMatch(l -> l.contains("LISTEN") && l.contains(listening)
                    && l.contains("socket.itest [")));
            assertEquals(3, consumer.openAndHold().size());

            scr.disableComponent(ranked()).getValue();
            awaitBound(FelixOptions.PROVIDER, shell);
            assertEquals("bound " + FelixOptions.PROVIDER + " again", binds + 2, consumer.binds());
            assertEquals("then unbound test", unbinds + 2, consumer.unbinds());
            assertEquals("the test provider's sockets closed with it", -1, shell.run("$s fileno"));
            assertEquals(0, consumer.stillOpen());
            rows = shell.print("socket:providers").lines().toList();
            assertEquals(rows.toString(), 1, rows.size());
            assertTrue(rows.get(0), rows.get(0).startsWith("* service ") && rows.get(0).contains("provider=" + FelixOptions.PROVIDER));
            int again = ((Number) shell.run("(socket:echo_server 0) port")).intValue();
            assertEquals("Received 'via " + FelixOptions.PROVIDER + "'", shell.run("socket:echo_client 127.0.0.1 " + again + " 'via " + FelixOptions.PROVIDER + "'"));
        }
    }

    @Test
    public void theRankedProviderLeavesWithTheOneItDelegatesToAndBothReturn() throws Exception {
        try (Shell shell = new Shell(processor)) {
            awaitBound(FelixOptions.PROVIDER, shell);
            scr.enableComponent(ranked()).getValue();
            awaitBound("test", shell);
            provider().stop();
            await("the component to lose every provider").atMost(Duration.ofSeconds(10)).pollInSameThread()
                    .until(() -> consumer.provider() == null);
            assertNull(consumer.provider());
            assertEquals("gogo: IllegalStateException: no socket provider is registered", shell.failure("socket:socket"));
            assertEquals("no provider: an empty listing", List.of(), shell.run("socket:providers"));
            provider().start();
            awaitBound("test", shell);
            assertTrue(shell.print("socket:providers").lines().findFirst().orElseThrow().contains("provider=test"));
        }
    }
}
