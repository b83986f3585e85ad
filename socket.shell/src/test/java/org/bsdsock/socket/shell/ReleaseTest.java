package org.bsdsock.socket.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.provider.ffm.NativeSocketModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When a provider stops (and nobody takes its sockets over), nothing of it stays reachable from
 * the shell's side: the socket objects a user still holds in variables are closed and let go
 * of the provider's sockets, ended echo servers drop theirs.
 */
class ReleaseTest {
    private final SocketCommands commands;
    private final Gogo gogo;
    private final WeakReference<NativeSocketModule> provider;

    ReleaseTest() {
        NativeSocketModule module = new NativeSocketModule();
        provider = new WeakReference<>(module);
        commands = new SocketCommands(module);
        gogo = new Gogo(commands);
    }

    @AfterEach
    void stop() throws Exception {
        gogo.close();
        commands.deactivate();
        NativeSocketModule module = provider.get();
        if (module != null) {
            module.close();
        }
    }

    /** What stopping the provider bundle does: the provider closes its sockets, DS tells the shell. */
    private void stopProvider() {
        provider.get().close();
        commands.forgetModule();
        commands.providerGone("native");
    }

    private static boolean collected(WeakReference<?> ref) {
        for (int i = 0; i < 100 && ref.get() != null; i++) { // bounded: up to ~10 s of collections
            System.gc();
            try {
                Thread.sleep(100); // lets the collector finish a cycle; what is awaited is ref being cleared
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return ref.get() == null;
    }

    @Test
    void aStoppedProvidersSocketsAreDroppedByTheObjectsThatHeldThem() throws Exception {
        ShellSocket c = (ShellSocket) gogo.run("c = socket:socket AF_INET SOCK_STREAM");
        EchoServer server = (EchoServer) gogo.run("srv = socket:echo_server 0");
        gogo.run("p = (socket:socketpair)");
        WeakReference<SocketType> listening = new WeakReference<>(server.listening());

        stopProvider();
        assertEquals("SocketFailure: EBADF: recv(..) failed: socket provider stopped", gogo.consoleLine("$c recv 1"));
        assertEquals(-1, gogo.run("$c fileno"));
        assertEquals(-1, ((Pair) gogo.run("$p")).a().socket().fileno());
        server.stop(); // bounded: its thread ended when the provider closed the socket
        assertFalse(server.running());
        assertTrue(server.toString().contains("ended ("), server.toString());

        assertNull(server.listening(), "the ended server let go of its socket");
        assertTrue(collected(listening), "the ended echo server's socket is still reachable");
        assertTrue(collected(provider), "the stopped provider is still reachable from the shell's objects");
        // the variables are still there, and print
        assertTrue(gogo.print("$srv").startsWith("echo server on 0.0.0.0:"));
    }

    @Test
    void socketsAcceptedFromAStoppedProviderAreReleasedToo() throws Exception {
        gogo.run("l = socket:create_server 127.0.0.1:0");
        gogo.run("c = socket:create_connection ($l getsockname)");
        Connection accepted = (Connection) gogo.run("a = $l accept");
        stopProvider();
        assertEquals(-1, accepted.conn().socket().fileno(), "an accepted socket is closed with its provider");
        assertEquals("java.lang.IllegalStateException: no socket provider is registered", gogo.consoleLine("socket:socket"));
    }
}
