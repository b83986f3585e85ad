package org.bsdsock.socket.provider.ffm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Just enough route netlink ({@code rtnetlink(7)}) for the tests: an {@code RTM_GETLINK} dump
 * request, and the parse of its answer into interface index and name. Messages are in host
 * byte order. The numbers are the protocol's ({@code <linux/netlink.h>},
 * {@code <linux/rtnetlink.h>}, {@code <linux/if_link.h>}), not the socket module's.
 */
final class Rtnetlink {
    private Rtnetlink() {
    }

    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int RTM_NEWLINK = 16;
    static final int RTM_GETLINK = 18;
    static final int NLM_F_REQUEST = 1;
    static final int NLM_F_DUMP = 0x300;
    static final int IFLA_IFNAME = 3;
    /** The multicast group of link changes ({@code RTNLGRP_LINK}). */
    static final int RTNLGRP_LINK = 1;

    private static final int NLMSGHDR = 16;
    private static final int IFINFOMSG = 16;

    /** @return {@code nlmsghdr} + an all-zero {@code ifinfomsg} (AF_UNSPEC: every link) */
    static byte[] getlinkDump(int seq) {
        ByteBuffer b = ByteBuffer.allocate(NLMSGHDR + IFINFOMSG).order(ByteOrder.nativeOrder());
        b.putInt(NLMSGHDR + IFINFOMSG).putShort((short) RTM_GETLINK).putShort((short) (NLM_F_REQUEST | NLM_F_DUMP))
                .putInt(seq).putInt(0);
        return b.array();
    }

    /** What one datagram of the answer held. */
    record Part(Map<Integer, String> links, boolean done) {
    }

    /**
     * @return the links ({@code RTM_NEWLINK}: index, {@code IFLA_IFNAME}) in one datagram of a
     *         dump's answer, and whether it ended the dump ({@code NLMSG_DONE})
     * @throws IllegalStateException for an {@code NLMSG_ERROR} or a malformed message
     */
    static Part parse(byte[] datagram) {
        ByteBuffer b = ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
        Map<Integer, String> links = new TreeMap<>();
        boolean done = false;
        while (b.remaining() >= NLMSGHDR) {
            int start = b.position();
            int len = b.getInt(start);
            int type = Short.toUnsignedInt(b.getShort(start + 4));
            if (len < NLMSGHDR || len > b.remaining()) {
                throw new IllegalStateException("bad nlmsg_len " + len + " at " + start);
            }
            if (type == NLMSG_DONE) {
                done = true;
            } else if (type == NLMSG_ERROR) {
                throw new IllegalStateException("NLMSG_ERROR " + b.getInt(start + NLMSGHDR));
            } else if (type == RTM_NEWLINK) {
                int index = b.getInt(start + NLMSGHDR + 4);
                String name = null;
                for (int a = start + NLMSGHDR + IFINFOMSG; a + 4 <= start + len; a += align(Short.toUnsignedInt(b.getShort(a)))) {
                    int alen = Short.toUnsignedInt(b.getShort(a));
                    if (alen < 4) {
                        break;
                    }
                    if (b.getShort(a + 2) == IFLA_IFNAME) {
                        byte[] s = new byte[alen - 4];
                        b.get(a + 4, s);
                        int nul = 0;
                        while (nul < s.length && s[nul] != 0) {
                            nul++;
                        }
                        name = new String(s, 0, nul, StandardCharsets.UTF_8);
                    }
                }
                links.put(index, name);
            }
            b.position(Math.min(b.limit(), start + align(len)));
        }
        return new Part(links, done);
    }

    /** {@code NLMSG_ALIGN}/{@code RTA_ALIGN}: to 4 bytes. */
    private static int align(int len) {
        return (len + 3) & ~3;
    }
}
