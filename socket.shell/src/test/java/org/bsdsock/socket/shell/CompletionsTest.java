package org.bsdsock.socket.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.felix.gogo.jline.Builtin;
import org.apache.felix.gogo.jline.Parser;
import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.service.command.CommandSession;
import org.bsdsock.socket.provider.ffm.NativeSocketModule;
import org.jline.builtins.Completers;
import org.jline.builtins.Completers.CompletionData;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser.ParseContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tab in Felix's JLine console: gogo.jline's own {@code complete} command and line parser, and
 * JLine's completer over the console's completion table, wired as gogo.jline's shell wires
 * them; what the user would see offered.
 */
class CompletionsTest {
    private final NativeSocketModule module = new NativeSocketModule();
    private final SocketCommands commands = new SocketCommands(module);
    private final Completions completions = new Completions(); // a listener, and the socket:__complete command
    private final Gogo gogo = new Gogo(commands).register("gogo", new Builtin(), "complete")
            .register("socket", completions, "__complete").listen(completions);
    private final Map<String, List<CompletionData>> table = new HashMap<>();
    private Completers.Completer completer;

    @BeforeEach
    void console() {
        CommandSession session = gogo.session();
        session.put(".completions", table); // what gogo.jline's console sets before it reads a line
        completer = new Completers.Completer(new Completers.CompletionEnvironment() {
            @Override
            public Map<String, List<CompletionData>> getCompletions() {
                return Shell.getCompletions(session);
            }

            @Override
            public Set<String> getCommands() {
                return Shell.getCommands(session);
            }

            @Override
            public String resolveCommand(String command) {
                return Shell.resolve(session, command);
            }

            @Override
            public String commandName(String command) {
                return command.substring(command.indexOf(':') + 1);
            }

            @Override
            public Object evaluate(LineReader reader, ParsedLine line, String func) throws Exception {
                session.put(".commandLine", line);
                return session.execute(func);
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        gogo.close();
        commands.deactivate();
        module.close();
    }

    /** @return what Tab offers at the end of {@code typed}, that starts with what is typed of the last word */
    private Set<String> tab(String typed) {
        ParsedLine line = new Parser().parse(typed, typed.length(), ParseContext.COMPLETE);
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, line, candidates);
        Set<String> offered = new TreeSet<>();
        for (Candidate c : candidates) {
            if (c.value().startsWith(line.word().substring(0, line.wordCursor()))) {
                offered.add(c.value());
                if (line.wordIndex() > 0) {
                    assertEquals(null, c.descr(), "an argument is offered without its command's description");
                }
            }
        }
        return offered;
    }

    @Test
    void commandNamesWithWhatTheyDo() throws Exception {
        gogo.run("socket:htons 1"); // the console's first line: the profile
        assertEquals(Set.of("socket:gethostbyaddr", "socket:gethostbyname", "socket:gethostbyname_ex"),
                tab("socket:gethostby"));
        assertTrue(table.get("socket:getaddrinfo").get(0).description.startsWith("resolve a host and port"));
        assertFalse(tab("socket:").contains("socket:__complete"), "the completion command itself is hidden");
    }

    @Test
    void argumentsOfferTheConstantsTheirHelpNames() throws Exception {
        gogo.run("socket:htons 1");
        assertTrue(tab("socket:socket AF_IN").containsAll(Set.of("AF_INET", "AF_INET6")), tab("socket:socket AF_IN").toString());
        assertTrue(tab("socket:socket AF_INET SOCK_S").contains("SOCK_STREAM"));
        assertTrue(tab("socket:getaddrinfo localhost 80 AF_INET SOCK_STREAM 0 AI_").contains("AI_CANONNAME"));
    }

    @Test
    void aSocketObjectOffersItsMethodsAndTheirConstants() throws Exception {
        gogo.run("s = socket:socket AF_INET SOCK_STREAM");
        assertEquals(Set.of("recv", "recv_fds", "recvfrom", "recvmsg"), tab("$s rec"));
        assertTrue(tab("$s setsockopt SOL_").contains("SOL_SOCKET"));
        Set<String> options = tab("$s setsockopt SOL_SOCKET SO_RE");
        assertTrue(options.containsAll(Set.of("SO_REUSEADDR", "SO_REUSEPORT")), options.toString());
        assertTrue(tab("$s recv 10 MSG_P").contains("MSG_PEEK"));
        assertEquals(Set.of(), tab("$nothing rec"), "not a socket object: nothing offered");
        gogo.run("$s close");
    }
}
