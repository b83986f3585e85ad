package org.bsdsock.socket.provider.ffm;

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
    }

    /**
     * @param context the component context: tells which bundle this instance serves
     * @param config  the configuration
     */
    @Activate
    public NativeSocketComponent(ComponentContext context, Config config) {
        super(describe(context.getUsingBundle()));
        configure(config);
    }

    private static String describe(Bundle b) {
        return b == null ? "?" : b.getSymbolicName() + " [" + b.getBundleId() + "]";
    }

    /** Applies a configuration; sockets already open keep their own timeout. */
    @Modified
    void configure(Config config) {
        double t = config.default_timeout();
        setdefaulttimeout(t < 0 || Double.isNaN(t) ? null : t);
    }

    @Deactivate
    void deactivate() {
        close();
    }
}
