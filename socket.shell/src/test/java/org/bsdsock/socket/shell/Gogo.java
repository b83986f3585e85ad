package org.bsdsock.socket.shell;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * A real Gogo command processor without a framework, with the shell's commands and converter
 * registered as the framework would: commands run as a user types them.
 */
final class Gogo implements AutoCloseable {
    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private final CommandSession session;

    Gogo(SocketCommands commands) {
        threadIO.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIO);
        processor.addCommand("socket", commands);
        processor.addConverter(new SocketConverter());
        session = processor.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
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

    /** @return what Gogo's console prints for a failed command: {@code gogo: <simple name>: <message>} */
    String consoleLine(String line) {
        Exception e = failure(line);
        return "gogo: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Override
    public void close() {
        session.close();
        threadIO.stop();
    }
}
