package org.bsdsock.socket.provider.uring;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.ServiceLoader;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketAdmin;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.provider.ffm.Engine;
import org.bsdsock.socket.provider.ffm.NativeSocketModule;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The uring jar on a plain class path (without the native jar): {@link ServiceLoader} finds
 * {@link UringSocketModule}, and only it, and it serves the seed's echo on the io_uring engine.
 */
@Tag("unit")
class UringServiceLoaderTest {

    @Test
    void serviceLoaderFindsTheUringModuleOnly() throws Exception {
        List<SocketModule> found = ServiceLoader.load(SocketModule.class).stream().map(ServiceLoader.Provider::get)
                .toList();
        assertEquals(List.of(UringSocketModule.class), found.stream().map(Object::getClass).toList());
        try (NativeSocketModule socket = (NativeSocketModule) found.get(0)) {
            assertEquals("uring", ((SocketAdmin) socket).provider());
            assertEquals(Engine.URING, socket.engine());
        }
    }

    @Test
    void theSeedsEchoOnTheRing() throws Exception {
        try (UringSocketModule socket = new UringSocketModule();
                SocketType server = socket.socket(AF_INET, SOCK_STREAM)) {
            server.bind(new InetAddr("127.0.0.1", 0));
            server.listen(1);
            Thread peer = Thread.ofVirtual().start(() -> {
                try (SocketType conn = server.accept().conn()) {
                    for (byte[] data = conn.recv(1024); data.length > 0; data = conn.recv(1024)) {
                        conn.sendall(data);
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            try (SocketType s = socket.socket(AF_INET, SOCK_STREAM)) {
                s.connect(server.getsockname());
                s.sendall("Hello, world".getBytes());
                assertArrayEquals("Hello, world".getBytes(), s.recv(1024));
            }
            peer.join(10_000);
            assertEquals(1, socket.sockets().size(), "the listener is the one socket left: " + socket.sockets());
        }
    }
}
