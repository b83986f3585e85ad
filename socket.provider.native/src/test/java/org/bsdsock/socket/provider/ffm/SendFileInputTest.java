package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code sendfile} from an input that cannot be spliced or sought (a socket) reads it in the
 * copy fallback: with nothing to read, the socket's timeout and its close still end the call
 * (a read blocked on the caller's descriptor would have ignored both; found by the fuzzer).
 */
@Tag("unit")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SendFileInputTest {
    private final NativeSocketModule module = TestEngine.module();

    @AfterEach
    void stop() {
        module.close();
        assertEquals(0, module.openSockets());
    }

    @Test
    void anEmptySocketInputEndsAtTheTimeout() throws Exception {
        try (SocketPair out = module.socketpair(AF_UNIX, SOCK_STREAM, 0);
                SocketPair in = module.socketpair(AF_UNIX, SOCK_STREAM, 0)) {
            out.a().settimeout(0.3);
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> out.a().sendfile(in.b().fileno(), 0, 10));
            long took = (System.nanoTime() - start) / 1_000_000;
            assertTrue(took >= 250 && took < 5_000, "timed out after " + took + " ms");
        }
    }

    @Test
    void closeEndsAWaitForAnEmptySocketInput() throws Exception {
        try (SocketPair out = module.socketpair(AF_UNIX, SOCK_STREAM, 0);
                SocketPair in = module.socketpair(AF_UNIX, SOCK_STREAM, 0)) {
            int inFd = in.b().fileno();
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    out.a().sendfile(inFd, 0, 10);
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            Thread.sleep(200); // a moment inside the wait for input; the outcome tells if it ended early
            assertTrue(!outcome.isDone(), "sendfile should wait for input");
            long closed = System.nanoTime();
            out.a().close();
            SocketException e = assertInstanceOf(SocketException.class, outcome.get(10, TimeUnit.SECONDS));
            assertEquals(Errno.EBADF, e.errno());
            long took = (System.nanoTime() - closed) / 1_000_000;
            assertTrue(took < 1_000, "woken " + took + " ms after close");
        }
    }
}
