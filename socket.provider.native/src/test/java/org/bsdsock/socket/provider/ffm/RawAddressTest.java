package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_NETLINK;
import static org.bsdsock.socket.api.SocketConstants.AF_PACKET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.AF_UNSPEC;
import static org.bsdsock.socket.api.SocketConstants.AF_VSOCK;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_SEQPACKET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.NetlinkAddr;
import org.bsdsock.socket.api.PacketAddr;
import org.bsdsock.socket.api.RawAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;
import org.bsdsock.socket.api.VsockAddr;
import org.junit.jupiter.api.Test;

/**
 * {@link RawAddr}, any family's {@code struct sockaddr} as bytes: through the kernel for the
 * families that run here without privilege (AF_INET, AF_UNIX, AF_UNSPEC), and through the codec
 * for what the kernel returns of families no record models. AF_NETLINK's exchange through raw
 * addresses is in {@link NetlinkTest}; the privileged AF_PACKET and AF_XDP ones in
 * {@link PacketTest}.
 */
class RawAddressTest extends ProviderFixture {

    @Test
    void anAfInetSocketBoundThroughARawSockaddrInReturnsItsTypedAddress() throws SocketException {
        // sockaddr_in after sin_family: port 0 (network order), 127.0.0.1, 8 bytes of sin_zero
        byte[] data = ByteBuffer.allocate(14).order(ByteOrder.BIG_ENDIAN).putShort((short) 0)
                .put(new byte[] {127, 0, 0, 1}).array();
        try (SocketType s = module.socket(AF_INET, SOCK_DGRAM)) {
            s.bind(new RawAddr(AF_INET, data));
            InetAddr bound = assertInstanceOf(InetAddr.class, s.getsockname());
            assertEquals("127.0.0.1", bound.host());
            assertTrue(bound.port() > 0, "the kernel chose a port: " + bound);
        }
    }

    @Test
    void connectWithAfUnspecDissolvesADatagramSocketsAssociation() throws SocketException {
        try (SocketType server = module.socket(AF_INET, SOCK_DGRAM);
                SocketType s = module.socket(AF_INET, SOCK_DGRAM)) {
            server.bind(new InetAddr("127.0.0.1", 0));
            s.connect(server.getsockname());
            assertEquals(server.getsockname(), s.getpeername());
            s.connect(new RawAddr(AF_UNSPEC, new byte[14]));
            SocketException e = assertThrows(SocketException.class, s::getpeername);
            assertEquals(Errno.ENOTCONN, e.errno());
        }
    }

    @Test
    void anAfUnixPathGivenRawIsBoundAndComesBackTyped() throws SocketException {
        String path = tmp.resolve("raw.sock").toString();
        try (SocketType s = module.socket(AF_UNIX, SOCK_DGRAM)) {
            s.bind(new RawAddr(AF_UNIX, path.getBytes(StandardCharsets.UTF_8)));
            assertEquals(UnixAddr.of(path), s.getsockname());
        }
    }

    @Test
    void aRawAddressOfTheWrongFamilyIsTheKernelsToRefuse() throws SocketException {
        try (SocketType s = module.socket(AF_INET, SOCK_DGRAM)) {
            SocketException e = assertThrows(SocketException.class,
                    () -> s.bind(new RawAddr(AF_NETLINK, new byte[14])));
            assertEquals(Errno.EAFNOSUPPORT, e.errno());
        }
    }

    @Test
    void aTypedAddressOfAnotherFamilyIsRefusedBeforeAnySystemCall() throws SocketException {
        try (SocketType s = module.socket(AF_INET, SOCK_DGRAM)) {
            assertThrows(IllegalArgumentException.class, () -> s.bind(new NetlinkAddr(0, 0)));
            assertThrows(IllegalArgumentException.class, () -> s.connect(new VsockAddr(1, 1)));
            assertThrows(IllegalArgumentException.class, () -> s.sendto(new byte[1], new PacketAddr("lo", 3)));
            assertEquals(new InetAddr("0.0.0.0", 0), s.getsockname(), "still unbound");
        }
    }

    @Test
    void aFamilyTheKernelLacksIsItsErrorInSocketAsForCPython() throws Exception {
        // AF_ALG: CPython models it; this kernel may lack it (EAFNOSUPPORT) or have it
        String ours;
        try (SocketType s = module.socket(SocketConstants.AF_ALG, SOCK_SEQPACKET)) {
            ours = "ok";
        } catch (SocketException e) {
            ours = Errno.errorcode(e.errno());
        }
        CPython.assume("RawAddressTest");
        assertEquals(CPython.run("import socket, errno\n"
                + "try: socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET).close(); print('ok')\n"
                + "except OSError as e: print(errno.errorcode[e.errno])\n"), java.util.List.of(ours));
    }

    // ---- the codec: what the kernel may return ----------------------------------------------

    @Test
    void anUnmodelledFamilyDecodesRaw() {
        int afXdp = 44; // struct sockaddr_xdp: family, flags, ifindex, queue_id, shared_umem_fd
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(128);
            sa.set(JAVA_SHORT, 0, (short) afXdp);
            sa.set(JAVA_SHORT, 2, (short) 1);
            sa.set(JAVA_INT, 4, 7);
            RawAddr raw = assertInstanceOf(RawAddr.class, SockAddrs.decode(sa, 16));
            assertEquals(afXdp, raw.family());
            assertArrayEquals(sa.asSlice(2, 14).toArray(JAVA_BYTE), raw.data());
        }
    }

    @Test
    void aModelledFamilysStructureTooShortForItsRecordDecodesRaw() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(128);
            sa.set(JAVA_SHORT, 0, (short) AF_NETLINK);
            assertEquals(new RawAddr(AF_NETLINK, new byte[6]), SockAddrs.decode(sa, 8));
            sa.set(JAVA_SHORT, 0, (short) AF_VSOCK);
            assertEquals(new RawAddr(AF_VSOCK, new byte[10]), SockAddrs.decode(sa, 12));
        }
    }

    @Test
    void aPacketAddressWithAHardwareAddressPastEightBytesDecodesRaw() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(128);
            sa.set(JAVA_SHORT, 0, (short) AF_PACKET);
            sa.set(JAVA_BYTE, Layouts.SLL_HALEN, (byte) 20); // InfiniBand's 20 bytes
            for (int i = 0; i < 20; i++) {
                sa.set(JAVA_BYTE, Layouts.SLL_ADDR + i, (byte) (i + 1));
            }
            int len = (int) Layouts.SLL_ADDR + 20;
            RawAddr raw = assertInstanceOf(RawAddr.class, SockAddrs.decode(sa, len));
            assertArrayEquals(sa.asSlice(2, len - 2).toArray(JAVA_BYTE), raw.data());
            // and with 6 bytes, the record, "" for an interface named through no socket
            sa.set(JAVA_BYTE, Layouts.SLL_HALEN, (byte) 6);
            assertEquals(new PacketAddr("", 0, 0, 0, new byte[] {1, 2, 3, 4, 5, 6}),
                    SockAddrs.decode(sa, (int) Layouts.SLL_ADDR + 6));
        }
    }

    @Test
    void aRawAddressEncodesAsItsFamilyAndBytesWhateverTheSocketsFamily() throws SocketException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(Layouts.SOCKADDR_STORAGE);
            sa.fill((byte) 0x55);
            byte[] data = {9, 8, 7};
            assertEquals(5, SockAddrs.encode(AF_INET, new RawAddr(1234, data), sa, null));
            assertEquals(1234, Short.toUnsignedInt(sa.get(JAVA_SHORT, 0)));
            assertArrayEquals(data, sa.asSlice(2, 3).toArray(JAVA_BYTE));
            byte[] rest = sa.asSlice(5).toArray(JAVA_BYTE);
            assertTrue(Arrays.equals(rest, new byte[rest.length]), "the rest of the storage zeroed");
        }
    }

    @Test
    void netlinkAndVsockEncodeInHostByteOrder() throws SocketException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(Layouts.SOCKADDR_STORAGE);
            assertEquals(12, SockAddrs.encode(AF_NETLINK, new NetlinkAddr(0xFFFF_FFFEL, 5), sa, null));
            assertEquals(new NetlinkAddr(0xFFFF_FFFEL, 5), SockAddrs.decode(sa, 12));
            assertEquals(-2, sa.get(JAVA_INT, 4));
            assertEquals(16, SockAddrs.encode(AF_VSOCK, new VsockAddr(3, 0xFFFF_FFFFL), sa, null));
            assertEquals(new VsockAddr(3, 0xFFFF_FFFFL), SockAddrs.decode(sa, 16));
            assertEquals(3, sa.get(JAVA_INT, Layouts.SVM_CID));
        }
    }
}
