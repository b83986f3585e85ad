package org.bsdsock.socket.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bsdsock.socket.api.AddrInfo;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.provider.ffm.NativeSocketModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CPython 3's additions as commands and socket-object methods, typed as a user types them. */
class Cpython3CommandsTest {
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
        assertEquals(1, m.fds().length);
        int got = m.fds()[0];
        gogo.run("x = socket:socket AF_UNIX SOCK_STREAM 0");
        gogo.run("$x close");
        int detached = (Integer) gogo.run("$d detach");
        assertEquals(dfd, detached);
        assertEquals(-1, gogo.run("$d fileno"));
        module.close(detached);
        module.close(got);
        gogo.run("$a close");
        gogo.run("$b close");
    }
}
