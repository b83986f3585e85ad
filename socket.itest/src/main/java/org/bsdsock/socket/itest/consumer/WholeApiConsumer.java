package org.bsdsock.socket.itest.consumer;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.IPPROTO_TCP;
import static org.bsdsock.socket.api.SocketConstants.SHUT_WR;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.bsdsock.socket.api.SocketConstants.SO_LINGER;
import static org.bsdsock.socket.api.SocketConstants.SO_REUSEADDR;
import static org.bsdsock.socket.api.SocketConstants.TCP_NODELAY;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.BlockingIOException;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.HostEntry;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.Received;
import org.bsdsock.socket.api.ReceivedInto;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketFile;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketTimeoutException;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A DS component, as an application would write one, that uses every function and socket
 * method of the seed through the injected {@link SocketModule}, on loopback and {@code /tmp}.
 * {@link #exercise()} runs them all and returns the names of the calls it checked.
 */
@Component(service = WholeApiConsumer.class, immediate = true)
public final class WholeApiConsumer {
    private final SocketModule socket;

    @org.osgi.service.component.annotations.Activate
    public WholeApiConsumer(@Reference SocketModule socket) {
        this.socket = socket;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    private static void equal(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError(what + ": expected " + expected + ", got " + actual);
        }
    }

    /**
     * Runs every call once and checks its result.
     *
     * @return the names of the calls checked
     * @throws Exception the first failure
     */
    public List<String> exercise() throws Exception {
        List<String> done = new ArrayList<>();
        moduleFunctions(done);
        tcp(done);
        udp(done);
        unix(done);
        return done;
    }

    private void moduleFunctions(List<String> done) throws Exception {
        equal("127.0.0.1", socket.gethostbyname("localhost"), "gethostbyname");
        HostEntry ex = socket.gethostbyname_ex("localhost");
        check(ex.ipaddrlist().contains("127.0.0.1"), "gethostbyname_ex " + ex);
        String host = socket.gethostname();
        check(!host.isEmpty(), "gethostname");
        HostEntry byAddr = socket.gethostbyaddr("127.0.0.1");
        check(byAddr.ipaddrlist().contains("127.0.0.1"), "gethostbyaddr " + byAddr);
        equal(1, socket.getprotobyname("icmp"), "getprotobyname");
        equal(80, socket.getservbyname("http", "tcp"), "getservbyname");
        equal(0x1234L, socket.ntohl(socket.htonl(0x1234L)), "htonl/ntohl");
        equal(0x1234, socket.ntohs(socket.htons(0x1234)), "htons/ntohs");
        check(Arrays.equals(new byte[] {10, 0, 0, 1}, socket.inet_aton("10.0.0.1")), "inet_aton");
        equal("10.0.0.1", socket.inet_ntoa(new byte[] {10, 0, 0, 1}), "inet_ntoa");
        socket.setdefaulttimeout(5.0);
        equal(5.0, socket.getdefaulttimeout(), "getdefaulttimeout");
        socket.setdefaulttimeout(null);
        done.addAll(List.of("gethostbyname", "gethostbyname_ex", "gethostname", "gethostbyaddr",
                "getprotobyname", "getservbyname", "htonl", "ntohl", "htons", "ntohs", "inet_aton",
                "inet_ntoa", "setdefaulttimeout", "getdefaulttimeout"));
    }

    private void tcp(List<String> done) throws Exception {
        try (SocketType l = socket.socket(AF_INET, SOCK_STREAM)) {
            l.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
            equal(1, l.getsockopt(SOL_SOCKET, SO_REUSEADDR), "getsockopt");
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            SockAddr where = l.getsockname();
            try (SocketType c = socket.socket(AF_INET, SOCK_STREAM)) {
                equal(0, c.connect_ex(where), "connect_ex");
                Accepted a = l.accept();
                try (SocketType conn = a.conn()) {
                    equal(c.getsockname(), a.address(), "accept address");
                    equal(where, c.getpeername(), "getpeername");
                    check(c.fileno() >= 0, "fileno");
                    c.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
                    c.setsockopt(SOL_SOCKET, SO_LINGER, new byte[8]);
                    equal(8, c.getsockopt(SOL_SOCKET, SO_LINGER, 8).length, "getsockopt buflen");
                    equal(5, c.send("hello".getBytes()), "send");
                    equal("hello", new String(conn.recv(5)), "recv");
                    c.sendall(ByteBuffer.wrap("buffer".getBytes()));
                    byte[] into = new byte[6];
                    equal(6, conn.recv_into(into), "recv_into");
                    conn.setblocking(false);
                    check(!conn.getblocking(), "getblocking");
                    try {
                        conn.recv(1);
                        throw new AssertionError("non-blocking recv did not raise");
                    } catch (BlockingIOException expected) {
                        equal(Errno.EAGAIN, expected.errno(), "EAGAIN");
                    }
                    conn.settimeout(0.05);
                    equal(0.05, conn.gettimeout(), "gettimeout");
                    try {
                        conn.recv(1);
                        throw new AssertionError("recv did not time out");
                    } catch (SocketTimeoutException expected) {
                        // as documented
                    }
                    conn.settimeout(null);
                    try (SocketFile f = conn.makefile("rb")) {
                        c.sendall("a line\n".getBytes());
                        c.shutdown(SHUT_WR);
                        BufferedReader r = new BufferedReader(new InputStreamReader(f.input(), StandardCharsets.UTF_8));
                        equal("a line", r.readLine(), "makefile");
                        equal(null, r.readLine(), "shutdown seen as end of stream");
                    }
                    try (SocketType dup = socket.fromfd(conn.fileno(), AF_INET, SOCK_STREAM)) {
                        equal(conn.getsockname(), dup.getsockname(), "fromfd");
                    }
                }
            }
            SocketType closed = socket.socket(AF_INET, SOCK_STREAM);
            closed.close();
            try {
                closed.recv(1);
                throw new AssertionError("recv after close did not raise");
            } catch (SocketException e) {
                equal(Errno.EBADF, e.errno(), "EBADF after close");
            }
        }
        done.addAll(List.of("socket", "setsockopt", "getsockopt", "bind", "listen", "getsockname",
                "connect_ex", "accept", "getpeername", "fileno", "send", "recv", "sendall", "recv_into",
                "setblocking", "getblocking", "settimeout", "gettimeout", "makefile", "shutdown",
                "fromfd", "close"));
    }

    private void udp(List<String> done) throws Exception {
        try (SocketType a = socket.socket(AF_INET, SOCK_DGRAM); SocketType b = socket.socket(AF_INET, SOCK_DGRAM)) {
            a.bind(new InetAddr("127.0.0.1", 0));
            b.connect(a.getsockname());
            equal(4, b.sendto("ping".getBytes(), a.getsockname()), "sendto");
            Received r = a.recvfrom(64);
            equal("ping", new String(r.data()), "recvfrom");
            equal(b.getsockname(), r.address(), "recvfrom address");
            b.send("pong".getBytes());
            byte[] buf = new byte[8];
            ReceivedInto ri = a.recvfrom_into(buf, 0, 0);
            equal(4, ri.nbytes(), "recvfrom_into");
        }
        done.addAll(List.of("connect", "sendto", "recvfrom", "recvfrom_into"));
    }

    private void unix(List<String> done) throws Exception {
        Path dir = Files.createTempDirectory("socket-itest");
        UnixAddr path = UnixAddr.of(dir.resolve("s").toString());
        try (SocketType l = socket.socket(AF_UNIX, SOCK_STREAM); SocketType c = socket.socket(AF_UNIX, SOCK_STREAM)) {
            l.bind(path);
            l.listen(1);
            c.connect(path);
            try (SocketType conn = l.accept().conn()) {
                c.sendall("unix".getBytes());
                equal("unix", new String(conn.recv(10)), "AF_UNIX exchange");
            }
        } finally {
            Files.deleteIfExists(dir.resolve("s"));
            Files.deleteIfExists(dir);
        }
        done.add("AF_UNIX");
    }
}
