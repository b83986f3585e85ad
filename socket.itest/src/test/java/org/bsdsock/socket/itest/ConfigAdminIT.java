package org.bsdsock.socket.itest;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;
import java.util.function.Supplier;
import javax.inject.Inject;
import org.bsdsock.socket.api.SocketModule;
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
    private static final String PID = "org.bsdsock.socket.provider.native";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private MetaTypeService metaType;

    @Inject
    private SocketModule socket;

    @Configuration
    public Option[] config() {
        return FelixOptions.felix();
    }

    /** Polls (bounded) until the value is as expected: configuration is delivered asynchronously. */
    private static void eventually(Object expected, Supplier<Object> actual) throws InterruptedException {
        for (int i = 0; i < 500 && !Objects.equals(expected, actual.get()); i++) {
            Thread.sleep(10);
        }
        assertEquals(expected, actual.get());
    }

    @Test
    public void defaultTimeoutComesFromConfigAdmin() throws Exception {
        assertNull(socket.getdefaulttimeout());
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("default.timeout", 2.5);
        c.update(props);
        eventually(2.5, socket::getdefaulttimeout);
        try (SocketType s = socket.socket(AF_INET, SOCK_STREAM)) {
            assertEquals(Double.valueOf(2.5), s.gettimeout());
        }
        c.delete();
        eventually(null, socket::getdefaulttimeout);
    }

    @Test
    public void metatypeDescribesTheConfiguration() {
        Bundle provider = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().equals("socket.provider.native")).findFirst().orElseThrow();
        ObjectClassDefinition ocd = metaType.getMetaTypeInformation(provider).getObjectClassDefinition(PID, null);
        assertNotNull(ocd);
        AttributeDefinition[] attrs = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        assertTrue(Arrays.stream(attrs).anyMatch(a -> a.getID().equals("default.timeout")
                && a.getType() == AttributeDefinition.DOUBLE));
    }
}
