package org.bsdsock.socket.provider.ffm;

import java.time.Duration;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;

/**
 * What the two provider components ({@code socket.provider.native}'s {@link NativeSocketComponent},
 * {@code socket.provider.uring}'s {@code UringSocketComponent}) share: one instance per using
 * bundle, the preload of the provider's classes, the configuration every provider takes, and
 * the end of an instance: its sockets closed when the consumer goes, handed over to the next
 * provider that serves the consumer otherwise. Each component declares only its DS metadata
 * (service properties, configuration PID, metatype) and its {@link Engine}.
 *
 * <p>The DS annotations stay on the concrete components: bnd reads them there, and each bundle
 * generates the descriptor of its own component only.
 */
public abstract class ProviderComponent extends NativeSocketModule {
    private final Bundle usingBundle;
    private volatile Duration handOverWindow = Duration.ofSeconds(30);

    /**
     * Once per provider bundle (this class's loader), in the background so that it does not
     * lengthen the pause consumers see at a hand-over: see {@link Preload}. Deactivation waits
     * for it.
     */
    private static Thread preloading;

    /**
     * @param context the component context: tells which bundle this instance serves
     * @param engine  how this instance's sockets wait and move data
     */
    protected ProviderComponent(ComponentContext context, Engine engine) {
        super(describe(context.getUsingBundle()), engine);
        this.usingBundle = context.getUsingBundle();
        preload(context.getBundleContext().getBundle());
    }

    private static synchronized void preload(Bundle provider) {
        if (preloading == null) {
            preloading = Thread.ofVirtual().name("socket-provider-preload").start(() -> Preload.bundle(provider));
        }
    }

    private static void awaitPreloaded() {
        Thread t;
        synchronized (ProviderComponent.class) {
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

    /**
     * Applies a configuration; sockets already open keep their own timeout.
     *
     * @param defaultTimeout the seconds new and accepted sockets start with: negative (or NaN)
     *                       means None, 0 non-blocking mode
     * @param handOverWindow the seconds a stopping instance's sockets wait for the next provider;
     *                       0 (or less, or NaN) closes them at once
     */
    protected final void configure(double defaultTimeout, double handOverWindow) {
        setdefaulttimeout(defaultTimeout < 0 || Double.isNaN(defaultTimeout) ? null : defaultTimeout);
        this.handOverWindow = handOverWindow > 0 && !Double.isNaN(handOverWindow)
                ? Duration.ofNanos((long) Math.min(handOverWindow * 1e9, Long.MAX_VALUE)) : Duration.ZERO;
    }

    /**
     * Ends this instance. The using bundle stopping takes its sockets with it: they are closed.
     * Otherwise (this provider stopping, updating, or the consumer moving to a provider of higher
     * rank) the sockets are handed over to the next provider that serves the bundle, whichever
     * bundle that provider is.
     */
    protected final void stopServing() {
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
