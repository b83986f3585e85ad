package org.bsdsock.socket.provider.ffm;

import org.bsdsock.socket.api.SocketAdmin;
import org.osgi.service.component.annotations.Component;

/** The native provider's administrative view, a singleton service (see {@link ProviderAdmin}). */
@Component(service = SocketAdmin.class, property = "provider=" + NativeSocketModule.PROVIDER)
public final class NativeSocketAdmin extends ProviderAdmin {
    /** For DS. */
    public NativeSocketAdmin() {
        super(Engine.EPOLL);
    }
}
