package org.bsdsock.socket.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Linux's {@code struct ucred} from {@code <sys/socket.h>}: a process's credentials, as the
 * option {@code SO_PEERCRED} returns them for the peer of an {@code AF_UNIX} socket and as
 * {@code SCM_CREDENTIALS} ancillary data carries them. CPython hands out the raw bytes
 * ({@code struct.unpack("3i", ...)}); {@link #of(byte[])} and {@link #toBytes()} are that
 * conversion:
 *
 * <pre>{@code
 * Ucred peer = Ucred.of(sock.getsockopt(SOL_SOCKET, SO_PEERCRED, Ucred.size()));
 * }</pre>
 *
 * @param pid the process id
 * @param uid the user id ({@code uid_t}, unsigned in C: see {@link Integer#toUnsignedLong})
 * @param gid the group id ({@code gid_t}, unsigned in C)
 * @since 1.1
 */
public record Ucred(int pid, int uid, int gid) {
    private static final int SIZE = 3 * Integer.BYTES;

    /** {@return {@code sizeof(struct ucred)}: 12 on Linux (three 32-bit ints)} */
    public static int size() {
        return SIZE;
    }

    /**
     * Decodes a {@code struct ucred} in native byte order.
     *
     * @param data at least {@link #size()} bytes, e.g. what {@code getsockopt(SOL_SOCKET,
     *             SO_PEERCRED, 12)} returns or an {@code SCM_CREDENTIALS} item's data; not null
     * @return the credentials
     * @throws IllegalArgumentException if data is shorter than {@link #size()}
     */
    public static Ucred of(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (data.length < SIZE) {
            throw new IllegalArgumentException("struct ucred needs " + SIZE + " bytes, got " + data.length);
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
        return new Ucred(b.getInt(), b.getInt(), b.getInt());
    }

    /** {@return the {@code struct ucred} in native byte order, e.g. for an {@code SCM_CREDENTIALS} item} */
    public byte[] toBytes() {
        return ByteBuffer.allocate(SIZE).order(ByteOrder.nativeOrder()).putInt(pid).putInt(uid).putInt(gid).array();
    }
}
