package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_VSOCK;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.VMADDR_CID_ANY;
import static org.bsdsock.socket.api.SocketConstants.VMADDR_CID_LOCAL;
import static org.bsdsock.socket.api.SocketConstants.VMADDR_PORT_ANY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.VsockAddr;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code AF_VSOCK} against the running kernel, compared with CPython's answers for the same
 * calls. Stream sockets bind, name and listen wherever the family exists; a connection needs a
 * transport to the peer: to this machine's own {@code VMADDR_CID_LOCAL} that is the loopback
 * transport ({@code vsock_loopback}). Where it is missing (this machine, a guest with only the
 * virtio transport to its host), the echo is skipped saying so, and the connect's failure is
 * checked to be the kernel's, as CPython reports it.
 */
class VsockTest extends ProviderFixture {
    /** The loopback transport's module; {@code /sys/module} lists it when loaded or built in. */
    private static final boolean LOOPBACK = Files.exists(Path.of("/sys/module/vsock_loopback"));

    private void assumeVsock() throws SocketException {
        try {
            module.socket(AF_VSOCK, SOCK_STREAM).close();
        } catch (SocketException e) {
            System.err.println("VsockTest skipped: no AF_VSOCK here: " + e.getMessage());
            Assumptions.abort("no AF_VSOCK here: " + e.getMessage());
        }
    }

    @Test
    void bindGetsocknameAndListenAsCPython() throws Exception {
        assumeVsock();
        try (SocketType s = module.socket(AF_VSOCK, SOCK_STREAM)) {
            assertEquals(new VsockAddr(VMADDR_CID_ANY, VMADDR_PORT_ANY), s.getsockname(), "unbound");
            s.bind(new VsockAddr(VMADDR_CID_ANY, VMADDR_PORT_ANY));
            VsockAddr bound = (VsockAddr) s.getsockname();
            assertEquals(VMADDR_CID_ANY, bound.cid());
            assertNotEquals(VMADDR_PORT_ANY, bound.port(), "the kernel chose a port");
            s.listen(1);
            // a second socket on the same port: the kernel's EADDRINUSE
            try (SocketType t = module.socket(AF_VSOCK, SOCK_STREAM)) {
                SocketException e = assertThrows(SocketException.class, () -> t.bind(bound));
                assertEquals(Errno.EADDRINUSE, e.errno());
            }
            CPython.assume("VsockTest");
            List<String> py = CPython.run("import socket\n"
                    + "s = socket.socket(socket.AF_VSOCK, socket.SOCK_STREAM)\n"
                    + "print(*s.getsockname())\n"
                    + "s.bind((socket.VMADDR_CID_ANY, socket.VMADDR_PORT_ANY))\n"
                    + "c, p = s.getsockname()\n"
                    + "print(c, p != socket.VMADDR_PORT_ANY)\n"
                    + "s.listen(1)\n"
                    + "t = socket.socket(socket.AF_VSOCK, socket.SOCK_STREAM)\n"
                    + "try: t.bind((c, p))\n"
                    + "except OSError as e: print(__import__('errno').errorcode[e.errno])\n");
            assertEquals(List.of(VMADDR_CID_ANY + " " + VMADDR_PORT_ANY, VMADDR_CID_ANY + " True", "EADDRINUSE"), py);
        }
    }

    @Test
    void aStreamEchoOverTheLocalCid() throws Exception {
        assumeVsock();
        Assumptions.assumeTrue(LOOPBACK, "no vsock loopback transport here (/sys/module/vsock_loopback absent):"
                + " this machine cannot connect to VMADDR_CID_LOCAL");
        try (SocketType server = module.socket(AF_VSOCK, SOCK_STREAM)) {
            server.bind(new VsockAddr(VMADDR_CID_ANY, VMADDR_PORT_ANY));
            server.listen(1);
            long port = ((VsockAddr) server.getsockname()).port();
            server.settimeout(10.0);
            CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> {
                try (SocketType conn = server.accept().conn()) {
                    conn.settimeout(10.0);
                    byte[] got = conn.recv(64);
                    conn.sendall(got);
                    return got;
                } catch (SocketException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SocketType c = module.socket(AF_VSOCK, SOCK_STREAM)) {
                c.settimeout(10.0);
                c.connect(new VsockAddr(VMADDR_CID_LOCAL, port));
                c.sendall(new byte[] {1, 2, 3});
                assertArrayEquals(new byte[] {1, 2, 3}, c.recv(64));
                assertEquals(new VsockAddr(VMADDR_CID_LOCAL, port), c.getpeername());
            }
            assertArrayEquals(new byte[] {1, 2, 3}, echoed.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void withoutTheLoopbackTransportConnectingToTheLocalCidFailsAsTheKernelSays() throws Exception {
        assumeVsock();
        Assumptions.assumeFalse(LOOPBACK, "the loopback transport is here: aStreamEchoOverTheLocalCid connects");
        CPython.assume("VsockTest");
        // Port 1 of this machine: nothing listens there whatever transport carries it. The
        // kernel gives up after its connect timeout (SO_VM_SOCKETS_CONNECT_TIMEOUT, 2 s).
        int ours;
        try (SocketType c = module.socket(AF_VSOCK, SOCK_STREAM)) {
            c.settimeout(10.0);
            ours = c.connect_ex(new VsockAddr(VMADDR_CID_LOCAL, 1));
        }
        List<String> py = CPython.run("import socket, errno\n"
                + "c = socket.socket(socket.AF_VSOCK, socket.SOCK_STREAM)\n"
                + "c.settimeout(10.0)\n"
                + "print(errno.errorcode.get(c.connect_ex((" + VMADDR_CID_LOCAL + ", 1)), 0))\n");
        assertNotEquals(0, ours, "connected without a transport");
        assertEquals(py, List.of(Errno.errorcode(ours)));
    }

    @Test
    void aDatagramSocketIsTheKernelsToGiveOrRefuseAsForCPython() throws Exception {
        assumeVsock();
        CPython.assume("VsockTest");
        String ours;
        try (SocketType d = module.socket(AF_VSOCK, SOCK_DGRAM)) {
            ours = "ok";
        } catch (SocketException e) {
            ours = Errno.errorcode(e.errno()); // ENODEV where no transport offers datagrams
        }
        List<String> py = CPython.run("import socket, errno\n"
                + "try: socket.socket(socket.AF_VSOCK, socket.SOCK_DGRAM).close(); print('ok')\n"
                + "except OSError as e: print(errno.errorcode[e.errno])\n");
        assertEquals(py, List.of(ours));
    }
}
