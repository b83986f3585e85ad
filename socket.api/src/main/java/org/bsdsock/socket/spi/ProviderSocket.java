package org.bsdsock.socket.spi;

import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketType;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A provider's side of one socket: the object a {@link KeptSocket} forwards its calls to.
 * Its calls behave as {@link SocketType} says, with one addition: a call interrupted by
 * {@link #handOver} raises {@link HandedOverException}, and {@code sendall} and
 * {@code sendfile} report in it how far they got.
 */
@ConsumerType
public interface ProviderSocket extends SocketType {
    /**
     * Lets go of the descriptor without closing it: callers inside calls on this socket are
     * woken and raise {@link HandedOverException}; later calls raise it too. The socket
     * itself is not touched (no shutdown, no close).
     *
     * @return the socket's state, the descriptor now the caller's; null if the socket was
     *         closed already
     */
    HeldSocket handOver();

    /**
     * Connects again after a hand-over interrupted {@code connect}: a connect still under way
     * ({@code EALREADY}) is waited for, one that completed meanwhile ({@code EISCONN}) is a
     * success.
     *
     * @param address the address the interrupted call was connecting to
     * @param raise   as {@code connect} (true) or {@code connect_ex} (false)
     * @return 0, or the errno as {@code connect_ex} returns it
     * @throws SocketException as {@link SocketType#connect(SockAddr)} (with raise) or
     *                         {@link SocketType#connect_ex(SockAddr)} (without)
     */
    int resumeConnect(SockAddr address, boolean raise) throws SocketException;

    /**
     * Closes a descriptor this provider handed over and nobody adopted: used by the keeper
     * when a hand-over window ends, or when the adopter refused the socket.
     *
     * @param fd the descriptor of a {@link HeldSocket} this provider's {@link #handOver()}
     *           returned; closed, errors ignored
     */
    void closeHeld(int fd);
}
