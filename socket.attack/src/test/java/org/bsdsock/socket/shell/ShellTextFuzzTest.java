package org.bsdsock.socket.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.felix.service.command.Converter;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.UnixAddr;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketPair;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the shell's text forms, what a user types: numbers and constant names (the
 * converter), addresses of each family, data with Python's escapes, hexadecimal bytes,
 * timeouts, descriptor lists, and the commands that parse text before calling the module
 * ({@code inet_*}, {@code getaddrinfo}, {@code getnameinfo}, {@code setdefaulttimeout}, a socket
 * object's {@code send}). The test lives in the shell's package to reach its parsers; it uses
 * only the module's public API. Oracle: a usage error is an {@link IllegalArgumentException}, a
 * socket error a {@link SocketFailure}, nothing else; text sent with escapes arrives as the
 * bytes the escapes mean; Python's repr of bytes reads back as the same bytes.
 */
class ShellTextFuzzTest {
    private static final SocketModule M = ServiceLoader.load(SocketModule.class).findFirst().orElseThrow();
    private static final SocketCommands COMMANDS = new SocketCommands(M);
    private static final SocketConverter CONVERTER = new SocketConverter();
    /** Whether only loopback is reachable (a network namespace): then host text reaches the resolver as typed. */
    private static final boolean ISOLATED = onlyLoopback();
    private static final Map<String, Map<String, LongAdder>> TALLY = new ConcurrentHashMap<>();
    private static final LongAdder INPUTS = new LongAdder();

    private static final String[] ENTRIES = {"Addresses.parse(family)", "Addresses.parse", "Names.parse",
        "converter", "PyRepr", "Bytes.fromHex", "Timeouts.parse", "fds", "inet_aton", "inet_ntoa",
        "inet_pton", "inet_ntop", "getaddrinfo", "getnameinfo", "setdefaulttimeout", "constants", "send"};

    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    @FuzzTest
    void shellText(FuzzedDataProvider d) throws Exception {
        INPUTS.increment();
        String entry = ENTRIES[d.consumeInt(0, ENTRIES.length - 1)];
        int family = d.pickValue(new int[] {SocketConstants.AF_INET, SocketConstants.AF_INET6, SocketConstants.AF_UNIX,
            SocketConstants.AF_INET, d.consumeInt(), SocketConstants.AF_NETLINK, SocketConstants.AF_PACKET,
            SocketConstants.AF_VSOCK});
        int flags = d.consumeInt();
        String text = d.consumeRemainingAsString();
        switch (entry) {
            case "Addresses.parse(family)" -> run(entry, () -> {
                SockAddr a = Addresses.parse(family, text);
                if (!(a instanceof InetAddr || a instanceof Inet6Addr || a instanceof UnixAddr)) {
                    // the other families' forms (and raw:) print as they are read
                    assertEquals(a, Addresses.parse(family, a.toString()), "printed as read: " + a);
                }
            });
            case "Addresses.parse" -> run(entry, () -> {
                Addresses.familyOf(text);
                Addresses.parse(text);
            });
            case "Names.parse" -> run(entry, () -> {
                Names.parse(text);
                Names.parseInt("fuzz", text);
            });
            case "converter" -> run(entry, () -> {
                for (Class<?> c : List.of(int.class, Integer.class, long.class, Long.class, String.class)) {
                    Object v = CONVERTER.convert(c, text);
                    if (v != null) {
                        CONVERTER.format(v, Converter.LINE, CONVERTER);
                    }
                }
            });
            case "PyRepr" -> run(entry, () -> {
                byte[] b = PyRepr.unescape(text);
                String repr = PyRepr.of(b);
                assertArrayEquals(b, PyRepr.unescape(repr.substring(1, repr.length() - 1)),
                        "Python's repr of the bytes reads back as the same bytes: " + repr);
            });
            case "Bytes.fromHex" -> run(entry, () -> {
                Bytes b = Bytes.fromHex(text);
                assertEquals(b, Bytes.fromHex(b.hex()));
                b.toString();
            });
            case "Timeouts.parse" -> run(entry, () -> Timeouts.show(Timeouts.parse(text)));
            case "fds" -> run(entry, () -> ShellSocket.fds(text));
            case "inet_aton" -> run(entry, () -> COMMANDS.inet_aton(text));
            case "inet_ntoa" -> run(entry, () -> COMMANDS.inet_ntoa(Bytes.fromHex(text)));
            case "inet_pton" -> run(entry, () -> COMMANDS.inet_pton(String.valueOf(family), text));
            case "inet_ntop" -> run(entry, () -> COMMANDS.inet_ntop(String.valueOf(family), Bytes.fromHex(text)));
            case "getaddrinfo" -> {
                // Outside a network namespace, AI_NUMERICHOST: a name is refused before any lookup.
                int f = ISOLATED ? flags : flags | SocketConstants.AI_NUMERICHOST;
                int cut = text.length() / 2;
                run(entry, () -> COMMANDS.getaddrinfo(text.substring(0, cut), text.substring(cut), String.valueOf(family), "0", "0", String.valueOf(f)));
            }
            case "getnameinfo" -> {
                int f = ISOLATED ? flags : flags | SocketConstants.NI_NUMERICHOST;
                run(entry, () -> COMMANDS.getnameinfo(text, String.valueOf(f)));
            }
            case "setdefaulttimeout" -> run(entry, () -> {
                try {
                    COMMANDS.setdefaulttimeout(text);
                } finally {
                    M.setdefaulttimeout(null);
                }
            });
            case "constants" -> run(entry, () -> COMMANDS.constants(text));
            case "send" -> run(entry, () -> {
                try (SocketPair p = M.socketpair()) {
                    ShellSocket s = new ShellSocket(p.a(), new Origin("fuzz", new LooseDescriptors()));
                    p.b().settimeout(5.0);
                    byte[] meant = PyRepr.unescape(text);
                    s.sendall(text);
                    // the input is at most a few KiB: it fits the pair's buffer, so sendall returns first
                    ByteBuffer got = ByteBuffer.allocate(meant.length);
                    while (got.hasRemaining() && p.b().recv_into(got, 0) > 0) {
                        // until every byte meant has arrived
                    }
                    assertArrayEquals(meant, got.array(), "the bytes the escapes mean arrive");
                }
            });
            default -> throw new AssertionError(entry);
        }
    }

    private static void run(String entry, Call call) {
        Throwable raised = null;
        try {
            call.run();
        } catch (Throwable t) {
            raised = t;
        }
        TALLY.computeIfAbsent(entry, e -> new ConcurrentHashMap<>())
                .computeIfAbsent(raised == null ? "returned" : raised.getClass().getSimpleName(), o -> new LongAdder())
                .increment();
        if (raised != null && !(raised instanceof IllegalArgumentException) && !(raised instanceof SocketFailure)) {
            throw new AssertionError(entry + " raised " + raised.getClass().getName()
                    + " (outside IllegalArgumentException / SocketFailure): " + raised.getMessage(), raised);
        }
    }

    private static boolean onlyLoopback() {
        try {
            return Files.readAllLines(Path.of("/proc/net/dev")).stream().skip(2)
                    .map(l -> l.substring(0, l.indexOf(':')).trim()).allMatch("lo"::equals);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @AfterAll
    static void tally() {
        StringBuilder b = new StringBuilder("[attack] ShellTextFuzzTest: " + INPUTS.sum() + " inputs ("
                + (ISOLATED ? "in a network namespace with loopback only" : "host names refused before lookup") + ")\n");
        new TreeMap<>(TALLY).forEach((entry, outcomes) -> {
            b.append(String.format("  %-28s", entry));
            new TreeMap<>(outcomes).forEach((o, n) -> b.append(' ').append(o).append(' ').append(n.sum()));
            b.append('\n');
        });
        System.err.print(b);
    }
}
