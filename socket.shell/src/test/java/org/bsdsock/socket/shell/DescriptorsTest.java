package org.bsdsock.socket.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.provider.ffm.NativeSocketModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A descriptor the shell hands out bare (recv_fds, detach) can be adopted, duplicated or closed from the shell. */
class DescriptorsTest {
    private final NativeSocketModule module = new NativeSocketModule();
    private final SocketCommands commands = new SocketCommands(module);
    private final Gogo gogo = new Gogo(commands);

    @AfterEach
    void stop() throws Exception {
        gogo.close();
        commands.deactivate();
        module.close();
        assertEquals(0, module.openSockets(), "sockets left open");
    }

    /** @return a descriptor received over $a/$b for a new AF_UNIX pair $x/$y (its $x end) */
    private int receiveOneEnd() throws Exception {
        gogo.run("p = (socket:socketpair)");
        gogo.run("a = $p a");
        gogo.run("b = $p b");
        gogo.run("q = (socket:socketpair)");
        gogo.run("x = $q a");
        gogo.run("y = $q b");
        gogo.run("socket:send_fds $a fd ($x fileno)");
        gogo.run("$x close");
        Message m = (Message) gogo.run("socket:recv_fds $b 10 1");
        return m.fds().get(0);
    }

    private void closePairs() throws Exception {
        for (String s : new String[] {"$a", "$b", "$y"}) {
            gogo.run(s + " close");
        }
    }

    @Test
    void aReceivedDescriptorIsAdoptedUnderCPythonsName() throws Exception {
        int fd = receiveOneEnd();
        ShellSocket adopted = (ShellSocket) gogo.run("r = socket:socket AF_UNIX SOCK_STREAM 0 " + fd);
        assertEquals(fd, adopted.fileno(), "adopted, not duplicated");
        gogo.run("$r send over");
        assertEquals("over", gogo.run("$y recv 10"));
        // -1 -1 -1 asks the descriptor itself, as CPython's socket(fileno=fd) does
        gogo.run("$r close");
        assertEquals("java.lang.IllegalArgumentException: no provider has an open socket with descriptor " + fd
                + " (see socket:ls), nor did the shell give it to you (recv_fds, detach)",
                gogo.consoleLine("socket:close " + fd), "the socket object owned it and closed it");
        closePairs();
    }

    @Test
    void aReceivedDescriptorIsClosedFromTheShell() throws Exception {
        int fd = receiveOneEnd();
        gogo.run("d = socket:fromfd " + fd + " AF_UNIX SOCK_STREAM");
        assertTrue((Integer) gogo.run("$d fileno") != fd, "fromfd duplicates");
        assertNull(gogo.run("socket:close " + fd), "a bare descriptor closes quietly, as CPython's close");
        gogo.run("$d send still");
        assertEquals("still", gogo.run("$y recv 10"), "the duplicate is another descriptor of the same socket");
        gogo.run("$d close");
        assertEquals("", gogo.run("$y recv 10"), "both descriptors closed: end of stream");
        closePairs();
    }

    @Test
    void aDetachedDescriptorIsTheUsersToClose() throws Exception {
        gogo.run("s = socket:socket AF_INET SOCK_DGRAM");
        int fd = (Integer) gogo.run("$s detach");
        ShellSocket again = (ShellSocket) gogo.run("t = socket:socket -1 -1 -1 " + fd);
        assertEquals(SocketConstants.AF_INET, again.family(), "read from the descriptor");
        assertEquals(SocketConstants.SOCK_DGRAM, again.type(), "read from the descriptor");
        gogo.run("$t close");
    }

    @Test
    void theReceivedListIsIndexedInGogo() throws Exception {
        int fd = receiveOneEnd();
        gogo.run("socket:send_fds $a again ($y fileno)");
        gogo.run("m = socket:recv_fds $b 10 1");
        int second = (Integer) gogo.run("($m fds) get 0");
        gogo.run("r = socket:socket AF_UNIX SOCK_STREAM 0 (($m fds) get 0)");
        assertEquals(second, gogo.run("$r fileno"));
        gogo.run("$r close");
        gogo.run("socket:close " + fd);
        closePairs();
    }

    @Test
    void aNumberTheShellDidNotHandOutIsNotClosed() {
        // descriptor 0 is standard input: a mistyped number must not close a file of the framework's
        assertTrue(gogo.consoleLine("socket:close 0").contains("nor did the shell give it to you"));
    }
}
