package org.bsdsock.socket.provider.ffm;

import static org.awaitility.Awaitility.await;
import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.testing.Fds;
import org.bsdsock.socket.testing.InCall;
import org.bsdsock.socket.testing.Threads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closing a module ends its poller threads and closes their descriptors, also when the CPUs
 * are busy: a bundle that is stopped and started again must not leave a thread and an epoll
 * descriptor behind each time. Provider instances share their pollers until the last stops.
 *
 * <p>Counts are taken relative to the state when the test starts, and threads are counted
 * from a thread dump (a sub-poller is a virtual thread, which
 * {@link Thread#getAllStackTraces()} never lists). Another provider instance of this JVM
 * still open (one an earlier test kept) holds the pollers: then only the users' count is
 * checked, and the test says so.
 */
@Tag("unit")
class PollerStopTest {
    private static final int CYCLES = 50;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private int otherUsers;

    @BeforeEach
    void baseline() {
        otherUsers = Pollers.users();
        if (otherUsers > 0) {
            System.err.println("[PollerStopTest] " + otherUsers + " other provider instance(s) hold the pollers:"
                    + " their threads' end is not checked");
        }
    }

    /** Waits until the pollers are gone, when nobody else holds them. */
    private void awaitPollersEnded(String when) {
        if (otherUsers == 0) {
            await(when).atMost(WAIT).pollInSameThread().untilAsserted(() ->
                    assertEquals(0, Threads.count("socket-poller-"), () -> "poller threads " + when + ": " + Threads.names()));
        }
    }

    /** Parks a virtual thread in accept() on a new listener of {@code module}. */
    private static InCall<?> parkedAcceptor(NativeSocketModule module) throws SocketException {
        SocketType listener = module.socket(AF_INET, SOCK_STREAM);
        listener.bind(new InetAddr("127.0.0.1", 0));
        listener.listen(1);
        return InCall.start("acceptor", true, listener::accept).awaitBlockedIn("accept", WAIT);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void closeEndsThePollerThreadUnderLoad() throws Exception {
        List<String> fdsBefore = Fds.open();
        // Busy threads on every CPU: a poller thread that stop() wakes has to wait for a CPU
        // while stop() goes on closing the poller's descriptors.
        AtomicBoolean spin = new AtomicBoolean(true);
        Thread[] spinners = new Thread[Runtime.getRuntime().availableProcessors()];
        for (int i = 0; i < spinners.length; i++) {
            spinners[i] = Thread.ofPlatform().daemon().name("spinner-" + i).start(() -> {
                while (spin.get()) {
                    Thread.onSpinWait();
                }
            });
        }
        try {
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                NativeSocketModule module = TestEngine.module();
                InCall<?> acceptor = parkedAcceptor(module); // a parked virtual thread started the pollers
                assertEquals(otherUsers + 1, Pollers.users());
                module.close();
                SocketException e = assertInstanceOf(SocketException.class, acceptor.failure(WAIT));
                assertEquals("accept(..) failed: socket provider stopped", e.getMessage());
                assertEquals(otherUsers, Pollers.users(), "cycle " + cycle);
                awaitPollersEnded("after close(), cycle " + cycle);
            }
        } finally {
            spin.set(false);
            for (Thread t : spinners) {
                t.join(WAIT);
            }
        }
        if (otherUsers == 0) {
            await("descriptors back to the baseline").atMost(WAIT).pollInSameThread().untilAsserted(() ->
                    assertEquals(List.of(), Fds.openedSince(fdsBefore), "descriptors opened and still open"));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void providerInstancesShareOnePollerMasterUntilTheLastStops() throws Exception {
        List<NativeSocketModule> modules = new ArrayList<>();
        List<InCall<?>> acceptors = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // as five consuming bundles would
            NativeSocketModule m = TestEngine.module();
            modules.add(m);
            acceptors.add(parkedAcceptor(m));
        }
        assertEquals(otherUsers + 5, Pollers.users());
        if (!Pollers.PLATFORM_POLLERS) {
            assertEquals(1, Threads.count("socket-poller-master"), () -> "one platform master for every instance: "
                    + Threads.names());
            assertTrue(Threads.count("socket-poller-sub") >= 1, () -> "virtual sub-pollers: " + Threads.names());
        } else {
            // platform mode: pollers are platform threads in epoll_wait, no virtual sub-poller
            assertEquals(0, Threads.count("socket-poller-sub"), () -> "sub-pollers in platform mode: " + Threads.names());
            assertTrue(Threads.count("socket-poller-master") >= 1, () -> "platform pollers: " + Threads.names());
        }
        // the first four stop; the last one's sockets still wait and wake as before
        for (int i = 0; i < 4; i++) {
            modules.get(i).close();
            acceptors.get(i).failure(WAIT);
        }
        assertEquals(otherUsers + 1, Pollers.users());
        NativeSocketModule last = modules.get(4);
        try (SocketType l = last.socket(AF_INET, SOCK_STREAM); SocketType c = last.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            c.connect(l.getsockname());
            try (SocketType s = l.accept().conn()) {
                InCall<byte[]> reader = InCall.start("reader", true, () -> s.recv(2)).awaitBlockedIn("recv", WAIT);
                c.sendall(new byte[] {4, 2});
                assertArrayEquals(new byte[] {4, 2}, reader.result(WAIT), "the parked reader was woken with the data");
            }
        }
        last.close();
        acceptors.get(4).failure(WAIT);
        assertEquals(otherUsers, Pollers.users());
        awaitPollersEnded("after the last instance stopped");
    }
}
