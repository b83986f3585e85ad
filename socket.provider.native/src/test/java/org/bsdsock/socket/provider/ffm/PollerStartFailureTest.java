package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * At the descriptor limit, a virtual thread's first wait cannot start the pollers: that is
 * reported as the poller's failure ({@code epoll_create1} or {@code eventfd}, {@code EMFILE}),
 * not as the call's, and the provider works again once descriptors are free.
 */
@Tag("reliability")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PollerStartFailureTest {
    @Test
    void aPollerThatCannotStartIsReportedAsThePollersFailure() throws Throwable {
        assumeTrue(Pollers.users() == 0, "the pollers run for another test: this one needs them stopped");
        long[] limits = DescriptorLimit.current();
        long soft = limits[0];
        long hard = limits[1];
        NativeSocketModule module = TestEngine.module();
        SocketType l = module.socket(AF_INET, SOCK_STREAM);
        l.bind(new InetAddr("127.0.0.1", 0));
        l.listen(1);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        try {
            // room for nothing more: the accept's wait needs an epoll and an eventfd
            DescriptorLimit.set(DescriptorLimit.open(), hard);
            Thread.ofVirtual().start(() -> {
                try {
                    l.accept();
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            Throwable t = outcome.get(10, TimeUnit.SECONDS);
            assertTrue(t instanceof SocketException, String.valueOf(t));
            SocketException e = (SocketException) t;
            assertEquals(Errno.EMFILE, e.errno(), e.getMessage());
            assertTrue(e.call().equals("epoll_create1") || e.call().equals("eventfd"), "reported as " + e.getMessage());
        } finally {
            DescriptorLimit.set(soft, hard);
        }
        // descriptors free again: the next wait starts the pollers
        CompletableFuture<Throwable> again = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                l.accept().conn().close();
                again.complete(null);
            } catch (Throwable t) {
                again.complete(t);
            }
        });
        try (SocketType c = module.socket(AF_INET, SOCK_STREAM)) {
            c.connect(l.getsockname());
            assertEquals(null, again.get(10, TimeUnit.SECONDS));
        }
        l.close();
        module.close();
    }
}
