package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.ConnectionRefusedException;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The seed's echo example and its error rules, against the real kernel on loopback. */
@Tag("unit")
class EchoSliceTest {
    private final NativeSocketModule module = TestEngine.module();

    @AfterEach
    void stop() {
        module.close();
    }

    private SocketType listener() throws SocketException {
        SocketType s = module.socket(AF_INET, SOCK_STREAM);
        s.bind(new InetAddr("127.0.0.1", 0));
        s.listen(1);
        return s;
    }

    private static int port(SocketType s) throws SocketException {
        return ((InetAddr) s.getsockname()).port();
    }

    @Test
    void seedEchoExchange() throws Exception {
        try (SocketType server = listener()) {
            int port = port(server);
            CompletableFuture<InetAddr> served = CompletableFuture.supplyAsync(() -> {
                try {
                    Accepted a = server.accept();
                    try (SocketType conn = a.conn()) {
                        while (true) {
                            byte[] data = conn.recv(1024);
                            if (data.length == 0) {
                                break;
                            }
                            conn.send(data);
                        }
                    }
                    return (InetAddr) a.address();
                } catch (SocketException e) {
                    throw new RuntimeException(e);
                }
            });
            try (SocketType client = module.socket(AF_INET, SOCK_STREAM)) {
                client.connect(new InetAddr("localhost", port));
                byte[] hello = "Hello, world".getBytes(StandardCharsets.US_ASCII);
                assertEquals(hello.length, client.send(hello));
                assertArrayEquals(hello, client.recv(1024));
                InetAddr local = (InetAddr) client.getsockname();
                client.close();
                InetAddr peerSeenByServer = served.get();
                assertEquals(local, peerSeenByServer);
                assertEquals("127.0.0.1", peerSeenByServer.host());
            }
        }
    }

    @Test
    void connectToUnusedPortIsRefused() throws Exception {
        int unused;
        try (SocketType probe = listener()) {
            unused = port(probe);
        }
        try (SocketType client = module.socket(AF_INET, SOCK_STREAM)) {
            SocketException e = assertThrows(SocketException.class,
                    () -> client.connect(new InetAddr("127.0.0.1", unused)));
            assertInstanceOf(ConnectionRefusedException.class, e);
            assertEquals(Errno.ECONNREFUSED, e.errno());
            assertEquals("connect(..) failed: Connection refused", e.getMessage());
            assertEquals("ECONNREFUSED", e.errorName());
        }
        try (SocketType client = module.socket(AF_INET, SOCK_STREAM)) {
            assertEquals(Errno.ECONNREFUSED, client.connect_ex(new InetAddr("127.0.0.1", unused)));
        }
    }

    @Test
    void secondBindIsAddressInUse() throws Exception {
        try (SocketType first = listener(); SocketType second = module.socket(AF_INET, SOCK_STREAM)) {
            SocketException e = assertThrows(SocketException.class,
                    () -> second.bind(new InetAddr("127.0.0.1", port(first))));
            assertEquals(Errno.EADDRINUSE, e.errno());
            assertEquals("bind(..) failed: Address already in use", e.getMessage());
        }
    }

    @Test
    void recvAfterCloseIsBadFileDescriptor() throws Exception {
        SocketType s = module.socket(AF_INET, SOCK_STREAM);
        s.close();
        s.close(); // harmless
        SocketException e = assertThrows(SocketException.class, () -> s.recv(10));
        assertEquals(Errno.EBADF, e.errno());
        assertEquals("recv(..) failed: Bad file descriptor", e.getMessage());
        assertEquals(-1, s.fileno());
    }
}
