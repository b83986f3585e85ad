package org.bsdsock.socket.api;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The file object {@link SocketType#makefile(String, int)} returns: Java streams over a
 * {@code dup()}ped descriptor of the socket, so the file and the socket can be closed
 * independently. Reads block as {@code recv} does (following the socket's timeout); end of
 * stream is the peer's shutdown.
 */
public interface SocketFile extends Closeable {

    /**
     * Returns the stream that reads from the socket: reads are {@code recv} calls (through a
     * buffer unless {@code makefile}'s bufsize was 0), blocking as {@code recv} does; -1 is
     * the end of stream.
     *
     * @return the stream to read from; the same object on every call
     * @throws IllegalStateException if the mode has no {@code 'r'}
     */
    InputStream input();

    /**
     * Returns the stream that writes to the socket: writes are {@code sendall} calls, through
     * a buffer unless {@code makefile}'s bufsize was 0 (then {@code flush} sends the rest).
     *
     * @return the stream to write to; the same object on every call
     * @throws IllegalStateException if the mode has no {@code 'w'}
     */
    OutputStream output();

    /** {@return the mode given to {@code makefile}, e.g. {@code "rb"}} */
    String mode();

    /** {@return the file's own descriptor (the duplicate), or -1 once closed} */
    int fileno();

    /** Flushes the output stream, if any, and closes the duplicate descriptor. Idempotent. */
    @Override
    void close() throws SocketException;
}
