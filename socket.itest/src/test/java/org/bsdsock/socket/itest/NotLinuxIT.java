package org.bsdsock.socket.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.util.Arrays;
import javax.inject.Inject;
import org.bsdsock.socket.api.SocketModule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The provider says it is Linux only through an {@code osgi.native} requirement: in a
 * framework that reports another OS it does not resolve, and no socket service appears.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NotLinuxIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        // both providers, as the distribution ships them
        return FelixOptions.felixWithout(java.util.Set.of(),
                frameworkProperty("org.osgi.framework.os.name").value("FreeBSD"));
    }

    @Test
    public void providerDoesNotResolveOnAnotherOs() {
        for (String name : new String[] {FelixOptions.NATIVE, FelixOptions.URING}) {
            Bundle provider = Arrays.stream(context.getBundles())
                    .filter(b -> b.getSymbolicName().equals(name)).findFirst().orElse(null);
            assertNotNull(name, provider);
            assertEquals(name + " stays INSTALLED (unresolved)", Bundle.INSTALLED, provider.getState());
        }
        assertNull(context.getServiceReference(SocketModule.class));
        Bundle api = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().equals("socket.api")).findFirst().orElseThrow();
        assertEquals("the API itself is platform neutral", Bundle.ACTIVE, api.getState());
    }
}
