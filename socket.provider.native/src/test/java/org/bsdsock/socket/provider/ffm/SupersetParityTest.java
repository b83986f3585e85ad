package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_INET6;
import static org.bsdsock.socket.api.SocketConstants.AF_UNSPEC;
import static org.bsdsock.socket.api.SocketConstants.AI_CANONNAME;
import static org.bsdsock.socket.api.SocketConstants.AI_NUMERICHOST;
import static org.bsdsock.socket.api.SocketConstants.AI_PASSIVE;
import static org.bsdsock.socket.api.SocketConstants.AI_V4MAPPED;
import static org.bsdsock.socket.api.SocketConstants.IPPROTO_IPV6;
import static org.bsdsock.socket.api.SocketConstants.IPPROTO_UDP;
import static org.bsdsock.socket.api.SocketConstants.IPV6_V6ONLY;
import static org.bsdsock.socket.api.SocketConstants.NI_NUMERICHOST;
import static org.bsdsock.socket.api.SocketConstants.NI_NUMERICSERV;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.bsdsock.socket.api.SocketConstants.SO_REUSEADDR;
import static org.bsdsock.socket.api.SocketConstants.SO_REUSEPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bsdsock.socket.api.AddrInfo;
import org.bsdsock.socket.api.AddressInfoException;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.NameInfo;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CPython 3's name and address functions against the {@code python3} on the PATH, as
 * {@link CPythonParityTest} does for the seed's: the same call on both sides gives the same
 * answer, or the same kind of error with the same number. Skipped, visibly, without a usable
 * {@code python3}. Literals, {@code localhost} and the machine's own name (only where
 * {@code /etc/hosts} lists it) only: no DNS query.
 */
@Tag("cpython")
class SupersetParityTest {
    /** Formats answers and errors the way {@link #answer} does. */
    private static final String PRELUDE = """
            from socket import *
            def sa(a):
                return ','.join(str(x) for x in a)
            def ai(infos):
                return ';'.join('%d,%d,%d,%s,%s' % (f, t, p, c, sa(a)) for f, t, p, c, a in infos)
            def server(s):
                with s:
                    v6only = s.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY) if s.family == AF_INET6 else -1
                    return '%d,%d,%d,%d,%d' % (s.family, s.type, s.getsockopt(SOL_SOCKET, SO_REUSEADDR) != 0,
                                               s.getsockopt(SOL_SOCKET, SO_REUSEPORT) != 0, v6only)
            def run(key, f):
                try:
                    v = f()
                except gaierror as e:
                    v = '!gaierror %d' % e.errno
                except OSError as e:
                    v = '!OSError %d' % (e.errno or 0)
                except (ValueError, OverflowError, TypeError, UnicodeError):
                    v = '!ValueError'
                print(key + '\\t' + str(v))
            """;

    private final NativeSocketModule provider = TestEngine.module();
    private final SocketModule module = provider;


    @AfterEach
    void stop() {
        provider.close();
    }

    @FunctionalInterface
    private interface Call {
        String get() throws SocketException;
    }

    /** The same call twice: {@code py} in Python, {@code java} here, under one key. */
    private record Case(String key, String py, Call java) {
    }

    private static Case c(String key, String py, Call java) {
        return new Case(key, py, java);
    }

    @Test
    void inet_ptonAndInet_ntopAnswerAsCPython() throws Exception {
        List<Case> cases = new java.util.ArrayList<>();
        for (String text : List.of("0.0.0.0", "255.255.255.255", "1.2.3.4", "0.0.0.", "300.0.0.0", "127.1", "::",
                "::1", "1::", "::ffff:1.2.3.4", "45ef:76cb:1a:56ef:afeb:bac:1924:aeae", "::254.42.23.64", ":::",
                "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8", "fe80::1%lo", "")) {
            cases.add(c("pton4 " + text, "inet_pton(AF_INET, '" + text + "').hex()",
                    () -> HexFormat.of().formatHex(module.inet_pton(AF_INET, text))));
            cases.add(c("pton6 " + text, "inet_pton(AF_INET6, '" + text + "').hex()",
                    () -> HexFormat.of().formatHex(module.inet_pton(AF_INET6, text))));
        }
        cases.add(c("pton 12345", "inet_pton(12345, '1.2.3.4').hex()", () -> hex(module.inet_pton(12345, "1.2.3.4"))));
        for (String hex : List.of("7f000001", "ffffffff", "00000000000000000000000000000001",
                "00000000000000000000000000000002", "00000000000000000000ffff7f000001", "20010db8000000000000ff0000428329",
                "0aef0b0105061001ffff999700550170", "fe800000000000000000000000000001", "0102", "")) {
            byte[] b = HexFormat.of().parseHex(hex);
            cases.add(c("ntop4 " + hex, "inet_ntop(AF_INET, bytes.fromhex('" + hex + "'))", () -> module.inet_ntop(AF_INET, b)));
            cases.add(c("ntop6 " + hex, "inet_ntop(AF_INET6, bytes.fromhex('" + hex + "'))", () -> module.inet_ntop(AF_INET6, b)));
        }
        cases.add(c("ntop 12345", "inet_ntop(12345, b'1234')", () -> module.inet_ntop(12345, new byte[4])));
        assertSameAnswers(cases);
    }

    @Test
    void getaddrinfoAndGetnameinfoAnswerAsCPython() throws Exception {
        String me = module.gethostname();
        assertSameAnswers(withoutOwnNameUnlessListed(List.of(
                c("gai 127.0.0.1 80", "ai(getaddrinfo('127.0.0.1', 80))", () -> ai(module.getaddrinfo("127.0.0.1", 80))),
                c("gai None 80", "ai(getaddrinfo(None, 80))", () -> ai(module.getaddrinfo(null, 80))),
                c("gai None None", "ai(getaddrinfo(None, None))", () -> ai(module.getaddrinfo(null, null))),
                c("gai passive", "ai(getaddrinfo(None, 0, AF_UNSPEC, SOCK_STREAM, 0, AI_PASSIVE))",
                        () -> ai(module.getaddrinfo(null, 0, AF_UNSPEC, SOCK_STREAM, 0, AI_PASSIVE))),
                c("gai ::1 http", "ai(getaddrinfo('::1', 'http', 0, SOCK_STREAM))",
                        () -> ai(module.getaddrinfo("::1", "http", 0, SOCK_STREAM))),
                c("gai localhost canonname", "ai(getaddrinfo('localhost', 80, 0, 0, 0, AI_CANONNAME))",
                        () -> ai(module.getaddrinfo("localhost", 80, 0, 0, 0, AI_CANONNAME))),
                c("gai hostname", "ai(getaddrinfo(gethostname(), None, AF_INET, SOCK_STREAM))",
                        () -> ai(module.getaddrinfo(me, null, AF_INET, SOCK_STREAM))),
                c("gai numerichost name", "ai(getaddrinfo('localhost', None, 0, 0, 0, AI_NUMERICHOST))",
                        () -> ai(module.getaddrinfo("localhost", null, 0, 0, 0, AI_NUMERICHOST))),
                c("gai v4mapped", "ai(getaddrinfo('127.0.0.1', 80, AF_INET6, 0, 0, AI_NUMERICHOST | AI_V4MAPPED))",
                        () -> ai(module.getaddrinfo("127.0.0.1", 80, AF_INET6, 0, 0, AI_NUMERICHOST | AI_V4MAPPED))),
                c("gai addrfamily", "ai(getaddrinfo('127.0.0.1', 80, AF_INET6, 0, 0, AI_NUMERICHOST))",
                        () -> ai(module.getaddrinfo("127.0.0.1", 80, AF_INET6, 0, 0, AI_NUMERICHOST))),
                c("gai no service", "ai(getaddrinfo('127.0.0.1', 'no-such-service-here'))",
                        () -> ai(module.getaddrinfo("127.0.0.1", "no-such-service-here"))),
                c("gai family", "ai(getaddrinfo('127.0.0.1', 80, 12345))", () -> ai(module.getaddrinfo("127.0.0.1", "80", 12345))),
                c("gai socktype", "ai(getaddrinfo('127.0.0.1', 80, 0, 12345))", () -> ai(module.getaddrinfo("127.0.0.1", 80, 0, 12345))),
                c("gai scope lo", "ai(getaddrinfo('ff02::1de:c0:face:8D%lo', 1234, AF_INET6, SOCK_DGRAM, IPPROTO_UDP))",
                        () -> ai(module.getaddrinfo("ff02::1de:c0:face:8D%lo", 1234, AF_INET6, SOCK_DGRAM, IPPROTO_UDP, 0))),
                c("gai scope 42", "ai(getaddrinfo('ff02::1de:c0:face:8D%42', 1234, AF_INET6, SOCK_DGRAM, IPPROTO_UDP))",
                        () -> ai(module.getaddrinfo("ff02::1de:c0:face:8D%42", 1234, AF_INET6, SOCK_DGRAM, IPPROTO_UDP, 0))),
                c("gni 127.0.0.1", "getnameinfo(('127.0.0.1', 80), 0)", () -> ni(module.getnameinfo(new InetAddr("127.0.0.1", 80), 0))),
                c("gni numeric", "getnameinfo(('127.0.0.1', 80), NI_NUMERICHOST | NI_NUMERICSERV)",
                        () -> ni(module.getnameinfo(new InetAddr("127.0.0.1", 80), NI_NUMERICHOST | NI_NUMERICSERV))),
                c("gni ::1", "getnameinfo(('::1', 80, 0, 0), NI_NUMERICHOST)",
                        () -> ni(module.getnameinfo(new Inet6Addr("::1", 80, 0, 0), NI_NUMERICHOST))),
                c("gni scope", "getnameinfo(('ff02::1de:c0:face:8D', 1234, 0, 1), NI_NUMERICHOST | NI_NUMERICSERV)",
                        () -> ni(module.getnameinfo(new Inet6Addr("ff02::1de:c0:face:8D", 1234, 0, 1), NI_NUMERICHOST | NI_NUMERICSERV))),
                c("gni name", "getnameinfo(('mail.python.org', 0), 0)", () -> ni(module.getnameinfo(new InetAddr("mail.python.org", 0), 0))),
                c("gni 4-tuple v4", "getnameinfo(('127.0.0.1', 80, 0, 0), NI_NUMERICHOST)",
                        () -> ni(module.getnameinfo(new Inet6Addr("127.0.0.1", 80, 0, 0), NI_NUMERICHOST)))), List.of("gai hostname")));
    }

    @Test
    void interfacesFqdnAndServersAnswerAsCPython() throws Exception {
        int unused;
        try (SocketType probe = module.socket(AF_INET, SOCK_STREAM)) {
            probe.bind(new InetAddr("127.0.0.1", 0));
            unused = ((InetAddr) probe.getsockname()).port();
        }
        assertSameAnswers(withoutOwnNameUnlessListed(List.of(
                c("if_nameindex", "';'.join('%d:%s' % p for p in if_nameindex())",
                        () -> module.if_nameindex().stream().map(n -> n.index() + ":" + n.name()).collect(Collectors.joining(";"))),
                c("if_nametoindex lo", "if_nametoindex('lo')", () -> String.valueOf(module.if_nametoindex("lo"))),
                c("if_nametoindex unknown", "if_nametoindex('_DEADBEEF')", () -> String.valueOf(module.if_nametoindex("_DEADBEEF"))),
                c("if_indextoname 1", "if_indextoname(1)", () -> module.if_indextoname(1)),
                c("if_indextoname 0", "if_indextoname(0)", () -> module.if_indextoname(0)),
                c("getfqdn", "getfqdn()", module::getfqdn),
                c("getfqdn localhost", "getfqdn('localhost')", () -> module.getfqdn("localhost")),
                c("getfqdn 127.0.0.1", "getfqdn(' 127.0.0.1 ')", () -> module.getfqdn(" 127.0.0.1 ")),
                c("getfqdn ::", "getfqdn('::')", () -> module.getfqdn("::")),
                c("has_dualstack_ipv6", "int(has_dualstack_ipv6())", () -> module.has_dualstack_ipv6() ? "1" : "0"),
                c("create_server v4", "server(create_server(('127.0.0.1', 0)))",
                        () -> server(module.create_server(new InetAddr("127.0.0.1", 0)))),
                c("create_server reuse_port", "server(create_server(('127.0.0.1', 0), reuse_port=True))",
                        () -> server(module.create_server(new InetAddr("127.0.0.1", 0), AF_INET, null, true, false))),
                c("create_server v6", "server(create_server(('::1', 0), family=AF_INET6))",
                        () -> server(module.create_server(new Inet6Addr("::1", 0), AF_INET6))),
                c("create_server dualstack", "server(create_server(('::ffff:127.0.0.1', 0), family=AF_INET6, dualstack_ipv6=True))",
                        () -> server(module.create_server(new Inet6Addr("::ffff:127.0.0.1", 0), AF_INET6, null, false, true))),
                c("create_server dualstack v4", "server(create_server(('127.0.0.1', 0), dualstack_ipv6=True))",
                        () -> server(module.create_server(new InetAddr("127.0.0.1", 0), AF_INET, null, false, true))),
                c("create_connection refused", "create_connection(('localhost', " + unused + "))",
                        () -> String.valueOf(module.create_connection(new InetAddr("localhost", unused))))), List.of("getfqdn", "getfqdn ::")));
    }

    // ---- both sides' answers ---------------------------------------------------------------

    /** Keeps the cases that resolve this machine's name only where {@code /etc/hosts} answers them (no DNS). */
    private List<Case> withoutOwnNameUnlessListed(List<Case> cases, List<String> ownNameKeys) throws SocketException {
        if (EtcHosts.listsOwnName(module, "SupersetParityTest")) {
            return cases;
        }
        return cases.stream().filter(c -> !ownNameKeys.contains(c.key())).toList();
    }

    private void assertSameAnswers(List<Case> cases) throws IOException {
        CPython.assume("SupersetParityTest");
        StringBuilder program = new StringBuilder(PRELUDE);
        Map<String, String> ours = new LinkedHashMap<>();
        for (Case c : cases) {
            program.append("run(\"").append(c.key()).append("\", lambda: ").append(c.py()).append(")\n");
            ours.put(c.key(), answer(c.java()));
        }
        Map<String, String> theirs = new LinkedHashMap<>();
        for (String line : CPython.run(program.toString())) {
            int tab = line.indexOf('\t');
            theirs.put(line.substring(0, tab), line.substring(tab + 1));
        }
        assertEquals(theirs, ours);
    }

    /** The answer as the Python prelude prints it. */
    private static String answer(Call call) {
        try {
            return call.get();
        } catch (AddressInfoException e) {
            return "!gaierror " + e.errno();
        } catch (SocketException e) {
            return "!OSError " + e.errno();
        } catch (IllegalArgumentException e) {
            return "!ValueError";
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static String sa(SockAddr a) {
        return switch (a) {
            case InetAddr in -> in.host() + "," + in.port();
            case Inet6Addr in6 -> in6.host() + "," + in6.port() + "," + in6.flowinfo() + "," + in6.scope_id();
            default -> throw new AssertionError(a);
        };
    }

    private static String ai(List<AddrInfo> infos) {
        return infos.stream().map(i -> i.family() + "," + i.type() + "," + i.proto() + "," + i.canonname() + "," + sa(i.sockaddr()))
                .collect(Collectors.joining(";"));
    }

    /** Python's {@code str()} of the pair. */
    private static String ni(NameInfo n) {
        return "('" + n.host() + "', '" + n.port() + "')";
    }

    private static String server(SocketType s) throws SocketException {
        try (s) {
            int v6only = s.family() == AF_INET6 ? s.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY) : -1;
            return s.family() + "," + s.type() + "," + (s.getsockopt(SOL_SOCKET, SO_REUSEADDR) != 0 ? 1 : 0) + ","
                    + (s.getsockopt(SOL_SOCKET, SO_REUSEPORT) != 0 ? 1 : 0) + "," + v6only;
        }
    }

}
