package org.bsdsock.socket.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.bsdsock.socket.api.AddrInfo;
import org.bsdsock.socket.api.ConnectionRefusedException;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.provider.ffm.NativeSocketModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands through a real Gogo command processor, without a framework, typed as a user types them. */
@Tag("unit")
class SocketCommandsTest {
    private final NativeSocketModule module = new NativeSocketModule();
    private final SocketCommands commands = new SocketCommands(module);
    private Gogo gogo;

    @BeforeEach
    void gogo() {
        gogo = new Gogo(commands);
    }

    @AfterEach
    void stop() throws Exception {
        gogo.close();
        commands.deactivate();
        module.close();
        assertEquals(0, module.openSockets(), "sockets left open");
    }

    // ---- every function is a command, with help ----------------------------------------------

    private static Set<String> commandFunctions() throws IOException {
        // what bnd wrote from @Component: the functions Gogo will register
        try (InputStream in = SocketCommands.class.getResourceAsStream("/OSGI-INF/" + SocketCommands.class.getName() + ".xml")) {
            assertNotNull(in, "no DS descriptor on the class path (bnd-process did not run?)");
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int at = xml.indexOf("name=\"osgi.command.function\"");
            String body = xml.substring(xml.indexOf('>', at) + 1, xml.indexOf("</property>", at));
            return new TreeSet<>(Arrays.asList(body.strip().split("\\s+")));
        }
    }

    // Gogo's hook for calls that match no method (Usage.MISMATCH_HOOK) is no command.
    private static Set<String> names(Class<?> c) {
        return Arrays.stream(c.getMethods()).filter(m -> m.getDeclaringClass() != Object.class)
                .filter(m -> !Modifier.isStatic(m.getModifiers())).map(Method::getName)
                .filter(n -> !n.equals(Usage.MISMATCH_HOOK))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyModuleFunctionIsACommand() throws Exception {
        Set<String> missing = names(SocketModule.class);
        missing.removeAll(commandFunctions());
        assertEquals(Set.of(), missing, "SocketModule functions without a socket: command (add a method "
                + "to SocketCommands and its name to osgi.command.function)");
    }

    @Test
    void everyCommandHasHelpOnItselfAndEachParameter() throws Exception {
        Set<String> functions = commandFunctions();
        assertEquals(functions, names(SocketCommands.class), "public methods and osgi.command.function differ");
        for (Method m : SocketCommands.class.getMethods()) {
            if (!functions.contains(m.getName())) {
                continue;
            }
            Descriptor d = m.getAnnotation(Descriptor.class);
            assertTrue(d != null && !d.value().isBlank(), m + " has no @Descriptor");
            for (Parameter p : m.getParameters()) {
                assertNotNull(p.getAnnotation(Descriptor.class), m + ": parameter " + p + " has no @Descriptor");
            }
        }
    }

    @Test
    void everySocketMethodHasAShellForm() {
        Set<String> missing = names(SocketType.class);
        // buffer calls and file objects are for programs; the shell's data is text
        missing.removeAll(Set.of("recv_into", "recvfrom_into", "recvmsg_into", "makefile"));
        missing.removeAll(names(ShellSocket.class));
        assertEquals(Set.of(), missing, "SocketType methods without a ShellSocket method");
    }

    // ---- the module's functions --------------------------------------------------------------------

    @Test
    void moduleFunctionsUnderTheirSeedNames() throws Exception {
        assertEquals("127.0.0.1", gogo.run("socket:gethostbyname localhost"));
        assertEquals(20480, gogo.run("socket:htons 80"));
        assertEquals(80, gogo.run("socket:ntohs 20480"));
        assertEquals(16777216L, gogo.run("socket:htonl 1"));
        assertEquals(1L, gogo.run("socket:ntohl 16777216"));
        assertEquals(new Bytes(new byte[] {10, 0, 0, 1}), gogo.run("socket:inet_aton 10.0.0.1"));
        assertEquals("b'\\n\\x00\\x00\\x01'  (4 bytes, hex 0a000001)", gogo.print("socket:inet_aton 10.0.0.1"));
        assertEquals("10.0.0.1", gogo.run("socket:inet_ntoa (socket:inet_aton 10.0.0.1)"));
        assertEquals("127.0.0.1", gogo.run("socket:inet_ntoa 7f000001"));
        assertEquals(1, gogo.run("socket:getprotobyname icmp"));
        assertEquals(80, gogo.run("socket:getservbyname http tcp"));
        assertEquals(80, gogo.run("socket:getservbyname http"));
        assertEquals("http", gogo.run("socket:getservbyport 80 tcp"));
        assertEquals("http", gogo.run("socket:getservbyport 80"));
        assertFalse(((String) gogo.run("socket:gethostname")).isEmpty());
        String ex = gogo.print("socket:gethostbyname_ex localhost");
        assertTrue(ex.startsWith("('") && ex.contains("'127.0.0.1'") && ex.endsWith("])"), ex);
        assertTrue(gogo.print("socket:gethostbyaddr 127.0.0.1").contains("['127.0.0.1']"));
        assertEquals("None", gogo.run("socket:getdefaulttimeout"));
        assertEquals(2.5, gogo.run("socket:setdefaulttimeout 2.5"));
        assertEquals(2.5, gogo.run("socket:getdefaulttimeout"));
        try (SocketType s = module.socket(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM)) {
            assertEquals(2.5, s.gettimeout(), "new sockets start with the default timeout");
        }
        assertEquals("None", gogo.run("socket:setdefaulttimeout None"));
    }

    @Test
    void constantsByNameWhereverANumberGoes() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Long> so = (Map<String, Long>) gogo.run("socket:constants SO_");
        assertEquals((long) SocketConstants.SO_REUSEADDR, so.get("SO_REUSEADDR"));
        assertTrue(so.keySet().stream().allMatch(k -> k.startsWith("SO_")), so.toString());
        assertTrue(((Map<?, ?>) gogo.run("socket:constants")).size() > 200);
        assertEquals("no socket constant starts with NOPE_", gogo.failure("socket:constants NOPE_").getMessage());
        ShellSocket s = (ShellSocket) gogo.run("s = socket:socket AF_INET 'SOCK_DGRAM|SOCK_CLOEXEC'");
        assertEquals(SocketConstants.SOCK_DGRAM, s.type());
        assertEquals(SocketConstants.AF_INET, gogo.run("$s family"));
        gogo.run("$s close");
        // a name that is no constant is named
        Exception e = gogo.failure("socket:socket AF_NOPE SOCK_STREAM");
        assertInstanceOf(IllegalArgumentException.class, e);
        assertTrue(e.getMessage().startsWith("AF_NOPE is no socket constant or number (address family)"), e.getMessage());
    }

    // ---- the socket object -------------------------------------------------------------------------

    @Test
    void socketObjectAsTheSeedsProgramsUseIt() throws Exception {
        gogo.run("l = socket:socket AF_INET SOCK_STREAM");
        gogo.run("$l setsockopt SOL_SOCKET SO_REUSEADDR 1");
        assertEquals(1, gogo.run("$l getsockopt SOL_SOCKET SO_REUSEADDR"));
        gogo.run("$l bind 127.0.0.1:0");
        gogo.run("$l listen 1");
        int port = (Integer) gogo.run("($l getsockname) port");
        gogo.run("c = socket:socket AF_INET SOCK_STREAM");
        gogo.run("$c connect 127.0.0.1:" + port);
        gogo.run("a = $l accept");
        gogo.run("conn = $a conn");
        assertEquals(12, gogo.run("$c send 'Hello, world'"));
        assertEquals("Hello, world", gogo.run("$conn recv 1024"));
        gogo.run("$conn sendall \"line\\r\\n\"");
        assertEquals("line\r\n", gogo.run("$c recv 1024"), "Python's escapes in data");
        assertEquals(new InetAddr("127.0.0.1", port), gogo.run("$c getpeername"));
        assertEquals(gogo.run("$c getsockname"), gogo.run("$a address"));

        String line = String.valueOf(gogo.run("$c"));
        assertEquals("<socket fd=" + gogo.run("$c fileno") + ", family=AF_INET, type=SOCK_STREAM, proto=0, laddr="
                + gogo.run("$c getsockname") + ", raddr=127.0.0.1:" + port + ">", line);
        String details = gogo.print("$conn");
        assertTrue(details.contains("peer             " + gogo.run("$c getsockname")), details);
        assertTrue(details.contains("timeout          None"), details);
        assertTrue(details.contains("provider         native"), details);

        gogo.run("$c settimeout 0.25");
        assertEquals(0.25, gogo.run("$c gettimeout"));
        assertEquals("ETIMEDOUT: recv(..) failed: timed out", gogo.failure("$c recv 10").getMessage());
        gogo.run("$c setblocking False");
        assertEquals(false, gogo.run("$c getblocking"));
        assertEquals("EAGAIN: recv(..) failed: Resource temporarily unavailable", gogo.failure("$c recv 10").getMessage());
        gogo.run("$c setblocking True");
        assertEquals("None", gogo.run("$c gettimeout"));

        gogo.run("$c shutdown SHUT_WR");
        assertEquals("", gogo.run("$conn recv 10"), "end of stream");
        assertEquals(Errno.EISCONN, gogo.run("$c connect_ex 127.0.0.1 " + port), "connect_ex returns the errno");
        gogo.run("$c close");
        gogo.run("$conn close");
        gogo.run("$l close");
        assertEquals(-1, gogo.run("$c fileno"));
        assertEquals("<socket [closed] fd=-1, family=AF_INET, type=SOCK_STREAM, proto=0>", String.valueOf(gogo.run("$c")));
        assertEquals("SocketFailure: EBADF: recv(..) failed: Bad file descriptor", gogo.consoleLine("$c recv 10"));
    }

    @Test
    void datagramsAndHostPortPairs() throws Exception {
        gogo.run("a = socket:socket AF_INET SOCK_DGRAM");
        gogo.run("$a bind 127.0.0.1 0");
        gogo.run("b = socket:socket AF_INET SOCK_DGRAM");
        gogo.run("$b bind 127.0.0.1:0");
        Object where = gogo.run("$a getsockname");
        assertEquals(4, gogo.run("$b sendto ping " + where));
        Datagram d = (Datagram) gogo.run("$a recvfrom 64");
        assertEquals("ping", d.data());
        assertEquals(((InetAddr) gogo.run("$b getsockname")).port(), ((InetAddr) d.address()).port());
        gogo.run("$b sendto pong " + where);
        // the seed's '' is INADDR_ANY, as a host and in the one-word form
        gogo.run("any = socket:socket AF_INET SOCK_DGRAM");
        gogo.run("$any bind \"\" 0");
        assertEquals("0.0.0.0", ((InetAddr) gogo.run("$any getsockname")).host());
        gogo.run("$any close");
        assertEquals("('pong', " + gogo.run("$b getsockname") + ")", gogo.print("$a recvfrom 64"));
        gogo.run("$a close");
        gogo.run("$b close");
    }

    @Test
    void unixSocketsByPath(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("s.sock");
        gogo.run("l = socket:socket AF_UNIX SOCK_STREAM");
        gogo.run("$l bind " + path);
        gogo.run("$l listen");
        gogo.run("c = socket:socket AF_UNIX SOCK_STREAM");
        gogo.run("$c connect " + path);
        gogo.run("conn = ($l accept) conn");
        gogo.run("$c sendall 'über unix'");
        assertEquals("über unix", gogo.run("$conn recv 100"));
        assertEquals(path.toString(), String.valueOf(gogo.run("$l getsockname")));
        assertTrue(Files.exists(path));
        gogo.run("$c close");
        gogo.run("$conn close");
        gogo.run("$l close");
    }

    @Test
    void addressesAreCheckedBeforeAnyCall() throws Exception {
        gogo.run("s = socket:socket AF_INET SOCK_STREAM");
        assertEquals("java.lang.IllegalArgumentException: address nohost has no port: write host:port (or :port for all interfaces)",
                gogo.consoleLine("$s connect nohost"));
        // [..] is a list to Gogo: a bracketed address is quoted
        assertEquals("java.lang.IllegalArgumentException: [::1] is an IPv6 address; this socket is AF_INET",
                gogo.consoleLine("$s connect '[::1]:80'"));
        assertEquals("java.lang.IllegalArgumentException: bad port in localhost:70000: a port is 0-65535",
                gogo.consoleLine("$s connect localhost:70000"));
        gogo.run("$s close");
    }

    // ---- errors -------------------------------------------------------------------------------------

    @Test
    void socketErrorsAreOneLineWithTheErrnoName() throws Exception {
        EchoServer server = commands.echo_server(0);
        int port = server.port();
        server.stop();
        Exception e = gogo.failure("socket:echo_client 127.0.0.1 " + port + " hi");
        assertEquals("SocketFailure: ECONNREFUSED: connect(..) failed: Connection refused", e.toString());
        // the original is the cause: Gogo's e command ($exception printStackTrace) shows it
        ConnectionRefusedException cause = assertInstanceOf(ConnectionRefusedException.class, e.getCause());
        assertEquals(Errno.ECONNREFUSED, cause.errno());
        assertEquals(Errno.ECONNREFUSED, ((SocketFailure) e).errno());
        // no errno (a name-service answer): the message alone
        assertEquals("SocketFailure: getprotobyname(..) failed: protocol not found",
                gogo.consoleLine("socket:getprotobyname nosuchprotocol"));
    }

    @Test
    void withoutProviderCommandsSaySoInOneLine() throws Exception {
        gogo.close(); // one Gogo per thread at a time
        gogo = new Gogo(new SocketCommands());
        {
            Gogo none = gogo;
            for (String cmd : List.of("socket:socket AF_INET SOCK_STREAM", "socket:gethostbyname localhost",
                    "socket:echo_client localhost 1 x", "socket:ls", "socket:close 3", "socket:CMSG_LEN 4")) {
                assertEquals("java.lang.IllegalStateException: no socket provider is registered", none.consoleLine(cmd), cmd);
            }
            // what needs no provider still works: constants, byte order, the (empty) list of providers
            assertTrue(((Map<?, ?>) none.run("socket:constants AF_")).containsKey("AF_INET"));
            assertEquals(20480, none.run("socket:htons 80"));
            assertEquals(80, none.run("socket:ntohs 20480"));
            assertEquals(16777216L, none.run("socket:htonl 1"));
            assertEquals(1L, none.run("socket:ntohl 16777216"));
            assertEquals("java.lang.IllegalArgumentException: htons: 65536 does not fit in 16 unsigned bits (0..65535)",
                    none.consoleLine("socket:htons 65536"));
            assertEquals(List.of(), none.run("socket:providers"));
            assertEquals("", none.print("socket:providers"), "an empty listing prints nothing");
        }
    }

    // ---- the seed's programs -------------------------------------------------------------------------

    @Test
    void echoServerAndClientThroughGogo() throws Exception {
        EchoServer server = (EchoServer) gogo.run("socket:echo_server 0");
        assertTrue(server.running());
        int port = server.port();
        assertEquals("Received 'Hello, world'", gogo.run("socket:echo_client 127.0.0.1 " + port + " 'Hello, world'"));
        assertEquals("Received 'two words'", gogo.run("socket:echo_client localhost " + port + " \"two words\""));
        EchoServer stopped = (EchoServer) gogo.run("socket:echo_stop " + port);
        assertFalse(stopped.running());
        assertEquals(2, stopped.served());
        assertTrue(gogo.print("socket:echo_server 0").startsWith("echo server on 0.0.0.0:"));
    }

    @Test
    void echoServerSaysWhyItEnded() throws Exception {
        EchoServer stopped = (EchoServer) gogo.run("socket:echo_server 0");
        gogo.run("socket:echo_stop " + stopped.port());
        assertTrue(stopped.toString().contains(", ended (stopped), "), stopped.toString());
        EchoServer orphan = (EchoServer) gogo.run("o = socket:echo_server 0");
        module.close(); // the provider goes away under it
        for (int i = 0; i < 5_000 && orphan.running(); i++) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // bounded: the server's thread ends
        }
        assertEquals("echo server on 0.0.0.0:" + orphan.port() + ", ended (accept(..) failed: socket provider stopped), "
                + "0 client(s) served", gogo.print("$o"));
    }

    @Test
    void echoServerWithoutPortUsesTheSeedsPort() throws Exception {
        // The port may be taken (a shell's own echo server, say): then the command fails as binding
        // it does; else it serves there. Either way it tried the seed's port and no other.
        int errno = 0;
        try (SocketType probe = module.socket(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM)) {
            probe.setsockopt(SocketConstants.SOL_SOCKET, SocketConstants.SO_REUSEADDR, 1); // as the server binds
            probe.bind(new InetAddr(InetAddr.ANY, SocketCommands.SEED_PORT));
        } catch (org.bsdsock.socket.api.SocketException taken) {
            errno = taken.errno();
        }
        if (errno == 0) {
            EchoServer server = (EchoServer) gogo.run("socket:echo_server");
            assertEquals(SocketCommands.SEED_PORT, server.port());
            assertEquals("Received 'x'", gogo.run("socket:echo_client localhost " + SocketCommands.SEED_PORT + " x"));
        } else {
            assertEquals(Errno.EADDRINUSE, errno);
            System.err.println("[SocketCommandsTest] port " + SocketCommands.SEED_PORT + " is taken: echo_server must fail to bind it");
            assertEquals("gogo: SocketFailure: EADDRINUSE: bind(..) failed: Address already in use",
                    gogo.consoleLine("socket:echo_server"));
        }
    }

    // ---- ls and close ---------------------------------------------------------------------------------

    @Test
    void lsShowsEverySocketOnOneLineAndCloseClosesByDescriptor() throws Exception {
        gogo.run("l = socket:socket AF_INET SOCK_STREAM");
        gogo.run("$l bind 127.0.0.1:0");
        gogo.run("$l listen");
        int fd = (Integer) gogo.run("$l fileno");
        Object where = gogo.run("$l getsockname");
        @SuppressWarnings("unchecked")
        List<OpenSocket> rows = (List<OpenSocket>) gogo.run("socket:ls");
        OpenSocket row = rows.stream().filter(r -> r.fd() == fd).findFirst().orElseThrow();
        assertEquals("LISTEN", row.state());
        assertEquals("AF_INET", row.family());
        assertEquals("SOCK_STREAM", row.type());
        assertEquals("classpath", row.owner());
        assertEquals("native", row.provider());
        // the console prints a table: a header, then one line per socket
        String printed = gogo.print("socket:ls");
        assertEquals("fd   family   type        state     local                 peer                  timeout owner (provider)",
                printed.lines().findFirst().orElseThrow());
        String expected = String.format("%-4d %-8s %-11s %-9s %-21s %-21s %-7s %s", fd, "AF_INET", "SOCK_STREAM",
                "LISTEN", where, "*", "None", "classpath (native)");
        assertTrue(printed.lines().anyMatch(expected::equals), printed + "\nwanted: " + expected);
        assertEquals(rows.size() + 1L, printed.lines().count());
        // one socket, as socket:close returns it, prints its details
        String details = gogo.print("socket:close " + fd);
        assertTrue(details.startsWith("fd               " + fd + "\n"), details);
        assertTrue(details.contains("state            LISTEN") && details.contains("owner            classpath"), details);
        assertEquals(-1, gogo.run("$l fileno"));
        assertEquals("java.lang.IllegalArgumentException: no provider has an open socket with descriptor " + fd
                + " (see socket:ls), nor did the shell give it to you (recv_fds, detach)", gogo.consoleLine("socket:close " + fd));
    }

    // ---- CPython 3's additions ------------------------------------------------------------------------

    @Test
    void addressFunctions() throws Exception {
        @SuppressWarnings("unchecked")
        List<AddrInfo> ai = (List<AddrInfo>) gogo.run("socket:getaddrinfo 127.0.0.1 80 AF_INET SOCK_STREAM");
        assertEquals(new InetAddr("127.0.0.1", 80), ai.get(0).sockaddr());
        assertEquals("::1", gogo.run("socket:inet_ntop AF_INET6 (socket:inet_pton AF_INET6 ::1)"));
        assertEquals("127.0.0.1", gogo.run("socket:inet_ntop AF_INET 7f000001"));
        assertEquals(new org.bsdsock.socket.api.NameInfo("127.0.0.1", "1"),
                gogo.run("socket:getnameinfo 127.0.0.1:1 'NI_NUMERICHOST|NI_NUMERICSERV'"));
        assertEquals(1L, gogo.run("socket:if_nametoindex lo"));
        assertEquals("lo", gogo.run("socket:if_indextoname 1"));
        assertTrue(gogo.print("socket:if_nameindex").contains("lo"));
        assertEquals(SocketConstants.AF_INET6, Addresses.familyOf("[::1]:80"));
        assertEquals(new Inet6Addr("::1", 80), Addresses.parse("[::1]:80"));
        assertEquals(20, gogo.run("socket:CMSG_LEN 4"));
        assertEquals(24, gogo.run("socket:CMSG_SPACE 4"));
        assertTrue(gogo.run("socket:has_dualstack_ipv6") instanceof Boolean);
    }

    @Test
    void createServerAndConnection() throws Exception {
        ShellSocket server = (ShellSocket) gogo.run("srv = socket:create_server 127.0.0.1:0");
        int port = ((InetAddr) server.getsockname()).port();
        gogo.run("c = socket:create_connection 127.0.0.1:" + port + " 5");
        gogo.run("conn = ($srv accept) conn");
        gogo.run("$c sendall hello");
        assertEquals("hello", gogo.run("$conn recv 100"));
        gogo.run("$c close");
        gogo.run("$conn close");
        gogo.run("$srv close");
    }

    @Test
    void socketpairDupDetachAndDescriptorPassing() throws Exception {
        Pair pair = (Pair) gogo.run("p = (socket:socketpair)");
        assertEquals(SocketConstants.AF_UNIX, pair.a().family());
        gogo.run("a = $p a");
        gogo.run("b = $p b");
        gogo.run("$a sendmsg ping");
        assertEquals("ping", ((Message) gogo.run("$b recvmsg 100")).data());
        gogo.run("d = $a dup");
        gogo.run("$d send viadup");
        assertEquals("viadup", gogo.run("$b recv 100"));
        // pass $d's descriptor to the other end; the received one is a new descriptor for the same socket
        int dfd = (Integer) gogo.run("$d fileno");
        assertEquals(4, gogo.run("socket:send_fds $a fds! " + dfd));
        Message m = (Message) gogo.run("socket:recv_fds $b 100 4");
        assertEquals("fds!", m.data());
        assertEquals(1, m.fds().size());
        int got = m.fds().get(0);
        gogo.run("x = socket:socket AF_UNIX SOCK_STREAM 0");
        gogo.run("$x close");
        int detached = (Integer) gogo.run("$d detach");
        assertEquals(dfd, detached);
        assertEquals(-1, gogo.run("$d fileno"));
        gogo.run("socket:close " + detached);
        gogo.run("socket:close " + got);
        gogo.run("$a close");
        gogo.run("$b close");
    }
}
