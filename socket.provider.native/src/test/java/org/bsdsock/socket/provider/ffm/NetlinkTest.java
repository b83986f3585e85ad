package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_NETLINK;
import static org.bsdsock.socket.api.SocketConstants.NETLINK_ADD_MEMBERSHIP;
import static org.bsdsock.socket.api.SocketConstants.NETLINK_DROP_MEMBERSHIP;
import static org.bsdsock.socket.api.SocketConstants.NETLINK_LIST_MEMBERSHIPS;
import static org.bsdsock.socket.api.SocketConstants.NETLINK_ROUTE;
import static org.bsdsock.socket.api.SocketConstants.SOCK_RAW;
import static org.bsdsock.socket.api.SocketConstants.SOL_NETLINK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bsdsock.socket.api.NameIndex;
import org.bsdsock.socket.api.NetlinkAddr;
import org.bsdsock.socket.api.RawAddr;
import org.bsdsock.socket.api.Received;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.Test;

/**
 * {@code AF_NETLINK} against the running kernel's route netlink: binding with pid 0, the
 * kernel-assigned pid, an {@code RTM_GETLINK} dump, multicast membership; the typed
 * {@link NetlinkAddr} and the same exchange through {@link RawAddr}; compared with CPython
 * where CPython makes the same calls.
 */
class NetlinkTest extends ProviderFixture {
    /** Datagrams read for one dump at most: a dump of this machine's few links takes a handful. */
    private static final int MAX_PARTS = 1000;

    @Test
    void bindWithPidZeroGetsAKernelAssignedPidThatGetsocknameReturns() throws SocketException {
        try (SocketType a = module.socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
                SocketType b = module.socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)) {
            assertEquals(new NetlinkAddr(0, 0), a.getsockname(), "unbound: the kernel reports pid 0");
            a.bind(new NetlinkAddr(0, 0));
            b.bind(new NetlinkAddr(0, 0));
            NetlinkAddr na = assertInstanceOf(NetlinkAddr.class, a.getsockname());
            NetlinkAddr nb = assertInstanceOf(NetlinkAddr.class, b.getsockname());
            assertNotEquals(0, na.pid());
            assertNotEquals(na.pid(), nb.pid(), "each socket its own port ID");
            assertEquals(0, na.groups());
        }
    }

    @Test
    void bindWithAGroupMaskIsReportedByGetsockname() throws SocketException {
        long mask = 1L << (Rtnetlink.RTNLGRP_LINK - 1);
        try (SocketType s = module.socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)) {
            s.bind(new NetlinkAddr(0, mask));
            assertEquals(mask, ((NetlinkAddr) s.getsockname()).groups());
        }
    }

    @Test
    void aRouteDumpFindsLoWithTheIndexOfIfNametoindexAndEveryInterface() throws SocketException {
        try (SocketType s = module.socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)) {
            s.bind(new NetlinkAddr(0, 0));
            Map<Integer, String> links = dump(s, new NetlinkAddr(0, 0), new NetlinkAddr(0, 0));
            assertEquals("lo", links.get((int) module.if_nametoindex("lo")), links.toString());
            Map<Integer, String> expected = new TreeMap<>();
            for (NameIndex ni : module.if_nameindex()) {
                expected.put((int) ni.index(), ni.name());
            }
            assertEquals(expected, links);
        }
    }

    @Test
    void theDumpEqualsCPythonsForTheSameCalls() throws Exception {
        CPython.assume("NetlinkTest");
        Map<Integer, String> ours;
        try (SocketType s = module.socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)) {
            s.bind(new NetlinkAddr(0, 0));
            ours = dump(s, new NetlinkAddr(0, 0), new NetlinkAddr(0, 0));
        }
        List<String> py = CPython.run("import socket, struct\n"
                + "s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)\n"
                + "s.bind((0, 0))\n"
                + "print('name', s.getsockname()[0] != 0, s.getsockname()[1])\n"
                + "s.sendto(struct.pack('=IHHII16x', 32, 18, 0x301, 1, 0), (0, 0))\n"
                + "done = False\n"
                + "while not done:\n"
                + "    data, src = s.recvfrom(65536)\n"
                + "    print('from', src[0], src[1])\n"
                + "    off = 0\n"
                + "    while off + 16 <= len(data):\n"
                + "        ln, ty = struct.unpack_from('=IH', data, off)\n"
                + "        if ty == 3: done = True\n"
                + "        if ty == 16:\n"
                + "            idx = struct.unpack_from('=i', data, off + 20)[0]\n"
                + "            a = off + 32\n"
                + "            while a + 4 <= off + ln:\n"
                + "                al, at = struct.unpack_from('=HH', data, a)\n"
                + "                if al < 4: break\n"
                + "                if at == 3: print('link', idx, data[a+4:a+al].split(b'\\0')[0].decode())\n"
                + "                a += (al + 3) & ~3\n"
                + "        off += (ln + 3) & ~3\n");
        Map<Integer, String> theirs = new TreeMap<>();
        for (String line : py) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "name" -> assertEquals("True 0", f[1] + " " + f[2], "CPython's getsockname: " + line);
                case "from" -> assertEquals("0 0", f[1] + " " + f[2], "CPython's recvfrom: the kernel, " + line);
                case "link" -> theirs.put(Integer.parseInt(f[1]), f[2]);
                default -> throw new AssertionError(line);
            }
        }
        assertEquals(theirs, ours);
    }

    @Test
    void aMembershipOfRtnlgrpLinkIsSetListedAndDropped() throws Exception {
        try (SocketType s = module.socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)) {
            s.bind(new NetlinkAddr(0, 0));
            s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, Rtnetlink.RTNLGRP_LINK);
            assertEquals(1, groupsWord(s) & 1, "group 1 is bit 0 of NETLINK_LIST_MEMBERSHIPS");
            s.setsockopt(SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, Rtnetlink.RTNLGRP_LINK);
            assertEquals(0, groupsWord(s) & 1);
        }
        CPython.assume("NetlinkTest");
        // CPython has no SOL_NETLINK: its users write the headers' numbers, ours must be the same
        List<String> py = CPython.run("import socket\n"
                + "s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)\n"
                + "s.bind((0, 0))\n"
                + "s.setsockopt(" + SOL_NETLINK + ", " + NETLINK_ADD_MEMBERSHIP + ", 1)\n"
                + "print(s.getsockopt(" + SOL_NETLINK + ", " + NETLINK_LIST_MEMBERSHIPS + ", 4)[0] & 1)\n");
        assertEquals(List.of("1"), py);
    }

    // ---- the raw form --------------------------------------------------------------------

    @Test
    void theSameExchangeThroughRawAddressesReturnsTypedOnes() throws SocketException {
        // struct sockaddr_nl after nl_family: nl_pad, nl_pid, nl_groups, all 0
        RawAddr kernel = new RawAddr(AF_NETLINK, new byte[10]);
        try (SocketType s = module.socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)) {
            s.bind(kernel);
            NetlinkAddr bound = assertInstanceOf(NetlinkAddr.class, s.getsockname(), "a modelled family is typed");
            assertNotEquals(0, bound.pid());
            Map<Integer, String> links = dump(s, kernel, new NetlinkAddr(0, 0));
            assertEquals("lo", links.get((int) module.if_nametoindex("lo")));
        }
    }

    @Test
    void aRawAddressWithAPidIsTheKernelsBytes() throws SocketException {
        try (SocketType s = module.socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
                SocketType t = module.socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)) {
            t.bind(new NetlinkAddr(0, 0));
            long pid = ((NetlinkAddr) t.getsockname()).pid();
            byte[] data = ByteBuffer.allocate(10).order(ByteOrder.nativeOrder()).putShort((short) 0)
                    .putInt((int) pid).putInt(0).array();
            s.bind(new NetlinkAddr(0, 0));
            s.sendto(new byte[] {1, 2, 3, 4}, new RawAddr(AF_NETLINK, data));
            t.settimeout(5.0);
            Received r = t.recvfrom(64);
            assertEquals(s.getsockname(), r.address());
            assertEquals(4, r.data().length);
        }
    }

    // ---- helpers -------------------------------------------------------------------------

    /** Sends a link dump request to {@code to}; reads the answer, each part from {@code from}. */
    private static Map<Integer, String> dump(SocketType s, SockAddr to, SockAddr from) throws SocketException {
        s.settimeout(5.0);
        s.sendto(Rtnetlink.getlinkDump(1), to);
        Map<Integer, String> links = new TreeMap<>();
        for (int i = 0; i < MAX_PARTS; i++) {
            Received r = s.recvfrom(65536);
            assertEquals(from, r.address(), "answers come from the kernel");
            Rtnetlink.Part part = Rtnetlink.parse(r.data());
            links.putAll(part.links());
            if (part.done()) {
                return links;
            }
        }
        throw new AssertionError("no NLMSG_DONE in " + MAX_PARTS + " datagrams");
    }

    private static int groupsWord(SocketType s) throws SocketException {
        byte[] word = s.getsockopt(SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, 4);
        assertTrue(word.length == 4, "one 32-bit word of groups");
        return ByteBuffer.wrap(word).order(ByteOrder.nativeOrder()).getInt();
    }
}
