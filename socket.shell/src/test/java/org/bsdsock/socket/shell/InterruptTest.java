package org.bsdsock.socket.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.felix.service.command.Job;
import org.bsdsock.socket.provider.ffm.NativeSocketModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C in the console: gogo.jline interrupts the foreground job (what {@link #ctrlC} does);
 * the command line ends, the session and the commands go on.
 */
class InterruptTest {
    private final NativeSocketModule module = new NativeSocketModule();
    private final SocketCommands commands = new SocketCommands(module);
    private Gogo gogo;

    @BeforeEach
    void console() {
        gogo = new Gogo(commands);
    }

    @AfterEach
    void stop() throws Exception {
        gogo.close();
        commands.deactivate();
        module.close();
    }

    /** What gogo.jline's console does on Ctrl-C (SIGINT): interrupt the foreground job. */
    private void ctrlC() {
        Job job = gogo.session().foregroundJob();
        assertNotNull(job, "no command is running");
        job.interrupt();
    }

    /**
     * @return the thread Gogo runs the command line in, once it is inside {@code accept}: waiting
     *         for the socket call in {@link Foreground}, or in {@code accept4} itself (bounded wait)
     */
    private static Thread blockedInAccept(String commandLine) {
        for (int i = 0; i < 5_000; i++) {
            for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
                if (t.getKey().getName().equals("pipe-" + commandLine) && Arrays.stream(t.getValue())
                        .anyMatch(f -> f.getMethodName().equals("accept4") || f.getClassName().endsWith(".Foreground"))) {
                    return t.getKey();
                }
            }
            LockSupport.parkNanos(1_000_000);
        }
        throw new AssertionError(commandLine + " did not block in accept within 5 s");
    }

    private CompletableFuture<Object> typeInBackground(String line) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                done.complete(gogo.run(line));
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    @Test
    void ctrlCEndsABlockedAcceptAndTheShellGoesOn() throws Exception {
        gogo.run("q = socket:create_server 127.0.0.1:0");
        CompletableFuture<Object> accept = typeInBackground("$q accept");
        Thread pipe = blockedInAccept("$q accept");
        ctrlC();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> accept.get(10, TimeUnit.SECONDS));
        assertInstanceOf(InterruptedException.class, e.getCause(), "the command line ended on the interrupt");
        // the prompt is back: the session and the commands work, the listening socket too
        assertEquals(20480, gogo.run("socket:htons 80"));
        assertTrue((Integer) gogo.run("$q fileno") >= 0);
        assertTrue(leavesTheCommandLine(pipe), "Gogo's thread is still in the command line");
        gogo.run("$q close");
    }

    /** @return true once Gogo's pooled pipe thread has left the command line (bounded wait) */
    private static boolean leavesTheCommandLine(Thread pipe) {
        for (int i = 0; i < 10_000; i++) {
            if (Arrays.stream(pipe.getStackTrace()).noneMatch(f -> f.getClassName().endsWith("gogo.runtime.Pipe"))) {
                return true;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return false;
    }

    /**
     * The interrupt reaches the call itself: the interrupted accept leaves the kernel, so the next
     * client is the next command's. (Before, Gogo's thread stayed in accept4(2) — a platform
     * thread in a blocking system call does not see Thread.interrupt — and took that client.)
     */
    @Test
    void theInterruptedAcceptLeavesTheKernel() throws Exception {
        gogo.run("q = socket:create_server 127.0.0.1:0");
        CompletableFuture<Object> accept = typeInBackground("$q accept");
        blockedInAccept("$q accept");
        ctrlC();
        assertThrows(ExecutionException.class, () -> accept.get(10, TimeUnit.SECONDS));
        int port = (Integer) gogo.run("($q getsockname) port");
        gogo.run("c = socket:create_connection 127.0.0.1:" + port);
        gogo.run("$q settimeout 5");
        assertEquals(gogo.run("$c getsockname"), gogo.run("($q accept) address"),
                "the next accept got the client (an accept left in the kernel would have taken it)");
        gogo.run("$c close");
        gogo.run("$q close");
    }
}
