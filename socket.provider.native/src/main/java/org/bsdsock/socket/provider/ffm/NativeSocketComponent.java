package org.bsdsock.socket.provider.ffm;

import org.bsdsock.socket.api.SocketModule;
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
 * goes away. Its configuration (PID {@value #PID}) sets the default timeout. The provider's
 * administrative view is a singleton service of its own, {@link NativeSocketAdmin}.
 */
@Component(service = SocketModule.class, scope = ServiceScope.BUNDLE,
        property = "provider=" + NativeSocketModule.PROVIDER, configurationPid = NativeSocketComponent.PID)
@Designate(ocd = NativeSocketComponent.Config.class)
public final class NativeSocketComponent extends ProviderComponent {
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
        super(context, Engine.EPOLL);
        configure(config);
    }

    /** Applies a configuration; sockets already open keep their own timeout. */
    @Modified
    void configure(Config config) {
        configure(config.default_timeout(), config.handover_window());
    }

    /**
     * The using bundle stopping takes its sockets with it: they are closed. Otherwise (this
     * provider stopping, updating, or the consumer moving to a provider of higher rank) the
     * sockets are handed over to the next provider that serves the bundle.
     */
    @Deactivate
    void deactivate() {
        stopServing();
    }
}
