package org.bsdsock.socket.shell;

import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bsdsock.socket.api.SocketConstants;

/** The socket module's constants by name, both ways, for arguments and for display. */
final class Names {
    private Names() {
    }

    /**
     * Reads a constant as the shell accepts it wherever a number is: a name
     * ({@code SO_REUSEADDR}), a decimal or {@code 0x} hexadecimal number, or several of those
     * or-ed with {@code |} ({@code SOCK_STREAM|SOCK_NONBLOCK}).
     *
     * @param text the argument
     * @return its value, or empty if it is none of those (or a name this platform lacks)
     */
    static OptionalLong parse(String text) {
        long value = 0;
        String[] parts = text.split("\\|", -1);
        for (String part : parts) {
            OptionalLong v = one(part.strip());
            if (v.isEmpty()) {
                return OptionalLong.empty();
            }
            value |= v.getAsLong();
        }
        return OptionalLong.of(value);
    }

    private static OptionalLong one(String s) {
        if (s.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return OptionalLong.of(Long.parseLong(s.substring(2), 16));
            }
            return OptionalLong.of(Long.parseLong(s));
        } catch (NumberFormatException notANumber) {
            return SocketConstants.lookup(s);
        }
    }

    /**
     * @return the value of {@code text} as an int
     * @throws IllegalArgumentException if it is no constant or number, or does not fit an int
     */
    static int parseInt(String text) {
        long v = parse(text).orElseThrow(() -> new IllegalArgumentException(
                "not a number or socket constant: " + text + " (see socket:constants)"));
        if (v != (int) v) {
            throw new IllegalArgumentException(text + " does not fit in an int: " + v);
        }
        return (int) v;
    }

    /**
     * The name of a value among the constants that start with {@code prefix}, e.g.
     * {@code name("AF_", 2)} is {@code AF_INET}; where several share it, the first in name order.
     *
     * @return the name, or the number itself if none has that value
     */
    static String name(String prefix, long value) {
        for (Map.Entry<String, Long> e : SocketConstants.all().entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getValue() == value) {
                return e.getKey();
            }
        }
        return Long.toString(value);
    }

    /** @return the constants whose names start with {@code prefix} (all for ""), in name order */
    static SortedMap<String, Long> startingWith(String prefix) {
        SortedMap<String, Long> m = new TreeMap<>();
        SocketConstants.all().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                m.put(k, v);
            }
        });
        return m;
    }
}
