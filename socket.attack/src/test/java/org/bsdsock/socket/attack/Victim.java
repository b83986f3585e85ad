package org.bsdsock.socket.attack;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.MSG_DONTWAIT;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.bsdsock.socket.api.SocketConstants.SO_ERROR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.BlockingIOException;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;

/**
 * A new socket opened on a descriptor number just freed by a close, in a known state, so that
 * a call that wrongly went on with the old number would show: bytes taken from it or sent
 * through it, a connection accepted from it, a connect made with it.
 */
final class Victim implements AutoCloseable {
    private static final SocketModule M = Provider.module();
    private static final byte[] SENTINEL = "nothing may touch this".getBytes(StandardCharsets.US_ASCII);

    private final Scenes.VictimKind kind;
    private final SocketType victim;
    private final List<AutoCloseable> held;
    private final SocketType peer;

    private Victim(Scenes.VictimKind kind, SocketType victim, SocketType peer, List<AutoCloseable> held) {
        this.kind = kind;
        this.victim = victim;
        this.peer = peer;
        this.held = held;
    }

    /**
     * Opens sockets of {@code kind} until one gets descriptor {@code fd} (Linux gives the lowest
     * free number), at most a few tries; the others are closed again.
     *
     * @return the victim on {@code fd}, or null if the number is not free (yet)
     */
    static Victim take(int fd, Scenes.VictimKind kind) throws SocketException {
        List<AutoCloseable> misses = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                List<AutoCloseable> made = new ArrayList<>();
                SocketType hit = null;
                SocketType other = null;
                switch (kind) {
                    case STREAM -> {
                        SocketPair p = M.socketpair(AF_UNIX, SOCK_STREAM);
                        made.add(p.a());
                        made.add(p.b());
                        hit = p.a().fileno() == fd ? p.a() : p.b().fileno() == fd ? p.b() : null;
                        other = hit == p.a() ? p.b() : p.a();
                    }
                    case LISTENER -> {
                        SocketType l = M.socket(AF_INET, SOCK_STREAM);
                        made.add(l);
                        hit = l.fileno() == fd ? l : null;
                    }
                    case UNCONNECTED_INET, UNCONNECTED_UNIX -> {
                        SocketType u = M.socket(kind == Scenes.VictimKind.UNCONNECTED_INET ? AF_INET : AF_UNIX, SOCK_STREAM);
                        made.add(u);
                        hit = u.fileno() == fd ? u : null;
                    }
                }
                if (hit == null) {
                    misses.addAll(made);
                    continue;
                }
                Victim v = new Victim(kind, hit, other, made);
                v.prepare();
                return v;
            }
            return null;
        } finally {
            for (AutoCloseable c : misses) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Puts the victim in its known state. */
    private void prepare() throws SocketException {
        switch (kind) {
            case STREAM -> peer.sendall(SENTINEL);
            case LISTENER -> {
                victim.bind(new InetAddr("127.0.0.1", 0));
                victim.listen(4);
                SocketType client = M.socket(AF_INET, SOCK_STREAM);
                held.add(client);
                client.connect(victim.getsockname());
            }
            default -> {
                // an unconnected socket: nothing to add
            }
        }
    }

    /** Checks that nothing reached the victim: its state is as {@link #take} left it. */
    void checkUntouched(String what) throws SocketException {
        switch (kind) {
            case STREAM -> {
                assertArrayEquals(SENTINEL, victim.recv(SENTINEL.length + 16, MSG_DONTWAIT),
                        what + ": the bytes waiting in the socket now on the number were taken");
                assertThrows(BlockingIOException.class, () -> victim.recv(16, MSG_DONTWAIT),
                        what + ": bytes arrived in the socket now on the number");
                assertThrows(BlockingIOException.class, () -> peer.recv(16, MSG_DONTWAIT),
                        what + ": bytes were sent through the socket now on the number");
                assertEquals(0, victim.getsockopt(SOL_SOCKET, SO_ERROR), what + ": SO_ERROR of the socket now on the number");
                victim.sendall(SENTINEL);
                assertArrayEquals(SENTINEL, peer.recv(SENTINEL.length), what + ": the socket now on the number still works");
            }
            case LISTENER -> {
                victim.setblocking(false);
                try {
                    Accepted a = victim.accept();
                    a.conn().close();
                } catch (BlockingIOException e) {
                    fail(what + ": the connection waiting on the listener now on the number was taken");
                }
            }
            default -> {
                SocketException e = assertThrows(SocketException.class, victim::getpeername,
                        what + ": the unconnected socket now on the number got connected");
                assertEquals(Errno.ENOTCONN, e.errno(), what + ": getpeername of the socket now on the number");
            }
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : held) {
            try {
                c.close();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }
}
