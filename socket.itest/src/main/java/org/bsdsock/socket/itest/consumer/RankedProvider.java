package org.bsdsock.socket.itest.consumer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.HostEntry;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * A second socket provider for the tests, of higher rank ({@code service.ranking=10},
 * {@code provider=test}): consumers with a greedy reference move to it when it is enabled and
 * back when it leaves. Disabled until a test enables it (through ServiceComponentRuntime).
 *
 * <p>It is an honest wrapper, not a second implementation: the provider's classes are not
 * exported, so it delegates every call to the {@code provider=native} service, which it
 * holds as this bundle's user. What it adds is what makes it a provider of its own: the
 * sockets made through it (including those their {@code accept()} returns, hence the socket
 * objects are thin proxies) are its own, and it closes them when it goes away, as a provider
 * must. The descriptors themselves are the native provider's, so {@code socket:ls} lists them
 * (owned by this bundle).
 */
@Component(service = SocketModule.class, enabled = false,
        property = {"service.ranking:Integer=10", "provider=test"})
public final class RankedProvider implements SocketModule {
    private final SocketModule delegate;
    private final Set<SocketType> made = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    @Activate
    public RankedProvider(@Reference(target = "(provider=native)") SocketModule delegate) {
        this.delegate = delegate;
    }

    @Deactivate
    void deactivate() {
        synchronized (made) {
            for (SocketType s : made) {
                s.close();
            }
            made.clear();
        }
    }

    /** @return {@code s} as this provider's socket: tracked, and so is every connection it accepts */
    private SocketType own(SocketType s) {
        made.add(s);
        return (SocketType) Proxy.newProxyInstance(RankedProvider.class.getClassLoader(),
                new Class<?>[] {SocketType.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(s, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    return result instanceof Accepted a ? new Accepted(own(a.conn()), a.address()) : result;
                });
    }

    @Override
    public SocketType socket(int family, int type, int proto) throws SocketException {
        return own(delegate.socket(family, type, proto));
    }

    @Override
    public SocketType fromfd(int fd, int family, int type, int proto) throws SocketException {
        return own(delegate.fromfd(fd, family, type, proto));
    }

    @Override
    public String gethostbyname(String hostname) throws SocketException {
        return delegate.gethostbyname(hostname);
    }

    @Override
    public HostEntry gethostbyname_ex(String hostname) throws SocketException {
        return delegate.gethostbyname_ex(hostname);
    }

    @Override
    public String gethostname() throws SocketException {
        return delegate.gethostname();
    }

    @Override
    public HostEntry gethostbyaddr(String ip_address) throws SocketException {
        return delegate.gethostbyaddr(ip_address);
    }

    @Override
    public int getprotobyname(String protocolname) throws SocketException {
        return delegate.getprotobyname(protocolname);
    }

    @Override
    public int getservbyname(String servicename, String protocolname) throws SocketException {
        return delegate.getservbyname(servicename, protocolname);
    }

    @Override
    public long ntohl(long x) {
        return delegate.ntohl(x);
    }

    @Override
    public int ntohs(int x) {
        return delegate.ntohs(x);
    }

    @Override
    public long htonl(long x) {
        return delegate.htonl(x);
    }

    @Override
    public int htons(int x) {
        return delegate.htons(x);
    }

    @Override
    public byte[] inet_aton(String ip_string) throws SocketException {
        return delegate.inet_aton(ip_string);
    }

    @Override
    public String inet_ntoa(byte[] packed_ip) {
        return delegate.inet_ntoa(packed_ip);
    }

    @Override
    public Double getdefaulttimeout() {
        return delegate.getdefaulttimeout();
    }

    @Override
    public void setdefaulttimeout(Double seconds) {
        delegate.setdefaulttimeout(seconds);
    }

    @Override
    public String toString() {
        return "test provider (ranking 10) delegating to " + delegate;
    }
}
