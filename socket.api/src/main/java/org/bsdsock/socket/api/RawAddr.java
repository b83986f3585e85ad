package org.bsdsock.socket.api;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A socket address of any family, as the kernel's {@code struct sockaddr} bytes: the family
 * ({@code sa_family}) and the bytes that follow it. It reaches every family the kernel has,
 * modelled here or not: a socket of a family without a record ({@code AF_ALG},
 * {@code AF_CAN}...) is bound, connected and sent to with it, and the addresses the kernel
 * returns for such a family come back as one. It is accepted for the modelled families too
 * (their calls return their own records), and its family need not be the socket's: the kernel
 * judges, e.g. {@code connect} with {@code AF_UNSPEC} dissolves a datagram socket's association.
 *
 * @param family the address family ({@code sa_family}), 0 to 65535
 * @param data   the structure's bytes after the family, as the kernel lays them out (ports and
 *               addresses in network byte order where the family says so), at most
 *               126 bytes; not null; copied
 * @since 1.4
 */
public record RawAddr(int family, byte[] data) implements SockAddr {
    /** {@code sizeof(struct sockaddr_storage) - sizeof(sa_family_t)}: the most any family uses. */
    private static final int DATA_MAX = 126;

    /**
     * Checks the family's range and the data's length; the data is copied.
     *
     * @throws NullPointerException     if data is null
     * @throws IllegalArgumentException if family is outside 0 to 65535 or data is longer than 126 bytes
     */
    public RawAddr {
        Objects.requireNonNull(data, "data");
        if (family < 0 || family > 0xFFFF) {
            throw new IllegalArgumentException("address family must be 0-65535, not " + family);
        }
        if (data.length > DATA_MAX) {
            throw new IllegalArgumentException("raw address too long: " + data.length + " bytes after the family, at most "
                    + DATA_MAX);
        }
        data = data.clone();
    }

    /** {@return a copy of the bytes after the family} */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawAddr r && family == r.family && Arrays.equals(data, r.data);
    }

    @Override
    public int hashCode() {
        return 31 * family + Arrays.hashCode(data);
    }

    /** {@return {@code raw:family:hex}, e.g. {@code raw:16:0000000000000000000000} (hex empty for no bytes)} */
    @Override
    public String toString() {
        return "raw:" + family + ":" + HexFormat.of().formatHex(data);
    }
}
