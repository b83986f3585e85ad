package org.bsdsock.socket.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A name-to-value table of the running platform, read from a resource
 * {@code <os>.<kind>.constants} beside this class (written by {@code cnf/tools/gen_tables.py}),
 * completed by {@code <os>.<kind>.headers.constants} (the names that CPython lacked, from the
 * C headers).
 * Reading the values at class initialisation is what keeps them out of consumers' bytecode.
 */
final class PlatformTable {
    static final PlatformTable SOCKET = load("socket");
    static final PlatformTable ERRNO = load("errno");

    private final Map<String, Long> values;

    private PlatformTable(Map<String, Long> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** The operating system key of the tables, e.g. {@code linux}; empty where none is shipped. */
    static String osKey() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.startsWith("linux") ? "linux" : os.replace(' ', '_');
    }

    private static PlatformTable load(String kind) {
        Map<String, Long> map = new TreeMap<>();
        read(osKey() + "." + kind + ".constants", map);
        // The names the generating CPython lacked, from the C headers; CPython's table wins.
        read(osKey() + "." + kind + ".headers.constants", map);
        return new PlatformTable(map);
    }

    private static void read(String resource, Map<String, Long> map) {
        try (InputStream in = PlatformTable.class.getResourceAsStream(resource)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                p.forEach((k, v) -> map.putIfAbsent((String) k, Long.parseLong(((String) v).trim())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read platform table " + resource, e);
        }
    }

    /** The value of an int-sized constant, or -1 where the platform does not define it. */
    int i(String name) {
        Long v = values.get(name);
        return v == null ? -1 : Math.toIntExact(v);
    }

    /** The value of a constant that may need 32 unsigned bits, or -1 where undefined. */
    long l(String name) {
        Long v = values.get(name);
        return v == null ? -1L : v;
    }

    OptionalLong lookup(String name) {
        Long v = values.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    Map<String, Long> all() {
        return values;
    }
}
