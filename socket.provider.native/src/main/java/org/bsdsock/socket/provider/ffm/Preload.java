package org.bsdsock.socket.provider.ffm;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Enumeration;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.SocketType;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Loads, at activation, what this provider's code may need after its bundle is gone. Once a
 * bundle is updated or uninstalled its class loader can load nothing more, yet some of its
 * code still runs a moment later (a poller thread ending, the close of a held descriptor
 * when its hand-over window ends, an error path met only then). So every class of the
 * provider is loaded and initialised now (which also links every downcall), every class of
 * the API it uses is resolved through this bundle's loader, and the error texts are read.
 */
final class Preload {
    private Preload() {
    }

    /**
     * Outside OSGi: preloads from the provider's and the API's jars (or class folders), so that
     * a first error met at the descriptor limit (EMFILE) does not need a class file opened.
     */
    static void codeSources() {
        ClassLoader loader = Preload.class.getClassLoader();
        load(Preload.class, "org/bsdsock/socket/provider/ffm/", loader, true);
        load(SocketType.class, "org/bsdsock/socket/", loader, false);
        Libc.linkAll();
        errorTexts();
    }

    private static void load(Class<?> from, String prefix, ClassLoader loader, boolean initialize) {
        java.security.CodeSource source = from.getProtectionDomain().getCodeSource();
        if (source == null) {
            return;
        }
        try {
            java.nio.file.Path where = java.nio.file.Path.of(source.getLocation().toURI());
            List<String> names = new ArrayList<>();
            if (java.nio.file.Files.isDirectory(where)) {
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(where.resolve(prefix))) {
                    files.map(f -> where.relativize(f).toString()).filter(n -> n.endsWith(".class")).forEach(names::add);
                }
            } else {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(where.toFile())) {
                    jar.stream().map(java.util.jar.JarEntry::getName)
                            .filter(n -> n.startsWith(prefix) && n.endsWith(".class")).forEach(names::add);
                }
            }
            for (String n : names) {
                load(n.substring(0, n.length() - ".class".length()).replace('/', '.'), loader, initialize);
            }
        } catch (java.io.IOException | java.net.URISyntaxException | RuntimeException unreadable) {
            // nothing preloaded: the classes load when first used, as they would
        }
    }

    private static void load(String name, ClassLoader loader, boolean initialize) {
        if (name.endsWith("package-info") || name.endsWith("module-info")) {
            return;
        }
        try {
            Class.forName(name, initialize, loader);
        } catch (ClassNotFoundException | LinkageError | RuntimeException unavailable) {
            // a downcall libc lacks fails when called, as it would have; nothing else to do here
        }
    }

    private static void errorTexts() {
        for (int errno : new int[] {Errno.EBADF, Errno.EAGAIN, Errno.EINTR, Errno.EPIPE, Errno.ECONNRESET,
                Errno.ENOTCONN, Errno.EINVAL, Errno.EMFILE}) {
            Errors.strerror(errno);
        }
    }

    /** @return whether the provider runs as an OSGi bundle (then {@link #bundle} preloads) */
    static boolean inOsgi() {
        try {
            return FrameworkUtil.getBundle(Preload.class) != null;
        } catch (NoClassDefFoundError noFramework) {
            return false;
        }
    }

    /** Preloads from the provider's bundle and the API's. */
    static void bundle(Bundle provider) {
        ClassLoader loader = Preload.class.getClassLoader();
        load(provider, "/org/bsdsock/socket/provider/ffm", loader, true);
        Bundle api = FrameworkUtil.getBundle(SocketType.class);
        if (api != null) {
            load(api, "/org/bsdsock/socket", loader, false);
        }
        errorTexts();
    }

    private static void load(Bundle bundle, String path, ClassLoader loader, boolean initialize) {
        Enumeration<URL> entries = bundle.findEntries(path, "*.class", true);
        while (entries != null && entries.hasMoreElements()) {
            String p = entries.nextElement().getPath();
            String name = p.substring(p.startsWith("/") ? 1 : 0, p.length() - ".class".length()).replace('/', '.');
            if (name.endsWith("package-info")) {
                continue;
            }
            load(name, loader, initialize);
        }
    }
}
