package org.bsdsock.socket.provider.ffm;

import java.time.Duration;
import org.bsdsock.socket.api.SocketAdmin;
import org.bsdsock.socket.api.SocketModule;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The provider as a DS component. Bundle scope: each bundle that uses the service gets its
 * own instance, so the sockets a bundle made are known to be its own ({@code socket:ls}) and
 * are closed when it releases the service (e.g. stops), and all of them when the provider
 * goes away. Its configuration (PID {@value #PID}) sets the default timeout.
 */
@Component(service = {SocketModule.class, SocketAdmin.class}, scope = ServiceScope.BUNDLE,
        property = "provider=" + NativeSocketModule.PROVIDER, configurationPid = NativeSocketComponent.PID)
@Designate(ocd = NativeSocketComponent.Config.class)
public final class NativeSocketComponent extends NativeSocketModule {
    /** The configuration PID (Config Admin) of the provider. */
    public static final String PID = "org.bsdsock.socket.provider.native";

    /** The provider's configuration, as Config Admin and a metatype-aware console see it. */
    @ObjectClassDefinition(name = "Socket module (native provider)",
            description = "The FFM socket provider: defaults that apply to sockets it creates.")
    public @interface Config {
        /**
         * @return the timeout in seconds that new sockets (and accepted ones) start with: a
         *         negative value means None (blocking mode), 0 non-blocking mode
         */
        @AttributeDefinition(name = "Default timeout",
                description = "Seconds new and accepted sockets start with; negative means None "
                        + "(block without limit), 0 means non-blocking. As socket.setdefaulttimeout().")
        double default_timeout() default -1.0;

        /**
         * @return how long, in seconds, the sockets of a stopping provider wait for the next
         *         provider to take them over before they are closed; 0 closes them at once
         */
        @AttributeDefinition(name = "Hand-over window",
                description = "Seconds the sockets of a provider that stops, updates or is replaced stay open for the "
                        + "next provider to take them over, with their connections and blocked callers; "
                        + "0 closes them at once.")
        double handover_window() default 30.0;
    }

    /**
     * @param context the component context: tells which bundle this instance serves
     * @param config  the configuration
     */
    @Activate
    public NativeSocketComponent(ComponentContext context, Config config) {
        super(describe(context.getUsingBundle()));
        this.usingBundle = context.getUsingBundle();
        preload(context.getBundleContext().getBundle());
        configure(config);
    }

    private final Bundle usingBundle;
    private volatile Duration handOverWindow = Duration.ofSeconds(30);

    /**
     * Once per provider bundle (this class's loader), in the background so that it does not
     * lengthen the pause consumers see at a hand-over: see {@link Preload}. Deactivation waits
     * for it.
     */
    private static Thread preloading;

    private static synchronized void preload(Bundle provider) {
        if (preloading == null) {
            preloading = Thread.ofVirtual().name("socket-provider-preload").start(() -> Preload.bundle(provider));
        }
    }

    private static void awaitPreloaded() {
        Thread t;
        synchronized (NativeSocketComponent.class) {
            t = preloading;
        }
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Bundle b) {
        return b == null ? "?" : b.getSymbolicName() + " [" + b.getBundleId() + "]";
    }

    /** Applies a configuration; sockets already open keep their own timeout. */
    @Modified
    void configure(Config config) {
        double t = config.default_timeout();
        setdefaulttimeout(t < 0 || Double.isNaN(t) ? null : t);
        double w = config.handover_window();
        handOverWindow = w > 0 && !Double.isNaN(w) ? Duration.ofNanos((long) Math.min(w * 1e9, Long.MAX_VALUE)) : Duration.ZERO;
    }

    /**
     * The using bundle stopping takes its sockets with it: they are closed. Otherwise (this
     * provider stopping, updating, or the consumer moving to a provider of higher rank) the
     * sockets are handed over to the next provider that serves the bundle.
     */
    @Deactivate
    void deactivate() {
        awaitPreloaded();
        boolean consumerGoing = usingBundle == null
                || (usingBundle.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0
                || (usingBundle.getState() & Bundle.STOPPING) != 0;
        if (consumerGoing) {
            close();
        } else {
            handOver(handOverWindow);
        }
    }
}
