package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.MSG_DONTWAIT;
import static org.bsdsock.socket.api.SocketConstants.SOCK_CLOEXEC;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.testing.Fds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A close wakes the operations blocked on the socket through the ring (cancellation), each
 * waiter gets {@code EBADF}, and the descriptor is closed only after the last of them
 * completed: no operation reaches the number once another file has it.
 */
@Tag("uring")
@Timeout(120)
class UringCloseTest {
    private Uring ring;
    private List<String> before;

    @BeforeEach
    void open() throws Exception {
        before = sockets(Fds.open());
        ring = UringSupport.ringOrSkip(256);
    }

    @AfterEach
    void close() {
        ring.close();
        assertEquals(List.of(), sockets(Fds.openedSince(before)), "every socket and the ring closed");
    }

    private static List<String> sockets(List<String> fds) {
        return fds.stream().filter(t -> t.startsWith("socket:") || t.contains("io_uring")).toList();
    }

    @Test
    void closeWakesABlockedRecvOnAVirtualAndAPlatformThread() throws Exception {
        for (boolean virtual : new boolean[] {true, false}) {
            int[] p = UringSupport.socketpair(AF_UNIX, SOCK_STREAM);
            FdHandle h = UringSupport.handle(p[0]);
            Uring.Slot s = ring.slot();
            CompletableFuture<Integer> result = new CompletableFuture<>();
            Runnable recv = () -> {
                try (Arena a = Arena.ofConfined()) {
                    result.complete(UringOps.recv(s, h, a.allocate(16), 0, -1));
                }
            };
            Thread t = virtual ? Thread.ofVirtual().start(recv) : Thread.ofPlatform().start(recv);
            UringOpsTest.awaitBusy(s);
            assertTrue(UringOps.close(ring, h));
            assertEquals(-Errno.EBADF, result.get(10, TimeUnit.SECONDS), "a clear result: the socket was closed");
            t.join();
            assertNull(Fds.target(p[0]), "the descriptor is closed once its operation completed");
            UringSupport.close(p[1]);
            s.release();
        }
    }

    @Test
    void closeWakesABlockedAcceptAndAMultishotAccept() throws Exception {
        FdHandle listener = UringSupport.handle(UringSupport.listener());
        int fd = listener.fd();
        Uring.Slot s = ring.slot();
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> result.complete(
                UringOps.accept(s, listener, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC, -1)));
        UringOps.MultishotAccept m = UringOps.acceptMultishot(ring, listener, SOCK_CLOEXEC);
        UringOpsTest.awaitBusy(s);
        UringOps.close(ring, listener);
        assertEquals(-Errno.EBADF, result.get(10, TimeUnit.SECONDS));
        assertEquals(-Errno.EBADF, m.take(), "the multishot accept ends with the socket's close");
        assertTrue(Fds.target(fd) != null, "held open while the multishot accept is not closed");
        m.close();
        assertNull(Fds.target(fd), "closed by the last to leave");
    }

    /**
     * Many rounds of: receivers blocked on a socket (some still on their way into the ring),
     * the socket closed, and at once new sockets made, which take the freed numbers as soon as
     * the last receiver has left. Data sent to each new socket must reach its own reader, whole:
     * an operation of the closed socket that reached a recycled number would take it.
     */
    @Test
    void closeRacingWithBlockedOperationsNeverReachesARecycledNumber() throws Exception {
        int rounds = 200;
        int waiters = 4;
        int recycled = 0;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buf = arena.allocate(64);
            Uring.Slot mine = ring.slot();
            for (int round = 0; round < rounds; round++) {
                int[] p = UringSupport.socketpair(AF_UNIX, SOCK_STREAM);
                FdHandle h = UringSupport.handle(p[0]);
                List<CompletableFuture<Integer>> results = new ArrayList<>();
                List<Thread> threads = new ArrayList<>();
                for (int w = 0; w < waiters; w++) {
                    CompletableFuture<Integer> r = new CompletableFuture<>();
                    results.add(r);
                    boolean virtual = w % 2 == 0;
                    Runnable recv = () -> {
                        Uring.Slot s = ring.slot();
                        try (Arena a = Arena.ofConfined()) {
                            r.complete(UringOps.recv(s, h, a.allocate(16), 0, -1));
                        } finally {
                            s.release();
                        }
                    };
                    threads.add(virtual ? Thread.ofVirtual().start(recv) : Thread.ofPlatform().start(recv));
                }
                if (ThreadLocalRandom.current().nextBoolean()) {
                    Thread.yield(); // sometimes some are in the ring already, sometimes none
                }
                int old = p[0];
                UringOps.close(ring, h);
                // New sockets right away; each gets a number, perhaps the closed one's.
                int[][] fresh = new int[3][];
                for (int i = 0; i < fresh.length; i++) {
                    fresh[i] = UringSupport.socketpair(AF_UNIX, SOCK_STREAM);
                    if (fresh[i][0] == old || fresh[i][1] == old) {
                        recycled++;
                    }
                }
                for (CompletableFuture<Integer> r : results) {
                    assertEquals(-Errno.EBADF, r.get(10, TimeUnit.SECONDS), "round " + round);
                }
                for (Thread t : threads) {
                    t.join();
                }
                for (int[] f : fresh) {
                    FdHandle[] ends = {UringSupport.handle(f[0]), UringSupport.handle(f[1])};
                    for (int side = 0; side < 2; side++) {
                        String msg = "round " + round + " to fd " + f[1 - side];
                        assertEquals(msg.length(),
                                UringOps.send(mine, ends[side], UringSupport.bytes(arena, msg), 0, -1));
                        int n = UringOps.recv(mine, ends[1 - side], buf, MSG_DONTWAIT, -1);
                        assertEquals(msg, n < 0 ? "errno " + -n : UringSupport.text(buf, n),
                                "the data reached its own socket, whole");
                    }
                    ends[0].close();
                    ends[1].close();
                }
                UringSupport.close(p[1]);
            }
        }
        System.out.printf("io_uring close race: %d rounds, a closed socket's number reused at once in %d%n", rounds,
                recycled);
    }
}
