package org.bsdsock.socket.shell;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;

/**
 * Tab completion for the socket commands in Felix's JLine console (gogo.jline): command names
 * with what they do, the constants a parameter's help names ({@code socket:socket AF_<Tab>},
 * {@code $s setsockopt SOL_SOCKET SO_<Tab>}), and a socket object's methods
 * ({@code $s rec<Tab>}).
 *
 * <p>The console keeps a table of completion scripts per command ({@code complete -c ...},
 * as its {@code gosh_profile} declares them for its own commands). This listener declares
 * the socket commands' entries once per console session, and one for each variable that holds
 * a socket object as soon as a command line has set it; each entry's script asks
 * {@link #__complete} for the candidates. Sessions without that table (scripts, tests, other
 * consoles) are left alone.
 */
@Component(service = {CommandSessionListener.class, Completions.class}, property = {
        "osgi.command.scope=socket",
        "osgi.command.function=__complete" })
public final class Completions implements CommandSessionListener {
    // gogo.jline's completion table, a session variable only its console sets.
    private static final String TABLE = ".completions";
    // Gogo's list of the session's variable names.
    private static final String VARIABLES = ".variables";
    // The entries this listener declared in a session, so that each is declared once.
    private static final String DECLARED = ".socket.completions";
    private static final String SCRIPT = "socket:__complete ($.commandLine words) ($.commandLine wordIndex)";

    // Declaring runs command lines, which call this listener again: those are not looked at.
    private final ThreadLocal<Boolean> declaring = new ThreadLocal<>();

    @Override
    public void beforeExecute(CommandSession session, CharSequence commandline) {
        // entries are declared after a line ran, when its variables are set
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence commandline, Exception exception) {
        declare(session);
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence commandline, Object result) {
        declare(session);
    }

    private void declare(CommandSession session) {
        if (!(session.get(TABLE) instanceof Map) || declaring.get() != null) {
            return;
        }
        declaring.set(Boolean.TRUE);
        try {
            @SuppressWarnings("unchecked")
            Set<String> declared = (Set<String>) session.get(DECLARED);
            if (declared == null) {
                declared = new HashSet<>();
                session.put(DECLARED, declared);
                for (String command : Usage.names(SocketCommands.class)) {
                    String description = Usage.describe(Usage.overloads(SocketCommands.class, command).get(0));
                    complete(session, "socket:" + command, "-d", description);
                    complete(session, "socket:" + command, "-a", SCRIPT);
                }
            }
            @SuppressWarnings("unchecked")
            Set<String> variables = new TreeSet<>((Set<String>) session.get(VARIABLES));
            for (String name : variables) {
                String key = "$" + name;
                if (session.get(name) instanceof ShellSocket && declared.add(key)) {
                    complete(session, key, "-a", SCRIPT);
                }
            }
        } catch (Exception e) {
            // completion is a convenience: a console without the complete command still works
        } finally {
            declaring.remove();
        }
    }

    /**
     * Declares one entry: {@code -d} a description (shown beside the command's name) or
     * {@code -a} the script that gives the arguments' candidates. They are separate entries,
     * so that the description is not shown beside every candidate.
     */
    private static void complete(CommandSession session, String key, String option, String value) throws Exception {
        // the values travel as variables, so that no quoting of descriptor text is needed
        session.put("socket_completion_key", key);
        session.put("socket_completion_value", value);
        try {
            session.execute("complete -c $socket_completion_key " + option + " $socket_completion_value");
        } finally {
            session.put("socket_completion_key", null);
            session.put("socket_completion_value", null);
        }
    }

    /**
     * The candidates for the word being completed: a socket object's methods after
     * {@code $s}, and for an argument the constants its parameter's help names.
     *
     * @param words the words of the line, the command first
     * @param index which word is being completed
     * @return the candidates; the console keeps those that start with what was typed
     */
    @Descriptor("completion candidates for the console's Tab (used by its completion table)")
    public Set<String> __complete(CommandSession session,
            @Descriptor("the words of the command line") List<String> words,
            @Descriptor("the index of the word being completed") int index) {
        if (words.isEmpty() || index < 1) {
            return Set.of();
        }
        String first = words.get(0);
        if (first.startsWith("$")) {
            if (!(session.get(first.substring(1)) instanceof ShellSocket)) {
                return Set.of();
            }
            return index == 1 ? Usage.names(ShellSocket.class)
                    : Usage.constantsFor(ShellSocket.class, words.get(1), index - 2);
        }
        String command = first.substring(first.indexOf(':') + 1);
        return Usage.constantsFor(SocketCommands.class, command, index - 1);
    }
}
