package org.bsdsock.socket.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.bsdsock.socket.provider.ffm.NativeSocketModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Gogo session across a provider update, as the README's transcript shows it: the echo server
 * and a connected socket in a variable go on with the next provider, and the socket object
 * names the provider that has it now. Here the update is what the provider's deactivation and
 * DS do, without a framework (HandOverIT does it in Felix with {@code update}).
 */
class HandOverSessionTest {
    private final NativeSocketModule first = new NativeSocketModule();
    private NativeSocketModule second;
    private final SocketCommands commands = new SocketCommands(first);
    private final Gogo gogo = new Gogo(commands);

    @AfterEach
    void stop() throws Exception {
        gogo.close();
        commands.deactivate();
        first.close();
        if (second != null) {
            second.close();
        }
    }

    @Test
    void theSessionGoesOnAcrossAnUpdate() throws Exception {
        gogo.run("s = socket:echo_server 0");
        Object port = gogo.run("$s port");
        gogo.run("c = socket:socket AF_INET SOCK_STREAM");
        gogo.run("$c connect 127.0.0.1:" + port);
        gogo.run("$c send before");
        assertEquals("before", gogo.run("$c recv 100"));
        int fd = (Integer) gogo.run("$c fileno");
        assertEquals("native", gogo.run("$c provider"));

        // `update <provider>`: the provider hands its sockets over, DS unbinds and binds again
        first.handOver(Duration.ofSeconds(20));
        commands.forgetModule();
        commands.providerGone("native");
        second = new NativeSocketModule();
        commands.useModule(second);

        assertEquals(fd, gogo.run("$c fileno"), "the same socket");
        gogo.run("$c send after");
        assertEquals("after", gogo.run("$c recv 100"));
        assertEquals("native (made by native)", gogo.run("$c provider"), "the provider that has it now, and its maker");
        gogo.run("$c close"); // the seed's server serves one client at a time: then the next
        assertEquals("Received 'again'", gogo.run("socket:echo_client 127.0.0.1 " + port + " again"));
        gogo.run("socket:echo_stop " + port);
    }
}
