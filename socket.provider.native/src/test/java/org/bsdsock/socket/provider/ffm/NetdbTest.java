package org.bsdsock.socket.provider.ffm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bsdsock.socket.api.AddressInfoException;
import org.bsdsock.socket.api.HostEntry;
import org.bsdsock.socket.api.HostException;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The module's name-service and conversion functions against the real C library. Names come
 * only from {@code /etc/hosts} ({@code localhost}, {@code 127.0.0.1}, and the machine's own name
 * where {@code /etc/hosts} lists it, else that test skips): no test sends a DNS query.
 */
@Tag("unit")
class NetdbTest {

    private final NativeSocketModule provider = TestEngine.module();
    private final SocketModule module = provider;

    @AfterEach
    void stop() {
        provider.close();
    }

    // ---- gethostbyname --------------------------------------------------------------------

    @Test
    void gethostbynameResolvesLocalhost() throws SocketException {
        assertEquals("127.0.0.1", module.gethostbyname("localhost"));
    }

    @Test
    void gethostbynameReturnsADottedQuadUnchanged() throws SocketException {
        assertEquals("100.50.200.5", module.gethostbyname("100.50.200.5"));
    }

    @Test
    void gethostbynameKnowsTheSeedsSpecialHosts() throws SocketException {
        assertEquals("0.0.0.0", module.gethostbyname(""));
        assertEquals("255.255.255.255", module.gethostbyname("<broadcast>"));
    }

    @Test
    void addressInfoErrorsCarryTheEaiCodeAndGaiStrerror() {
        // An unknown name would need a DNS query (tests stay on loopback and /etc/hosts), so
        // the gaierror path is checked from the EAI code on.
        AddressInfoException e = Errors.addressInfo("getaddrinfo", SocketConstants.EAI_NONAME);
        assertEquals(SocketConstants.EAI_NONAME, e.errno());
        assertEquals("EAI_NONAME", e.errorName());
        assertEquals("getaddrinfo(..) failed: Name or service not known", e.getMessage());
    }

    @Test
    void hostNamesAreCheckedAsCPythonsIdnaCodecDoes() {
        IllegalArgumentException empty =
                assertThrows(IllegalArgumentException.class, () -> module.gethostbyname("a..b"));
        assertTrue(empty.getMessage().contains("label empty or too long"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> module.gethostbyname("a".repeat(64) + ".invalid"));
        assertThrows(IllegalArgumentException.class, () -> module.gethostbyname_ex("local\0host"));
    }

    @Test
    void aNonAsciiHostNameIsSentInIdnaForm() {
        assertEquals("xn--bcher-kva.invalid", AddressText.hostName("bücher.invalid"));
        assertEquals("localhost.", AddressText.hostName("localhost."));
    }

    // ---- gethostbyname_ex -----------------------------------------------------------------

    @Test
    void gethostbyname_exResolvesLocalhost() throws SocketException {
        HostEntry e = module.gethostbyname_ex("localhost");
        assertEquals("localhost", e.hostname());
        assertTrue(e.ipaddrlist().contains("127.0.0.1"), e.toString());
    }

    @Test
    void gethostbyname_exResolvesTheMachinesOwnName() throws SocketException {
        EtcHosts.assumeOwnNameListed(module, "NetdbTest");
        String me = module.gethostname();
        HostEntry e = module.gethostbyname_ex(me);
        assertFalse(e.ipaddrlist().isEmpty(), e.toString());
        assertTrue(e.ipaddrlist().contains(module.gethostbyname(me)), e.toString());
    }

    @Test
    void gethostbyname_exKeepsTheNameAsGiven() throws SocketException {
        // glibc takes "127.1" as 127.0.0.1 and names the entry as asked, as CPython shows
        assertEquals(new HostEntry("127.1", List.of(), List.of("127.0.0.1")), module.gethostbyname_ex("127.1"));
    }

    @Test
    void gethostbyname_exFailureIsAHostErrorWithHErrno() {
        // "" passes getaddrinfo (the wildcard) but not gethostbyname_r: NO_RECOVERY, decided
        // without any DNS query
        HostException e = assertThrows(HostException.class, () -> module.gethostbyname_ex(""));
        assertEquals(3, e.errno());
        assertEquals("NO_RECOVERY", e.errorName());
        assertEquals("gethostbyname_ex", e.call());
        assertFalse(e.strerror().isEmpty());
        assertEquals("gethostbyname_ex(..) failed: " + e.strerror(), e.getMessage());

        HostException b = assertThrows(HostException.class, () -> module.gethostbyname_ex("<broadcast>"));
        assertEquals(1, b.errno());
        assertEquals("HOST_NOT_FOUND", b.errorName());
    }

    // ---- gethostname --------------------------------------------------------------------------

    @Test
    void gethostnameIsTheKernelsNodeName() throws Exception {
        String name = module.gethostname();
        assertFalse(name.isEmpty());
        Path proc = Path.of("/proc/sys/kernel/hostname");
        if (Files.isReadable(proc)) {
            assertEquals(Files.readString(proc, StandardCharsets.UTF_8).strip(), name);
        }
    }

    // ---- gethostbyaddr --------------------------------------------------------------------------

    @Test
    void gethostbyaddrNamesTheLoopbackAddress() throws SocketException {
        HostEntry e = module.gethostbyaddr("127.0.0.1");
        assertEquals(List.of("127.0.0.1"), e.ipaddrlist());
        assertTrue(Stream.concat(Stream.of(e.hostname()), e.aliaslist().stream())
                .anyMatch(n -> n.startsWith("localhost")), e.toString());
    }

    @Test
    void gethostbyaddrAcceptsAHostName() throws SocketException {
        HostEntry e = module.gethostbyaddr("localhost");
        // localhost may resolve to ::1 first where /etc/hosts lists it, as in CPython
        assertTrue(e.ipaddrlist().contains("127.0.0.1") || e.ipaddrlist().contains("::1"), e.toString());
    }

    @Test
    void gethostbyaddrRefusesTheAmbiguousWildcard() {
        // CPython's rule: "" stands for the wildcard, which getaddrinfo gives for each family
        SocketException e = assertThrows(SocketException.class, () -> module.gethostbyaddr(""));
        assertEquals("gethostbyaddr(..) failed: wildcard resolved to multiple address", e.getMessage());
        assertEquals(0, e.errno());
    }

    // ---- getprotobyname, getservbyname ----------------------------------------------------------

    @Test
    void getprotobynameReadsTheProtocolsDatabase() throws SocketException {
        assertEquals(1, module.getprotobyname("icmp"));
        assertEquals(SocketConstants.IPPROTO_TCP, module.getprotobyname("tcp"));
        assertEquals(SocketConstants.IPPROTO_UDP, module.getprotobyname("udp"));
    }

    @Test
    void getprotobynameOfAnUnknownProtocolSaysNotFound() {
        SocketException e = assertThrows(SocketException.class, () -> module.getprotobyname("nope"));
        assertEquals(SocketException.class, e.getClass());
        assertEquals(0, e.errno());
        assertEquals("getprotobyname", e.call());
        assertEquals("getprotobyname(..) failed: protocol not found", e.getMessage());
    }

    @Test
    void getservbyportReadsTheServicesDatabaseAndRefusesWhatCPythonRefuses() throws SocketException {
        assertEquals("http", module.getservbyport(80, "tcp"));
        assertEquals("domain", module.getservbyport(53, "udp"));
        assertEquals(module.getservbyport(module.getservbyname("ssh", "tcp")), "ssh");
        for (int bad : new int[] {-1, 65_536}) {
            assertEquals("getservbyport: port must be 0-65535.",
                    assertThrows(IllegalArgumentException.class, () -> module.getservbyport(bad)).getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> module.getservbyport(80, "t\0cp"));
        assertEquals("port/proto not found",
                assertThrows(SocketException.class, () -> module.getservbyport(1, "nope")).strerror());
    }

    @Test
    void getservbynameReadsTheServicesDatabase() throws SocketException {
        assertEquals(80, module.getservbyname("http", "tcp"));
        assertEquals(53, module.getservbyname("domain", "udp"));
        assertEquals(22, module.getservbyname("ssh", "tcp"));
    }

    @Test
    void getservbynameWithoutAProtocolMatchesAny() throws SocketException {
        assertEquals(80, module.getservbyname("http", null));
    }

    @Test
    void getservbynameOfAnUnknownPairSaysNotFound() {
        for (String[] pair : new String[][] {{"nope", "tcp"}, {"http", "bogus"}, {"80", "tcp"}}) {
            SocketException e = assertThrows(SocketException.class, () -> module.getservbyname(pair[0], pair[1]));
            assertEquals(SocketException.class, e.getClass());
            assertEquals(0, e.errno());
            assertEquals("getservbyname(..) failed: service/proto not found", e.getMessage());
        }
    }

    @Test
    void aBufferTooSmallForTheAnswerIsGrownUntilItFits() throws SocketException {
        // 8 bytes hold no entry: the _r calls answer ERANGE until the buffer has doubled enough
        assertEquals(module.gethostbyname_ex("localhost"), Netdb.gethostbyname_ex("localhost", 8));
        assertEquals(module.gethostbyaddr("127.0.0.1"), Netdb.gethostbyaddr("127.0.0.1", 8));
        assertEquals(1, Netdb.getprotobyname("icmp", 8));
        assertEquals(80, Netdb.getservbyname("http", "tcp", 8));
        SocketException e = assertThrows(SocketException.class, () -> Netdb.getprotobyname("nope", 8));
        assertEquals("getprotobyname(..) failed: protocol not found", e.getMessage());
    }

    @Test
    void nullArgumentsAreRefused() {
        assertThrows(NullPointerException.class, () -> module.gethostbyname(null));
        assertThrows(NullPointerException.class, () -> module.gethostbyname_ex(null));
        assertThrows(NullPointerException.class, () -> module.gethostbyaddr(null));
        assertThrows(NullPointerException.class, () -> module.getprotobyname(null));
        assertThrows(NullPointerException.class, () -> module.getservbyname(null, "tcp"));
        assertThrows(NullPointerException.class, () -> module.inet_aton(null));
        assertThrows(NullPointerException.class, () -> module.inet_ntoa(null));
    }

    // ---- many threads -----------------------------------------------------------------------------

    @Test
    void lookupsFromManyThreadsAtOnceAllGetTheRightAnswer() throws Exception {
        int threads = 32;
        int rounds = 50;
        HostEntry expected = module.gethostbyname_ex("localhost");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<Integer> task = () -> {
                    start.await();
                    int right = 0;
                    for (int i = 0; i < rounds; i++) {
                        if (expected.equals(module.gethostbyname_ex("localhost"))
                                && module.getservbyname("http", "tcp") == 80
                                && module.getservbyname("domain", "udp") == 53
                                && module.getprotobyname("icmp") == 1) {
                            right++;
                        }
                    }
                    return right;
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Integer> r : results) {
                assertEquals(rounds, r.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    // ---- byte order ---------------------------------------------------------------------------------

    @Test
    void htonsAndHtonlGiveTheNetworkOrderBytesInHostOrder() {
        // the number whose bytes, stored in host order, are the big-endian bytes of x
        int s = ByteBuffer.wrap(new byte[] {0x12, 0x34}).order(ByteOrder.nativeOrder()).getShort() & 0xFFFF;
        assertEquals(s, module.htons(0x1234));
        assertEquals(s, module.ntohs(0x1234));
        long l = ByteBuffer.wrap(new byte[] {0x12, 0x34, 0x56, 0x78}).order(ByteOrder.nativeOrder()).getInt()
                & 0xFFFF_FFFFL;
        assertEquals(l, module.htonl(0x12345678L));
        assertEquals(l, module.ntohl(0x12345678L));
    }

    @Test
    void byteOrderRoundTrips() {
        // CPython test_socket testNtoH / testNtoHL
        for (int i = 0; i < 32; i++) {
            long mask = (1L << i) - 1;
            assertEquals(mask, module.ntohl(module.htonl(mask)));
            assertEquals(mask, module.htonl(module.ntohl(mask)));
            if (i <= 16) {
                assertEquals((int) mask, module.ntohs(module.htons((int) mask)));
            }
        }
        long[] values = {0, 1, 0xffff, ~0xffffL, 2, 0x01234567, 0x76543210};
        for (long v : values) {
            long v32 = v & 0xFFFF_FFFFL;
            assertEquals(v32, module.htonl(module.htonl(v32)));
            assertEquals(v32, module.ntohl(module.ntohl(v32)));
            int v16 = (int) (v & 0xFFFF);
            assertEquals(v16, module.htons(module.htons(v16)));
            assertEquals(v16, module.ntohs(module.ntohs(v16)));
        }
        assertEquals(0xFFFF_FFFFL, module.htonl(0xFFFF_FFFFL));
        assertEquals(0xFFFF, module.htons(0xFFFF));
    }

    @Test
    void byteOrderRefusesValuesOutOfRange() {
        // CPython test_socket testNtoHErrors: OverflowError there
        int[] bad16 = {-1, -2, -(1 << 15) - 1, Integer.MIN_VALUE, 1 << 16, Integer.MAX_VALUE};
        for (int v : bad16) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> module.htons(v));
            assertTrue(e.getMessage().startsWith("htons: "), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> module.ntohs(v));
        }
        long[] bad32 = {-1, -2, -(1L << 31) - 1, Long.MIN_VALUE, 1L << 32, 1L << 34, Long.MAX_VALUE};
        for (long v : bad32) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> module.htonl(v));
            assertTrue(e.getMessage().startsWith("htonl: "), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> module.ntohl(v));
        }
    }

    // ---- inet_aton, inet_ntoa --------------------------------------------------------------------------

    @Test
    void inet_atonPacksDottedQuads() throws SocketException {
        // CPython test_socket testIPv4toString
        assertArrayEquals(bytes(0, 0, 0, 0), module.inet_aton("0.0.0.0"));
        assertArrayEquals(bytes(0xff, 0, 0xff, 0), module.inet_aton("255.0.255.0"));
        assertArrayEquals(bytes(0xaa, 0xaa, 0xaa, 0xaa), module.inet_aton("170.170.170.170"));
        assertArrayEquals(bytes(1, 2, 3, 4), module.inet_aton("1.2.3.4"));
        assertArrayEquals(bytes(0xff, 0xff, 0xff, 0xff), module.inet_aton("255.255.255.255"));
    }

    @Test
    void inet_atonAcceptsWhatTheCLibraryAccepts() throws SocketException {
        assertArrayEquals(bytes(127, 0, 0, 1), module.inet_aton("127.1"));
        assertArrayEquals(bytes(127, 0, 0, 1), module.inet_aton("0x7f.1"));
        assertArrayEquals(bytes(0xff, 0xff, 0xff, 0xff), module.inet_aton("4294967295"));
    }

    @Test
    void inet_atonRejectsIllegalStrings() {
        for (String bad : new String[] {"0.0.0.", "300.0.0.0", "a.0.0.0", "1.2.3.4.5", "::1", "", "4294967296"}) {
            SocketException e = assertThrows(SocketException.class, () -> module.inet_aton(bad), bad);
            assertEquals(SocketException.class, e.getClass());
            assertEquals(0, e.errno());
            assertEquals("inet_aton", e.call());
            assertEquals("inet_aton(..) failed: illegal IP address string passed to inet_aton", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> module.inet_aton("1.2.3.4\0junk"));
    }

    @Test
    void inet_ntoaFormatsFourBytes() {
        // CPython test_socket testStringToIPv4
        assertEquals("1.0.1.0", module.inet_ntoa(bytes(1, 0, 1, 0)));
        assertEquals("170.85.170.85", module.inet_ntoa(bytes(0xaa, 0x55, 0xaa, 0x55)));
        assertEquals("255.255.255.255", module.inet_ntoa(bytes(0xff, 0xff, 0xff, 0xff)));
        assertEquals("1.2.3.4", module.inet_ntoa(bytes(1, 2, 3, 4)));
    }

    @Test
    void inet_ntoaRefusesAnythingButFourBytes() {
        for (int n : new int[] {0, 3, 5, 16}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> module.inet_ntoa(new byte[n]));
            assertTrue(e.getMessage().startsWith("packed IP wrong length for inet_ntoa"), e.getMessage());
        }
    }

    @Test
    void inet_ntoaUndoesInet_aton() throws SocketException {
        for (String ip : new String[] {"0.0.0.0", "10.1.2.3", "127.0.0.1", "192.168.255.254"}) {
            assertEquals(ip, module.inet_ntoa(module.inet_aton(ip)));
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
