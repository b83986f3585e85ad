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
    /** The socket module's constants ({@link SocketConstants}). */
    static final PlatformTable SOCKET = load("socket");
    /** The errno values ({@link Errno}). */
    static final PlatformTable ERRNO = load("errno");

    /** The values by name, in name order; unmodifiable. */
    private final Map<String, Long> values;

    /**
     * Wraps a table read by {@link #load(String)}.
     *
     * @param values the values by name
     */
    private PlatformTable(Map<String, Long> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * The operating system key of the tables, from {@code os.name}.
     *
     * @return e.g. {@code linux}; for a system without tables, a key no resource has
     */
    static String osKey() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.startsWith("linux") ? "linux" : os.replace(' ', '_');
    }

    /**
     * Reads the table of this operating system; an empty table where none is shipped.
     *
     * @param kind {@code socket} or {@code errno}
     * @return the table
     * @throws java.io.UncheckedIOException if the resource cannot be read
     */
    private static PlatformTable load(String kind) {
        Map<String, Long> map = new TreeMap<>();
        read(osKey() + "." + kind + ".constants", map);
        // The names the generating CPython lacked, from the C headers; CPython's table wins.
        read(osKey() + "." + kind + ".headers.constants", map);
        return new PlatformTable(map);
    }

    /**
     * Adds the constants of a resource of {@code NAME=value} lines to {@code map}, unless a
     * name is there already; a missing resource adds nothing.
     *
     * @param resource the resource's name, beside this class
     * @param map      the names and values read so far
     */
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

    /**
     * The value of an int-sized constant.
     *
     * @param name the constant's name
     * @return its value, or -1 where the platform does not define it
     * @throws ArithmeticException if the value does not fit in an int
     */
    int i(String name) {
        Long v = values.get(name);
        return v == null ? -1 : Math.toIntExact(v);
    }

    /**
     * The value of a constant that may need 32 unsigned bits.
     *
     * @param name the constant's name
     * @return its value, or -1 where the platform does not define it
     */
    long l(String name) {
        Long v = values.get(name);
        return v == null ? -1L : v;
    }

    /**
     * The value of a constant, telling defined from undefined.
     *
     * @param name the constant's name
     * @return its value, or empty where the platform does not define it
     */
    OptionalLong lookup(String name) {
        Long v = values.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** {@return every constant of the table, by name, in name order; unmodifiable} */
    Map<String, Long> all() {
        return values;
    }
}
