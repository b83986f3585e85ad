package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.MSG_CTRUNC;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.ReceivedFds;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.UnixAddr;
import org.bsdsock.socket.testing.Fds;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Descriptor passing with a real CPython peer ({@code python/fd_pass_peer.py}): it passes us the
 * read end of a pipe with {@code socket.send_fds}, we read the pipe through the descriptor we
 * received; we pass it one end of a socket pair with {@code send_fds}, it reads our line through
 * that descriptor and answers through it. Skipped, visibly, where no {@code python3} is on the PATH.
 */
@Tag("cpython")
class CPythonFdPassingTest extends ProviderFixture {

    private static Path python3OrSkip() {
        Optional<Path> found = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(p -> Arrays.stream(p.split(File.pathSeparator)))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "python3"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            System.err.println("[CPythonFdPassingTest] python3 not found on PATH: interop test SKIPPED");
        }
        Assumptions.assumeTrue(found.isPresent(), "python3 not found: the interop test needs a CPython peer");
        return found.get();
    }

    @Test
    void cpythonAndJavaPassDescriptorsBothWays() throws Exception {
        Path python3 = python3OrSkip();
        Path script = Path.of(getClass().getResource("/python/fd_pass_peer.py").toURI());
        UnixAddr address = UnixAddr.of(tmp.resolve("peer.sock").toString());
        // The JDK's own pipes to the child close asynchronously (its reaper thread), so the
        // check at the end counts sockets, and looks for the one pipe we received by name.
        List<String> before = sockets();
        String pipeName;
        try (SocketType listener = module.socket(AF_UNIX, SOCK_STREAM)) {
            listener.bind(address);
            listener.listen(1);
            listener.settimeout(20.0);
            Process peer = new ProcessBuilder(python3.toString(), "-u", script.toString(), address.pathString())
                    .redirectErrorStream(true)
                    .start();
            try (SocketType conn = listener.accept().conn()) {
                conn.settimeout(20.0);

                // CPython -> us: the read end of its pipe
                ReceivedFds r = conn.recv_fds(1024, 1);
                assertEquals("pipe", new String(r.data(), StandardCharsets.US_ASCII));
                assertEquals(1, r.fds().length);
                assertEquals(0, r.msg_flags() & MSG_CTRUNC);
                int pipe = r.fds()[0];
                pipeName = Fds.byNumber().get(pipe);
                assertTrue(pipeName.startsWith("pipe:"), "a pipe: " + pipeName);
                assertTrue(Fds.isCloexec(pipe), "received close-on-exec");
                assertEquals("through python's pipe\n", FileFds.read(pipe), "read through the received descriptor");
                module.close(pipe);

                // us -> CPython: one end of a socket pair; it answers through that descriptor
                try (SocketPair pair = module.socketpair()) {
                    pair.a().settimeout(20.0);
                    pair.a().sendall("java's line\n".getBytes(StandardCharsets.US_ASCII));
                    assertEquals(4, conn.send_fds(List.of("sock".getBytes(StandardCharsets.US_ASCII)), new int[] {pair.b().fileno()}));
                    pair.b().close(); // the peer holds its own copy now
                    assertEquals("python read: java's line\n", readLine(pair.a()));
                }
            } finally {
                boolean exited = peer.waitFor(30, TimeUnit.SECONDS);
                if (!exited) {
                    peer.destroyForcibly();
                    peer.waitFor(10, TimeUnit.SECONDS);
                }
                String transcript = new String(peer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(exited, "fd_pass_peer.py did not exit; it said: " + transcript);
                assertEquals(0, peer.exitValue(), "fd_pass_peer.py failed: " + transcript);
                assertEquals("ok", transcript.strip());
            }
        }
        assertEquals(before, sockets(), "no socket left behind");
        assertTrue(!Fds.byNumber().containsValue(pipeName), "the received pipe is closed");
    }

    private List<String> sockets() {
        return FileFds.accountable(tmp).stream().filter(t -> t.startsWith("socket:")).toList();
    }

    private static String readLine(SocketType s) throws Exception {
        StringBuilder line = new StringBuilder();
        while (line.isEmpty() || line.charAt(line.length() - 1) != '\n') {
            byte[] chunk = s.recv(1024);
            assertTrue(chunk.length > 0, "end of stream after " + line);
            line.append(new String(chunk, StandardCharsets.US_ASCII));
        }
        return line.toString();
    }
}
