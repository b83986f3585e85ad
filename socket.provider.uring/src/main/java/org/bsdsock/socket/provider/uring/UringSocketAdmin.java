package org.bsdsock.socket.provider.uring;

import org.bsdsock.socket.api.SocketAdmin;
import org.bsdsock.socket.provider.ffm.Engine;
import org.bsdsock.socket.provider.ffm.ProviderAdmin;
import org.osgi.service.component.annotations.Component;

/** The uring provider's administrative view, a singleton service (see {@link ProviderAdmin}). */
@Component(service = SocketAdmin.class, property = "provider=" + UringSocketModule.PROVIDER)
public final class UringSocketAdmin extends ProviderAdmin {
    /** For DS. */
    public UringSocketAdmin() {
        super(Engine.URING);
    }
}
