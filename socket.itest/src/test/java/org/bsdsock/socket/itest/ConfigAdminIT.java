package org.bsdsock.socket.itest;

import static org.awaitility.Awaitility.await;
import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.Supplier;
import javax.inject.Inject;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketTimeoutException;
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
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/** The provider's default timeout, set by a deployment through Config Admin, described by metatype. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigAdminIT {
    private static final String PID = FelixOptions.PROVIDER_PID;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private MetaTypeService metaType;

    /** Injected so that a test starts once the provider is registered; the tests call {@link #socket()}. */
    @Inject
    private SocketModule registered;

    @Configuration
    public Option[] config() {
        return FelixOptions.felix();
    }

    /**
     * @return the provider's service as the registry has it now (this bundle's instance), or null
     *         between two registrations. Not an injected object: the uring provider re-registers
     *         its service on every configuration change (it has no modified method, by design),
     *         which leaves an instance got before the change deactivated.
     */
    private SocketModule socket() {
        org.osgi.framework.ServiceReference<SocketModule> ref = context.getServiceReference(SocketModule.class);
        return ref == null ? null : context.getService(ref);
    }

    /** @return the provider's default timeout now, or a word saying there is no provider between two registrations */
    private Object defaultTimeout() {
        SocketModule m = socket();
        return m == null ? "no provider" : m.getdefaulttimeout();
    }

    /** Waits (bounded) until the value is as expected: configuration is delivered asynchronously. */
    private static void eventually(Object expected, Supplier<Object> actual) {
        await().atMost(Duration.ofSeconds(10)).pollInSameThread().pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertEquals(expected, actual.get()));
    }

    @Test
    public void defaultTimeoutComesFromConfigAdmin() throws Exception {
        assertNull(socket().getdefaulttimeout());
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("default.timeout", 2.5);
        c.update(props);
        eventually(2.5, this::defaultTimeout);
        try (SocketType s = socket().socket(AF_INET, SOCK_STREAM)) {
            assertEquals(Double.valueOf(2.5), s.gettimeout());
        }
        c.delete();
        eventually(null, this::defaultTimeout);
    }

    /**
     * The configured default reaches the sockets a deployment never touches itself, those that
     * {@code accept} makes, and a blocking call on one ends when it runs out.
     */
    @Test
    public void theDefaultTimeoutReachesAcceptedSocketsAndEndsTheirCalls() throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("default.timeout", 0.5);
        c.update(props);
        try {
            eventually(0.5, this::defaultTimeout);
            try (SocketType l = socket().socket(AF_INET, SOCK_STREAM); java.net.Socket peer = new java.net.Socket()) {
                l.bind(new InetAddr("127.0.0.1", 0));
                l.listen(1);
                long start = System.nanoTime();
                assertThrows(SocketTimeoutException.class, l::accept); // nobody connects
                assertTook(start, "accept");
                // the JDK's socket, not one of the provider: its timeout is not the one under test
                peer.connect(new java.net.InetSocketAddress("127.0.0.1", ((InetAddr) l.getsockname()).port()));
                try (SocketType conn = l.accept().conn()) {
                    assertEquals(Double.valueOf(0.5), conn.gettimeout());
                    start = System.nanoTime();
                    assertThrows(SocketTimeoutException.class, () -> conn.recv(10)); // the peer sends nothing
                    assertTook(start, "recv on the accepted socket");
                }
            }
        } finally {
            c.delete();
            eventually(null, this::defaultTimeout);
        }
    }

    /** The call waited for the default timeout (0.5 s), not less, and not much more. */
    private static void assertTook(long start, String call) {
        double took = (System.nanoTime() - start) / 1e9;
        assertTrue(call + " timed out after " + took + " s", took >= 0.45 && took < 5);
    }

    @Test
    public void metatypeDescribesTheConfiguration() {
        Bundle provider = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().equals(FelixOptions.PROVIDER_BUNDLE)).findFirst().orElseThrow();
        ObjectClassDefinition ocd = metaType.getMetaTypeInformation(provider).getObjectClassDefinition(PID, null);
        assertNotNull(ocd);
        AttributeDefinition[] attrs = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        assertTrue(Arrays.stream(attrs).anyMatch(a -> a.getID().equals("default.timeout")
                && a.getType() == AttributeDefinition.DOUBLE));
    }
}
