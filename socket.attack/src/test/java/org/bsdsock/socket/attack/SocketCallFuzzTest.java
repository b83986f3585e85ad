package org.bsdsock.socket.attack;

import static org.bsdsock.socket.api.SocketConstants.AF_INET6;
import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_NETLINK;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.IPPROTO_IP;
import static org.bsdsock.socket.api.SocketConstants.IPPROTO_IPV6;
import static org.bsdsock.socket.api.SocketConstants.MSG_TRUNC;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_SEQPACKET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.bsdsock.socket.api.SocketConstants.SO_LINGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bsdsock.socket.api.ControlMessage;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.ReceivedFds;
import org.bsdsock.socket.api.ReceivedMessage;
import org.bsdsock.socket.api.ReceivedMessageInto;
import org.bsdsock.socket.api.NetlinkAddr;
import org.bsdsock.socket.api.PacketAddr;
import org.bsdsock.socket.api.RawAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketFile;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.Ucred;
import org.bsdsock.socket.api.UnixAddr;
import org.bsdsock.socket.api.VsockAddr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the calls on live sockets whose arguments the provider checks or sizes: socket
 * options ({@code setsockopt}/{@code getsockopt} values, byte strings and buffer lengths),
 * ancillary data ({@code sendmsg} control-message lists, {@code send_fds}), receive sizes and
 * buffers ({@code recv*}, {@code recvmsg*}, {@code recv_fds}), addresses of each family
 * ({@code bind}, {@code connect}, {@code sendto}), flags, modes and timeouts, {@code makefile},
 * {@code sendfile}, {@code dup}/{@code detach}. Each input gets fresh sockets (so a finding
 * reproduces from its input alone), every one with a timeout so that no correct call waits
 * long; then all are closed and the socket descriptors counted. Oracle: as
 * {@link ModuleFuzzTest}, plus the sizes a receive reports fitting what was asked.
 */
class SocketCallFuzzTest {
    private static final SocketModule M = Provider.module();
    private static final Outcomes OUT = new Outcomes("SocketCallFuzzTest");
    /** Short, so that a receive on an empty socket costs little; every socket of an input gets it. */
    private static final double TIMEOUT = 0.01;
    private static Path dir;
    private static Path file;

    private static final String[] KINDS = {"unix stream", "unix dgram", "unix seqpacket", "udp", "tcp", "udp6"};
    private static final String[] OPS = {"setsockopt int", "setsockopt bytes", "getsockopt", "getsockopt buflen",
        "send", "send ByteBuffer", "sendall", "sendto", "sendmsg", "send_fds", "recv", "recv_into byte[]",
        "recv_into ByteBuffer", "recvfrom", "recvfrom_into", "recvmsg", "recvmsg_into", "recv_fds", "bind",
        "connect", "connect_ex", "listen+accept", "shutdown", "settimeout", "setblocking", "makefile", "dup",
        "detach", "sendfile path", "sendfile fd", "names"};

    @BeforeAll
    static void files() throws IOException {
        dir = Files.createTempDirectory("attack-fuzz-");
        file = dir.resolve("payload");
        byte[] b = new byte[70_000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i % 251);
        }
        Files.write(file, b);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        OUT.print();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @FuzzTest
    void socketCalls(FuzzedDataProvider d) {
        OUT.input();
        List<String> socketsBefore = Descriptors.sockets();
        List<AutoCloseable> opened = new ArrayList<>();
        String kind = KINDS[d.consumeInt(0, KINDS.length - 1)];
        Watchdog.begin("SocketCallFuzzTest " + kind);
        try {
            SocketType[] p = pair(kind, opened);
            if (p != null) {
                if (d.consumeBoolean()) {
                    OUT.run("preload", false, () -> p[1].send(pattern(d.consumeInt(1, 5000)), SocketConstants.MSG_DONTWAIT));
                }
                int n = d.consumeInt(1, 4);
                for (int i = 0; i < n && d.remainingBytes() > 0; i++) {
                    String op = OPS[d.consumeInt(0, OPS.length - 1)];
                    Watchdog.begin("SocketCallFuzzTest " + kind + " " + op);
                    SocketType s = p[d.consumeInt(0, 7) == 7 ? 1 : 0];
                    op(op, d, s, p, opened);
                    for (SocketType t : p) {
                        t.settimeout(TIMEOUT); // an op may have changed it; the next must not wait long
                    }
                }
            }
        } finally {
            for (AutoCloseable c : opened.reversed()) {
                try {
                    c.close();
                } catch (Exception e) {
                    OUT.run("close", false, () -> {
                        throw e;
                    });
                }
            }
            Watchdog.end();
        }
        assertEquals(socketsBefore, Descriptors.sockets(), kind + ": a socket descriptor was left open (or closed)");
    }

    /** @return a connected pair of the kind, each end with a short timeout; null if the system has none */
    private static SocketType[] pair(String kind, List<AutoCloseable> opened) {
        SocketType[][] out = new SocketType[1][];
        OUT.run("pair " + kind, false, () -> {
            switch (kind) {
                case "unix stream", "unix dgram", "unix seqpacket" -> {
                    int type = kind.endsWith("stream") ? SOCK_STREAM : kind.endsWith("dgram") ? SOCK_DGRAM : SOCK_SEQPACKET;
                    SocketPair sp = M.socketpair(AF_UNIX, type);
                    opened.add(sp);
                    out[0] = new SocketType[] {sp.a(), sp.b()};
                }
                case "udp", "udp6" -> {
                    int family = kind.equals("udp") ? AF_INET : AF_INET6;
                    SockAddr any = family == AF_INET ? new InetAddr("127.0.0.1", 0) : new Inet6Addr("::1", 0);
                    SocketType a = M.socket(family, SOCK_DGRAM);
                    opened.add(a);
                    SocketType b = M.socket(family, SOCK_DGRAM);
                    opened.add(b);
                    a.bind(any);
                    b.bind(any);
                    a.connect(b.getsockname());
                    b.connect(a.getsockname());
                    out[0] = new SocketType[] {a, b};
                }
                default -> {
                    SocketType l = M.socket(AF_INET, SOCK_STREAM);
                    opened.add(l);
                    l.bind(new InetAddr("127.0.0.1", 0));
                    l.listen(1);
                    SocketType a = M.socket(AF_INET, SOCK_STREAM);
                    opened.add(a);
                    a.connect(l.getsockname());
                    SocketType b = l.accept().conn();
                    opened.add(b);
                    out[0] = new SocketType[] {a, b};
                }
            }
            for (SocketType s : out[0]) {
                s.settimeout(TIMEOUT);
            }
        });
        return out[0];
    }

    private static void op(String op, FuzzedDataProvider d, SocketType s, SocketType[] pair, List<AutoCloseable> opened) {
        int flags = Fuzz.flags(d, "MSG_");
        switch (op) {
            case "setsockopt int" -> {
                int level = level(d);
                int name = optname(d, level, s);
                int value = d.consumeBoolean() ? d.consumeInt(-1, 1 << 16) : d.consumeInt();
                if (name != Integer.MIN_VALUE) {
                    OUT.run(op, false, () -> s.setsockopt(level, name, value));
                }
            }
            case "setsockopt bytes" -> {
                int level = level(d);
                int name = optname(d, level, s);
                byte[] value = Fuzz.rarely(d) ? null : d.consumeBytes(d.consumeInt(0, 300));
                if (name != Integer.MIN_VALUE) {
                    OUT.run(op, value == null, () -> s.setsockopt(level, name, value));
                }
            }
            case "getsockopt" -> {
                int level = level(d);
                int name = Fuzz.constant(d, d.consumeBoolean() ? "SO_" : level == SocketConstants.IPPROTO_TCP ? "TCP_" : "IP");
                OUT.run(op, false, () -> s.getsockopt(level, name));
            }
            case "getsockopt buflen" -> {
                int level = level(d);
                int name = Fuzz.constant(d, d.consumeBoolean() ? "SO_" : level == SocketConstants.IPPROTO_TCP ? "TCP_" : "IP");
                int buflen = d.consumeBoolean() ? d.consumeInt(-2, 1100) : d.consumeInt();
                OUT.run(op, false, () -> {
                    byte[] b = s.getsockopt(level, name, buflen);
                    assertTrue(b.length <= buflen, "getsockopt returned " + b.length + " bytes for buflen " + buflen);
                });
            }
            case "send" -> {
                byte[] data = Fuzz.rarely(d) ? null : pattern(d.consumeInt(0, 70_000));
                OUT.run(op, data == null, () -> {
                    int n = s.send(data, flags);
                    assertTrue(n >= 0 && n <= data.length, "send returned " + n + " of " + data.length);
                });
            }
            case "send ByteBuffer" -> {
                ByteBuffer b = buffer(d, d.consumeInt(0, 70_000), true);
                int before = b.position();
                OUT.run(op, false, () -> {
                    int n = s.send(b, flags);
                    assertEquals(before + n, b.position(), "send(ByteBuffer) moved the position by what it sent");
                });
            }
            case "sendall" -> {
                byte[] data = pattern(d.consumeInt(0, 70_000));
                OUT.run(op, false, () -> {
                    if (d.consumeBoolean()) {
                        s.sendall(data);
                    } else {
                        s.sendall(buffer(d, data.length, true));
                    }
                });
            }
            case "sendto" -> {
                SockAddr a = address(d, s);
                byte[] data = pattern(d.consumeInt(0, 70_000));
                OUT.run(op, a == null, () -> s.sendto(data, flags, a));
            }
            case "sendmsg" -> {
                List<byte[]> buffers = buffers(d);
                List<ControlMessage> anc = ancdata(d, pair);
                SockAddr a = d.consumeBoolean() ? null : address(d, s);
                OUT.run(op, buffers == null || anc == null, () -> s.sendmsg(buffers, anc, flags, a));
            }
            case "send_fds" -> {
                int[] fds = fds(d, pair);
                OUT.run(op, false, () -> s.send_fds(List.of(pattern(d.consumeInt(0, 100))), fds, flags, null));
            }
            case "recv" -> {
                int size = Fuzz.size(d);
                OUT.run(op, false, () -> {
                    byte[] b = s.recv(size, flags);
                    assertTrue((flags & MSG_TRUNC) != 0 || b.length <= size, "recv(" + size + ") returned " + b.length);
                });
            }
            case "recv_into byte[]" -> {
                byte[] b = Fuzz.rarely(d) ? null : new byte[d.consumeInt(0, 70_000)];
                int nbytes = Fuzz.size(d);
                OUT.run(op, b == null, () -> {
                    int n = s.recv_into(b, nbytes, flags);
                    int asked = nbytes == 0 ? b.length : nbytes;
                    assertTrue((flags & MSG_TRUNC) != 0 || (n >= 0 && n <= asked), "recv_into returned " + n + " for " + asked);
                });
            }
            case "recv_into ByteBuffer" -> {
                ByteBuffer b = buffer(d, d.consumeInt(0, 70_000), false);
                int before = b.position();
                int room = b.remaining();
                OUT.run(op, false, () -> {
                    int n = s.recv_into(b, flags);
                    assertTrue((flags & MSG_TRUNC) != 0 || (n >= 0 && n <= room), "recv_into(ByteBuffer) returned " + n + " for " + room);
                    assertEquals(before + Math.min(n, room), b.position(), "recv_into(ByteBuffer) moved the position");
                });
            }
            case "recvfrom" -> {
                int size = Fuzz.size(d);
                OUT.run(op, false, () -> s.recvfrom(size, flags));
            }
            case "recvfrom_into" -> {
                byte[] b = new byte[d.consumeInt(0, 70_000)];
                int nbytes = Fuzz.size(d);
                OUT.run(op, false, () -> s.recvfrom_into(b, nbytes, flags));
            }
            case "recvmsg" -> {
                int size = Fuzz.size(d);
                int anc = Fuzz.size(d);
                OUT.run(op, false, () -> {
                    ReceivedMessage r = s.recvmsg(size, anc, flags);
                    closeReceived(r.ancdata());
                    assertTrue(r.data().length <= Math.max(size, 0), "recvmsg(" + size + ") returned " + r.data().length);
                });
            }
            case "recvmsg_into" -> {
                List<ByteBuffer> buffers = new ArrayList<>();
                for (int i = d.consumeInt(0, 4); i > 0; i--) {
                    buffers.add(Fuzz.rarely(d) ? null : buffer(d, d.consumeInt(0, 40_000), false));
                }
                int anc = Fuzz.size(d);
                OUT.run(op, buffers.contains(null), () -> {
                    ReceivedMessageInto r = s.recvmsg_into(buffers, anc, flags);
                    closeReceived(r.ancdata());
                });
            }
            case "recv_fds" -> {
                int size = Fuzz.size(d);
                int maxfds = d.consumeBoolean() ? d.consumeInt(-1, 300) : Fuzz.size(d);
                OUT.run(op, false, () -> {
                    ReceivedFds r = s.recv_fds(size, maxfds, flags);
                    for (int fd : r.fds()) {
                        M.close(fd);
                    }
                });
            }
            case "bind", "connect", "connect_ex" -> {
                SockAddr a = op.equals("bind") ? bindable(d, s) : address(d, s);
                OUT.run(op, a == null, () -> {
                    switch (op) {
                        case "bind" -> s.bind(a);
                        case "connect" -> s.connect(a);
                        default -> s.connect_ex(a);
                    }
                });
            }
            case "listen+accept" -> {
                int backlog = d.consumeInt();
                OUT.run("listen", false, () -> s.listen(backlog));
                OUT.run("accept", false, () -> s.accept().conn().close());
            }
            case "shutdown" -> {
                int how = d.consumeBoolean() ? d.consumeInt(-1, 3) : d.consumeInt();
                OUT.run(op, false, () -> s.shutdown(how));
            }
            case "settimeout" -> {
                Double t = Fuzz.timeout(d);
                OUT.run(op, false, () -> {
                    s.settimeout(t);
                    assertEquals(t == null, s.gettimeout() == null, "gettimeout after settimeout");
                    assertEquals(t == null || t != 0.0, s.getblocking(), "getblocking after settimeout(" + t + ")");
                });
            }
            case "setblocking" -> {
                boolean b = d.consumeBoolean();
                OUT.run(op, false, () -> {
                    s.setblocking(b);
                    assertEquals(b, s.getblocking(), "getblocking after setblocking");
                    s.settimeout(TIMEOUT);
                    s.recv(1, flags); // the mode's first use after the change
                });
            }
            case "makefile" -> {
                String mode = Fuzz.rarely(d) ? null
                        : d.consumeBoolean() ? d.pickValue(new String[] {"r", "w", "rw", "rb", "wb", "rwb", "br", "", "x"}) : d.consumeString(5);
                int bufsize = Fuzz.size(d);
                OUT.run(op, mode == null, () -> {
                    SocketFile f = s.makefile(mode, bufsize);
                    opened.add(f);
                    if (f.mode().contains("w")) {
                        f.output().write(pattern(d.consumeInt(0, 3000)));
                        f.output().flush();
                    }
                    if (f.mode().contains("r")) {
                        byte[] b = new byte[d.consumeInt(0, 3000)];
                        int n = f.input().read(b);
                        assertTrue(n <= b.length, "read returned " + n + " for " + b.length);
                    }
                });
            }
            case "dup" -> OUT.run(op, false, () -> {
                SocketType c = s.dup();
                opened.add(c);
                c.send(pattern(d.consumeInt(0, 100)), flags);
            });
            case "detach" -> OUT.run(op, false, () -> {
                int fd = s.detach();
                if (fd >= 0) {
                    SocketType again = M.socket(-1, -1, -1, fd);
                    opened.add(again);
                }
            });
            case "sendfile path" -> {
                long offset = d.consumeBoolean() ? d.consumeLong(-1, 80_000) : d.consumeLong();
                long count = d.consumeBoolean() ? d.consumeLong(-1, 80_000) : d.consumeLong();
                OUT.run(op, false, () -> {
                    long n = s.sendfile(file, offset, count);
                    assertTrue(n >= 0 && n <= 70_000, "sendfile sent " + n);
                });
            }
            case "sendfile fd" -> {
                boolean socketInput = d.consumeBoolean() && !KnownDefects.avoid(KnownDefects.SENDFILE_INPUT_READ_UNBOUNDED);
                int fd = socketInput ? pair[1].fileno() : d.pickValue(new int[] {-1, Integer.MIN_VALUE,
                    Descriptors.highest() + 1 + d.consumeInt(0, 1000)});
                long offset = d.consumeLong(-1, 1000);
                long count = d.consumeLong(-1, 5000);
                OUT.run(op, false, () -> s.sendfile(fd, offset, count));
            }
            case "names" -> {
                OUT.run("getsockname", false, s::getsockname);
                OUT.run("getpeername", false, s::getpeername);
            }
            default -> throw new AssertionError(op);
        }
    }

    /** Closes the descriptors that arrived in {@code SCM_RIGHTS} items: they are the caller's. */
    private static void closeReceived(List<ControlMessage> ancdata) throws Exception {
        for (ControlMessage c : ancdata) {
            if (c.cmsg_level() == SOL_SOCKET && c.cmsg_type() == SocketConstants.SCM_RIGHTS) {
                for (int fd : c.fds()) {
                    M.close(fd);
                }
            }
        }
    }

    private static int level(FuzzedDataProvider d) {
        return switch (d.consumeInt(0, 4)) {
            case 0, 1 -> SOL_SOCKET;
            case 2 -> d.consumeBoolean() ? IPPROTO_IP : IPPROTO_IPV6;
            case 3 -> d.pickValue(new int[] {SocketConstants.IPPROTO_TCP, SocketConstants.IPPROTO_UDP, SocketConstants.SOL_UDP});
            default -> d.consumeInt();
        };
    }

    /**
     * @return an option name for {@code level}, or {@link Integer#MIN_VALUE} for one not to set
     *         here: {@code SO_LINGER} (a close could then wait for the linger time, as in C), and
     *         unless isolated, the IP-level options outside a short list (a multicast membership
     *         announces itself on the network)
     */
    private static int optname(FuzzedDataProvider d, int level, SocketType s) {
        int name = Fuzz.constant(d, level == SOL_SOCKET ? "SO_" : level == SocketConstants.IPPROTO_TCP ? "TCP_" : "IP");
        if (level == SOL_SOCKET && name == SO_LINGER) {
            return Integer.MIN_VALUE;
        }
        if (!Hosts.ISOLATED && (level == IPPROTO_IP || level == IPPROTO_IPV6)) {
            int[] harmless = {SocketConstants.IP_TOS, SocketConstants.IP_TTL, SocketConstants.IP_RECVTOS,
                SocketConstants.IP_MULTICAST_TTL, SocketConstants.IP_MULTICAST_LOOP, SocketConstants.IPV6_V6ONLY,
                SocketConstants.IPV6_UNICAST_HOPS, SocketConstants.IPV6_RECVPKTINFO, SocketConstants.IPV6_TCLASS};
            return Arrays.stream(harmless).anyMatch(h -> h == name) ? name : Integer.MIN_VALUE;
        }
        return name;
    }

    /** @return a destination: mostly one of the socket's family that stays on this machine */
    private static SockAddr address(FuzzedDataProvider d, SocketType s) {
        // Port 0 or the pair's own ports unless isolated: another port here may be another test's.
        int port = Hosts.ISOLATED ? Fuzz.port(d) & 0xFFFF : 0;
        return switch (d.consumeInt(0, 10)) {
            case 0, 1, 2, 3 -> {
                try {
                    yield s.getsockname();
                } catch (Exception e) {
                    yield unix(d);
                }
            }
            case 4, 5 -> new InetAddr(Hosts.local(d), port);
            case 6, 7 -> new Inet6Addr(Hosts.local(d), port, d.consumeInt(0, 0xFFFFF), d.consumeBoolean() ? 0 : d.consumeLong(0, 0xFFFF_FFFFL));
            case 8 -> unix(d);
            case 9 -> otherFamily(d);
            default -> null;
        };
    }

    /**
     * @return an address of a family the fuzzed sockets (AF_INET, AF_INET6, AF_UNIX) are not:
     *         a record, refused before any system call, or raw bytes for the kernel to refuse.
     *         Raw bytes of any family only when isolated: AF_UNSPEC to a UDP socket is AF_INET
     *         to the kernel, and random bytes would be a random destination. Elsewhere a raw
     *         AF_NETLINK structure, which AF_INET, AF_INET6 and AF_UNIX sockets all refuse.
     */
    private static SockAddr otherFamily(FuzzedDataProvider d) {
        return switch (d.consumeInt(0, 3)) {
            case 0 -> new NetlinkAddr(d.consumeLong(0, 0xFFFF_FFFFL), d.consumeLong(0, 0xFFFF_FFFFL));
            case 1 -> new VsockAddr(d.consumeLong(0, 0xFFFF_FFFFL), d.consumeLong(0, 0xFFFF_FFFFL));
            case 2 -> new PacketAddr("lo", d.consumeInt(0, 0xFFFF), d.consumeInt(0, 0xFF), d.consumeInt(0, 0xFFFF),
                    d.consumeBytes(8));
            default -> Hosts.ISOLATED
                    ? new RawAddr(d.consumeInt(0, 0xFFFF), d.consumeBytes(126))
                    : new RawAddr(AF_NETLINK, d.consumeBytes(126));
        };
    }

    /** @return a local address to bind: port 0 unless isolated, any host that resolves without a query */
    private static SockAddr bindable(FuzzedDataProvider d, SocketType s) {
        int port = Hosts.ISOLATED ? Fuzz.port(d) & 0xFFFF : 0;
        return switch (d.consumeInt(0, 7)) {
            case 0, 1 -> new InetAddr(Hosts.resolvable(d), port);
            case 2, 3 -> new Inet6Addr(Hosts.resolvable(d), port, d.consumeInt(0, 0xFFFFF), d.consumeBoolean() ? 0 : d.consumeLong(0, 0xFFFF_FFFFL));
            case 4, 5 -> unix(d);
            case 6 -> otherFamily(d);
            default -> null;
        };
    }

    /**
     * @return an AF_UNIX address in this run's own room: a path under its temporary directory
     *         (no {@code /} in the name, so it cannot point elsewhere), an abstract name with
     *         this run's prefix, the unnamed address, or an over-long one
     */
    private static SockAddr unix(FuzzedDataProvider d) {
        String name = d.consumeString(120).replace('/', '_').replace('\0', '_');
        return switch (d.consumeInt(0, 3)) {
            case 0 -> UnixAddr.of(dir + "/" + name);
            case 1 -> UnixAddr.ofAbstract((dir.getFileName() + name).getBytes(StandardCharsets.UTF_8));
            case 2 -> new UnixAddr(new byte[0]);
            default -> UnixAddr.of(dir + "/" + "x".repeat(d.consumeInt(100, 200)));
        };
    }

    private static List<byte[]> buffers(FuzzedDataProvider d) {
        if (Fuzz.rarely(d)) {
            return null;
        }
        List<byte[]> b = new ArrayList<>();
        for (int i = d.consumeInt(0, 5); i > 0; i--) {
            b.add(d.consumeInt(0, 30) == 30 ? null : pattern(d.consumeInt(0, 30_000)));
        }
        return b.contains(null) ? null : b;
    }

    /** @return control messages: descriptors (the pair's, closed or bad numbers), credentials, or anything */
    private static List<ControlMessage> ancdata(FuzzedDataProvider d, SocketType[] pair) {
        if (Fuzz.rarely(d)) {
            return null;
        }
        List<ControlMessage> anc = new ArrayList<>();
        for (int i = d.consumeInt(0, 3); i > 0; i--) {
            anc.add(switch (d.consumeInt(0, 3)) {
                case 0, 1 -> ControlMessage.ofFds(fds(d, pair));
                case 2 -> new ControlMessage(SOL_SOCKET, SocketConstants.SCM_CREDENTIALS,
                        d.consumeBoolean() ? new Ucred((int) ProcessHandle.current().pid(), 0, 0).toBytes()
                                : d.consumeBytes(d.consumeInt(0, 20)));
                default -> new ControlMessage(Fuzz.constant(d, "SOL_"), Fuzz.constant(d, "SCM_"), d.consumeBytes(d.consumeInt(0, 300)));
            });
        }
        return anc;
    }

    /** @return descriptors to pass: the pair's own, negative or unopened numbers; up to 300 of them */
    private static int[] fds(FuzzedDataProvider d, SocketType[] pair) {
        int n = d.consumeBoolean() ? d.consumeInt(0, 4) : d.consumeInt(0, 300);
        int[] fds = new int[n];
        int notOpen = Descriptors.highest() + 1000;
        for (int i = 0; i < n; i++) {
            fds[i] = switch (d.consumeInt(0, 4)) {
                case 0 -> -1;
                case 1 -> notOpen + i;
                case 2 -> pair[1].fileno();
                default -> pair[0].fileno();
            };
        }
        return fds;
    }

    /** @return a buffer of {@code size} bytes, heap or direct, with a position and limit inside; read-only now and then */
    private static ByteBuffer buffer(FuzzedDataProvider d, int size, boolean forSending) {
        ByteBuffer b = d.consumeBoolean() ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        if (forSending) {
            b.put(pattern(size)).flip();
        }
        int limit = d.consumeInt(0, size);
        b.limit(limit);
        b.position(d.consumeInt(0, limit));
        return d.consumeInt(0, 9) == 9 ? b.asReadOnlyBuffer() : b;
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }
}
