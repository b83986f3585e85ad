package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_INET6;
import static org.bsdsock.socket.api.SocketConstants.NI_NUMERICHOST;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every call that takes a host name checks it the same way, before anything reaches the C
 * library: a NUL anywhere is refused (a C string would end there, and {@code "127.0.0.1\0evil"}
 * would bind 127.0.0.1), and the name goes through CPython's {@code "idna"} codec, whose label
 * checks refuse a 10 KB name and whose encoding refuses a lone surrogate. The texts are
 * CPython 3.11's: {@code bind}'s for a NUL, {@code getaddrinfo}'s for the codec.
 *
 * <p>CPython itself is not uniform here: its {@code getaddrinfo} cuts a name at a NUL and
 * resolves the rest, and its {@code bind}/{@code connect} pass an ASCII name to the resolver
 * without the codec's checks. This module refuses both, with the one answer above. No input
 * here reaches a name server: each is refused before any lookup.
 */
class HostNameTest extends ProviderFixture {
    private static final String NUL_AFTER_QUAD = "127.0.0.1\0evil";
    private static final String NUL_AFTER_NAME = "localhost\0.evil.example";
    private static final String TEN_KB = "a".repeat(10_000);
    private static final String LONG_LABEL = "a".repeat(64) + ".example";
    private static final String EMPTY_LABEL = "local..host";
    private static final String LONE_SURROGATE = "local\uD800host";
    private static final String LONG_NON_ASCII = "\u00FC".repeat(100);

    private static final List<String> BAD_HOSTS =
            List.of(NUL_AFTER_QUAD, NUL_AFTER_NAME, TEN_KB, LONG_LABEL, EMPTY_LABEL, LONE_SURROGATE, LONG_NON_ASCII);

    /** CPython's texts, where python3 is here; else the texts CPython 3.11 gives. */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    @BeforeAll
    static void askCPython() throws IOException {
        EXPECTED.put(NUL_AFTER_QUAD, "host name must not contain null character");
        EXPECTED.put(NUL_AFTER_NAME, "host name must not contain null character");
        EXPECTED.put(TEN_KB, "encoding with 'idna' codec failed (UnicodeError: label too long)");
        EXPECTED.put(LONG_LABEL, "encoding with 'idna' codec failed (UnicodeError: label empty or too long)");
        EXPECTED.put(EMPTY_LABEL, "encoding with 'idna' codec failed (UnicodeError: label empty or too long)");
        EXPECTED.put(LONE_SURROGATE, "encoding with 'idna' codec failed (UnicodeError: Invalid character '\\ud800')");
        EXPECTED.put(LONG_NON_ASCII, "encoding with 'idna' codec failed (UnicodeError: label empty or too long)");
        if (CPython.unavailable() != null) {
            System.err.println("HostNameTest: python3 not found, checking against CPython 3.11's texts");
            return;
        }
        // For a NUL, bind's answer (getaddrinfo's would be none); else getaddrinfo's.
        StringBuilder program = new StringBuilder("import socket, sys\n"
                + "sys.stdout.reconfigure(errors='backslashreplace')\n"
                + "def answer(host):\n"
                + "    try:\n"
                + "        if '\\0' in host:\n"
                + "            socket.socket().bind((host, 0))\n"
                + "        else:\n"
                + "            socket.getaddrinfo(host, 80)\n"
                + "        return 'no error'\n"
                + "    except Exception as e:\n"
                + "        return str(e)\n");
        for (String host : BAD_HOSTS) {
            program.append("print(answer('").append(pythonEscape(host)).append("'))\n");
        }
        List<String> answers = CPython.run(program.toString());
        assertEquals(BAD_HOSTS.size(), answers.size(), answers.toString());
        for (int i = 0; i < BAD_HOSTS.size(); i++) {
            EXPECTED.put(BAD_HOSTS.get(i), answers.get(i));
        }
    }

    @Test
    void anAfInetSocketRefusesABadHostInBindConnectAndSendto() throws Exception {
        for (String host : BAD_HOSTS) {
            try (SocketType tcp = module.socket(AF_INET, SOCK_STREAM);
                    SocketType udp = module.socket(AF_INET, SOCK_DGRAM)) {
                InetAddr address = new InetAddr(host, 0);
                assertRefused(host, "bind", () -> tcp.bind(address));
                assertRefused(host, "connect", () -> tcp.connect(address));
                assertRefused(host, "connect_ex", () -> tcp.connect_ex(address));
                assertRefused(host, "sendto", () -> udp.sendto(new byte[] {1}, address));
                assertRefused(host, "sendmsg", () -> udp.sendmsg(List.of(new byte[] {1}), List.of(), 0, address));
                assertEquals(new InetAddr("0.0.0.0", 0), tcp.getsockname(), "nothing was bound");
            }
        }
    }

    @Test
    void anAfInet6SocketRefusesABadHostTheSameWay() throws Exception {
        for (String host : BAD_HOSTS) {
            try (SocketType tcp = module.socket(AF_INET6, SOCK_STREAM)) {
                assertRefused(host, "bind", () -> tcp.bind(new Inet6Addr(host, 0)));
                assertRefused(host, "connect", () -> tcp.connect(new Inet6Addr(host, 0)));
            }
        }
    }

    @Test
    void theNameServiceCallsRefuseABadHostTheSameWay() {
        for (String host : BAD_HOSTS) {
            assertRefused(host, "getaddrinfo", () -> module.getaddrinfo(host, 80));
            assertRefused(host, "getaddrinfo AF_INET", () -> module.getaddrinfo(host, 80, AF_INET, 0));
            assertRefused(host, "gethostbyname", () -> module.gethostbyname(host));
            assertRefused(host, "gethostbyname_ex", () -> module.gethostbyname_ex(host));
            assertRefused(host, "gethostbyaddr", () -> module.gethostbyaddr(host));
            assertRefused(host, "getnameinfo", () -> module.getnameinfo(new InetAddr(host, 80), NI_NUMERICHOST));
            assertRefused(host, "getnameinfo 6", () -> module.getnameinfo(new Inet6Addr(host, 80), NI_NUMERICHOST));
            assertRefused(host, "create_connection", () -> module.create_connection(new InetAddr(host, 1), 1.0));
        }
    }

    @Test
    void goodHostsStillWorkOnEveryPath() throws Exception {
        try (SocketType s = module.socket(AF_INET, SOCK_DGRAM)) {
            s.bind(new InetAddr("localhost", 0)); // a name, through the resolver
            assertEquals("127.0.0.1", ((InetAddr) s.getsockname()).host());
        }
        assertEquals("127.0.0.1", module.gethostbyname("localhost"));
        assertEquals(AF_INET, module.getaddrinfo("127.0.0.1", 80, AF_INET, 0).get(0).family());
    }

    private static void assertRefused(String host, String call, Executable executable) {
        String what = call + "(" + printable(host) + ")";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable, what);
        assertEquals(EXPECTED.get(host), e.getMessage(), what);
    }

    private static String printable(String host) {
        String shown = host.length() > 40 ? host.substring(0, 20) + "...(" + host.length() + " chars)" : host;
        return pythonEscape(shown);
    }

    /** The host as the inside of a Python string literal: ASCII kept, anything else escaped. */
    private static String pythonEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7F && c != '\\' && c != '\'') {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }
}
