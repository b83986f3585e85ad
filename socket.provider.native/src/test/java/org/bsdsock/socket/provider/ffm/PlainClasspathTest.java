package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.ServiceLoader;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The module outside OSGi: found by ServiceLoader on a plain classpath, injected by Guice 7. */
@Tag("unit")
class PlainClasspathTest {

    /** Echo through a module: what a consumer would do. */
    static String roundTrip(SocketModule module, String text) throws SocketException {
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM); SocketType c = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            c.connect(l.getsockname());
            try (SocketType conn = l.accept().conn()) {
                c.sendall(text.getBytes());
                byte[] got = conn.recv(1024);
                conn.sendall(got);
                return new String(c.recv(1024));
            }
        }
    }

    @Test
    void serviceLoaderFindsTheProvider() throws Exception {
        List<SocketModule> found = ServiceLoader.load(SocketModule.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        assertEquals(1, found.size(), "one provider on the classpath");
        SocketModule module = found.get(0);
        assertInstanceOf(NativeSocketModule.class, module);
        try {
            assertEquals("via ServiceLoader", roundTrip(module, "via ServiceLoader"));
        } finally {
            ((NativeSocketModule) module).close();
        }
    }

    /** A consumer as a jakarta.inject application writes it. */
    static final class Consumer {
        private final SocketModule socket;

        @Inject
        Consumer(SocketModule socket) {
            this.socket = socket;
        }
    }

    @Test
    void guiceInjectsTheModule() throws Exception {
        Injector injector = Guice.createInjector(new AbstractModule() {
            @Override
            protected void configure() {
                bind(SocketModule.class).to(NativeSocketModule.class).in(Singleton.class);
            }
        });
        Consumer a = injector.getInstance(Consumer.class);
        Consumer b = injector.getInstance(Consumer.class);
        assertSame(a.socket, b.socket, "one module instance per injector");
        try {
            assertEquals("via Guice", roundTrip(a.socket, "via Guice"));
            assertArrayEquals(new byte[] {127, 0, 0, 1}, a.socket.inet_aton("127.0.0.1"));
        } finally {
            ((NativeSocketModule) a.socket).close();
        }
    }
}
