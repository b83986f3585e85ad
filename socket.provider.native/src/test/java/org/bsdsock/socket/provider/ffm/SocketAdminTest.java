package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketInfo;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The administrative view: every open socket of the provider, and closing one by descriptor. */
@Tag("unit")
class SocketAdminTest {
    private final NativeSocketModule mine = TestEngine.module("bundle.a [7]");
    private final NativeSocketModule other = TestEngine.module("bundle.b [8]");

    @AfterEach
    void stop() {
        mine.close();
        other.close();
    }

    @Test
    void socketsListsEveryInstancesSocketsWithState() throws Exception {
        SocketType l = mine.socket(AF_INET, SOCK_STREAM);
        l.bind(new InetAddr("127.0.0.1", 0));
        l.listen(1);
        SocketType c = other.socket(AF_INET, SOCK_STREAM);
        c.settimeout(3.0);
        c.connect(l.getsockname());
        SocketType conn = l.accept().conn();
        SocketType u = mine.socket(AF_INET, SOCK_DGRAM);

        Map<Integer, SocketInfo> byFd = mine.sockets().stream()
                .collect(Collectors.toMap(SocketInfo::fd, Function.identity()));
        SocketInfo li = byFd.get(l.fileno());
        assertEquals("LISTEN", li.state());
        assertEquals("bundle.a [7]", li.owner());
        assertEquals(l.getsockname(), li.local());
        SocketInfo ci = byFd.get(c.fileno());
        assertEquals("CONNECTED", ci.state());
        assertEquals("bundle.b [8]", ci.owner(), "the view spans every instance");
        assertEquals(3.0, ci.timeout());
        assertEquals(l.getsockname(), ci.peer());
        assertEquals("CONNECTED", byFd.get(conn.fileno()).state());
        SocketInfo ui = byFd.get(u.fileno());
        assertEquals("UNBOUND", ui.state());
        assertEquals(SOCK_DGRAM, ui.type());
        assertNull(ui.peer());
        assertEquals(TestEngine.ENGINE.provider(), mine.provider());

        // closing by descriptor is closing the socket: its owner now sees EBADF
        int fd = c.fileno();
        assertTrue(mine.closeSocket(fd));
        assertEquals(Errno.EBADF, assertThrows(SocketException.class, () -> c.recv(1)).errno());
        assertFalse(mine.closeSocket(fd));
        assertFalse(mine.sockets().stream().anyMatch(i -> i.fd() == fd && i.owner().equals("bundle.b [8]")));
        other.close();
        assertTrue(mine.sockets().stream().noneMatch(i -> i.owner().equals("bundle.b [8]")),
                "a closed instance leaves the view");
    }
}
