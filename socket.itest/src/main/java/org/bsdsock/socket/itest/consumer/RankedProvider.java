package org.bsdsock.socket.itest.consumer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Hashtable;
import java.util.Set;
import java.util.WeakHashMap;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * A second socket provider for the tests, of higher rank: while this component is active it
 * registers a {@link SocketModule} with {@code service.ranking=10} and {@code provider=test},
 * so consumers with a greedy reference move to it, and back when it leaves. Disabled until a
 * test enables it (through ServiceComponentRuntime).
 *
 * <p>It is an honest wrapper, not a second implementation: the provider's classes are not
 * exported, so the module it registers forwards every call, whatever the API's version, to
 * the real provider's service (any {@code provider} but its own {@code test}: the tests install
 * one, native or uring), which this component holds as its bundle's user. What it adds is what
 * makes it a provider of its own: the sockets made through it (and those their
 * {@code accept()} returns) are its own, and it closes them when it goes away, as a provider
 * must. The descriptors are the real provider's, so {@code socket:ls} lists them, owned by this
 * bundle.
 */
@Component(enabled = false, immediate = true)
public final class RankedProvider {
    private final SocketModule delegate;
    private final Set<SocketType> made = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final ServiceRegistration<SocketModule> registration;

    @Activate
    public RankedProvider(@Reference(target = "(&(provider=*)(!(provider=test)))") SocketModule delegate, BundleContext context) {
        this.delegate = delegate;
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, 10);
        properties.put("provider", "test");
        registration = context.registerService(SocketModule.class, forwarding(SocketModule.class, delegate), properties);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        synchronized (made) {
            for (SocketType s : made) {
                s.close();
            }
            made.clear();
        }
    }

    /** @return an {@code api} that forwards to {@code target}, making every socket it returns this provider's */
    private <T> T forwarding(Class<T> api, T target) {
        return api.cast(Proxy.newProxyInstance(RankedProvider.class.getClassLoader(), new Class<?>[] {api},
                (proxy, method, args) -> own(invoke(method, target, args))));
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object own(Object result) {
        if (result instanceof SocketType s) {
            made.add(s);
            return forwarding(SocketType.class, s);
        }
        if (result instanceof Accepted a) {
            return new Accepted((SocketType) own(a.conn()), a.address());
        }
        return result;
    }

    @Override
    public String toString() {
        return "test provider (ranking 10) forwarding to " + delegate;
    }
}
