package org.bsdsock.socket.provider.uring;

import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.provider.ffm.Engine;
import org.bsdsock.socket.provider.ffm.ProviderComponent;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The io_uring provider as a DS component: the same component as {@code socket.provider.native}'s
 * (bundle scope, one instance per using bundle, sockets handed over to the next provider when it
 * goes; see {@link ProviderComponent}), registered with {@code provider=uring} and making its
 * modules with {@link Engine#URING}.
 *
 * <p>Its {@code service.ranking} is -1 unless configured (PID {@value #PID}), so where both
 * providers run, consumers use the native one (ranking 0) until the configuration ranks this one
 * higher; consumers holding the service through a dynamic greedy reference then move, and their
 * sockets with them.
 *
 * <p>Declared disabled: {@link UringAvailability} enables it where io_uring works.
 */
@Component(service = SocketModule.class, scope = ServiceScope.BUNDLE, enabled = false,
        property = "provider=" + UringSocketModule.PROVIDER, configurationPid = UringSocketComponent.PID)
@Designate(ocd = UringSocketComponent.Config.class)
public final class UringSocketComponent extends ProviderComponent {
    /** The configuration PID (Config Admin) of the provider. */
    public static final String PID = "org.bsdsock.socket.provider.uring";

    /** The provider's configuration, as Config Admin and a metatype-aware console see it. */
    @ObjectClassDefinition(name = "Socket module (io_uring provider)",
            description = "The FFM socket provider on io_uring: defaults that apply to sockets it creates, and its rank.")
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

        /**
         * @return the service's {@code service.ranking}: consumers use the provider of highest
         *         ranking (the native provider has 0)
         */
        @AttributeDefinition(name = "Service ranking",
                description = "The service.ranking of this provider's service: consumers use the provider of "
                        + "highest ranking. The native provider has 0; above 0 makes consumers use this one.")
        int service_ranking() default -1;
    }

    /**
     * Applies the configuration. There is no modified method, on purpose: a new configuration
     * re-registers the service (each instance hands its sockets over, to the instance that
     * follows or to the native provider), because a greedy consumer moves to a service of higher
     * ranking only when it is registered, not when the ranking of a registered one changes
     * (Felix SCR; the DS specification asks no more). So setting {@code service.ranking} through
     * Config Admin moves the consumers, and their sockets, at once.
     *
     * @param context the component context: tells which bundle this instance serves
     * @param config  the configuration
     */
    @Activate
    public UringSocketComponent(ComponentContext context, Config config) {
        super(context, Engine.URING);
        configure(config.default_timeout(), config.handover_window());
    }

    /** Closes or hands over this instance's sockets (see {@link ProviderComponent#stopServing}). */
    @Deactivate
    void deactivate() {
        stopServing();
    }
}
