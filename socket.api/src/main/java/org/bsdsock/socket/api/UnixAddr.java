package org.bsdsock.socket.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An {@code AF_UNIX} address: a filesystem path, or on Linux a name in the abstract
 * namespace (first byte NUL). The seed gives AF_UNIX addresses as a single string; paths are
 * kept as bytes because the kernel does, and an abstract name may hold any bytes.
 *
 * <p>An unnamed socket (an unbound one, or a peer that never bound) has the empty address.
 *
 * @param path the bytes of {@code sun_path} (no trailing NUL); not null; copied
 */
public record UnixAddr(byte[] path) implements SockAddr {
    /**
     * Creates an address from the bytes of {@code sun_path} (copied).
     *
     * @throws NullPointerException if path is null
     */
    public UnixAddr {
        path = Objects.requireNonNull(path, "path").clone();
    }

    /**
     * Creates the address of a filesystem path.
     *
     * @param path a filesystem path, encoded as UTF-8 (e.g. {@code "/tmp/app.sock"}); not null
     * @return the address
     */
    public static UnixAddr of(String path) {
        return new UnixAddr(Objects.requireNonNull(path, "path").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates the address of a name in Linux's abstract namespace.
     *
     * @param name the name, any bytes, without the leading NUL; not null
     * @return the address {@code "\0" + name}
     */
    public static UnixAddr ofAbstract(byte[] name) {
        byte[] p = new byte[name.length + 1];
        System.arraycopy(name, 0, p, 1, name.length);
        return new UnixAddr(p);
    }

    /** {@return a copy of the path bytes} */
    @Override
    public byte[] path() {
        return path.clone();
    }

    /** {@return true for a name in the abstract namespace (leading NUL byte)} */
    public boolean isAbstract() {
        return path.length > 0 && path[0] == 0;
    }

    /** {@return true for the unnamed address (empty)} */
    public boolean isUnnamed() {
        return path.length == 0;
    }

    /** {@return the path as text (UTF-8); an abstract name starts with {@code '\0'}} */
    public String pathString() {
        return new String(path, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnixAddr u && Arrays.equals(path, u.path);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(path);
    }

    /** {@return the path; an abstract name as {@code @name}, the unnamed address as {@code ''}} */
    @Override
    public String toString() {
        if (isUnnamed()) {
            return "''";
        }
        return isAbstract() ? "@" + new String(path, 1, path.length - 1, StandardCharsets.UTF_8) : pathString();
    }
}
