package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;
import org.bsdsock.socket.testing.InCall;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The calls that do not wait yet have an io_uring operation: on the ring engine {@code bind}
 * and {@code listen} are {@code IORING_OP_BIND} / {@code LISTEN} (this kernel has them; the
 * ring's probe decides), with the system call's results and errors; on the epoll engine they
 * are system calls. (Close: {@link CloseSemanticsTest}.)
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RingCallsTest extends ProviderFixture {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void bindAndListenAreRingOperationsOnTheRingEngine(boolean virtual) throws Exception {
        boolean ring = TestEngine.ENGINE == Engine.URING;
        InCall.start("setup", virtual, () -> {
            long before = RingIo.NON_WAITING.sum();
            try (SocketType l = module.socket(AF_INET, SOCK_STREAM);
                    SocketType other = module.socket(AF_INET, SOCK_STREAM);
                    SocketType u = module.socket(AF_UNIX, SOCK_STREAM);
                    SocketType u2 = module.socket(AF_UNIX, SOCK_STREAM)) {
                l.bind(new InetAddr("127.0.0.1", 0));
                l.listen(5);
                assertEquals(ring ? 2 : 0, RingIo.NON_WAITING.sum() - before, "bind and listen made on a ring");
                // the system call's errors, through the ring too
                SocketException inUse = assertThrows(SocketException.class, () -> other.bind(l.getsockname()));
                assertEquals(Errno.EADDRINUSE, inUse.errno());
                SocketException twice = assertThrows(SocketException.class, () -> l.bind(new InetAddr("127.0.0.1", 0)));
                assertEquals(Errno.EINVAL, twice.errno());
                String path = tmp.resolve("s").toString();
                u.bind(UnixAddr.of(path));
                u.listen(0);
                SocketException exists = assertThrows(SocketException.class, () -> u2.bind(UnixAddr.of(path)));
                assertEquals(Errno.EADDRINUSE, exists.errno());
                // and they work: a connection to each listener
                try (SocketType c = module.socket(AF_INET, SOCK_STREAM); SocketType d = module.socket(AF_UNIX, SOCK_STREAM)) {
                    c.connect(l.getsockname());
                    d.connect(UnixAddr.of(path));
                    l.accept().conn().close();
                    u.accept().conn().close();
                }
            }
            return null;
        }).result(WAIT);
    }
}
