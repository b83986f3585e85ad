package org.bsdsock.socket.shell;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.startlevel.BundleStartLevel;
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
    // How long the script waits for the framework's other bundles to start (Felix's console among them).
    private static final long START_TIMEOUT_SECONDS = 60;

    private final CommandProcessor processor;
    private final BundleContext context;
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
        this.context = context;
        String where = context.getProperty(PROPERTY);
        if (STDIN.equals(where)) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("main.thread", "true");
            main = context.registerService(Callable.class, new Main(), props);
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

    // The launcher reads the type argument of the class's Callable: a lambda has none.
    private final class Main implements Callable<Integer> {
        @Override
        public Integer call() throws IOException, InterruptedException {
            return run();
        }
    }

    /**
     * Waits until every bundle that is to run has started: the launcher calls the script while
     * it raises the start level, and the bundles of the last level (Felix's console, with its
     * commands and converters) may not have started yet.
     */
    private void awaitStarted() throws InterruptedException {
        Object changed = new Object();
        FrameworkListener levels = e -> wake(changed);
        BundleListener bundles = e -> wake(changed);
        context.addFrameworkListener(levels);
        context.addBundleListener(bundles);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
            synchronized (changed) {
                while (notStartedYet()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        System.err.println("the framework's bundles did not start within " + START_TIMEOUT_SECONDS
                                + " s; running the script anyway");
                        return;
                    }
                    TimeUnit.NANOSECONDS.timedWait(changed, left);
                }
            }
        } finally {
            context.removeBundleListener(bundles);
            context.removeFrameworkListener(levels);
        }
    }

    private static void wake(Object monitor) {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /**
     * @return true while a bundle marked to start (its start level not reached yet, or being
     *         started) is not active; one that waits for its first class load (lazy) counts as started
     */
    private boolean notStartedYet() {
        for (Bundle b : context.getBundles()) {
            BundleStartLevel start = b.adapt(BundleStartLevel.class);
            boolean lazy = b.getHeaders().get(Constants.BUNDLE_ACTIVATIONPOLICY) != null;
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (start != null && start.isPersistentlyStarted() && !fragment && b.getState() != Bundle.ACTIVE
                    && !(lazy && b.getState() == Bundle.STARTING)) {
                return true;
            }
        }
        return false;
    }

    /** @return 0 if every command line ran, 1 if one failed */
    private Integer run() throws IOException, InterruptedException {
        awaitStarted();
        // The process's own streams: Gogo has replaced System.in/out/err with per-thread ones,
        // which inside a command line lead back to the line's own pipe.
        InputStream stdin = new FileInputStream(FileDescriptor.in);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        boolean failed = false;
        CommandSession session = processor.createSession(stdin, out, err);
        try {
            for (String line; (line = in.readLine()) != null;) {
                if (line.isBlank() || line.strip().startsWith("#")) {
                    continue;
                }
                try {
                    Object result = session.execute(line);
                    if (result != null) {
                        // a list or map ends with a newline of its own: one line end is enough
                        out.println(session.format(result, Converter.INSPECT).toString().stripTrailing());
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
