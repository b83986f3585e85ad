package org.bsdsock.socket.itest;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.Converter;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.testing.InCall;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * The socket commands as a user of the running framework meets them: through the framework's
 * Gogo command processor, with the shell's converter registered as a service.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellInFelixIT {

    @Inject
    private BundleContext context;

    @Inject
    private CommandProcessor processor;

    @Inject
    private SocketModule module;

    @Configuration
    public Option[] config() {
        return FelixOptions.felix();
    }

    @Test
    public void moduleFunctionsAndConstantNames() throws Exception {
        try (Shell shell = new Shell(processor)) {
            assertEquals("127.0.0.1", shell.run("socket:gethostbyname localhost"));
            assertEquals(20480, shell.run("socket:htons 80"));
            assertEquals("10.0.0.1", shell.run("socket:inet_ntoa (socket:inet_aton 10.0.0.1)"));
            // the converter service renders results, and reads names where numbers go
            assertEquals("b'\\n\\x00\\x00\\x01'  (4 bytes, hex 0a000001)", shell.print("socket:inet_aton 10.0.0.1"));
            assertTrue(shell.print("socket:gethostbyname_ex localhost").contains("['127.0.0.1']"));
            assertEquals((long) SocketConstants.SO_REUSEADDR, ((Map<?, ?>) shell.run("socket:constants SO_")).get("SO_REUSEADDR"));
            assertEquals(SocketConstants.IPPROTO_TCP, shell.run("socket:getprotobyname tcp"));
            assertEquals("gogo: SocketFailure: getservbyname(..) failed: service/proto not found",
                    shell.failure("socket:getservbyname nosuchservice tcp"));
        }
    }

    @Test
    public void socketObjectsTheUserCallsMethodsOn() throws Exception {
        try (Shell shell = new Shell(processor)) {
            shell.run("l = socket:socket AF_INET SOCK_STREAM");
            shell.run("$l setsockopt SOL_SOCKET SO_REUSEADDR 1");
            shell.run("$l bind 127.0.0.1:0");
            shell.run("$l listen");
            shell.run("c = socket:socket AF_INET SOCK_STREAM");
            shell.run("$c connect ($l getsockname)");
            shell.run("conn = ($l accept) conn");
            Object listening = shell.run("$l getsockname");
            assertEquals(12, shell.run("$c send 'Hello, world'"));
            assertEquals("Hello, world", shell.run("$conn recv 1024"));
            String line = shell.run("$c").toString();
            assertTrue(line, line.startsWith("<socket fd=") && line.contains("type=SOCK_STREAM")
                    && line.contains("raddr=" + shell.run("$l getsockname")));
            String details = shell.print("$c");
            assertTrue(details, details.contains("peer             " + shell.run("$l getsockname")));
            assertTrue(details, details.contains("provider         " + FelixOptions.PROVIDER + ", service "));
            for (String s : new String[] {"$c", "$conn", "$l"}) {
                shell.run(s + " close");
            }
            assertEquals("gogo: SocketFailure: EBADF: recv(..) failed: Bad file descriptor", shell.failure("$c recv 1"));
            int unused = ((InetAddr) listening).port();
            assertEquals("gogo: SocketFailure: ECONNREFUSED: connect(..) failed: Connection refused",
                    shell.failure("socket:echo_client 127.0.0.1 " + unused + " x"));
        }
    }

    @Test
    public void lsShowsEveryBundlesSocketsAndCloseWakesTheOwner() throws Exception {
        try (Shell shell = new Shell(processor); SocketType mine = module.socket(AF_INET, SOCK_STREAM)) {
            mine.bind(new InetAddr("127.0.0.1", 0));
            mine.listen(1);
            InCall<?> accept = InCall.start("accept", false, mine::accept).awaitBlockedIn("accept", Duration.ofSeconds(20));
            shell.run("s = socket:socket AF_INET SOCK_DGRAM");
            shell.run("$s bind 127.0.0.1:0");

            String probe = context.getBundle().getSymbolicName() + " [" + context.getBundle().getBundleId() + "]";
            String ls = shell.print("socket:ls");
            String where = mine.getsockname().toString();
            assertTrue(ls, ls.lines().anyMatch(l -> l.startsWith(mine.fileno() + " ") && l.contains("LISTEN")
                    && l.contains(where) && l.contains(probe) && l.endsWith("(" + FelixOptions.PROVIDER + ")")));
            String dgram = shell.run("$s getsockname").toString();
            assertTrue(ls, ls.lines().anyMatch(l -> l.contains("SOCK_DGRAM") && l.contains("BOUND")
                    && l.contains(dgram) && l.contains("socket.shell [")));

            String closed = shell.print("socket:close " + mine.fileno());
            assertTrue(closed, closed.contains("owner            " + probe));
            Throwable e = accept.failure(Duration.ofSeconds(20));
            assertTrue(String.valueOf(e), e instanceof SocketException);
            assertEquals(Errno.EBADF, ((SocketException) e).errno());
            assertEquals(-1, mine.fileno());
            shell.run("$s close");
        }
    }

    @Test
    public void theConverterLeavesOtherCommandsNumbersAlone() throws Exception {
        try (Shell shell = new Shell(processor)) {
            int level = context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel();
            // gogo.command's frameworklevel takes an int: a socket constant's name is no number to it
            assertTrue(shell.failure("frameworklevel SOCK_STREAM").startsWith("gogo: IllegalArgumentException: Cannot coerce"));
            assertEquals(level, context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel());
        }
    }

    @Test
    public void badArgumentsAreNamedAndResultsPrintTheShellsWay() throws Exception {
        try (Shell shell = new Shell(processor)) {
            assertEquals("gogo: IllegalArgumentException: AF_INTE is no socket constant or number (address family);"
                    + " did you mean AF_INET?", shell.failure("socket:socket AF_INTE SOCK_STREAM"));
            shell.run("z = socket:socket AF_INET SOCK_DGRAM");
            assertTrue(shell.failure("$z bnd :0").startsWith(
                    "gogo: IllegalArgumentException: $s bnd: no such method; did you mean bind? There are: accept bind"));
            shell.run("$z close");
            assertEquals("(AF_INET, SOCK_STREAM, 6, '', 127.0.0.1:80)",
                    shell.print("socket:getaddrinfo 127.0.0.1 80 AF_INET SOCK_STREAM").strip());
            assertEquals("('127.0.0.1', '80')", shell.print("socket:getnameinfo 127.0.0.1:80 'NI_NUMERICHOST|NI_NUMERICSERV'"));
        }
    }

    @Test
    public void helpReadsWell() throws Exception {
        try (Shell shell = new Shell(processor)) {
            // gogo.command's help returns the text, which the console prints
            String help = shell.print("help socket:socket");
            assertTrue(help, help.contains("socket - create a socket, e.g. s = socket:socket AF_INET SOCK_STREAM"));
            assertTrue(help, help.contains("String   address family: AF_INET, AF_INET6, AF_UNIX, ..."));
            assertTrue(help, help.contains("String   protocol number, e.g. IPPROTO_TCP; 0 for the default"));
            assertTrue(shell.print("help socket:ls").contains("ls - list every open socket of every provider"));
            // the converter is a service of its own, as Gogo finds converters
            assertTrue(context.getServiceReferences(Converter.class, "(osgi.converter.classes=org.bsdsock.socket.shell.ShellSocket)")
                    .size() == 1);
        }
    }
}
