package org.bsdsock.socket.api;

import java.util.List;
import java.util.Objects;

/**
 * What {@code gethostbyname_ex} and {@code gethostbyaddr} return: the seed's triple
 * {@code (hostname, aliaslist, ipaddrlist)}.
 *
 * @param hostname   the primary host name
 * @param aliaslist  alternative names for the same address, possibly empty; unmodifiable
 * @param ipaddrlist the host's addresses as dotted quads; unmodifiable
 */
public record HostEntry(String hostname, List<String> aliaslist, List<String> ipaddrlist) {
    /**
     * Creates an entry; the lists are copied.
     *
     * @throws NullPointerException if any component, or an element of a list, is null
     */
    public HostEntry {
        Objects.requireNonNull(hostname, "hostname");
        aliaslist = List.copyOf(aliaslist);
        ipaddrlist = List.copyOf(ipaddrlist);
    }
}
