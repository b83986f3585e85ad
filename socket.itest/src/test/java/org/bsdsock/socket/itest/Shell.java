package org.bsdsock.socket.itest;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/** A Gogo session on the framework's command processor: commands as a user types them. */
final class Shell implements AutoCloseable {
    private final CommandSession session;

    Shell(CommandProcessor processor) {
        PrintStream discard = new PrintStream(new ByteArrayOutputStream());
        session = processor.createSession(InputStream.nullInputStream(), discard, discard);
    }

    /** @return the command line's result */
    Object run(String line) throws Exception {
        return session.execute(line);
    }

    /** @return what Gogo's console prints for the command line's result (INSPECT level) */
    String print(String line) throws Exception {
        return String.valueOf(session.format(session.execute(line), Converter.INSPECT));
    }

    /** @return the console's line for a command that fails: {@code gogo: <simple name>: <message>} */
    String failure(String line) {
        try {
            Object r = session.execute(line);
            throw new AssertionError(line + " did not fail, returned " + r);
        } catch (Exception e) {
            return "gogo: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** @return true if the shell's commands have a provider now */
    boolean hasProvider() {
        try {
            session.execute("socket:gethostname");
            return true;
        } catch (Exception none) {
            return false;
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
