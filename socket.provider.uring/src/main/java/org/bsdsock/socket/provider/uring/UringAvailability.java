package org.bsdsock.socket.provider.uring;

import org.bsdsock.socket.provider.ffm.Engine;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Publishes the io_uring provider only where io_uring works. {@link UringSocketComponent} is
 * declared disabled; this immediate component sets up a ring once when the bundle starts and
 * enables it if that succeeds. Where the kernel refuses ({@code ENOSYS}, or {@code EPERM} from
 * {@code kernel.io_uring_disabled} or a seccomp profile), no {@code provider=uring} service
 * appears, so consumers never move to a provider whose every wait would fail; the reason goes
 * to the log ({@code System.err}, as the framework's own errors).
 */
@Component(immediate = true, service = {})
public final class UringAvailability {
    /** @param context this component's context: enables the provider's component */
    @Activate
    public UringAvailability(ComponentContext context) {
        String why = Engine.URING.unavailable();
        if (why == null) {
            context.enableComponent(UringSocketComponent.class.getName());
        } else {
            System.err.println("socket.provider.uring: io_uring is not available here (" + why
                    + "); the io_uring provider stays unregistered");
        }
    }
}
