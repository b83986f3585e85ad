package org.bsdsock.socket.itest;

import static org.bsdsock.socket.api.SocketConstants.AF_NETLINK;
import static org.bsdsock.socket.api.SocketConstants.NETLINK_ROUTE;
import static org.bsdsock.socket.api.SocketConstants.SOCK_RAW;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import javax.inject.Inject;
import org.bsdsock.socket.api.NameIndex;
import org.bsdsock.socket.api.NetlinkAddr;
import org.bsdsock.socket.api.Received;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * AF_NETLINK inside Felix, through the injected service: a route netlink {@code RTM_GETLINK}
 * dump lists the same interfaces as {@code if_nameindex()}, {@code lo} among them, each answer
 * from the kernel ({@code NetlinkAddr(0, 0)}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NetlinkInFelixIT {
    // rtnetlink(7): the protocol's numbers, not the socket module's
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int RTM_NEWLINK = 16;
    private static final int RTM_GETLINK = 18;
    private static final int NLM_F_REQUEST_DUMP = 0x301;
    private static final int IFLA_IFNAME = 3;

    @Inject
    private SocketModule module;

    @Configuration
    public Option[] config() {
        return FelixOptions.felix();
    }

    @Test
    public void aLinkDumpListsTheInterfacesOfIfNameindex() throws Exception {
        Map<Integer, String> links = new TreeMap<>();
        try (SocketType nl = module.socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)) {
            nl.bind(new NetlinkAddr(0, 0));
            assertNotEquals(0, ((NetlinkAddr) nl.getsockname()).pid());
            nl.settimeout(10.0);
            ByteBuffer req = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
            req.putInt(32).putShort((short) RTM_GETLINK).putShort((short) NLM_F_REQUEST_DUMP).putInt(1).putInt(0);
            nl.sendto(req.array(), new NetlinkAddr(0, 0));
            boolean done = false;
            for (int parts = 0; !done && parts < 1000; parts++) {
                Received r = nl.recvfrom(65536);
                assertEquals(new NetlinkAddr(0, 0), r.address());
                done = parse(r.data(), links);
            }
            assertTrue("no NLMSG_DONE", done);
        }
        Map<Integer, String> expected = new TreeMap<>();
        for (NameIndex ni : module.if_nameindex()) {
            expected.put((int) ni.index(), ni.name());
        }
        assertEquals(expected, links);
        assertEquals("lo", links.get((int) module.if_nametoindex("lo")));
    }

    /** Adds the links of one datagram; @return whether it ended the dump. */
    private static boolean parse(byte[] datagram, Map<Integer, String> links) {
        ByteBuffer b = ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
        for (int at = 0; at + 16 <= datagram.length;) {
            int len = b.getInt(at);
            int type = Short.toUnsignedInt(b.getShort(at + 4));
            assertTrue("nlmsg_len " + len, len >= 16 && at + len <= datagram.length);
            assertNotEquals("NLMSG_ERROR", NLMSG_ERROR, type);
            if (type == NLMSG_DONE) {
                return true;
            }
            if (type == RTM_NEWLINK) {
                int index = b.getInt(at + 20); // nlmsghdr, then ifinfomsg's family, pad, type, index
                for (int a = at + 32; a + 4 <= at + len;) {
                    int alen = Short.toUnsignedInt(b.getShort(a));
                    if (alen < 4) {
                        break;
                    }
                    if (b.getShort(a + 2) == IFLA_IFNAME) {
                        int end = a + 4;
                        while (end < a + alen && datagram[end] != 0) {
                            end++;
                        }
                        links.put(index, new String(datagram, a + 4, end - a - 4, StandardCharsets.UTF_8));
                    }
                    a += (alen + 3) & ~3;
                }
            }
            at += (len + 3) & ~3;
        }
        return false;
    }
}
