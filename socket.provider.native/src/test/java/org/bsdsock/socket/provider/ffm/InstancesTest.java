package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What provider instances (one per consuming bundle in Felix) share and what they must not
 * reach of each other: a descriptor one instance owns is refused to the others' calls that
 * take a number; stopping and starting instances leaves no cleaner thread behind.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InstancesTest {
    @Test
    void anotherInstanceCannotCloseOrAdoptAnOwnedDescriptor() throws Exception {
        try (NativeSocketModule a = TestEngine.module(); NativeSocketModule b = TestEngine.module()) {
            SocketType s = a.socket(AF_INET, SOCK_STREAM);
            s.bind(new InetAddr("127.0.0.1", 0));
            int fd = s.fileno();
            IllegalArgumentException closing = assertThrows(IllegalArgumentException.class, () -> b.close(fd));
            assertTrue(closing.getMessage().contains("belongs to an open socket"), closing.getMessage());
            IllegalArgumentException adopting = assertThrows(IllegalArgumentException.class,
                    () -> b.socket(-1, -1, -1, fd));
            assertTrue(adopting.getMessage().contains("belongs to an open socket"), adopting.getMessage());
            // still a's, still working
            assertEquals(s.getsockname(), s.getsockname());
            s.close();
            assertEquals(0, a.openSockets());
            assertEquals(0, b.openSockets());
        }
    }

    @Test
    void startingAndStoppingInstancesLeavesNoCleanerThread() throws Exception {
        long before = cleanerThreads();
        for (int i = 0; i < 20; i++) {
            try (NativeSocketModule m = TestEngine.module()) {
                m.socket(AF_INET, SOCK_STREAM).close();
                m.socket(AF_INET, SOCK_STREAM); // left open: the instance's close() closes it
            }
        }
        // A dropped cleaner's thread ends once the cleaner is collected.
        for (int i = 0; i < 100 && cleanerThreads() > before; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertTrue(cleanerThreads() <= before, "cleaner threads: " + before + " before, " + cleanerThreads() + " after");
    }

    private static long cleanerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("Cleaner-") && t.isAlive()).count();
    }
}
