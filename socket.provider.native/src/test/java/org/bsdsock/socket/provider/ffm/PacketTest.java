package org.bsdsock.socket.provider.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code AF_PACKET} against the kernel, as CPython has it. Packet sockets need
 * {@code CAP_NET_RAW}: the calls ({@link PacketProbe}) run in a process of their own inside a
 * new user and network namespace ({@code unshare -rn}: root there, only {@code lo}, brought up),
 * so a frame cannot leave it; CPython makes the same calls in a namespace of its own, and each
 * line, addresses included, must be the same. Without privilege (a user namespace over this
 * machine's network: {@code unshare -r}) the socket is refused with the kernel's
 * {@code EPERM}, as CPython's. Skipped, visibly, where user namespaces or {@code ip} are missing.
 */
class PacketTest {
    private static final long WAIT_SECONDS = 60;

    private static List<String> java(boolean network, String mode) throws IOException {
        return run(network, List.of(System.getProperty("java.home") + "/bin/java", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), PacketProbe.class.getName(), mode));
    }

    private static List<String> python(boolean network, String mode) throws IOException {
        return run(network, List.of("python3", "-c", PacketProbe.PYTHON, mode));
    }

    @Test
    void anArpFrameSentOnLoIsCapturedWithTheAddressesCPythonReturns() throws IOException {
        assumeNamespaces();
        CPython.assume("PacketTest");
        List<String> ours = java(true, "frame");
        List<String> theirs = python(true, "frame");
        assertEquals(theirs, ours.stream().filter(l -> !l.startsWith("xdp ")).toList());
        // What CPython and we agree on, spelled out: the capture names lo, ARP, the packet
        // type lo gives a frame to ff:ff:ff:ff:ff:ff, ARPHRD_LOOPBACK and lo's address.
        assertTrue(ours.contains("rx from lo 2054 2 772 000000000000"), ours.toString());
        assertTrue(ours.contains("dg data " + PacketProbe.FRAME.substring(28)), "SOCK_DGRAM: without the header");
        assertTrue(ours.contains("unbound  0 0 0 "), "an unbound socket: no interface, as CPython's ''");
        assertTrue(ours.contains("bind error ENODEV"), ours.toString());
    }

    @Test
    void aRawSockaddrXdpReachesTheKernelThatReadsItsInterfaceIndex() throws IOException {
        assumeNamespaces();
        List<String> ours = java(true, "frame");
        // ENODEV: the kernel read an interface index that does not exist; EINVAL: it found lo
        // and refused a socket without rings. CPython cannot give AF_XDP an address at all.
        assertEquals(List.of("xdp none error ENODEV", "xdp lo error EINVAL"),
                ours.stream().filter(l -> l.startsWith("xdp ")).toList());
    }

    @Test
    void withoutPrivilegeAPacketSocketIsTheKernelsEperm() throws IOException {
        assumeNamespaces();
        List<String> ours = java(false, "socket");
        assertEquals(List.of("socket error EPERM"), ours);
        CPython.assume("PacketTest");
        assertEquals(python(false, "socket"), ours);
    }

    // ---- processes in namespaces ------------------------------------------------------------

    private static String unavailable;
    private static boolean probed;

    private static synchronized void assumeNamespaces() {
        if (!probed) {
            probed = true;
            try {
                run(true, List.of("true"));
            } catch (IOException e) {
                unavailable = "no user and network namespaces here (unshare -rn, ip): " + e.getMessage();
                System.err.println("PacketTest skipped: " + unavailable);
            }
        }
        Assumptions.assumeTrue(unavailable == null, () -> unavailable);
    }

    /**
     * Runs {@code command} as root of a new user namespace: with {@code network}, in a new
     * network namespace too, with {@code lo} up; without, over this machine's network.
     *
     * @return its standard output, by line
     * @throws IOException if it cannot start, fails, or does not end in time
     */
    private static List<String> run(boolean network, List<String> command) throws IOException {
        List<String> argv = new ArrayList<>();
        if (network) {
            argv.addAll(List.of("unshare", "-rn", "sh", "-c", "ip link set lo up && exec \"$@\"", "probe"));
        } else {
            argv.addAll(List.of("unshare", "-r"));
        }
        argv.addAll(command);
        Process p = new ProcessBuilder(argv).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try {
            if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException(argv + " did not end in " + WAIT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(argv + " exited with " + p.exitValue() + ": "
                        + err.get(WAIT_SECONDS, TimeUnit.SECONDS));
            }
            return out.get(WAIT_SECONDS, TimeUnit.SECONDS).lines().toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("cannot read the output of " + argv, e);
        } finally {
            p.destroyForcibly(); // a no-op once it has ended
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
