package org.bsdsock.socket.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.concurrent.Callable;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The distribution's script mode ({@code ./shell.sh -c CMD}, or commands piped in): when the
 * framework property {@value #PROPERTY} is {@code stdin}, standard input is run as a script,
 * one command line per line, with no console. Each result is printed as the console prints it
 * (and nothing else: no prompt, no banner) on standard output; each failure as the console
 * prints it on standard error. The script goes on after a failure, as a shell does.
 *
 * <p>It runs as the launcher's main program: the bnd launcher calls a
 * {@code Callable<Integer>} service registered with {@code main.thread=true} on its main
 * thread, then stops the framework and exits with the returned status: 0, or 1 if a command
 * failed. Elsewhere (without the property) this component does nothing.
 */
@Component(immediate = true)
public final class StdinScript {
    /** The framework property that asks for script mode; its value says where the script is. */
    public static final String PROPERTY = "socket.shell.script";
    private static final String STDIN = "stdin";

    private final CommandProcessor processor;
    private ServiceRegistration<?> main;

    /**
     * @param processor the Gogo command processor that runs the lines
     * @param commands  not used: referenced so that the socket commands are registered before the script runs
     * @param converter not used: referenced so that results are rendered the shell's way
     */
    @Activate
    public StdinScript(@Reference CommandProcessor processor, @Reference SocketCommands commands,
            @Reference(target = "(component.name=org.bsdsock.socket.shell.SocketConverter)") Converter converter,
            BundleContext context) {
        this.processor = processor;
        String where = context.getProperty(PROPERTY);
        if (STDIN.equals(where)) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("main.thread", "true");
            main = context.registerService(Callable.class, (Callable<Integer>) this::run, props);
        } else if (where != null) {
            throw new IllegalArgumentException(PROPERTY + " must be " + STDIN + ", not " + where);
        }
    }

    @Deactivate
    void deactivate() {
        if (main != null) {
            main.unregister();
        }
    }

    /** @return 0 if every command line ran, 1 if one failed */
    private Integer run() throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        boolean failed = false;
        CommandSession session = processor.createSession(System.in, out, err);
        try {
            for (String line; (line = in.readLine()) != null;) {
                if (line.isBlank() || line.strip().startsWith("#")) {
                    continue;
                }
                try {
                    Object result = session.execute(line);
                    if (result != null) {
                        out.println(session.format(result, Converter.INSPECT));
                    }
                } catch (Exception e) {
                    err.println(e);
                    session.put("exception", e);
                    failed = true;
                }
            }
        } finally {
            session.close();
            out.flush();
        }
        return failed ? 1 : 0;
    }
}
