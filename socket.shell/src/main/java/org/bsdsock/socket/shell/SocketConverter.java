package org.bsdsock.socket.shell;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Converter;
import org.bsdsock.socket.api.HostEntry;
import org.bsdsock.socket.api.SocketException;
import org.osgi.service.component.annotations.Component;

/**
 * The shell's Gogo converter, both ways:
 * <ul>
 * <li>arguments: wherever a command or a socket method takes a number, a socket constant's
 * name is accepted ({@code AF_INET}, {@code SOL_SOCKET}, {@code SO_REUSEADDR}), as are
 * {@code |}-joined names and {@code 0x} numbers ({@code SOCK_STREAM|SOCK_NONBLOCK});</li>
 * <li>results: the shell's objects render as one line at {@link #LINE} level and with their
 * details at {@link #INSPECT} level (a single result, e.g. {@code $s}); {@code socket:ls}'s
 * list is a table, one line per socket under a header.</li>
 * </ul>
 * Names map to values through {@link org.bsdsock.socket.api.SocketConstants}, so they are the
 * running platform's.
 */
@Component(service = Converter.class, property = {
        "osgi.converter.classes=java.lang.Integer",
        "osgi.converter.classes=java.lang.Long",
        "osgi.converter.classes=org.bsdsock.socket.shell.ShellSocket",
        "osgi.converter.classes=org.bsdsock.socket.shell.OpenSocket",
        "osgi.converter.classes=org.bsdsock.socket.shell.SocketList",
        "osgi.converter.classes=org.bsdsock.socket.shell.ProviderInfo",
        "osgi.converter.classes=org.bsdsock.socket.shell.Connection",
        "osgi.converter.classes=org.bsdsock.socket.shell.Datagram",
        "osgi.converter.classes=org.bsdsock.socket.shell.Bytes",
        "osgi.converter.classes=org.bsdsock.socket.shell.EchoServer",
        "osgi.converter.classes=org.bsdsock.socket.api.HostEntry" })
public final class SocketConverter implements Converter {

    @Override
    public Object convert(Class<?> desiredType, Object in) {
        if (!(in instanceof CharSequence text)) {
            return null;
        }
        boolean toInt = desiredType == int.class || desiredType == Integer.class;
        boolean toLong = desiredType == long.class || desiredType == Long.class;
        if (!toInt && !toLong) {
            return null;
        }
        OptionalLong v = Names.parse(text.toString());
        if (v.isEmpty()) {
            return null; // not ours: Gogo goes on and reports what it cannot convert
        }
        long value = v.getAsLong();
        if (toLong) {
            return value;
        }
        return value == (int) value ? Integer.valueOf((int) value) : null;
    }

    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        boolean inspect = level == INSPECT;
        if (target instanceof ShellSocket s) {
            return inspect ? inspect(s) : s.toString();
        } else if (target instanceof SocketList l) {
            return inspect ? l.table() : l.size() + " open socket(s)";
        } else if (target instanceof OpenSocket o) {
            return inspect ? inspect(o) : o.toString();
        } else if (target instanceof ProviderInfo p) {
            return inspect ? inspect(p) : p.toString();
        } else if (target instanceof HostEntry h) {
            return "(" + str(h.hostname()) + ", " + list(h.aliaslist()) + ", " + list(h.ipaddrlist()) + ")";
        } else if (target instanceof Bytes b) {
            return inspect ? b + "  (" + b.length() + " bytes, hex " + b.hex() + ")" : b.toString();
        } else if (target instanceof Connection || target instanceof Datagram || target instanceof EchoServer) {
            return target.toString();
        }
        return null;
    }

    private static String inspect(ShellSocket s) {
        StringBuilder b = new StringBuilder();
        int fd = s.fileno();
        row(b, "fd", fd < 0 ? "-1 (closed)" : Integer.toString(fd));
        row(b, "family", Names.name("AF_", s.family()) + " (" + s.family() + ")");
        row(b, "type", Names.name("SOCK_", s.type()) + " (" + s.type() + ")");
        row(b, "proto", Integer.toString(s.proto()));
        if (fd >= 0) {
            row(b, "local", address(() -> s.socket().getsockname()));
            row(b, "peer", address(() -> s.socket().getpeername()));
            row(b, "timeout", String.valueOf(s.gettimeout()));
            row(b, "blocking", String.valueOf(s.getblocking()));
        }
        row(b, "provider", s.provider());
        return b.toString();
    }

    private static String address(SocketFailure.SocketCall<?> call) {
        try {
            return String.valueOf(call.call());
        } catch (SocketException e) {
            return "- (" + e.errorName() + ")";
        }
    }

    private static String inspect(OpenSocket o) {
        StringBuilder b = new StringBuilder();
        row(b, "fd", Integer.toString(o.fd()));
        row(b, "family", o.family());
        row(b, "type", o.type());
        row(b, "proto", Integer.toString(o.proto()));
        row(b, "state", o.state());
        row(b, "local", o.local() == null ? "?" : o.local().toString());
        row(b, "peer", o.peer() == null ? "-" : o.peer().toString());
        row(b, "timeout", String.valueOf(Timeouts.show(o.timeout())));
        row(b, "owner", o.owner());
        row(b, "provider", o.provider());
        return b.toString();
    }

    private static String inspect(ProviderInfo p) {
        StringBuilder b = new StringBuilder();
        row(b, "service.id", Long.toString(p.serviceId()));
        row(b, "provider", p.provider());
        row(b, "service.ranking", Integer.toString(p.ranking()));
        row(b, "bundle", p.bundle());
        row(b, "service.scope", p.scope());
        row(b, "in use", p.inUse() ? "yes, by the socket commands" : "no");
        return b.toString();
    }

    private static void row(StringBuilder b, String name, String value) {
        if (!b.isEmpty()) {
            b.append('\n');
        }
        b.append(String.format("%-16s %s", name, value));
    }

    private static String str(String s) {
        return PyRepr.of(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String list(List<String> l) {
        return l.stream().map(SocketConverter::str).collect(Collectors.joining(", ", "[", "]"));
    }
}
