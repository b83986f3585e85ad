package org.bsdsock.socket.shell;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;

/**
 * What a command or a socket object's method takes, read from its {@link Descriptor}s: the
 * help text, the message for a name or arguments that match nothing, and the constants Tab
 * offers for a parameter. One source, so help, errors and completion cannot disagree.
 */
final class Usage {
    // Gogo calls a method of this name when no other matches (Reflective.MAIN).
    static final String MISMATCH_HOOK = "_main";

    // A constant named in a parameter's descriptor (SOL_SOCKET, MSG_PEEK, AI_*): its prefix.
    private static final Pattern CONSTANT = Pattern.compile("\\b([A-Z][A-Z0-9]*_)(?:[A-Z0-9_]+|\\*)");

    private Usage() {
    }

    /** @return the public instance methods a user can call on {@code type}, in name order */
    static List<Method> callable(Class<?> type) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getDeclaringClass() == type && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !m.getName().startsWith("_") && m.isAnnotationPresent(Descriptor.class))
                .sorted(Comparator.comparing(Method::getName).thenComparingInt(Method::getParameterCount))
                .toList();
    }

    /** @return the names of {@link #callable} methods */
    static Set<String> names(Class<?> type) {
        return callable(type).stream().map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    /** @return the overloads of {@code name} (any case, as Gogo matches names), fewest parameters first */
    static List<Method> overloads(Class<?> type, String name) {
        return callable(type).stream().filter(m -> m.getName().equalsIgnoreCase(name)).toList();
    }

    /** @return one line per method: {@code prefix name PARAM... - what it does} */
    static String methods(Class<?> type, String prefix) {
        return callable(type).stream().map(m -> form(prefix, m) + "  - " + describe(m))
                .collect(Collectors.joining("\n"));
    }

    /** @return every form of one method with what it and each parameter mean */
    static String of(Class<?> type, String prefix, String name) {
        List<Method> forms = overloads(type, name);
        if (forms.isEmpty()) {
            throw unknown(type, prefix, name);
        }
        StringBuilder b = new StringBuilder();
        for (Method m : forms) {
            if (!b.isEmpty()) {
                b.append('\n');
            }
            b.append(form(prefix, m)).append("  - ").append(describe(m));
            for (Parameter p : m.getParameters()) {
                b.append("\n    ").append(placeholder(p)).append("  ").append(describe(p));
            }
        }
        return b.toString();
    }

    /**
     * The error for a call Gogo could not match: an unknown name (with the nearest one and the
     * names there are), or arguments no form takes (with the forms).
     */
    static IllegalArgumentException mismatch(Class<?> type, String prefix, String name, Object[] args) {
        List<Method> forms = overloads(type, name);
        if (forms.isEmpty()) {
            return unknown(type, prefix, name);
        }
        String hint = unquotedIpv6(args);
        String typed = Arrays.stream(args).map(Usage::typed).collect(Collectors.joining(" "));
        StringBuilder b = new StringBuilder();
        b.append(prefix).append(forms.get(0).getName()).append(typed.isEmpty() ? "" : " " + typed)
                .append(": ").append(hint != null ? hint : "no form of " + forms.get(0).getName() + " takes these arguments")
                .append("; it takes:");
        for (Method m : forms) {
            b.append("\n  ").append(form(prefix, m)).append("  - ").append(describe(m));
        }
        return new IllegalArgumentException(b.toString());
    }

    private static IllegalArgumentException unknown(Class<?> type, String prefix, String name) {
        Set<String> all = names(type);
        String typed = name.toLowerCase(Locale.ROOT);
        String near = all.stream().min(Comparator.comparingInt(n -> Names.distance(typed, n, 3)))
                .filter(n -> Names.distance(typed, n, 3) <= 2).orElse(null);
        return new IllegalArgumentException(prefix + name + ": no such " + (prefix.startsWith("$") ? "method" : "command")
                + (near == null ? "" : "; did you mean " + near + "?") + " There are: " + String.join(" ", all));
    }

    /**
     * Gogo reads {@code [::1]:80} unquoted as a list ({@code [::1]}) and a word ({@code :80}).
     *
     * @return the advice to quote it, or null if the arguments show no such split address
     */
    static String unquotedIpv6(Object[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i] instanceof List<?> l && String.valueOf(args[i + 1]).startsWith(":")) {
                String host = l.stream().map(String::valueOf).collect(Collectors.joining(" "));
                return "quote an IPv6 address: '[" + host + "]" + args[i + 1] + "' (unquoted, [...] is a list to Gogo)";
            }
        }
        return null;
    }

    private static String typed(Object arg) {
        if (arg instanceof List<?> l) {
            return l.stream().map(String::valueOf).collect(Collectors.joining(" ", "[", "]"));
        }
        return String.valueOf(arg);
    }

    /** @return e.g. {@code $s recv BUFSIZE FLAGS} */
    static String form(String prefix, Method m) {
        StringBuilder b = new StringBuilder(prefix).append(m.getName());
        for (Parameter p : m.getParameters()) {
            b.append(' ').append(placeholder(p));
        }
        return b.toString();
    }

    private static String placeholder(Parameter p) {
        return p.getName().toUpperCase(Locale.ROOT) + (p.isVarArgs() ? "..." : "");
    }

    static String describe(Method m) {
        Descriptor d = m.getAnnotation(Descriptor.class);
        return d == null ? "" : d.value();
    }

    static String describe(Parameter p) {
        Descriptor d = p.getAnnotation(Descriptor.class);
        return d == null ? "" : d.value();
    }

    /**
     * The constants Tab offers for an argument: those of every prefix the parameter's
     * descriptor names ({@code SOL_SOCKET, IPPROTO_TCP} gives {@code SOL_*} and {@code IPPROTO_*}),
     * over every form of the method that has a parameter at that position.
     *
     * @param index the argument's position, 0 for the first
     */
    static Set<String> constantsFor(Class<?> type, String name, int index) {
        Set<String> prefixes = new TreeSet<>();
        for (Method m : overloads(type, name)) {
            if (index < m.getParameterCount()) {
                Matcher c = CONSTANT.matcher(describe(m.getParameters()[index]));
                while (c.find()) {
                    prefixes.add(c.group(1));
                }
            }
        }
        Set<String> names = new TreeSet<>();
        for (String prefix : prefixes) {
            names.addAll(Names.startingWith(prefix).keySet());
        }
        return names;
    }
}
