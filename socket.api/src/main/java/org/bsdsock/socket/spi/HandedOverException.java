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
    /** The serialized form's version: 2 since the form carries the deadline and the unsent bytes. */
    private static final long serialVersionUID = 2L;

    /** The bytes the interrupted call had moved. */
    private final long progress;
    /** When the interrupted call's timeout ends ({@link System#nanoTime}), 0 for none. */
    private final long deadline;
    /** The bytes a {@code sendfile} had read from a sequential input and not sent; never null, empty for none. */
    private final byte[] unsent;
    /** Whether the interrupted {@code sendfile} reads its input where it stands rather than at an offset. */
    private final boolean sequentialInput;

    /**
     * Creates the exception for a call without a deadline to carry; its errno is
     * {@code EBADF}.
     *
     * @param call     the call that was interrupted
     * @param progress bytes the call had moved before it was interrupted (a {@code sendall} or
     *                 {@code sendfile} goes on from there); 0 for other calls
     */
    public HandedOverException(String call, long progress) {
        this(call, progress, 0);
    }

    /**
     * Creates the exception for a call whose timeout the retry on the next provider must keep;
     * its errno is {@code EBADF}.
     *
     * @param call     the call that was interrupted
     * @param progress as in {@link #HandedOverException(String, long)}
     * @param deadline when the call's timeout ends ({@link System#nanoTime}), 0 for none
     * @since 1.1
     */
    public HandedOverException(String call, long progress, long deadline) {
        this(call, progress, deadline, null, false);
    }

    /**
     * Creates the exception for a {@code sendfile} interrupted by the hand-over; its errno is
     * {@code EBADF}.
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

    /**
     * Returns how far the interrupted call got, for the retry on the next provider.
     *
     * @return the bytes the interrupted call had moved; 0 for a call that moves none
     */
    public long progress() {
        return progress;
    }

    /**
     * Returns the interrupted call's deadline, which the call made again on the next provider
     * keeps ({@link CallDeadline}).
     *
     * @return when the interrupted call's timeout ends, in {@link System#nanoTime} terms; 0 if
     *         it had none, or had not started to wait
     * @since 1.1
     */
    public long deadline() {
        return deadline;
    }

    /**
     * Returns the bytes the next provider must send before it goes on with the
     * {@code sendfile}: they were taken from an input that cannot give them again.
     *
     * @return bytes a {@code sendfile} had read from a sequential input and not sent (never
     *         null; the array itself, not a copy)
     * @since 1.1
     */
    public byte[] unsent() {
        return unsent;
    }

    /**
     * Tells how the {@code sendfile} made again on the next provider reads its input: with
     * the same {@code offset} argument (sequential) or from {@code offset} plus what was sent.
     *
     * @return whether the interrupted {@code sendfile} reads a sequential input (a pipe, a
     *         socket), which goes on from where it stands
     * @since 1.1
     */
    public boolean sequentialInput() {
        return sequentialInput;
    }
}
