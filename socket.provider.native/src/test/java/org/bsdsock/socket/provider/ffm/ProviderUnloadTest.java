package org.bsdsock.socket.provider.ffm;

import static org.awaitility.Awaitility.await;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.ref.WeakReference;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nothing of a stopped provider stays reachable: once its last instance has stopped, its
 * classes, and so its class loader, can be collected, even though threads that outlive it
 * (the caller's own, a pool's) made calls on it. In OSGi that is what lets an updated
 * provider bundle's old revision go; here the provider's classes are loaded by a class loader
 * of the test's own, which is collected or not.
 */
class ProviderUnloadTest {
    private static final String PKG = NativeSocketModule.class.getPackageName() + ".";

    /** Loads the provider's classes itself (child first), everything else from the test's loader. */
    private static final class ProviderLoader extends URLClassLoader {
        ProviderLoader(URL classes) {
            super("provider-under-test", new URL[] {classes}, ProviderUnloadTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PKG) || name.contains("Test")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : findClass(name);
            }
        }
    }

    @Test
    @Timeout(120)
    void aStoppedProvidersClassesCanBeCollected() throws Exception {
        // a platform thread that outlives the provider, as a pool's or the shell's does
        ExecutorService longLived = Executors.newSingleThreadExecutor();
        try {
            WeakReference<ClassLoader> loader = useAndStop(longLived);
            List<byte[]> pressure = new ArrayList<>();
            await("the provider's class loader collected").atMost(Duration.ofSeconds(60)).pollInSameThread()
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        System.gc();
                        pressure.add(new byte[1 << 20]); // a little churn, so that soft caches move too
                        if (pressure.size() > 32) {
                            pressure.clear();
                        }
                        return loader.get() == null;
                    });
        } finally {
            longLived.shutdownNow();
            longLived.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Uses a provider loaded by its own class loader from this thread and from
     * {@code longLived} (blocking calls, waits, a timeout), then stops it.
     *
     * @return the provider's class loader, weakly
     */
    private static WeakReference<ClassLoader> useAndStop(ExecutorService longLived) throws Exception {
        URL classes = NativeSocketModule.class.getProtectionDomain().getCodeSource().getLocation();
        ProviderLoader loader = new ProviderLoader(classes);
        Class<?> module = loader.loadClass(NativeSocketModule.class.getName());
        assertNotSame(NativeSocketModule.class, module, "the provider is loaded by its own loader");
        Constructor<?> make = module.getDeclaredConstructor(String.class);
        make.setAccessible(true);
        SocketModule m = (SocketModule) make.newInstance("unload-test-" + System.nanoTime());
        try {
            exercise(m);
            longLived.submit(() -> {
                exercise(m);
                return null;
            }).get(30, TimeUnit.SECONDS);
        } finally {
            ((AutoCloseable) m).close();
        }
        loader.close();
        return new WeakReference<>(loader);
    }

    private static void exercise(SocketModule m) throws Exception {
        SocketPair p = m.socketpair(AF_UNIX, SOCK_STREAM, 0);
        try {
            p.a().sendall("ping".getBytes());
            assertArrayEquals("ping".getBytes(), p.b().recv(10)); // one blocking call: the thread's scratch
            p.b().settimeout(0.05);
            assertThrows(SocketTimeoutException.class, () -> p.b().recv(10)); // a wait in poll(2)
            p.a().send_fds(List.of("fd".getBytes()), new int[] {p.a().fileno()});
            int[] fds = p.b().recv_fds(10, 1, 0).fds();
            m.socket(AF_UNIX, SOCK_STREAM, 0, fds[0]).close();
        } finally {
            p.close();
        }
    }
}
