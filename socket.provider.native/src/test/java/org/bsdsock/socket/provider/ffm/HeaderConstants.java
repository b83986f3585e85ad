package org.bsdsock.socket.provider.ffm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.bsdsock.socket.api.SocketConstants;

/**
 * The names of socket.api's table that come from the C headers rather than CPython
 * ({@code linux.socket.headers.constants}, written by {@code cnf/tools/gen_tables.py}).
 */
final class HeaderConstants {
    private HeaderConstants() {
    }

    /** @return the names, a new modifiable set (empty where the resource is missing) */
    static Set<String> names() {
        Properties p = new Properties();
        try (InputStream in = SocketConstants.class.getResourceAsStream("linux.socket.headers.constants")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TreeSet<>(p.stringPropertyNames());
    }
}
