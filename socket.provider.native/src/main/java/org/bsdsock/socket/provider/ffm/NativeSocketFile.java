package org.bsdsock.socket.provider.ffm;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketFile;
import org.bsdsock.socket.api.SocketType;

/**
 * The seed's {@code makefile}: Java streams over a socket on a duplicated descriptor, so that
 * the file and the original socket are closed independently. The file holds the socket object
 * consumers hold, so it goes on across a change of provider. Reads are {@code recv} calls
 * (end of stream when the peer shuts down), writes are {@code sendall} calls; both follow the
 * timeout the socket had when the file was made.
 */
final class NativeSocketFile implements SocketFile {
    /** The buffer size Python's {@code open()} picks by default. */
    static final int DEFAULT_BUFFER = 8192;

    /** The largest buffer a file may ask for: a buffer is allocated whole, when the file is made. */
    static final int MAX_BUFFER = 64 << 20;

    private final SocketType sock;
    private final String mode;
    private final InputStream in;
    private final OutputStream out;

    /**
     * @param sock    a socket on a duplicate descriptor, now owned by this file
     * @param mode    characters from {@code "rwb"}, with {@code r} or {@code w}
     * @param bufsize 0 unbuffered; negative or 1 the default size; otherwise the buffer size
     */
    NativeSocketFile(SocketType sock, String mode, int bufsize) {
        this.sock = sock;
        this.mode = mode;
        boolean read = false;
        boolean write = false;
        for (char c : mode.toCharArray()) {
            switch (c) {
                case 'r' -> read = !read ? true : invalid(mode);
                case 'w' -> write = !write ? true : invalid(mode);
                case 'b' -> { }
                default -> invalid(mode);
            }
        }
        if (!read && !write) {
            invalid(mode);
        }
        if (bufsize > MAX_BUFFER) {
            sock.close();
            throw new IllegalArgumentException("makefile buffer size too large: " + bufsize + " (at most " + MAX_BUFFER + ")");
        }
        int size = bufsize < 0 || bufsize == 1 ? DEFAULT_BUFFER : bufsize;
        InputStream rawIn = read ? new SocketInput() : null;
        OutputStream rawOut = write ? new SocketOutput() : null;
        this.in = rawIn == null || bufsize == 0 ? rawIn : new BufferedInputStream(rawIn, size);
        this.out = rawOut == null || bufsize == 0 ? rawOut : new BufferedOutputStream(rawOut, size);
    }

    private boolean invalid(String mode) {
        sock.close();
        throw new IllegalArgumentException("invalid mode " + mode + " (only r, w, b allowed)");
    }

    @Override
    public InputStream input() {
        if (in == null) {
            throw new IllegalStateException("file not opened for reading (mode " + mode + ")");
        }
        return in;
    }

    @Override
    public OutputStream output() {
        if (out == null) {
            throw new IllegalStateException("file not opened for writing (mode " + mode + ")");
        }
        return out;
    }

    @Override
    public String mode() {
        return mode;
    }

    @Override
    public int fileno() {
        return sock.fileno();
    }

    @Override
    public void close() throws SocketException {
        try {
            if (out != null && sock.fileno() >= 0) {
                out.flush();
            }
        } catch (SocketException e) {
            throw e;
        } catch (IOException e) {
            throw Errors.failure("makefile", String.valueOf(e.getMessage()));
        } finally {
            sock.close();
        }
    }

    @Override
    public String toString() {
        return "socket file(fd=" + fileno() + ", mode=" + mode + ")";
    }

    private final class SocketInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            int n = sock.recv_into(ByteBuffer.wrap(b, off, len), 0);
            return n == 0 ? -1 : n;
        }

        @Override
        public void close() throws IOException {
            NativeSocketFile.this.close();
        }
    }

    private final class SocketOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            sock.sendall(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public void close() throws IOException {
            NativeSocketFile.this.close();
        }
    }
}
