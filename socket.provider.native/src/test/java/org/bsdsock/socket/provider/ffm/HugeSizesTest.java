package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.AF_INET6;
import static org.bsdsock.socket.api.SocketConstants.MSG_DONTWAIT;
import static org.bsdsock.socket.api.SocketConstants.MSG_OOB;
import static org.bsdsock.socket.api.SocketConstants.MSG_WAITALL;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bsdsock.socket.api.BlockingIOException;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.SocketPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A receive costs memory in proportion to what arrives, not to what was asked; a size that
 * can never be honoured is an IllegalArgumentException, never an Error.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HugeSizesTest {
    private final NativeSocketModule module = TestEngine.module();

    @AfterEach
    void stop() {
        module.close();
        assertEquals(0, module.openSockets());
    }

    @Test
    void hugeReceivesReturnWhatArrived() throws Exception {
        try (SocketPair stream = module.socketpair(AF_UNIX, SOCK_STREAM, 0);
                SocketPair dgram = module.socketpair(AF_UNIX, SOCK_DGRAM, 0)) {
            stream.a().sendall("hello".getBytes());
            assertArrayEquals("hello".getBytes(), stream.b().recv(Integer.MAX_VALUE));
            dgram.a().send(new byte[70_000]);
            assertEquals(70_000, dgram.b().recvfrom(Integer.MAX_VALUE).data().length);
            dgram.a().send("msg".getBytes());
            assertArrayEquals("msg".getBytes(), dgram.b().recvmsg(Integer.MAX_VALUE, Integer.MAX_VALUE, 0).data());
            stream.a().sendall("fds".getBytes());
            assertArrayEquals("fds".getBytes(), stream.b().recv_fds(1 << 30, 500_000_000, 0).data());
        }
    }

    @Test
    void hugeReceivesOnAnEmptySocketAnswerAtOnce() throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM, 0)) {
            long start = System.nanoTime();
            assertThrows(BlockingIOException.class, () -> p.b().recv(Integer.MAX_VALUE, MSG_DONTWAIT));
            assertThrows(BlockingIOException.class, () -> p.b().recvmsg(Integer.MAX_VALUE, 0, MSG_DONTWAIT));
            assertThrows(BlockingIOException.class, () -> p.b().recvmsg(1, Integer.MAX_VALUE, MSG_DONTWAIT));
            assertThrows(BlockingIOException.class, () -> p.b().recv_fds(1, 500_000_000, MSG_DONTWAIT));
            long took = System.nanoTime() - start;
            assertTrue(took < 1_000_000_000L, "took " + took / 1e6 + " ms");
        }
    }

    /**
     * MSG_WAITALL on a stream must fill what was asked, so the size is allocated as asked: above
     * {@link IoCore#MAX_WAITALL} it is an IllegalArgumentException at once, for every receive
     * (found by the fuzzer: {@code recv_fds(2 GiB, n, MSG_WAITALL)} zeroed 2 GiB for seconds).
     */
    @Test
    void aWaitAllSizeThatCannotBeHonouredIsAnIllegalArgumentAtOnce() throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM, 0)) {
            p.b().settimeout(0.01);
            long start = System.nanoTime();
            assertThrows(IllegalArgumentException.class, () -> p.b().recv(Integer.MAX_VALUE, MSG_WAITALL));
            assertThrows(IllegalArgumentException.class, () -> p.b().recvfrom(Integer.MAX_VALUE, MSG_WAITALL));
            assertThrows(IllegalArgumentException.class, () -> p.b().recvmsg(Integer.MAX_VALUE, 0, MSG_WAITALL));
            assertThrows(IllegalArgumentException.class, () -> p.b().recv_fds(Integer.MAX_VALUE, 1, MSG_WAITALL));
            assertThrows(IllegalArgumentException.class, () -> p.b().recvmsg(IoCore.MAX_WAITALL + 1, 0, MSG_WAITALL));
            long took = System.nanoTime() - start;
            assertTrue(took < 1_000_000_000L, "took " + took / 1e6 + " ms");
            p.a().sendall("all".getBytes()); // within the bound, a WAITALL receive still fills its buffer
            p.b().settimeout(10.0);
            assertArrayEquals("all".getBytes(), p.b().recvmsg(3, 0, MSG_WAITALL).data());
        }
    }

    /**
     * Out-of-band data is at most one byte: a huge out-of-band receive costs no more than a
     * small one, on every receive (found by the fuzzer: {@code recv_fds(2 GiB, n, MSG_OOB)} on a
     * UDP socket zeroed 2 GiB for seconds before the kernel refused MSG_OOB).
     */
    @Test
    void aHugeOutOfBandReceiveAnswersAtOnce() throws Exception {
        try (SocketType udp = module.socket(AF_INET6, SOCK_DGRAM); SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM, 0)) {
            udp.bind(new Inet6Addr("::1", 0));
            udp.settimeout(0.01);
            p.b().settimeout(0.01);
            long start = System.nanoTime();
            for (SocketType s : new SocketType[] {udp, p.b()}) {
                assertThrows(SocketException.class, () -> s.recv(Integer.MAX_VALUE, MSG_OOB));
                assertThrows(SocketException.class, () -> s.recvfrom(Integer.MAX_VALUE, MSG_OOB));
                assertThrows(SocketException.class, () -> s.recvmsg(Integer.MAX_VALUE, 0, MSG_OOB));
                assertThrows(SocketException.class, () -> s.recv_fds(Integer.MAX_VALUE, 1, MSG_OOB));
            }
            long took = System.nanoTime() - start;
            assertTrue(took < 1_000_000_000L, "took " + took / 1e6 + " ms");
        }
    }

    @Test
    void aFileBufferThatCannotBeHonouredIsAnIllegalArgument() throws Exception {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM, 0)) {
            assertThrows(IllegalArgumentException.class, () -> p.a().makefile("rwb", Integer.MAX_VALUE));
            assertEquals(2, module.openSockets(), "the makefile's duplicate is closed again");
        }
    }
}
