package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.testing.Fds;
import org.bsdsock.socket.testing.Threads;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ring itself: setup and probe, submission from many threads at once, slots, shutdown. */
@Tag("uring")
@Timeout(120)
class UringRingTest {

    @Test
    void setupMapsTheRingsAndTheProbeListsTheSocketOperations() throws Exception {
        try (Uring ring = UringSupport.ringOrSkip(256)) {
            assertEquals(256, ring.sqEntries);
            assertEquals(1024, ring.cqEntries);
            assertTrue(ring.singleMmap(), "IORING_FEAT_SINGLE_MMAP (since 5.4)");
            assertTrue((ring.features & Libc.IORING_FEAT_NODROP) != 0);
            for (int op : new int[] {Libc.IORING_OP_NOP, Libc.IORING_OP_ACCEPT, Libc.IORING_OP_CONNECT,
                    Libc.IORING_OP_SEND, Libc.IORING_OP_RECV, Libc.IORING_OP_SENDMSG, Libc.IORING_OP_RECVMSG,
                    Libc.IORING_OP_SHUTDOWN, Libc.IORING_OP_CLOSE, Libc.IORING_OP_ASYNC_CANCEL,
                    Libc.IORING_OP_LINK_TIMEOUT, Libc.IORING_OP_POLL_ADD}) {
                assertTrue(ring.supports(op), "opcode " + op);
            }
            assertFalse(ring.supports(255), "an opcode no kernel has");
            System.out.printf("io_uring probe: SOCKET %s, BIND %s, LISTEN %s%n", ring.supports(Libc.IORING_OP_SOCKET),
                    ring.supports(UringOps.IORING_OP_BIND), ring.supports(UringOps.IORING_OP_LISTEN));
        }
    }

    @Test
    void aNopCompletesOnItsSlotAndTheSlotIsReused() throws Exception {
        try (Uring ring = UringSupport.ringOrSkip(8)) {
            Uring.Slot s = ring.slot();
            for (int i = 0; i < 100; i++) { // more than the SQ and CQ hold: the rings wrap
                assertEquals(0, UringOps.nop(s));
            }
            s.release();
            assertSame(s, ring.slot(), "a released slot is handed out again, not a new one");
            assertThrows(IllegalArgumentException.class,
                    () -> UringOps.recv(ring.slot(), UringSupport.handle(-1), MemorySegment.ofArray(new byte[1]), 0, -1),
                    "heap memory is refused: the kernel uses the buffer after the call");
        }
    }

    @Test
    void platformAndVirtualThreadsSubmitAtOnceAndEachGetsItsOwnCompletion() throws Exception {
        try (Uring ring = UringSupport.ringOrSkip(64)) {
            int platform = 8;
            int virtual = 1000;
            int perPlatform = 2000;
            int perVirtual = 50;
            AtomicInteger wrong = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < platform + virtual; t++) {
                boolean isPlatform = t < platform;
                Runnable work = () -> {
                    Uring.Slot s = ring.slot();
                    for (int i = 0; i < (isPlatform ? perPlatform : perVirtual); i++) {
                        if (UringOps.nop(s) != 0) {
                            wrong.incrementAndGet();
                        }
                    }
                    s.release();
                };
                threads.add(isPlatform ? Thread.ofPlatform().start(work) : Thread.ofVirtual().start(work));
            }
            for (Thread t : threads) {
                assertTrue(t.join(java.time.Duration.ofSeconds(60)), "a submitter is stuck: " + t);
            }
            long ops = (long) platform * perPlatform + (long) virtual * perVirtual;
            assertEquals(0, wrong.get());
            assertEquals(ops, ring.reaped(), "one completion per operation, each to its slot");
            System.out.printf("io_uring: %d NOPs from %d threads, %d io_uring_enter calls to submit (%.2f per op)%n",
                    ops, platform + virtual, ring.submitCalls(), (double) ring.submitCalls() / ops);
        }
    }

    @Test
    void shutdownEndsBlockedOperationsAndLeavesNoThreadAndNoDescriptor() throws Exception {
        List<String> before = Fds.open();
        int[] pair = UringSupport.socketpair(AF_UNIX, SOCK_STREAM);
        Uring ring = UringSupport.ringOrSkip(16);
        String reaperName = ring.reaper().getName();
        assertTrue(Threads.names().contains(reaperName));
        FdHandle h = UringSupport.handle(pair[0]);
        CompletableFuture<Integer> blocked = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Arena a = Arena.ofConfined()) {
                Uring.Slot s = ring.slot();
                blocked.complete(UringOps.recv(s, h, a.allocate(16), 0, -1));
            }
        });
        // Wait until the receive is in the kernel: its slot is busy.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ring.busySlots() == 0) {
            assertTrue(System.nanoTime() < until, "the receive never started");
            Thread.sleep(1);
        }
        ring.close();
        assertEquals(-Errno.ECANCELED, blocked.get(10, TimeUnit.SECONDS),
                "a receive in flight when the ring stops ends with ECANCELED");
        assertFalse(ring.reaper().isAlive());
        assertFalse(Threads.names().contains(reaperName), "the reaper is gone");
        ring.close(); // idempotent
        h.close();
        UringSupport.close(pair[1]);
        assertEquals(List.of(), Fds.openedSince(before), "the ring's descriptor and the sockets are closed");
    }
}
