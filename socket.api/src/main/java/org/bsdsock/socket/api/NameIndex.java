package org.bsdsock.socket.api;

import java.util.Objects;

/**
 * One network interface as {@link SocketModule#if_nameindex()} lists it: CPython's pair
 * {@code (index, name)}, the fields of C's {@code struct if_nameindex}.
 *
 * @param index the interface index, 1 to 2<sup>32</sup>-1 (what {@link Inet6Addr#scope_id()}
 *              takes)
 * @param name  the interface name, e.g. {@code "lo"}; not null
 */
public record NameIndex(long index, String name) {
    /**
     * Creates an entry; the provider makes them, a consumer may for tests.
     *
     * @throws NullPointerException if name is null
     */
    public NameIndex {
        Objects.requireNonNull(name, "name");
    }
}
