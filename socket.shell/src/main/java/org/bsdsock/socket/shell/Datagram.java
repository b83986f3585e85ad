package org.bsdsock.socket.shell;

import java.nio.charset.StandardCharsets;
import org.bsdsock.socket.api.SockAddr;

/**
 * What {@code $s recvfrom} returns: the seed's pair {@code (string, address)}, the data as
 * UTF-8 text.
 *
 * @param data    the bytes received, decoded as UTF-8
 * @param address the sender's address
 */
public record Datagram(String data, SockAddr address) {
    /** @return {@code ('data', address)} */
    @Override
    public String toString() {
        return "(" + PyRepr.of(data.getBytes(StandardCharsets.UTF_8)) + ", " + address + ")";
    }
}
