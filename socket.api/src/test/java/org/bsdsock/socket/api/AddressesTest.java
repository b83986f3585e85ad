package org.bsdsock.socket.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The address records: what each accepts, what it rejects before any system call
 * ({@link IllegalArgumentException} for a value out of range, {@link NullPointerException} for
 * a missing one), and how it prints (the shell reads the printed form back).
 */
@Tag("unit")
class AddressesTest {

    @ParameterizedTest
    @ValueSource(ints = {-1, 65_536, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void inetAddrRejectsAPortOutOfRange(int port) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InetAddr("127.0.0.1", port));
        assertEquals("port must be 0-65535, not " + port, e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Inet6Addr("::1", port));
    }

    @Test
    void inetAddrTakesEveryPortAndTheSeedsSpecialHosts() {
        assertDoesNotThrow(() -> new InetAddr("127.0.0.1", 0));
        assertDoesNotThrow(() -> new InetAddr("127.0.0.1", 65_535));
        assertEquals("", InetAddr.ANY);
        assertEquals("<broadcast>", InetAddr.BROADCAST);
        assertEquals(":80", new InetAddr(InetAddr.ANY, 80).toString());
        assertEquals("127.0.0.1:50007", new InetAddr("127.0.0.1", 50_007).toString());
        assertEquals(new InetAddr("localhost", 1), new InetAddr("localhost", 1));
        NullPointerException e = assertThrows(NullPointerException.class, () -> new InetAddr(null, 1));
        assertEquals("host", e.getMessage());
    }

    @Test
    void inet6AddrChecksFlowinfoAndScopeRanges() {
        assertDoesNotThrow(() -> new Inet6Addr("::1", 65_535, 0xFFFFF, 0xFFFF_FFFFL));
        assertThrows(IllegalArgumentException.class, () -> new Inet6Addr("::1", 0, 0x100000, 0));
        assertThrows(IllegalArgumentException.class, () -> new Inet6Addr("::1", 0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Inet6Addr("::1", 0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new Inet6Addr("::1", 0, 0, 1L << 32));
        assertThrows(NullPointerException.class, () -> new Inet6Addr(null, 0));
        assertEquals(new Inet6Addr("::1", 80, 0, 0), new Inet6Addr("::1", 80), "CPython's 2-tuple form");
    }

    @Test
    void inet6AddrPrintsBracketsAndAScopeOnlyWhenSet() {
        assertEquals("[::1]:80", new Inet6Addr("::1", 80).toString());
        assertEquals("[fe80::1%2]:80", new Inet6Addr("fe80::1", 80, 0, 2).toString());
        assertEquals("[]:0", new Inet6Addr(Inet6Addr.ANY, 0).toString());
    }

    @Test
    void unixAddrKeepsItsOwnCopyOfThePath() {
        byte[] path = "/tmp/a.sock".getBytes(StandardCharsets.UTF_8);
        UnixAddr a = new UnixAddr(path);
        path[0] = 'X';
        assertEquals("/tmp/a.sock", a.pathString(), "changing the caller's array after construction");
        a.path()[0] = 'Y';
        assertEquals("/tmp/a.sock", a.pathString(), "changing the array path() returned");
        assertThrows(NullPointerException.class, () -> new UnixAddr(null));
        assertThrows(NullPointerException.class, () -> UnixAddr.of(null));
        assertThrows(NullPointerException.class, () -> UnixAddr.ofAbstract(null));
    }

    @Test
    void unixAddrKinds() {
        UnixAddr path = UnixAddr.of("/tmp/\u00e9.sock");
        assertArrayEquals("/tmp/\u00e9.sock".getBytes(StandardCharsets.UTF_8), path.path());
        assertFalse(path.isAbstract());
        assertFalse(path.isUnnamed());
        assertEquals("/tmp/\u00e9.sock", path.toString());

        UnixAddr abs = UnixAddr.ofAbstract(new byte[] {'n', 0, 'x'});
        assertArrayEquals(new byte[] {0, 'n', 0, 'x'}, abs.path());
        assertTrue(abs.isAbstract());
        assertEquals("@n\0x", abs.toString());

        UnixAddr unnamed = new UnixAddr(new byte[0]);
        assertTrue(unnamed.isUnnamed());
        assertFalse(unnamed.isAbstract());
        assertEquals("''", unnamed.toString());
    }

    @Test
    void unixAddrsAreEqualByTheirBytes() {
        assertEquals(UnixAddr.of("/tmp/x"), new UnixAddr("/tmp/x".getBytes(StandardCharsets.UTF_8)));
        assertEquals(UnixAddr.of("/tmp/x").hashCode(), UnixAddr.of("/tmp/x").hashCode());
        assertNotEquals(UnixAddr.of("/tmp/x"), UnixAddr.of("/tmp/y"));
        assertNotEquals(UnixAddr.of("x"), UnixAddr.ofAbstract("x".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void controlMessagesCarryDescriptorsInNativeOrder() {
        ControlMessage m = ControlMessage.ofFds(3, 70_000, -1);
        assertEquals(SocketConstants.SOL_SOCKET, m.cmsg_level());
        assertEquals(SocketConstants.SCM_RIGHTS, m.cmsg_type());
        assertEquals(12, m.length());
        assertArrayEquals(new int[] {3, 70_000, -1}, m.fds());
        assertArrayEquals(new int[0], ControlMessage.ofFds().fds());
        // trailing bytes of a partial int are ignored, as array.array("i") does
        byte[] data = new byte[6];
        System.arraycopy(ControlMessage.ofFds(9).cmsg_data(), 0, data, 0, 4);
        assertArrayEquals(new int[] {9}, new ControlMessage(1, 1, data).fds());
    }

    @Test
    void controlMessagesKeepTheirOwnCopyAndCompareByContent() {
        byte[] data = {1, 2, 3};
        ControlMessage m = new ControlMessage(1, 2, data);
        data[0] = 9;
        m.cmsg_data()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, m.cmsg_data());
        assertEquals(new ControlMessage(1, 2, new byte[] {1, 2, 3}), m);
        assertEquals(new ControlMessage(1, 2, new byte[] {1, 2, 3}).hashCode(), m.hashCode());
        assertNotEquals(new ControlMessage(1, 3, new byte[] {1, 2, 3}), m);
        assertEquals("(1, 2, 3 bytes)", m.toString());
        assertThrows(NullPointerException.class, () -> new ControlMessage(1, 1, null));
    }

    @Test
    void ucredRoundTripsAndRejectsShortData() {
        Ucred u = new Ucred(1234, 1000, 100);
        assertEquals(12, Ucred.size());
        assertEquals(12, u.toBytes().length);
        assertEquals(u, Ucred.of(u.toBytes()));
        assertEquals(u, Ucred.of(java.util.Arrays.copyOf(u.toBytes(), 16)), "longer data: the struct is its first 12 bytes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ucred.of(new byte[11]));
        assertEquals("struct ucred needs 12 bytes, got 11", e.getMessage());
        assertThrows(NullPointerException.class, () -> Ucred.of(null));
    }

    @Test
    void resultRecordsRefuseMissingParts() {
        InetAddr a = new InetAddr("127.0.0.1", 1);
        assertThrows(NullPointerException.class, () -> new AddrInfo(2, 1, 6, null, a));
        assertThrows(NullPointerException.class, () -> new AddrInfo(2, 1, 6, "", null));
        assertThrows(NullPointerException.class, () -> new NameInfo(null, "80"));
        assertThrows(NullPointerException.class, () -> new NameInfo("localhost", null));
        assertThrows(NullPointerException.class, () -> new NameIndex(1, null));
        assertThrows(NullPointerException.class, () -> new HostEntry(null, java.util.List.of(), java.util.List.of()));
        assertThrows(NullPointerException.class, () -> new HostEntry("h", null, java.util.List.of()));
        assertThrows(NullPointerException.class, () -> new HostEntry("h", java.util.List.of(), java.util.Arrays.asList("x", null)));
        assertThrows(NullPointerException.class, () -> new ReceivedFds(null, new int[0], 0, null));
        assertThrows(NullPointerException.class, () -> new ReceivedFds(new byte[0], null, 0, null));
        assertThrows(NullPointerException.class, () -> new ReceivedMessage(null, java.util.List.of(), 0, null));
        assertThrows(NullPointerException.class, () -> new ReceivedMessage(new byte[0], null, 0, null));
        assertThrows(NullPointerException.class, () -> new ReceivedMessageInto(0, null, 0, null));
    }

    @Test
    void resultListsAreUnmodifiableCopies() {
        java.util.List<String> aliases = new java.util.ArrayList<>(java.util.List.of("lh"));
        HostEntry h = new HostEntry("localhost", aliases, java.util.List.of("127.0.0.1"));
        aliases.add("changed");
        assertEquals(java.util.List.of("lh"), h.aliaslist());
        assertThrows(UnsupportedOperationException.class, () -> h.ipaddrlist().add("x"));
        ReceivedMessage m = new ReceivedMessage(new byte[0], new java.util.ArrayList<>(), 0, null);
        assertThrows(UnsupportedOperationException.class, () -> m.ancdata().add(null));
    }
}
