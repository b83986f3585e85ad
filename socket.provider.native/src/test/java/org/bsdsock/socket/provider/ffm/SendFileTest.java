package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_SEQPACKET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.bsdsock.socket.api.SocketConstants.SO_RCVBUF;
import static org.bsdsock.socket.api.SocketConstants.SO_SNDBUF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketTimeoutException;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.testing.Fds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sendfile} over TCP loopback, as CPython's {@code SendfileUsingSendfileTest} and
 * {@code SendfileUsingSendTest} check it (the same test names): a path and a descriptor go
 * through Linux {@code sendfile(2)}; a channel, and an input the kernel cannot splice from (a
 * pipe), through the {@code send()} fallback.
 */
@Tag("unit")
class SendFileTest {
    /** Smaller than CPython's 10 MiB, still far more than a socket buffer holds. */
    private static final int FILESIZE = 3 * 1024 * 1024 + 7;

    private final NativeSocketModule impl = TestEngine.module();
    private final SocketModule module = impl;

    @TempDir
    static Path dir;
    private static Path file;
    private static byte[] filedata;

    private SocketType serv;
    private SocketType cli;
    private SocketType conn;

    @BeforeEach
    void connect() throws Exception {
        if (file == null) {
            filedata = new byte[FILESIZE];
            new Random(42).nextBytes(filedata);
            file = dir.resolve("sendfile.bin");
            Files.write(file, filedata);
        }
        serv = module.socket(AF_INET, SOCK_STREAM);
        serv.bind(new InetAddr("127.0.0.1", 0));
        serv.listen(1);
        cli = module.socket(AF_INET, SOCK_STREAM);
        cli.settimeout(20.0);
        cli.connect(serv.getsockname());
        conn = serv.accept().conn();
        conn.settimeout(20.0);
    }

    @AfterEach
    void stop() {
        impl.close();
        assertEquals(0, impl.openSockets());
    }

    /** Receives on {@code conn} in a virtual thread until end of stream (CPython's recv_data). */
    private CompletableFuture<byte[]> receiveAll() {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                for (byte[] chunk = conn.recv(65536); chunk.length > 0; chunk = conn.recv(65536)) {
                    all.writeBytes(chunk);
                }
                result.complete(all.toByteArray());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private byte[] sentThenClosed(CompletableFuture<byte[]> received) throws Exception {
        cli.close();
        return received.get(30, TimeUnit.SECONDS);
    }

    @Test
    void testRegularFile() throws Exception {
        CompletableFuture<byte[]> received = receiveAll();
        assertEquals(FILESIZE, cli.sendfile(file));
        assertArrayEquals(filedata, sentThenClosed(received));
    }

    @Test
    void testOffset() throws Exception {
        CompletableFuture<byte[]> received = receiveAll();
        assertEquals(FILESIZE - 5000, cli.sendfile(file, 5000, 0));
        assertArrayEquals(Arrays.copyOfRange(filedata, 5000, FILESIZE), sentThenClosed(received));
    }

    @Test
    void testCount() throws Exception {
        CompletableFuture<byte[]> received = receiveAll();
        assertEquals(1_000_007, cli.sendfile(file, 0, 1_000_007));
        assertArrayEquals(Arrays.copyOf(filedata, 1_000_007), sentThenClosed(received));
    }

    @Test
    void testCountSmall() throws Exception {
        CompletableFuture<byte[]> received = receiveAll();
        assertEquals(1, cli.sendfile(file, 0, 1));
        assertArrayEquals(Arrays.copyOf(filedata, 1), sentThenClosed(received));
    }

    @Test
    void testCountWithOffset() throws Exception {
        CompletableFuture<byte[]> received = receiveAll();
        assertEquals(100_007, cli.sendfile(file, 2007, 100_007));
        assertArrayEquals(Arrays.copyOfRange(filedata, 2007, 2007 + 100_007), sentThenClosed(received));
    }

    @Test
    void testEmptyFileSendAndOffsetPastTheEnd() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty-" + System.nanoTime()));
        CompletableFuture<byte[]> received = receiveAll();
        assertEquals(0, cli.sendfile(empty));
        assertEquals(0, cli.sendfile(file, FILESIZE + 10, 0), "nothing after the end");
        assertArrayEquals(new byte[0], sentThenClosed(received));
    }

    @Test
    void descriptorLeavesItsOffsetAlone() throws Exception {
        int fd = FileFds.open(file);
        try {
            CompletableFuture<byte[]> received = receiveAll();
            assertEquals(10_000, cli.sendfile(fd, 123, 10_000));
            assertEquals(FILESIZE, cli.sendfile(fd, 0, 0), "the descriptor's own offset did not move");
            byte[] got = sentThenClosed(received);
            assertArrayEquals(Arrays.copyOfRange(filedata, 123, 10_123), Arrays.copyOf(got, 10_000));
            assertArrayEquals(filedata, Arrays.copyOfRange(got, 10_000, got.length));
        } finally {
            module.close(fd);
        }
    }

    @Test
    void channelGoesThroughSendAndMovesItsPosition() throws Exception {
        // SendfileUsingSendTest: testRegularFile, testOffset, testCountWithOffset on a channel
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            CompletableFuture<byte[]> received = receiveAll();
            assertEquals(FILESIZE, cli.sendfile(ch, 0, 0));
            assertEquals(FILESIZE, ch.position(), "as CPython's file.tell()");
            assertEquals(FILESIZE - 5000, cli.sendfile(ch, 5000, 0));
            assertEquals(FILESIZE, ch.position());
            assertEquals(100_007, cli.sendfile(ch, 2007, 100_007));
            assertEquals(2007 + 100_007, ch.position());
            byte[] got = sentThenClosed(received);
            assertEquals(FILESIZE + FILESIZE - 5000 + 100_007, got.length);
            assertArrayEquals(filedata, Arrays.copyOf(got, FILESIZE));
            assertArrayEquals(Arrays.copyOfRange(filedata, 5000, FILESIZE), Arrays.copyOfRange(got, FILESIZE, 2 * FILESIZE - 5000));
            assertArrayEquals(Arrays.copyOfRange(filedata, 2007, 2007 + 100_007), Arrays.copyOfRange(got, 2 * FILESIZE - 5000, got.length));
        }
    }

    @Test
    void testNonRegularFile() throws Exception {
        // A pipe: sendfile(2) cannot splice from it (ESPIPE), so the bytes go through read() and
        // send(). The pipe is one java.nio.channels.Pipe makes; /proc/self tells its descriptors.
        Map<Integer, String> pre = Fds.byNumber();
        Pipe pipe = Pipe.open();
        try {
            int readEnd = readEndOf(pre);
            byte[] data = Arrays.copyOf(filedata, 50_000); // less than a pipe holds
            pipe.sink().write(ByteBuffer.wrap(data));
            pipe.sink().close();
            CompletableFuture<byte[]> received = receiveAll();
            SocketException seek = assertThrows(SocketException.class, () -> cli.sendfile(readEnd, 10, 0));
            assertEquals(Errno.ESPIPE, seek.errno(), "an offset cannot be honoured on a pipe");
            assertEquals(data.length, cli.sendfile(readEnd, 0, 0));
            assertArrayEquals(data, sentThenClosed(received));
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    /** @return the read end ({@code O_RDONLY}) of the one pipe opened since {@code pre} */
    private static int readEndOf(Map<Integer, String> pre) {
        for (Map.Entry<Integer, String> e : Fds.byNumber().entrySet()) {
            // by target: a number may have been freed and reused since
            if (e.getValue().startsWith("pipe:") && !pre.containsValue(e.getValue()) && (Fds.flags(e.getKey()) & 3) == 0) {
                return e.getKey();
            }
        }
        throw new AssertionError("no new pipe read end among " + Fds.byNumber());
    }

    @Test
    void testNonBlocking() throws Exception {
        cli.setblocking(false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cli.sendfile(file));
        assertTrue(e.getMessage().contains("non-blocking"), e.getMessage());
        try (FileChannel ch = FileChannel.open(file)) {
            assertThrows(IllegalArgumentException.class, () -> cli.sendfile(ch, 0, 0));
        }
        cli.setblocking(true);
        cli.close();
        assertEquals(0, conn.recv(8192).length, "nothing was sent");
    }

    @Test
    void testWithTimeoutTriggeredSend() throws Exception {
        // the peer reads nothing and both buffers are small: the socket's timeout ends the call
        cli.setsockopt(SOL_SOCKET, SO_SNDBUF, 4096);
        conn.setsockopt(SOL_SOCKET, SO_RCVBUF, 4096);
        cli.settimeout(0.05);
        try (FileChannel ch = FileChannel.open(file)) {
            assertThrows(SocketTimeoutException.class, () -> cli.sendfile(ch, 0, 0));
            long pos = ch.position();
            assertTrue(pos > 0 && pos < FILESIZE, "the channel's position tells how far it got: " + pos);
        }
        assertThrows(SocketTimeoutException.class, () -> cli.sendfile(file));
    }

    @Test
    void test_errors() throws Exception {
        try (SocketType udp = module.socket(AF_INET, SOCK_DGRAM)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> udp.sendfile(file));
            assertTrue(e.getMessage().contains("SOCK_STREAM"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> cli.sendfile(file, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> cli.sendfile(file, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> cli.sendfile(-1, 0, 0));
        assertThrows(NullPointerException.class, () -> cli.sendfile((Path) null));
        SocketException missing = assertThrows(SocketException.class, () -> cli.sendfile(dir.resolve("missing")));
        assertEquals(Errno.ENOENT, missing.errno());
        assertEquals(Errno.EBADF, assertThrows(SocketException.class, () -> cli.sendfile(100_000, 0, 0)).errno());
        cli.close();
        assertEquals(Errno.EBADF, assertThrows(SocketException.class, () -> cli.sendfile(file)).errno());
    }

    @Test
    void seqpacketIsAStreamTypeForSendfile() throws Exception {
        // CPython's check is type & SOCK_STREAM, which SOCK_SEQPACKET passes
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_SEQPACKET)) {
            Path small = dir.resolve("small-" + System.nanoTime());
            Files.writeString(small, "one record");
            assertEquals(10, p.a().sendfile(small));
            assertEquals("one record", new String(p.b().recv(100)));
        }
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_DGRAM)) {
            assertThrows(IllegalArgumentException.class, () -> p.a().sendfile(file));
        }
    }
}
