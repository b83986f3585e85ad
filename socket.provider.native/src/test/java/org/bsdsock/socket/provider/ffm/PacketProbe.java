package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_PACKET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_RAW;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.PacketAddr;
import org.bsdsock.socket.api.RawAddr;
import org.bsdsock.socket.api.Received;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;

/**
 * The AF_PACKET calls of {@link PacketTest}, as a program: {@code PacketTest} runs it in a
 * process of its own inside a user and network namespace ({@code unshare -rn}, root there, only
 * {@code lo}), where packet sockets are allowed and a frame cannot leave the namespace, and
 * compares its lines with those of the same calls made by CPython ({@link #PYTHON}).
 *
 * <p>Modes: {@code frame} sends an ARP request on {@code lo} from one raw socket and captures it
 * with a raw and a datagram socket bound to {@code ETH_P_ARP}; {@code socket} only makes a packet
 * socket (run without privilege it prints the kernel's error). Addresses print as
 * {@code ifname proto pkttype hatype addr-hex}.
 */
public final class PacketProbe {
    private PacketProbe() {
    }

    /** An ARP request, who-has 127.0.0.1, to ff:ff:ff:ff:ff:ff from lo's 00:00:00:00:00:00, padded to 60 bytes. */
    static final String FRAME = "ffffffffffff" + "000000000000" + "0806"
            + "0001080006040001" + "000000000000" + "7f000001" + "000000000000" + "7f000001"
            + "0".repeat(2 * 18);

    /** The same calls in CPython, printing the same lines. */
    static final String PYTHON = "import socket, sys\n"
            + "def sa(a): return '%s %d %d %d %s' % (a[0], a[1], a[2], a[3], a[4].hex())\n"
            + "def err(e): return 'error ' + __import__('errno').errorcode[e.errno]\n"
            + "if sys.argv[1] == 'socket':\n"
            + "    try:\n"
            + "        socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3)).close(); print('socket ok')\n"
            + "    except OSError as e: print('socket', err(e))\n"
            + "    sys.exit(0)\n"
            + "P = 0x0806\n"
            + "rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(P)); rx.bind(('lo', P))\n"
            + "dg = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(P)); dg.bind(('lo', P))\n"
            + "tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)\n"
            + "print('unbound', sa(tx.getsockname()))\n"
            + "print('rx name', sa(rx.getsockname()))\n"
            + "print('dg name', sa(dg.getsockname()))\n"
            + "frame = bytes.fromhex('" + FRAME + "')\n"
            + "print('sent', tx.sendto(frame, ('lo', P)))\n"
            + "rx.settimeout(5); dg.settimeout(5)\n"
            + "d, a = rx.recvfrom(2048); print('rx from', sa(a)); print('rx data', d.hex())\n"
            + "d, a = dg.recvfrom(2048); print('dg from', sa(a)); print('dg data', d.hex())\n"
            + "print('sent', tx.sendto(frame, ('lo', P, 0, 0, b'\\xff' * 6)))\n"
            + "d, a = rx.recvfrom(2048); print('rx from', sa(a))\n"
            + "try: tx.bind(('nosuchif0', 3))\n"
            + "except OSError as e: print('bind', err(e))\n";

    public static void main(String[] args) throws Exception {
        try (NativeSocketModule module = TestEngine.module()) {
            if (args[0].equals("socket")) {
                try (SocketType s = module.socket(AF_PACKET, SOCK_RAW, module.htons(3))) {
                    System.out.println("socket ok");
                } catch (SocketException e) {
                    System.out.println("socket error " + Errno.errorcode(e.errno()));
                }
                return;
            }
            frame(module);
            xdp(module);
        }
    }

    private static void frame(SocketModule module) throws SocketException {
        int p = 0x0806;
        try (SocketType rx = module.socket(AF_PACKET, SOCK_RAW, module.htons(p));
                SocketType dg = module.socket(AF_PACKET, SOCK_DGRAM, module.htons(p));
                SocketType tx = module.socket(AF_PACKET, SOCK_RAW, 0)) {
            rx.bind(new PacketAddr("lo", p));
            dg.bind(new PacketAddr("lo", p));
            System.out.println("unbound " + sa(tx.getsockname()));
            System.out.println("rx name " + sa(rx.getsockname()));
            System.out.println("dg name " + sa(dg.getsockname()));
            byte[] frame = HexFormat.of().parseHex(FRAME);
            System.out.println("sent " + tx.sendto(frame, new PacketAddr("lo", p)));
            rx.settimeout(5.0);
            dg.settimeout(5.0);
            Received r = rx.recvfrom(2048);
            System.out.println("rx from " + sa(r.address()));
            System.out.println("rx data " + HexFormat.of().formatHex(r.data()));
            r = dg.recvfrom(2048);
            System.out.println("dg from " + sa(r.address()));
            System.out.println("dg data " + HexFormat.of().formatHex(r.data()));
            byte[] ff = {-1, -1, -1, -1, -1, -1};
            System.out.println("sent " + tx.sendto(frame, new PacketAddr("lo", p, 0, 0, ff)));
            System.out.println("rx from " + sa(rx.recvfrom(2048).address()));
            try {
                tx.bind(new PacketAddr("nosuchif0", 3));
            } catch (SocketException e) {
                System.out.println("bind error " + Errno.errorcode(e.errno()));
            }
        }
    }

    /**
     * AF_XDP (44), a family no record models and CPython cannot address at all: a raw
     * {@code sockaddr_xdp} reaches the kernel, which reads its interface index (ENODEV for
     * none) and otherwise refuses the socket without rings (EINVAL). Printed apart: CPython
     * has no line for it.
     */
    private static void xdp(SocketModule module) throws SocketException {
        int afXdp = 44;
        try (SocketType x = module.socket(afXdp, SOCK_RAW, 0)) {
            for (long index : new long[] {999_999, module.if_nametoindex("lo")}) {
                // struct sockaddr_xdp after the family: sxdp_flags, sxdp_ifindex, sxdp_queue_id, sxdp_shared_umem_fd
                byte[] data = ByteBuffer.allocate(14).order(ByteOrder.nativeOrder()).putShort((short) 0)
                        .putInt((int) index).putInt(0).putInt(0).array();
                try {
                    x.bind(new RawAddr(afXdp, data));
                    System.out.println("xdp " + index + " bound");
                } catch (SocketException e) {
                    System.out.println("xdp " + (index == 999_999 ? "none" : "lo") + " error " + Errno.errorcode(e.errno()));
                }
            }
        } catch (SocketException e) {
            System.out.println("xdp socket error " + Errno.errorcode(e.errno()));
        }
    }

    private static String sa(SockAddr a) {
        PacketAddr p = (PacketAddr) a;
        return p.ifname() + " " + p.proto() + " " + p.pkttype() + " " + p.hatype() + " "
                + HexFormat.of().formatHex(p.addr());
    }
}
