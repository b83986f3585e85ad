package org.bsdsock.socket.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The administrative view of a socket provider: what it holds open, across every bundle that
 * uses it. Published beside {@link SocketModule} by the same provider; used by the shell's
 * {@code socket:ls} and {@code socket:close}. (Not {@code close(int)}: that is the module function
 * {@link SocketModule#close(int)}, which closes any descriptor.)
 *
 * <p>Thread safety: every method may be called from any thread.
 */
@ProviderType
public interface SocketAdmin {

    /** {@return the provider's name, e.g. {@code native} (its {@code provider} service property)} */
    String provider();

    /**
     * Lists the sockets this provider holds open, for every bundle that uses it.
     *
     * @return a snapshot of every socket the provider holds open, ordered by descriptor;
     *         sockets closed meanwhile may be missing or reported without addresses
     */
    List<SocketInfo> sockets();

    /**
     * Closes the provider's socket that has descriptor {@code fd}, as its owner's
     * {@code close()} would: threads blocked on it are woken with {@code EBADF}.
     *
     * @param fd a descriptor
     * @return true if a socket of this provider had that descriptor and is now closed
     * @since 1.1
     */
    boolean closeSocket(int fd);
}
