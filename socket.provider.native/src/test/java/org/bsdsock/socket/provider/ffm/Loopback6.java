package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET6;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;

import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.Assumptions;

/**
 * CPython's {@code socket_helper.IPV6_ENABLED} for the IPv6 tests: a machine (or container)
 * without {@code ::1} skips them, visibly, instead of failing.
 */
final class Loopback6 {
    private Loopback6() {
    }

    /** CPython's {@code socket_helper.HOSTv6}. */
    static final String HOST = "::1";

    static void assumeEnabled(SocketModule module) {
        String why = null;
        try (SocketType s = module.socket(AF_INET6, SOCK_STREAM)) {
            s.bind(new Inet6Addr(HOST, 0));
        } catch (SocketException e) {
            why = e.getMessage();
        }
        if (why != null) {
            System.err.println("IPv6 loopback unavailable (" + why + "): IPv6 test SKIPPED");
        }
        String reason = why;
        Assumptions.assumeTrue(reason == null, () -> "IPv6 loopback unavailable: " + reason);
    }
}
