package org.bsdsock.socket.shell;

/**
 * One row of {@code socket:providers}: a registered {@code SocketModule} service.
 *
 * @param serviceId the service's {@code service.id}
 * @param provider  its {@code provider} property, e.g. {@code native}
 * @param ranking   its {@code service.ranking} (0 when absent)
 * @param bundle    the registering bundle ({@code symbolic-name [id]})
 * @param scope     its {@code service.scope}: {@code singleton}, {@code bundle} or {@code prototype}
 * @param inUse     whether the shell's commands use it now
 */
public record ProviderInfo(long serviceId, String provider, int ranking, String bundle, String scope,
        boolean inUse) {

    /** @return the row as {@code socket:providers} prints it */
    @Override
    public String toString() {
        return String.format("%s service %-4d provider=%-8s ranking=%-4d %-32s scope=%s", inUse ? "*" : " ",
                serviceId, provider, ranking, bundle, scope);
    }
}
