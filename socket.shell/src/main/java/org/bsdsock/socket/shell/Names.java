package org.bsdsock.socket.shell;

import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bsdsock.socket.api.SocketConstants;

/**
 * The socket module's constants by name, both ways: the commands read their numeric
 * arguments here (a name, a number, or names or-ed with {@code |}), and results show names.
 */
final class Names {
    // Beyond this many edits a name is not offered as what the user meant.
    private static final int MAX_SUGGESTION_DISTANCE = 2;
    /**
     * Names never shown for a value another name has: {@code AF_ROUTE} is Linux's alias of
     * {@code AF_NETLINK} (16), which CPython's {@code AddressFamily} shows.
     */
    private static final java.util.Set<String> ALIASES = java.util.Set.of("AF_ROUTE");

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
        for (String part : text.split("\\|", -1)) {
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
     * A command's numeric argument that may be a constant's name, read as an int.
     *
     * @param what what the argument is, for the message, e.g. {@code address family}
     * @param text the argument as typed
     * @return its value
     * @throws IllegalArgumentException naming the part of {@code text} that is no number or
     *         constant (with the constant it most likely meant), or a value that does not fit an int
     */
    static int parseInt(String what, String text) {
        long v = parseLong(what, text);
        if (v != (int) v) {
            throw new IllegalArgumentException(what + " " + text + " does not fit in an int: " + v);
        }
        return (int) v;
    }

    /** As {@link #parseInt}, for the arguments that are unsigned 32-bit values. */
    static long parseLong(String what, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no " + what + " given");
        }
        OptionalLong v = parse(text);
        if (v.isPresent()) {
            return v.getAsLong();
        }
        for (String part : text.split("\\|", -1)) {
            if (one(part.strip()).isEmpty()) {
                throw new IllegalArgumentException(unknown(what, part.strip()));
            }
        }
        throw new AssertionError(text); // some part failed above
    }

    private static String unknown(String what, String part) {
        if (part.isEmpty()) {
            return "empty name in " + what + ": or names with | between them, e.g. 'SOCK_STREAM|SOCK_NONBLOCK'";
        }
        String message = part + " is no socket constant or number (" + what + ")";
        String near = nearest(part);
        if (near != null) {
            return message + "; did you mean " + near + "?";
        }
        int underscore = part.indexOf('_');
        String prefix = underscore > 0 ? part.substring(0, underscore + 1) : "";
        return message + "; socket:constants " + prefix + " lists the names";
    }

    /** @return the constant whose name is fewest edits from {@code typed}, or null if none is close */
    static String nearest(String typed) {
        String upper = typed.toUpperCase(java.util.Locale.ROOT);
        String best = null;
        int bestDistance = MAX_SUGGESTION_DISTANCE + 1;
        for (String name : SocketConstants.all().keySet()) {
            int d = name.equals(upper) ? 0 : distance(upper, name, bestDistance);
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return best;
    }

    /** @return the Levenshtein distance of a and b, or {@code limit} if it is {@code limit} or more */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return Math.min(previous[b.length()], limit);
    }

    /**
     * The name of a value among the constants that start with {@code prefix}, e.g.
     * {@code name("AF_", 2)} is {@code AF_INET}. Where several share it, the shortest (the
     * general one: {@code SCM_RIGHTS}, not {@code SCM_J1939_DEST_ADDR}), then the first in name order.
     *
     * @return the name, or the number itself if none has that value
     */
    static String name(String prefix, long value) {
        String best = null;
        for (Map.Entry<String, Long> e : SocketConstants.all().entrySet()) {
            String n = e.getKey();
            if (n.startsWith(prefix) && e.getValue() == value && !ALIASES.contains(n)
                    && (best == null || n.length() < best.length())) {
                best = n;
            }
        }
        return best != null ? best : Long.toString(value);
    }

    /** @return {@code name (value)}, e.g. {@code AF_INET (2)}, or the number alone if no name has it */
    static String named(String prefix, long value) {
        String name = name(prefix, value);
        return name.equals(Long.toString(value)) ? name : name + " (" + value + ")";
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
