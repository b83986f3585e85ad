package org.bsdsock.socket.provider.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code AF_PACKET} against the kernel, as CPython has it. Packet sockets need
 * {@code CAP_NET_RAW}: the calls ({@link PacketProbe}) run in a process of their own inside a
 * new user and network namespace ({@code unshare -rn}: root there, only {@code lo}, brought up),
 * so a frame cannot leave it; CPython makes the same calls in a namespace of its own, and each
 * line, addresses included, must be the same. Without privilege (a user namespace over this
 * machine's network: {@code unshare -r}) the socket is refused with the kernel's
 * {@code EPERM}, as CPython's. Skipped, visibly, where user namespaces or {@code ip} are missing
 * ({@link Namespaces}).
 */
class PacketTest {
    private static List<String> java(boolean network, String mode) throws IOException {
        return Namespaces.run(network ? Namespaces.NETWORK : Namespaces.USER_ONLY, Namespaces.java(PacketProbe.class, mode));
    }

    private static List<String> python(boolean network, String mode) throws IOException {
        return Namespaces.run(network ? Namespaces.NETWORK : Namespaces.USER_ONLY,
                List.of("python3", "-c", PacketProbe.PYTHON, mode));
    }

    @Test
    void anArpFrameSentOnLoIsCapturedWithTheAddressesCPythonReturns() throws IOException {
        assumeNamespaces();
        CPython.assume("PacketTest");
        List<String> ours = java(true, "frame");
        List<String> theirs = python(true, "frame");
        assertEquals(theirs, ours.stream().filter(l -> !l.startsWith("xdp ")).toList());
        // What CPython and we agree on, spelled out: the capture names lo, ARP, the packet
        // type lo gives a frame to ff:ff:ff:ff:ff:ff, ARPHRD_LOOPBACK and lo's address.
        assertTrue(ours.contains("rx from lo 2054 2 772 000000000000"), ours.toString());
        assertTrue(ours.contains("dg data " + PacketProbe.FRAME.substring(28)), "SOCK_DGRAM: without the header");
        assertTrue(ours.contains("unbound  0 0 0 "), "an unbound socket: no interface, as CPython's ''");
        assertTrue(ours.contains("bind error ENODEV"), ours.toString());
    }

    @Test
    void aRawSockaddrXdpReachesTheKernelThatReadsItsInterfaceIndex() throws IOException {
        assumeNamespaces();
        List<String> ours = java(true, "frame");
        // ENODEV: the kernel read an interface index that does not exist; EINVAL: it found lo
        // and refused a socket without rings. CPython cannot give AF_XDP an address at all.
        assertEquals(List.of("xdp none error ENODEV", "xdp lo error EINVAL"),
                ours.stream().filter(l -> l.startsWith("xdp ")).toList());
    }

    @Test
    void withoutPrivilegeAPacketSocketIsTheKernelsEperm() throws IOException {
        assumeNamespaces();
        List<String> ours = java(false, "socket");
        assertEquals(List.of("socket error EPERM"), ours);
        CPython.assume("PacketTest");
        assertEquals(python(false, "socket"), ours);
    }

    private static void assumeNamespaces() {
        Namespaces.assume("PacketTest");
    }
}
