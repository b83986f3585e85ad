package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closing a module ends its poller threads and closes their descriptors, also when the CPUs
 * are busy: a bundle that is stopped and started again must not leave a thread and an epoll
 * descriptor behind each time. Provider instances share their pollers until the last stops.
 */
class PollerStopTest {
    private static final int CYCLES = 50;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void closeEndsThePollerThreadUnderLoad() throws Exception {
        List<String> fdsBefore = ProcSelf.openFds();
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
                NativeSocketModule module = new NativeSocketModule();
                SocketType listener = module.socket(AF_INET, SOCK_STREAM);
                listener.bind(new InetAddr("127.0.0.1", 0));
                listener.listen(1);
                // A virtual thread parked in accept() starts the read poller.
                Thread acceptor = Thread.ofVirtual().start(() -> {
                    try {
                        listener.accept();
                    } catch (SocketException closed) {
                        // the module's close() wakes it with EBADF
                    }
                });
                Waits.until(() -> acceptor.getState() == Thread.State.WAITING, Duration.ofSeconds(10),
                        () -> "for accept() to park");
                module.close();
                acceptor.join(Duration.ofSeconds(10));
                int c = cycle;
                Waits.until(() -> pollerThreads() == 0, Duration.ofSeconds(5),
                        () -> "for the poller thread to end after close(), cycle " + c + ": "
                                + ProcSelf.stacks("socket-poller-"));
            }
        } finally {
            spin.set(false);
            for (Thread t : spinners) {
                t.join(Duration.ofSeconds(10));
            }
        }
        Waits.until(() -> ProcSelf.openFds().size() <= fdsBefore.size(), Duration.ofSeconds(10),
                () -> "for descriptors to return to " + fdsBefore.size() + "; still open: " + ProcSelf.openedSince(fdsBefore));
        assertEquals(0, pollerThreads());
    }

    /** Parks a virtual thread in accept() on a new listener of {@code module}; returns it. */
    private static Thread parkedAcceptor(NativeSocketModule module) throws Exception {
        SocketType listener = module.socket(AF_INET, SOCK_STREAM);
        listener.bind(new InetAddr("127.0.0.1", 0));
        listener.listen(1);
        Thread acceptor = Thread.ofVirtual().start(() -> {
            try {
                listener.accept();
            } catch (SocketException closed) {
                // the module's close() wakes it with EBADF
            }
        });
        Waits.until(() -> acceptor.getState() == Thread.State.WAITING, Duration.ofSeconds(10),
                () -> "for accept() to park");
        return acceptor;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void providerInstancesShareOnePollerMasterUntilTheLastStops() throws Exception {
        List<NativeSocketModule> modules = new java.util.ArrayList<>();
        List<Thread> acceptors = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) { // as five consuming bundles would
            NativeSocketModule m = new NativeSocketModule();
            modules.add(m);
            acceptors.add(parkedAcceptor(m));
        }
        assertEquals(5, Pollers.users());
        assertEquals(1, platformPollerThreads(), "one platform master for every instance");
        // the first four stop; the last one's sockets still wait and wake as before
        for (int i = 0; i < 4; i++) {
            modules.get(i).close();
            acceptors.get(i).join(Duration.ofSeconds(10));
        }
        assertEquals(1, Pollers.users());
        NativeSocketModule last = modules.get(4);
        try (SocketType l = last.socket(AF_INET, SOCK_STREAM); SocketType c = last.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            c.connect(l.getsockname());
            try (SocketType s = l.accept().conn()) {
                Thread reader = Thread.ofVirtual().start(() -> {
                    try {
                        assertEquals(2, s.recv(2).length);
                    } catch (SocketException e) {
                        throw new AssertionError(e);
                    }
                });
                Waits.until(() -> reader.getState() == Thread.State.WAITING, Duration.ofSeconds(10),
                        () -> "for recv() to park");
                c.sendall(new byte[2]);
                reader.join(Duration.ofSeconds(10));
                assertEquals(Thread.State.TERMINATED, reader.getState(), "the parked reader was woken");
            }
        }
        last.close();
        acceptors.get(4).join(Duration.ofSeconds(10));
        Waits.until(() -> pollerThreads() == 0, Duration.ofSeconds(5),
                () -> "for the poller threads to end after the last instance stopped: " + ProcSelf.stacks("socket-poller-"));
        assertEquals(0, Pollers.users());
    }

    private static long platformPollerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("socket-poller-") && !t.isVirtual()).count();
    }

    private static long pollerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("socket-poller-")).count();
    }
}
