package org.bsdsock.socket.spi;

import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.SocketException;

/**
 * Raised by a {@link ProviderSocket}'s call that was interrupted because its provider handed
 * the socket over. The {@link KeptSocket} catches it and makes the call again on the next
 * provider; it never reaches a consumer.
 */
public final class HandedOverException extends SocketException {
    /** The serialized form's version. */
    private static final long serialVersionUID = 1L;

    /** The bytes the interrupted call had moved. */
    private final long progress;

    /**
     * Creates the exception; its errno is {@code EBADF}.
     *
     * @param call     the call that was interrupted
     * @param progress bytes the call had moved before it was interrupted (a {@code sendall} or
     *                 {@code sendfile} goes on from there); 0 for other calls
     */
    public HandedOverException(String call, long progress) {
        super(call, Errno.EBADF, "socket handed over to the next provider");
        this.progress = progress;
    }

    /**
     * Returns how far the interrupted call got, for the retry on the next provider.
     *
     * @return the bytes the interrupted call had moved; 0 for a call that moves none
     */
    public long progress() {
        return progress;
    }
}
