package org.bsdsock.socket.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The records of the other families ({@link NetlinkAddr}, {@link PacketAddr},
 * {@link VsockAddr}, {@link RawAddr}): every bad input refused before any system call, with
 * CPython's words where CPython has them; defaults as CPython's short tuples; values, not
 * identities; the printed forms.
 */
@Tag("unit")
class FamilyAddressesTest {

    @ParameterizedTest
    @ValueSource(longs = {-1, 0x1_0000_0000L, Long.MIN_VALUE, Long.MAX_VALUE})
    void netlinkAndVsockRefuseNumbersOutsideUnsigned32Bits(long bad) {
        assertEquals("AF_NETLINK pid must be 0-4294967295, not " + bad,
                assertThrows(IllegalArgumentException.class, () -> new NetlinkAddr(bad, 0)).getMessage());
        assertEquals("AF_NETLINK groups must be 0-4294967295, not " + bad,
                assertThrows(IllegalArgumentException.class, () -> new NetlinkAddr(0, bad)).getMessage());
        assertEquals("AF_VSOCK cid must be 0-4294967295, not " + bad,
                assertThrows(IllegalArgumentException.class, () -> new VsockAddr(bad, 0)).getMessage());
        assertEquals("AF_VSOCK port must be 0-4294967295, not " + bad,
                assertThrows(IllegalArgumentException.class, () -> new VsockAddr(0, bad)).getMessage());
    }

    @Test
    void netlinkAndVsockTakeTheWholeRangeAndPrintAsTheShellReadsThem() {
        assertEquals("4294967295:4294967295", new NetlinkAddr(0xFFFF_FFFFL, 0xFFFF_FFFFL).toString());
        assertEquals("0:1", new NetlinkAddr(0, 1).toString());
        assertEquals("4294967295:5000", new VsockAddr(0xFFFF_FFFFL, 5000).toString());
        assertEquals(new VsockAddr(1, 2), new VsockAddr(1, 2));
    }

    @Test
    void packetAddrHasCPythonsDefaults() {
        PacketAddr two = new PacketAddr("lo", 0x0806);
        assertEquals(new PacketAddr("lo", 0x0806, 0, 0, new byte[0]), two);
        assertEquals(new PacketAddr("lo", 0x0806, 1, 0, new byte[0]), new PacketAddr("lo", 0x0806, 1));
        assertEquals(new PacketAddr("lo", 0x0806, 1, 772, new byte[0]), new PacketAddr("lo", 0x0806, 1, 772));
        assertEquals("lo,0x0806,1,772,00:00:00:00:00:00",
                new PacketAddr("lo", 0x0806, 1, 772, new byte[6]).toString());
        assertEquals("eth0,0x0003,0,0,", new PacketAddr("eth0", 3).toString());
    }

    @Test
    void packetAddrIsAValueAndKeepsItsOwnCopyOfTheHardwareAddress() {
        byte[] mac = {1, 2, 3, 4, 5, 6};
        PacketAddr a = new PacketAddr("lo", 3, 0, 1, mac);
        mac[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, a.addr());
        a.addr()[1] = 9;
        assertEquals(new PacketAddr("lo", 3, 0, 1, new byte[] {1, 2, 3, 4, 5, 6}), a);
        assertEquals(a.hashCode(), new PacketAddr("lo", 3, 0, 1, new byte[] {1, 2, 3, 4, 5, 6}).hashCode());
        assertNotEquals(a, new PacketAddr("lo", 3, 0, 1, new byte[] {1, 2, 3, 4, 5}));
    }

    @Test
    void packetAddrRefusesEachBadFieldWithCPythonsWordsWhereItHasThem() {
        assertEquals("embedded null character",
                assertThrows(IllegalArgumentException.class, () -> new PacketAddr("lo\0x", 3)).getMessage());
        assertEquals("AF_PACKET interface name too long: 16 bytes, at most 15",
                assertThrows(IllegalArgumentException.class, () -> new PacketAddr("a".repeat(16), 3)).getMessage());
        // 15 bytes is the most, counted in UTF-8: 8 two-byte characters are 16
        new PacketAddr("a".repeat(15), 3);
        assertThrows(IllegalArgumentException.class, () -> new PacketAddr("é".repeat(8), 3));
        for (int proto : new int[] {-1, 0x10000}) {
            assertEquals("getsockaddrarg: proto must be 0-65535.",
                    assertThrows(IllegalArgumentException.class, () -> new PacketAddr("lo", proto)).getMessage());
        }
        for (int pkttype : new int[] {-1, 256}) {
            assertEquals("AF_PACKET pkttype must be 0-255, not " + pkttype,
                    assertThrows(IllegalArgumentException.class, () -> new PacketAddr("lo", 3, pkttype)).getMessage());
        }
        for (int hatype : new int[] {-1, 0x10000}) {
            assertEquals("AF_PACKET hatype must be 0-65535, not " + hatype,
                    assertThrows(IllegalArgumentException.class, () -> new PacketAddr("lo", 3, 0, hatype)).getMessage());
        }
        assertEquals("Hardware address must be 8 bytes or less",
                assertThrows(IllegalArgumentException.class, () -> new PacketAddr("lo", 3, 0, 0, new byte[9]))
                        .getMessage());
        new PacketAddr("lo", 0xFFFF, 255, 0xFFFF, new byte[8]);
        assertThrows(NullPointerException.class, () -> new PacketAddr(null, 3));
        assertThrows(NullPointerException.class, () -> new PacketAddr("lo", 3, 0, 0, null));
    }

    @Test
    void rawAddrRefusesABadFamilyOrTooManyBytesAndIsAValue() {
        assertThrows(IllegalArgumentException.class, () -> new RawAddr(-1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new RawAddr(0x10000, new byte[0]));
        assertEquals("raw address too long: 127 bytes after the family, at most 126",
                assertThrows(IllegalArgumentException.class, () -> new RawAddr(16, new byte[127])).getMessage());
        assertThrows(NullPointerException.class, () -> new RawAddr(16, null));
        byte[] data = {0, 1, (byte) 0xAB};
        RawAddr r = new RawAddr(16, data);
        data[0] = 7;
        assertEquals(new RawAddr(16, new byte[] {0, 1, (byte) 0xAB}), r);
        assertEquals("raw:16:0001ab", r.toString());
        assertEquals("raw:0:", new RawAddr(0, new byte[0]).toString());
        new RawAddr(0xFFFF, new byte[126]);
    }
}
