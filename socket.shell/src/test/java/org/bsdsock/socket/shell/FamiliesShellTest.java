package org.bsdsock.socket.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bsdsock.socket.api.NetlinkAddr;
import org.bsdsock.socket.api.PacketAddr;
import org.bsdsock.socket.api.RawAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.VsockAddr;
import org.bsdsock.socket.provider.ffm.NativeSocketModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The other families in the shell: their address forms read and printed the same way, and a
 * netlink socket made, bound, listed and used from the console as a user types it.
 */
@Tag("unit")
class FamiliesShellTest {
    private final NativeSocketModule module = new NativeSocketModule();
    private final SocketCommands commands = new SocketCommands(module);
    private Gogo gogo;

    @BeforeEach
    void gogo() {
        gogo = new Gogo(commands);
    }

    @AfterEach
    void stop() throws Exception {
        gogo.close();
        commands.deactivate();
        module.close();
        assertEquals(0, module.openSockets(), "sockets left open");
    }

    @Test
    void eachFamilysAddressPrintsAsItIsRead() {
        SockAddr[] addresses = {
            new NetlinkAddr(0, 0), new NetlinkAddr(0xFFFF_FFFFL, 5),
            new VsockAddr(SocketConstants.VMADDR_CID_ANY, 5000), new VsockAddr(1, 0),
            new PacketAddr("lo", 0x0806, 1, 772, new byte[6]), new PacketAddr("eth0", 3),
            new RawAddr(SocketConstants.AF_NETLINK, new byte[10]), new RawAddr(44, new byte[0]),
        };
        int[] families = {SocketConstants.AF_NETLINK, SocketConstants.AF_NETLINK, SocketConstants.AF_VSOCK,
            SocketConstants.AF_VSOCK, SocketConstants.AF_PACKET, SocketConstants.AF_PACKET, SocketConstants.AF_INET,
            SocketConstants.AF_UNIX};
        for (int i = 0; i < addresses.length; i++) {
            assertEquals(addresses[i], Addresses.parse(families[i], addresses[i].toString()), addresses[i].toString());
        }
    }

    @Test
    void shortFormsAndConstantNamesAreRead() {
        assertEquals(new NetlinkAddr(0, 0), Addresses.parse(SocketConstants.AF_NETLINK, "0"));
        assertEquals(new VsockAddr(SocketConstants.VMADDR_CID_ANY, 5000),
                Addresses.parse(SocketConstants.AF_VSOCK, "VMADDR_CID_ANY:5000"));
        assertEquals(new PacketAddr("lo", SocketConstants.ETH_P_ARP),
                Addresses.parse(SocketConstants.AF_PACKET, "lo,ETH_P_ARP"));
        assertEquals(new PacketAddr("lo", 3, SocketConstants.PACKET_BROADCAST, 1, new byte[] {-1, -1}),
                Addresses.parse(SocketConstants.AF_PACKET, "lo,3,PACKET_BROADCAST,1,ffff"));
        assertEquals(new RawAddr(SocketConstants.AF_NETLINK, new byte[] {0, 1}),
                Addresses.parse(SocketConstants.AF_INET, "raw:AF_NETLINK:00:01"));
        assertEquals(SocketConstants.AF_NETLINK, Addresses.familyOf("raw:16:"));
    }

    @Test
    void badFormsAreRefusedSayingWhatToWrite() {
        String[][] bad = {
            {"AF_NETLINK", "1:2:3", "write pid:groups"},
            {"AF_NETLINK", "-1:0", "AF_NETLINK pid must be 0-4294967295"},
            {"AF_VSOCK", "5000", "write cid:port"},
            {"AF_VSOCK", "1:4294967296", "AF_VSOCK port must be 0-4294967295"},
            {"AF_PACKET", "lo", "write ifname,proto"},
            {"AF_PACKET", "averyveryverylongname,3", "interface name too long"},
            {"AF_PACKET", "lo,70000", "proto must be 0-65535"},
            {"AF_PACKET", "lo,3,0,1,zz", "bad hardware address"},
            {"AF_PACKET", "lo,3,0,1,000000000000000000", "Hardware address must be 8 bytes or less"},
            {"AF_INET", "raw:16", "write a raw address as raw:FAMILY:HEX"},
            {"AF_INET", "raw:16:0g", "bad raw address"},
            {"AF_INET", "raw:AF_NOPE:00", "AF_NOPE is no socket constant"},
            {"AF_CAN", "1:2", "write raw:FAMILY:HEX"},
        };
        for (String[] b : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Addresses.parse(Names.parseInt("family", b[0]), b[1]), b[1]);
            assertTrue(e.getMessage().contains(b[2]), b[1] + ": " + e.getMessage());
        }
    }

    @Test
    void aNetlinkSocketFromTheConsole() throws Exception {
        ShellSocket s = (ShellSocket) gogo.run("nl = socket:socket AF_NETLINK SOCK_RAW NETLINK_ROUTE");
        assertEquals(SocketConstants.AF_NETLINK, s.family());
        gogo.run("$nl bind 0:0");
        NetlinkAddr bound = assertInstanceOf(NetlinkAddr.class, gogo.run("$nl getsockname"));
        assertNotEquals(0, bound.pid());
        String listed = ((SocketList) gogo.run("socket:ls")).table();
        assertTrue(listed.lines().anyMatch(l -> l.contains("AF_NETLINK") && l.contains(bound.pid() + ":0")), listed);
        // an RTM_GETLINK dump request (nlmsghdr + ifinfomsg, host byte order) to the kernel
        String request = "\\x20\\x00\\x00\\x00\\x12\\x00\\x01\\x03\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
                + "\\x00".repeat(16);
        assertEquals(32, gogo.run("$nl sendto \"" + request + "\" 0:0"));
        gogo.run("$nl settimeout 5");
        Datagram d = (Datagram) gogo.run("$nl recvfrom 65536");
        assertEquals(new NetlinkAddr(0, 0), d.address());
        assertTrue(gogo.print("$nl getsockname").equals(bound.toString()));
        // the answer names lo (IFLA_IFNAME, NUL-terminated) in its first part
        assertTrue(d.data().contains("lo\0"), d.toString());
        gogo.run("$nl setsockopt SOL_NETLINK NETLINK_ADD_MEMBERSHIP 1");
        // CPython's setsockopt(level, optname, None, optlen): a NULL value, here faulting
        assertTrue(gogo.consoleLine("$nl setsockopt SOL_SOCKET SO_RCVBUF None 4").contains("EFAULT"));
        assertTrue(gogo.failure("$nl setsockopt SOL_SOCKET SO_RCVBUF 7 4").getMessage().contains("is None"));
        gogo.run("$nl close");
    }
}
