package org.bsdsock.socket.spi;

import org.bsdsock.socket.api.SocketException;
import org.osgi.annotation.versioning.ConsumerType;

/** A provider instance taking over sockets that a previous provider handed over. */
@ConsumerType
@FunctionalInterface
public interface SocketAdopter {
    /**
     * Takes over a socket a previous provider handed over: makes this provider's socket on
     * the descriptor, in the mode {@code held} records.
     *
     * @param held a descriptor and its state, now owned by this provider
     * @param kept the socket object consumers hold: the provider hands it over again when it goes
     * @return the provider's socket on it, ready for calls
     * @throws SocketException if this provider cannot take the socket (e.g. a family it
     *         lacks); the keeper then closes the descriptor and the socket's callers fail
     *         with this error
     */
    ProviderSocket adopt(HeldSocket held, KeptSocket kept) throws SocketException;
}
