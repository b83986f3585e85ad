package org.bsdsock.socket.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bsdsock.socket.api.ControlMessage;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.Ucred;
import org.bsdsock.socket.api.UnixAddr;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the module's functions and the address and message records: everything that parses
 * or validates an argument without needing a connection (host names and address text of each
 * family, {@code inet_*}, {@code getaddrinfo}/{@code getnameinfo}, the name services,
 * {@code CMSG_*}, byte order, timeouts, creating and adopting sockets). The oracle: only the
 * typed exceptions {@link Outcomes} allows, no descriptor left open, no input over
 * {@link Watchdog#BOUND_MILLIS}, and a host holding a NUL refused (once that defect is fixed).
 */
class ModuleFuzzTest {
    private static final SocketModule M = Provider.module();
    private static final Outcomes OUT = new Outcomes("ModuleFuzzTest");

    private static final String[] ENTRIES = {"InetAddr", "Inet6Addr", "UnixAddr", "ControlMessage", "Ucred.of",
        "inet_aton", "inet_ntoa", "inet_pton", "inet_ntop", "byte order", "CMSG_LEN/SPACE", "getaddrinfo",
        "getaddrinfo(int port)", "getnameinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "getfqdn",
        "getservbyname", "getprotobyname", "if_nametoindex", "if_indextoname", "setdefaulttimeout", "socket",
        "socketpair", "descriptor numbers", "create_server", "create_connection"};

    @FuzzTest
    void moduleFunctions(FuzzedDataProvider d) {
        String entry = ENTRIES[d.consumeInt(0, ENTRIES.length - 1)];
        OUT.input();
        List<String> socketsBefore = Descriptors.sockets();
        Watchdog.begin("ModuleFuzzTest " + entry);
        try {
            call(entry, d);
        } finally {
            Watchdog.end();
        }
        assertEquals(socketsBefore, Descriptors.sockets(), entry + " left a socket descriptor open (or closed one)");
    }

    private static void call(String entry, FuzzedDataProvider d) {
        switch (entry) {
            case "InetAddr" -> {
                String host = Fuzz.rarely(d) ? null : d.consumeString(100);
                int port = Fuzz.port(d);
                OUT.run(entry, host == null, () -> new InetAddr(host, port).toString());
            }
            case "Inet6Addr" -> {
                String host = Fuzz.rarely(d) ? null : d.consumeString(100);
                int port = Fuzz.port(d);
                int flowinfo = d.consumeBoolean() ? d.consumeInt(0, 0xFFFFF) : d.consumeInt();
                long scope = d.consumeBoolean() ? d.consumeLong(0, 0xFFFF_FFFFL) : d.consumeLong();
                OUT.run(entry, host == null, () -> new Inet6Addr(host, port, flowinfo, scope).toString());
            }
            case "UnixAddr" -> {
                byte[] path = Fuzz.rarely(d) ? null : d.consumeBytes(200);
                OUT.run(entry, path == null, () -> {
                    UnixAddr a = d.consumeBoolean() ? new UnixAddr(path) : UnixAddr.ofAbstract(path);
                    a.toString();
                    a.pathString();
                    a.isAbstract();
                    UnixAddr.of(new String(a.path(), StandardCharsets.ISO_8859_1)).hashCode();
                });
            }
            case "ControlMessage" -> {
                byte[] data = Fuzz.rarely(d) ? null : d.consumeBytes(300);
                int level = Fuzz.constant(d, "SOL_");
                int type = Fuzz.constant(d, "SCM_");
                OUT.run(entry, data == null, () -> {
                    ControlMessage c = new ControlMessage(level, type, data);
                    c.fds();
                    c.toString();
                    ControlMessage.ofFds(c.fds()).length();
                });
            }
            case "Ucred.of" -> {
                byte[] data = Fuzz.rarely(d) ? null : d.consumeBytes(20);
                OUT.run(entry, data == null, () -> Ucred.of(data).toBytes());
            }
            case "inet_aton" -> {
                String text = Fuzz.rarely(d) ? null : d.consumeString(60);
                OUT.run(entry, text == null, () -> {
                    byte[] packed = M.inet_aton(text);
                    assertEquals(4, packed.length, "inet_aton(" + text + ")");
                    M.inet_ntoa(packed);
                });
            }
            case "inet_ntoa" -> {
                byte[] packed = Fuzz.rarely(d) ? null : d.consumeBytes(d.consumeInt(0, 20));
                OUT.run(entry, packed == null, () -> M.inet_ntoa(packed));
            }
            case "inet_pton" -> {
                int family = Fuzz.constant(d, "AF_INET");
                String text = Fuzz.rarely(d) ? null : d.consumeString(80);
                OUT.run(entry, text == null, () -> {
                    byte[] packed = M.inet_pton(family, text);
                    String back = M.inet_ntop(family, packed);
                    // what inet_ntop writes, inet_pton reads back to the same bytes
                    assertArrayEquals(packed, M.inet_pton(family, back), text);
                });
            }
            case "inet_ntop" -> {
                int family = Fuzz.constant(d, "AF_INET");
                byte[] packed = Fuzz.rarely(d) ? null : d.consumeBytes(d.consumeInt(0, 20));
                OUT.run(entry, packed == null, () -> M.inet_ntop(family, packed));
            }
            case "byte order" -> {
                long l = d.consumeBoolean() ? d.consumeLong(0, 0xFFFF_FFFFL) : d.consumeLong();
                int i = d.consumeBoolean() ? d.consumeInt(0, 0xFFFF) : d.consumeInt();
                OUT.run("ntohl/htonl", false, () -> assertEquals(l, M.ntohl(M.htonl(l))));
                OUT.run("ntohs/htons", false, () -> assertEquals(i, M.ntohs(M.htons(i))));
            }
            case "CMSG_LEN/SPACE" -> {
                int n = Fuzz.size(d);
                OUT.run("CMSG_LEN", false, () -> M.CMSG_LEN(n));
                OUT.run("CMSG_SPACE", false, () -> M.CMSG_SPACE(n));
            }
            case "getaddrinfo" -> {
                String host = d.consumeInt(0, 5) == 5 ? null : Hosts.resolvable(d);
                String port = switch (d.consumeInt(0, 3)) {
                    case 0 -> null;
                    case 1 -> Integer.toString(d.consumeInt(-2, 70000));
                    case 2 -> d.pickValue(new String[] {"http", "ssh", "domain", "echo", "0", "65535", "65536", "-1", " 80", "80 "});
                    default -> d.consumeString(20);
                };
                int family = Fuzz.constant(d, "AF_");
                int type = Fuzz.constant(d, "SOCK_");
                int proto = Fuzz.constant(d, "IPPROTO_");
                int flags = Fuzz.flags(d, "AI_");
                OUT.run(entry, false, () -> M.getaddrinfo(host, port, family, type, proto, flags));
                nulRefused(entry, host, () -> M.getaddrinfo(host, port, family, type, proto, flags));
            }
            case "getaddrinfo(int port)" -> {
                String host = Hosts.resolvable(d);
                int port = Fuzz.port(d);
                OUT.run(entry, false, () -> M.getaddrinfo(host, port));
            }
            case "getnameinfo" -> {
                SockAddr a = address(d, Hosts.ISOLATED ? Hosts.resolvable(d) : Hosts.local(d));
                int flags = Fuzz.flags(d, "NI_") | (Hosts.ISOLATED ? 0 : SocketConstants.NI_NUMERICHOST);
                OUT.run(entry, a == null, () -> M.getnameinfo(a, flags));
            }
            case "gethostbyname" -> {
                String host = Hosts.resolvable(d);
                OUT.run(entry, false, () -> M.gethostbyname(host));
                nulRefused(entry, host, () -> M.gethostbyname(host));
            }
            case "gethostbyname_ex" -> {
                String host = Hosts.listedOrLoopback(d);
                OUT.run(entry, false, () -> M.gethostbyname_ex(host));
                nulRefused(entry, host, () -> M.gethostbyname_ex(host));
            }
            case "gethostbyaddr" -> {
                String host = Hosts.listedOrLoopback(d);
                OUT.run(entry, false, () -> M.gethostbyaddr(host));
                nulRefused(entry, host, () -> M.gethostbyaddr(host));
            }
            case "getfqdn" -> {
                String host = d.consumeBoolean() ? "" : Hosts.listedOrLoopback(d);
                OUT.run(entry, false, () -> M.getfqdn(host));
            }
            case "getservbyname" -> {
                String name = d.consumeString(30);
                String proto = d.consumeBoolean() ? null : d.pickValue(new String[] {"tcp", "udp", "sctp", d.consumeString(8)});
                OUT.run(entry, false, () -> M.getservbyname(name, proto));
            }
            case "getprotobyname" -> {
                String name = Fuzz.rarely(d) ? null : d.consumeString(30);
                OUT.run(entry, name == null, () -> M.getprotobyname(name));
            }
            case "if_nametoindex" -> {
                String name = Fuzz.rarely(d) ? null : d.consumeString(40);
                OUT.run(entry, name == null, () -> M.if_nametoindex(name));
            }
            case "if_indextoname" -> {
                long index = d.consumeBoolean() ? d.consumeLong(-2, 10) : d.consumeLong();
                OUT.run(entry, false, () -> M.if_indextoname(index));
            }
            case "setdefaulttimeout" -> {
                Double t = Fuzz.timeout(d);
                OUT.run(entry, false, () -> {
                    try {
                        M.setdefaulttimeout(t);
                        // CPython keeps whole nanoseconds, rounding a tiny timeout up to 1e-9
                        Double back = M.getdefaulttimeout();
                        assertEquals(t == null, back == null, "getdefaulttimeout is None exactly after setdefaulttimeout(None)");
                    } finally {
                        M.setdefaulttimeout(null);
                    }
                });
            }
            case "socket" -> {
                int family = Fuzz.constant(d, "AF_");
                int type = Fuzz.flags(d, "SOCK_");
                int proto = Fuzz.constant(d, "IPPROTO_");
                OUT.run(entry, false, () -> {
                    try (SocketType s = M.socket(family, type, proto)) {
                        s.fileno();
                    }
                });
            }
            case "socketpair" -> {
                int family = Fuzz.constant(d, "AF_");
                int type = Fuzz.flags(d, "SOCK_");
                int proto = Fuzz.constant(d, "IPPROTO_");
                OUT.run(entry, false, () -> {
                    try (SocketPair p = M.socketpair(family, type, proto)) {
                        p.a().fileno();
                    }
                });
            }
            case "descriptor numbers" -> descriptorNumbers(d);
            case "create_server" -> {
                // Port 0 only, unless isolated: a fixed port could collide with another test of this machine.
                int port = Hosts.ISOLATED ? Fuzz.port(d) : 0;
                SockAddr a = address(d, Hosts.resolvable(d), port);
                int family = Fuzz.constant(d, "AF_");
                Integer backlog = d.consumeBoolean() ? null : d.consumeInt();
                boolean reusePort = d.consumeBoolean();
                boolean dualstack = d.consumeBoolean();
                OUT.run(entry, a == null, () -> {
                    try (SocketType s = d.consumeBoolean() ? M.create_server(a)
                            : M.create_server(a, family, backlog, reusePort, dualstack)) {
                        s.getsockname();
                    }
                });
            }
            case "create_connection" -> {
                // Port 0 (refused at once) unless isolated: a port here may be another test's server.
                SockAddr a = address(d, Hosts.local(d), Hosts.ISOLATED ? Fuzz.port(d) : 0);
                Double timeout = d.consumeBoolean() ? Double.valueOf(1.0) : Fuzz.timeout(d);
                boolean safeTimeout = timeout != null && timeout > 0 && timeout <= 5;
                SockAddr source = d.consumeBoolean() ? null : address(d, Hosts.local(d), 0);
                boolean all = d.consumeBoolean();
                // A connect to loopback is answered at once; the timeout bounds it anyway.
                Double t = safeTimeout ? timeout : 1.0;
                OUT.run(entry, a == null, () -> {
                    try (SocketType s = M.create_connection(a, t, source, all)) {
                        s.getpeername();
                    }
                });
            }
            default -> throw new AssertionError(entry);
        }
    }

    /** @return an address of a family the input picks, with {@code host}; now and then null */
    private static SockAddr address(FuzzedDataProvider d, String host) {
        return address(d, host, Fuzz.port(d) & 0xFFFF);
    }

    private static SockAddr address(FuzzedDataProvider d, String host, int port) {
        int p = port & 0xFFFF;
        return switch (d.consumeInt(0, 7)) {
            case 7 -> null;
            case 6 -> UnixAddr.ofAbstract(d.consumeBytes(20));
            case 4, 5 -> new Inet6Addr(host, p, d.consumeInt(0, 0xFFFFF), d.consumeBoolean() ? 0 : d.consumeLong(0, 0xFFFF_FFFFL));
            default -> new InetAddr(host, p);
        };
    }

    /**
     * close(fd), socket(-1, -1, -1, fd) and fromfd(fd) with numbers that are never another
     * part of this JVM's: negative, not open, or a socket of this module (which close and
     * adoption must refuse).
     */
    private static void descriptorNumbers(FuzzedDataProvider d) {
        List<SocketType> mine = new ArrayList<>();
        try {
            OUT.run("descriptor numbers: setup", false, () -> mine.add(M.socket(SocketConstants.AF_UNIX, SocketConstants.SOCK_STREAM)));
            int owned = mine.isEmpty() ? -1 : mine.get(0).fileno();
            int notOpen = Descriptors.highest() + 1 + d.consumeInt(0, 10_000);
            int fd = switch (d.consumeInt(0, 3)) {
                case 0 -> owned;
                case 1 -> notOpen;
                case 2 -> d.consumeInt(Integer.MIN_VALUE, -1);
                default -> d.pickValue(new int[] {Integer.MAX_VALUE, -1, 0x7FFF_0000});
            };
            if (fd >= 0 && fd != owned && Descriptors.isOpen(fd)) {
                return; // opened meanwhile by another part of the JVM: not ours to touch
            }
            int family = d.consumeBoolean() ? -1 : Fuzz.constant(d, "AF_");
            int type = d.consumeBoolean() ? -1 : Fuzz.constant(d, "SOCK_");
            int proto = d.consumeBoolean() ? -1 : d.consumeInt(-1, 300);
            switch (d.consumeInt(0, 2)) {
                case 0 -> {
                    Throwable t = OUT.run("close(fd)", false, () -> M.close(fd));
                    if (fd == owned) {
                        assertInstanceOf(IllegalArgumentException.class, t, "close(fd) of an open socket's descriptor");
                    }
                }
                case 1 -> {
                    Throwable t = OUT.run("socket(.., fileno)", false, () -> mine.add(M.socket(family, type, proto, fd)));
                    if (fd == owned) {
                        assertInstanceOf(IllegalArgumentException.class, t, "adopting an open socket's descriptor");
                    }
                }
                default -> OUT.run("fromfd", false, () -> mine.add(M.fromfd(fd, family, type, proto)));
            }
        } finally {
            mine.forEach(SocketType::close);
        }
    }

    /** Checks, once that defect is fixed, that a host holding a NUL is refused as invalid. */
    private static void nulRefused(String entry, String host, Outcomes.Call call) {
        if (host == null || host.indexOf('\0') < 0 || KnownDefects.avoid(KnownDefects.NUL_IN_HOST_ACCEPTED)) {
            return;
        }
        Throwable t = OUT.run(entry + " (NUL in host)", false, call);
        assertInstanceOf(IllegalArgumentException.class, t, entry + " of a host with a NUL: " + host.replace("\0", "\\0"));
    }

    @AfterAll
    static void tally() {
        OUT.print();
    }
}
