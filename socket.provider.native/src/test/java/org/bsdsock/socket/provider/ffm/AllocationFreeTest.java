package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The buffer-passing paths ({@code send}/{@code sendall} of a caller's array or buffer,
 * {@code recv_into}) allocate nothing per operation once warm.
 */
@Tag("alloc")
class AllocationFreeTest {
    private static final int OPS = 20_000;
    /** Enough calls for C2 to compile the path; interpreted and C1 code allocate on the way. */
    private static final int WARM_UP = 200_000;
    private final NativeSocketModule module = new NativeSocketModule();

    @AfterEach
    void stop() {
        module.close();
    }

    interface Step {
        void run() throws Exception;
    }

    /** Bytes the current thread allocates per run of {@code step}, after a warm-up. */
    private static double allocatedPerOp(Step step) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        for (int i = 0; i < WARM_UP; i++) {
            step.run(); // let the JIT compile the path (and escape analysis do its work)
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < OPS; i++) {
            step.run();
        }
        return (double) (threads.getThreadAllocatedBytes(id) - before) / OPS;
    }

    @Test
    void reusedArraysAndBuffersAllocateNothing() throws Exception {
        SocketType c;
        SocketType s;
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            c = module.socket(AF_INET, SOCK_STREAM);
            c.connect(l.getsockname());
            s = l.accept().conn();
        }
        byte[] out = new byte[64];
        byte[] in = new byte[64];
        double arrays = allocatedPerOp(() -> {
            c.send(out);
            assertEquals(64, s.recv_into(in));
        });
        ByteBuffer dOut = ByteBuffer.allocateDirect(64);
        ByteBuffer dIn = ByteBuffer.allocateDirect(64);
        double direct = allocatedPerOp(() -> {
            dOut.clear();
            c.sendall(dOut);
            dIn.clear();
            assertEquals(64, s.recv_into(dIn, 0));
        });
        // A few bytes of slack for the measuring itself; a segment per call would be ~40 B.
        assertTrue(arrays < 2, "byte[] send/recv_into allocate " + arrays + " B/op");
        assertTrue(direct < 2, "direct ByteBuffer sendall/recv_into allocate " + direct + " B/op");
        c.close();
        s.close();
    }

    @Test
    void sendtoOfAReusedArrayAllocatesNothing() throws Exception {
        try (SocketType a = module.socket(AF_INET, org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM);
                SocketType b = module.socket(AF_INET, org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM)) {
            a.bind(new InetAddr("127.0.0.1", 0));
            b.bind(new InetAddr("127.0.0.1", 0));
            InetAddr to = (InetAddr) b.getsockname();
            byte[] out = new byte[64];
            byte[] in = new byte[64];
            double perOp = allocatedPerOp(() -> {
                a.sendto(out, to);
                assertEquals(64, b.recv_into(in));
            });
            assertTrue(perOp < 2, "sendto/recv_into allocate " + perOp + " B/op");
        }
    }
}
