package org.bsdsock.socket.spi;

import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.SocketException;

/**
 * Raised by a {@link ProviderSocket}'s call that was interrupted because its provider handed
 * the socket over. The {@link KeptSocket} catches it and makes the call again on the next
 * provider; it never reaches a consumer.
 *
 * <p>What it carries is what the next provider needs to go on as if nothing happened: how far
 * the call got ({@link #progress}), when its timeout ends ({@link #deadline}: the retried call
 * ends by then, see {@link CallDeadline}), and, for a {@code sendfile} reading a pipe or a
 * socket, the bytes it had taken from that input and not yet sent ({@link #unsent}), which
 * cannot be read again.
 */
public final class HandedOverException extends SocketException {
    private static final long serialVersionUID = 2L;

    private final long progress;
    private final long deadline;
    private final byte[] unsent;
    private final boolean sequentialInput;

    /**
     * @param call     the call that was interrupted
     * @param progress bytes the call had moved before it was interrupted (a {@code sendall} or
     *                 {@code sendfile} goes on from there); 0 for other calls
     */
    public HandedOverException(String call, long progress) {
        this(call, progress, 0);
    }

    /**
     * @param call     the call that was interrupted
     * @param progress as in {@link #HandedOverException(String, long)}
     * @param deadline when the call's timeout ends ({@link System#nanoTime}), 0 for none
     * @since 1.1
     */
    public HandedOverException(String call, long progress, long deadline) {
        this(call, progress, deadline, null, false);
    }

    /**
     * For a {@code sendfile} interrupted by the hand-over.
     *
     * @param call            the call that was interrupted
     * @param progress        bytes sent to the socket
     * @param deadline        when the call's timeout ends ({@link System#nanoTime}), 0 for none
     * @param unsent          bytes read from a sequential input and not yet sent (the next
     *                        provider sends them first); null or empty for none
     * @param sequentialInput whether the input is read where it stands (a pipe, a socket)
     *                        rather than at an offset: the call goes on with the same
     *                        {@code offset} argument instead of {@code offset + progress}
     * @since 1.1
     */
    public HandedOverException(String call, long progress, long deadline, byte[] unsent, boolean sequentialInput) {
        super(call, Errno.EBADF, "socket handed over to the next provider");
        this.progress = progress;
        this.deadline = deadline;
        this.unsent = unsent == null ? new byte[0] : unsent;
        this.sequentialInput = sequentialInput;
    }

    /** @return the bytes the interrupted call had moved */
    public long progress() {
        return progress;
    }

    /**
     * @return when the interrupted call's timeout ends, in {@link System#nanoTime} terms; 0 if
     *         it had none, or had not started to wait
     * @since 1.1
     */
    public long deadline() {
        return deadline;
    }

    /**
     * @return bytes a {@code sendfile} had read from a sequential input and not sent (never
     *         null; the array itself, not a copy)
     * @since 1.1
     */
    public byte[] unsent() {
        return unsent;
    }

    /**
     * @return whether the interrupted {@code sendfile} reads a sequential input (a pipe, a
     *         socket), which goes on from where it stands
     * @since 1.1
     */
    public boolean sequentialInput() {
        return sequentialInput;
    }
}
