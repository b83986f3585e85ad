package org.bsdsock.socket.shell;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Converter;
import org.bsdsock.socket.api.AddrInfo;
import org.bsdsock.socket.api.ControlMessage;
import org.bsdsock.socket.api.HostEntry;
import org.bsdsock.socket.api.NameIndex;
import org.bsdsock.socket.api.NameInfo;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.Ucred;
import org.osgi.service.component.annotations.Component;

/**
 * The shell's Gogo converter. Gogo asks every converter about every conversion, so this one
 * answers only for its own types and leaves everything else (an {@code int} of another
 * bundle's command, say) alone:
 * <ul>
 * <li>arguments: hexadecimal text becomes {@link Bytes} ({@code socket:inet_ntoa 7f000001});
 * constant names are read by the socket commands themselves ({@link Names});</li>
 * <li>results: the shell's objects and the API's records render as one line at {@link #LINE}
 * level (inside a list) and with their details at {@link #INSPECT} level (a single result,
 * e.g. {@code $s}); numbers that stand for constants show the name, {@code AF_INET (2)};
 * {@code socket:ls}'s list is a table.</li>
 * </ul>
 */
@Component(service = Converter.class, property = {
        "osgi.converter.classes=org.bsdsock.socket.shell.ShellSocket",
        "osgi.converter.classes=org.bsdsock.socket.shell.OpenSocket",
        "osgi.converter.classes=org.bsdsock.socket.shell.SocketList",
        "osgi.converter.classes=org.bsdsock.socket.shell.ProviderInfo",
        "osgi.converter.classes=org.bsdsock.socket.shell.Connection",
        "osgi.converter.classes=org.bsdsock.socket.shell.Datagram",
        "osgi.converter.classes=org.bsdsock.socket.shell.Message",
        "osgi.converter.classes=org.bsdsock.socket.shell.Pair",
        "osgi.converter.classes=org.bsdsock.socket.shell.Bytes",
        "osgi.converter.classes=org.bsdsock.socket.shell.EchoServer",
        "osgi.converter.classes=org.bsdsock.socket.api.AddrInfo",
        "osgi.converter.classes=org.bsdsock.socket.api.ControlMessage",
        "osgi.converter.classes=org.bsdsock.socket.api.HostEntry",
        "osgi.converter.classes=org.bsdsock.socket.api.NameIndex",
        "osgi.converter.classes=org.bsdsock.socket.api.NameInfo",
        "osgi.converter.classes=org.bsdsock.socket.api.Ucred" })
public final class SocketConverter implements Converter {

    @Override
    public Object convert(Class<?> desiredType, Object in) {
        if (desiredType == Bytes.class && in instanceof CharSequence text) {
            return Bytes.parseHex(text.toString()).orElse(null);
        }
        return null; // not ours: Gogo goes on and reports what it cannot convert
    }

    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        boolean inspect = level == INSPECT;
        return switch (target) {
            case ShellSocket s -> inspect ? inspect(s) : s.toString();
            case SocketList l -> inspect ? l.table() : l.size() + " open socket(s)";
            case OpenSocket o -> inspect ? inspect(o) : o.toString();
            case ProviderInfo p -> inspect ? inspect(p) : p.toString();
            case Bytes b -> inspect ? b + "  (" + b.length() + " bytes, hex " + b.hex() + ")" : b.toString();
            case HostEntry h -> "(" + str(h.hostname()) + ", " + list(h.aliaslist()) + ", " + list(h.ipaddrlist()) + ")";
            case AddrInfo a -> inspect ? inspect(a) : line(a);
            case NameIndex n -> "(" + n.index() + ", " + str(n.name()) + ")";
            case NameInfo n -> "(" + str(n.host()) + ", " + str(n.port()) + ")";
            case ControlMessage c -> line(c);
            case Ucred u -> "(pid=" + u.pid() + ", uid=" + u.uid() + ", gid=" + u.gid() + ")";
            case Message m -> m.toString();
            case Connection c -> c.toString();
            case Datagram d -> d.toString();
            case Pair p -> p.toString();
            case EchoServer e -> e.toString();
            default -> null;
        };
    }

    /** @return an address-info entry as CPython's tuple, with names: {@code (AF_INET, SOCK_STREAM, 6, '', 127.0.0.1:80)} */
    static String line(AddrInfo a) {
        return "(" + Names.name("AF_", a.family()) + ", " + Names.name("SOCK_", a.type()) + ", " + a.proto() + ", "
                + str(a.canonname()) + ", " + a.sockaddr() + ")";
    }

    private static String inspect(AddrInfo a) {
        StringBuilder b = new StringBuilder();
        row(b, "family", Names.named("AF_", a.family()));
        row(b, "type", Names.named("SOCK_", a.type()));
        row(b, "proto", Names.named("IPPROTO_", a.proto()));
        row(b, "canonname", str(a.canonname()));
        row(b, "sockaddr", String.valueOf(a.sockaddr()));
        return b.toString();
    }

    /** @return a control message as CPython's tuple, with names: {@code (SOL_SOCKET, SCM_RIGHTS, b'...')} */
    static String line(ControlMessage c) {
        String level = Names.name("SOL_", c.cmsg_level());
        String type = c.cmsg_level() == SocketConstants.SOL_SOCKET
                ? Names.name("SCM_", c.cmsg_type()) : Integer.toString(c.cmsg_type());
        return "(" + level + ", " + type + ", " + PyRepr.bytes(c.cmsg_data()) + ")";
    }

    private static String inspect(ShellSocket s) {
        StringBuilder b = new StringBuilder();
        int fd = s.fileno();
        row(b, "fd", fd < 0 ? "-1 (closed)" : Integer.toString(fd));
        row(b, "family", Names.named("AF_", s.family()));
        row(b, "type", Names.named("SOCK_", s.type()));
        row(b, "proto", Integer.toString(s.proto()));
        SocketType open = s.socket();
        if (fd >= 0 && open != null) {
            row(b, "local", address(open::getsockname));
            row(b, "peer", address(open::getpeername));
            row(b, "timeout", String.valueOf(Timeouts.show(open.gettimeout())));
            row(b, "blocking", String.valueOf(open.getblocking()));
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
        return s == null ? "None" : PyRepr.of(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String list(List<String> l) {
        return l.stream().map(SocketConverter::str).collect(Collectors.joining(", ", "[", "]"));
    }
}
