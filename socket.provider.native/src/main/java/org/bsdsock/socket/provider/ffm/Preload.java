package org.bsdsock.socket.provider.ffm;

import java.net.URL;
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

    /** Preloads from the provider's bundle and the API's. */
    static void bundle(Bundle provider) {
        ClassLoader loader = Preload.class.getClassLoader();
        load(provider, "/org/bsdsock/socket/provider/ffm", loader, true);
        Bundle api = FrameworkUtil.getBundle(SocketType.class);
        if (api != null) {
            load(api, "/org/bsdsock/socket", loader, false);
        }
        for (int errno : new int[] {Errno.EBADF, Errno.EAGAIN, Errno.EINTR, Errno.EPIPE, Errno.ECONNRESET,
                Errno.ENOTCONN, Errno.EINVAL, Errno.EMFILE}) {
            Errors.strerror(errno);
        }
    }

    private static void load(Bundle bundle, String path, ClassLoader loader, boolean initialize) {
        Enumeration<URL> entries = bundle.findEntries(path, "*.class", true);
        while (entries != null && entries.hasMoreElements()) {
            String p = entries.nextElement().getPath();
            String name = p.substring(p.startsWith("/") ? 1 : 0, p.length() - ".class".length()).replace('/', '.');
            if (name.endsWith("package-info")) {
                continue;
            }
            try {
                Class.forName(name, initialize, loader);
            } catch (ClassNotFoundException | LinkageError | RuntimeException unavailable) {
                // a downcall libc lacks fails when called, as it would have; nothing else to do here
            }
        }
    }
}
