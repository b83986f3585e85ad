package org.bsdsock.socket.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.provider.ffm.NativeSocketModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the shell says about arguments it cannot use: the bad word, and what would be right. */
class ArgumentsTest {
    private final NativeSocketModule module = new NativeSocketModule();
    private final SocketCommands commands = new SocketCommands(module);
    private final StartLevel otherBundle = new StartLevel();
    private final Gogo gogo = new Gogo(commands).register("felix", otherBundle);

    /** Stands for another bundle's command with a number parameter, as gogo.command's frameworklevel. */
    public static final class StartLevel {
        int level = 1;

        public int frameworklevel(int newLevel) {
            level = newLevel;
            return level;
        }
    }

    @AfterEach
    void stop() throws Exception {
        gogo.close();
        commands.deactivate();
        module.close();
    }

    @Test
    void aConstantThatIsNoneIsNamedWithTheNearestName() {
        assertEquals("java.lang.IllegalArgumentException: AF_INTE is no socket constant or number (address family);"
                + " did you mean AF_INET?", gogo.consoleLine("socket:socket AF_INTE SOCK_STREAM"));
        assertEquals("java.lang.IllegalArgumentException: SOCK_DGRM is no socket constant or number (socket type);"
                + " did you mean SOCK_DGRAM?", gogo.consoleLine("socket:socket AF_INET 'SOCK_DGRM|SOCK_CLOEXEC'"));
    }

    @Test
    void constantsInSocketMethodsAreNamedToo() throws Exception {
        gogo.run("s = socket:socket AF_INET SOCK_STREAM");
        assertEquals("java.lang.IllegalArgumentException: SO_REUSEADR is no socket constant or number (option);"
                + " did you mean SO_REUSEADDR?", gogo.consoleLine("$s setsockopt SOL_SOCKET SO_REUSEADR 1"));
        gogo.run("$s setsockopt SOL_SOCKET SO_REUSEADDR 1");
        assertEquals(1, gogo.run("$s getsockopt SOL_SOCKET SO_REUSEADDR"));
        gogo.run("$s setsockopt SOL_SOCKET SO_RCVBUF 0x10000");
        assertTrue((Integer) gogo.run("$s getsockopt SOL_SOCKET SO_RCVBUF") >= 0x10000, "a value may be hexadecimal");
        assertEquals("java.lang.IllegalArgumentException: SHUT_WRR is no socket constant or number (how);"
                + " did you mean SHUT_WR?", gogo.consoleLine("$s shutdown SHUT_WRR"));
        gogo.run("$s close");
    }

    @Test
    void theConverterLeavesOtherBundlesNumbersAlone() throws Exception {
        // With a global converter, SOCK_STREAM became 1 here: the framework dropped to level 1 and the shell stopped.
        Exception e = gogo.failure("frameworklevel SOCK_STREAM");
        assertInstanceOf(IllegalArgumentException.class, e);
        assertEquals(1, otherBundle.level, "the other bundle's command did not run");
        assertEquals(3, gogo.run("frameworklevel 3"));
    }

    @Test
    void anUnknownMethodNameSaysSoWithTheMethodsThereAre() throws Exception {
        gogo.run("z = socket:socket AF_INET SOCK_DGRAM");
        String line = gogo.consoleLine("$z bnd :0");
        assertTrue(line.startsWith("java.lang.IllegalArgumentException: $s bnd: no such method; did you mean bind?"
                + " There are: accept bind close connect connect_ex detach dup family fileno"), line);
        gogo.run("$z close");
    }

    @Test
    void argumentsNoFormTakesShowTheForms() throws Exception {
        gogo.run("s = socket:socket AF_INET SOCK_STREAM");
        assertEquals("""
                java.lang.IllegalArgumentException: $s recv lots: no form of recv takes these arguments; it takes:
                  $s recv BUFSIZE  - receive up to BUFSIZE bytes as UTF-8 text; empty at end of stream
                  $s recv BUFSIZE FLAGS  - receive with flags, e.g. $s recv 1024 MSG_PEEK""",
                gogo.consoleLine("$s recv lots"));
        String help = (String) gogo.run("$s help setsockopt");
        assertTrue(help.startsWith("$s setsockopt LEVEL OPTNAME VALUE  - set an option"), help);
        assertTrue(help.contains("\n    LEVEL  the level, e.g. SOL_SOCKET, IPPROTO_TCP"), help);
        assertTrue(((String) gogo.run("$s help")).lines().anyMatch(l -> l.startsWith("$s accept  - wait for a connection")));
        gogo.run("$s close");
        assertTrue(gogo.consoleLine("socket:echo_client localhost").contains(
                "socket:echo_client localhost: no form of echo_client takes these arguments; it takes:\n"
                        + "  socket:echo_client HOST PORT MESSAGE  - the seed's echo client"));
    }

    @Test
    void anUnquotedIpv6AddressIsToBeQuoted() throws Exception {
        // Gogo reads [::1] as a list, so the address arrives in two pieces
        gogo.run("s = socket:socket AF_INET6 SOCK_STREAM");
        assertTrue(gogo.consoleLine("$s bind [::1]:0").contains(
                ": quote an IPv6 address: '[::1]:0' (unquoted, [...] is a list to Gogo)"));
        gogo.run("$s bind '[::1]:0'");
        assertEquals(SocketConstants.AF_INET6, gogo.run("$s family"));
        gogo.run("$s close");
        // where a form takes the two pieces (an address and a timeout, say), the address says it
        assertEquals("java.lang.IllegalArgumentException: address [::1] has no port: write '[::1]:PORT', quoted"
                + " (unquoted, [...] is a list to Gogo)", gogo.consoleLine("socket:create_connection [::1]:80"));
        assertTrue(gogo.consoleLine("socket:getnameinfo [::1]:80 0").contains("quote an IPv6 address: '[::1]:80'"));
    }
}
