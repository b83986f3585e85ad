package org.bsdsock.socket.itest.consumer;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * A DS component written as an application that must survive its socket provider coming and
 * going: an optional, dynamic, greedy reference. It counts how often DS binds and unbinds a
 * provider, tells which one it holds, and keeps sockets open on request, so that a test can
 * see them closed when their provider leaves.
 */
@Component(service = HotSwapConsumer.class, immediate = true)
public final class HotSwapConsumer {
    private final AtomicReference<Map.Entry<Map<String, Object>, SocketModule>> module = new AtomicReference<>();
    private final AtomicInteger binds = new AtomicInteger();
    private final AtomicInteger unbinds = new AtomicInteger();
    private final List<SocketType> held = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindModule(SocketModule m, Map<String, Object> properties) {
        module.set(Map.entry(properties, m));
        binds.incrementAndGet();
    }

    void unbindModule(SocketModule m) {
        // A greedy replacement binds the new provider before it unbinds the old one.
        module.updateAndGet(e -> e != null && e.getValue() == m ? null : e);
        unbinds.incrementAndGet();
    }

    /** @return the bound provider's {@code provider} property, or null while none is bound */
    public String provider() {
        Map.Entry<Map<String, Object>, SocketModule> e = module.get();
        return e == null ? null : String.valueOf(e.getKey().get("provider"));
    }

    /** @return how often DS has bound a provider */
    public int binds() {
        return binds.get();
    }

    /** @return how often DS has unbound a provider */
    public int unbinds() {
        return unbinds.get();
    }

    /**
     * Opens a listening socket and a connected pair through the bound provider, and holds them.
     *
     * @return their descriptors
     * @throws IllegalStateException if no provider is bound
     */
    public List<Integer> openAndHold() throws SocketException {
        Map.Entry<Map<String, Object>, SocketModule> e = module.get();
        if (e == null) {
            throw new IllegalStateException("no socket provider is bound");
        }
        SocketModule m = e.getValue();
        SocketType l = m.socket(AF_INET, SOCK_STREAM);
        held.add(l);
        l.bind(new InetAddr("127.0.0.1", 0));
        l.listen(1);
        SocketType c = m.socket(AF_INET, SOCK_STREAM);
        held.add(c);
        c.connect(l.getsockname());
        held.add(l.accept().conn());
        List<Integer> fds = new ArrayList<>();
        for (SocketType s : held.subList(held.size() - 3, held.size())) {
            fds.add(s.fileno());
        }
        return fds;
    }

    /** @return how many held sockets are still open; forgets the closed ones */
    public int stillOpen() {
        held.removeIf(s -> s.fileno() < 0);
        return held.size();
    }
}
