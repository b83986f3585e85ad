package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.SocketPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Heap {@code ByteBuffer}s are sent from and received into their backing array in place: the
 * bytes come from and land at {@code arrayOffset() + position()} (a slice of a larger array, a
 * buffer whose position is not 0), the position moves by the count, and bytes outside the
 * buffer's window are untouched — for sizes below the CPU lane's buffer, above it, and above the
 * thread's 64 KiB blocking buffer, on platform and virtual threads.
 */
@Tag("unit")
class HeapByteBufferTest {
    private final NativeSocketModule module = TestEngine.module();

    @AfterEach
    void close() {
        module.close();
    }

    @ParameterizedTest(name = "{0} bytes, virtual={1}")
    @CsvSource({"1,false", "1,true", "3000,false", "3000,true", "9000,false", "9000,true",
        "100000,false", "100000,true"})
    void theBuffersWindowIsWhatMoves(int size, boolean virtual) throws Exception {
        byte[] pattern = new byte[size];
        for (int i = 0; i < size; i++) {
            pattern[i] = (byte) (i * 31 + 7);
        }
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM);
                ExecutorService exec = virtual ? Executors.newVirtualThreadPerTaskExecutor()
                        : Executors.newSingleThreadExecutor()) {
            Future<?> done = exec.submit(() -> {
                // the outgoing bytes sit at array offset 5 + position 3 of a slice
                byte[] backing = new byte[size + 20];
                Arrays.fill(backing, (byte) 0x55);
                System.arraycopy(pattern, 0, backing, 8, size);
                ByteBuffer out = ByteBuffer.wrap(backing, 5, size + 10).slice(); // arrayOffset 5
                out.position(3).limit(3 + size);
                int first = p.a().send(out, 0);
                assertEquals(3 + first, out.position(), "send moved the position by its count");
                p.a().sendall(out);
                assertEquals(3 + size, out.position(), "sendall moved the position to the limit");

                byte[] into = new byte[size + 20];
                Arrays.fill(into, (byte) 0x77);
                ByteBuffer in = ByteBuffer.wrap(into, 4, size + 10).slice(); // arrayOffset 4
                in.position(2).limit(2 + size);
                while (in.hasRemaining()) {
                    int before = in.position();
                    int n = p.a().recv_into(in, 0);
                    assertEquals(before + n, in.position(), "recv_into moved the position by its count");
                }
                assertArrayEquals(pattern, Arrays.copyOfRange(into, 6, 6 + size), "the bytes landed in the window");
                for (int i = 0; i < 6; i++) {
                    assertEquals((byte) 0x77, into[i], "byte " + i + " before the window");
                }
                for (int i = 6 + size; i < into.length; i++) {
                    assertEquals((byte) 0x77, into[i], "byte " + i + " after the window");
                }
                return null;
            });
            // the peer echoes what it gets
            ByteBuffer all = ByteBuffer.allocate(size);
            while (all.hasRemaining()) {
                p.b().recv_into(all, 0);
            }
            assertArrayEquals(pattern, all.array(), "the peer got the window's bytes, in order");
            p.b().sendall(all.flip());
            done.get(30, TimeUnit.SECONDS);
        }
    }
}
