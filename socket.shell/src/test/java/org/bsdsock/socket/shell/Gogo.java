package org.bsdsock.socket.shell;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.apache.felix.service.command.Converter;

/**
 * A real Gogo command processor without a framework, with the shell's commands and converter
 * registered as the framework would: commands run as a user types them.
 */
final class Gogo implements AutoCloseable {
    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private final CommandProcessorImpl processor;
    private final CommandSession session;

    Gogo(SocketCommands commands) {
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        processor.addCommand("socket", commands);
        processor.addConverter(new SocketConverter());
        session = processor.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
    }

    /** Registers every public method of {@code target} as a command of {@code scope}, as another bundle's commands. */
    Gogo register(String scope, Object target) {
        processor.addCommand(scope, target);
        return this;
    }

    /** Registers some functions of {@code target} as commands of {@code scope}. */
    Gogo register(String scope, Object target, String... functions) {
        for (String f : functions) {
            processor.addCommand(scope, target, f);
        }
        return this;
    }

    /** Registers a session listener, as the framework does for a listener service. */
    Gogo listen(CommandSessionListener listener) {
        processor.addListener(listener);
        return this;
    }

    /** @return the session the lines run in */
    CommandSession session() {
        return session;
    }

    /** @return what the command line returns */
    Object run(String line) throws Exception {
        return session.execute(line);
    }

    /** @return what the console prints for the command line's result (INSPECT level, as Gogo's console does) */
    String print(String line) throws Exception {
        return String.valueOf(session.format(session.execute(line), Converter.INSPECT));
    }

    /** @return the exception the command line raises, as Gogo's console sees it */
    Exception failure(String line) {
        try {
            Object r = session.execute(line);
            throw new AssertionError(line + " did not fail, returned " + r);
        } catch (Exception e) {
            return e;
        }
    }

    /** @return what the console (gogo.jline) prints for a failed command: the exception's toString() */
    String consoleLine(String line) {
        return failure(line).toString();
    }

    @Override
    public void close() {
        session.close();
        threadIO.stop();
    }
}
