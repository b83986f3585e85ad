package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_INET6;
import static org.bsdsock.socket.api.SocketConstants.AF_UNSPEC;
import static org.bsdsock.socket.api.SocketConstants.AI_CANONNAME;
import static org.bsdsock.socket.api.SocketConstants.AI_NUMERICHOST;
import static org.bsdsock.socket.api.SocketConstants.AI_NUMERICSERV;
import static org.bsdsock.socket.api.SocketConstants.AI_PASSIVE;
import static org.bsdsock.socket.api.SocketConstants.AI_V4MAPPED;
import static org.bsdsock.socket.api.SocketConstants.EAI_ADDRFAMILY;
import static org.bsdsock.socket.api.SocketConstants.EAI_BADFLAGS;
import static org.bsdsock.socket.api.SocketConstants.EAI_FAMILY;
import static org.bsdsock.socket.api.SocketConstants.EAI_NONAME;
import static org.bsdsock.socket.api.SocketConstants.EAI_SERVICE;
import static org.bsdsock.socket.api.SocketConstants.EAI_SOCKTYPE;
import static org.bsdsock.socket.api.SocketConstants.IPPROTO_TCP;
import static org.bsdsock.socket.api.SocketConstants.IPPROTO_UDP;
import static org.bsdsock.socket.api.SocketConstants.NI_NUMERICHOST;
import static org.bsdsock.socket.api.SocketConstants.NI_NUMERICSERV;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_TCP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bsdsock.socket.api.AddrInfo;
import org.bsdsock.socket.api.AddressInfoException;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.NameIndex;
import org.bsdsock.socket.api.NameInfo;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.UnixAddr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code getaddrinfo}, {@code getnameinfo}, {@code inet_pton}, {@code inet_ntop} and
 * {@code getfqdn} against the C library, with the cases of CPython's {@code test_socket.py}
 * (each test is named after its source). Hosts are literals, {@code localhost} or the machine's
 * own name (only where {@code /etc/hosts} lists it), all answered from {@code /etc/hosts} or
 * without any lookup: no test sends a DNS query (a reverse lookup of {@code ::1}, not in
 * {@code /etc/hosts} here, would).
 */
@Tag("unit")
class AddrInfosTest {
    /** CPython's {@code socket_helper.HOST}. */
    private static final String HOST = "localhost";

    private final NativeSocketModule provider = TestEngine.module();
    private final SocketModule module = provider;

    @AfterEach
    void stop() {
        provider.close();
    }

    // ---- inet_pton / inet_ntop: testIPv4toString, testIPv6toString, testStringTo* --------------

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    private void assertInvalidPton(int family, String text) {
        SocketException e = assertThrows(SocketException.class, () -> module.inet_pton(family, text), text);
        assertEquals(0, e.errno(), text);
        assertEquals("illegal IP address string passed to inet_pton", e.strerror());
    }

    @Test
    void testIPv4toString() throws SocketException {
        assertArrayEquals(hex("00000000"), module.inet_pton(AF_INET, "0.0.0.0"));
        assertArrayEquals(hex("ff00ff00"), module.inet_pton(AF_INET, "255.0.255.0"));
        assertArrayEquals(hex("aaaaaaaa"), module.inet_pton(AF_INET, "170.170.170.170"));
        assertArrayEquals(hex("ffffffff"), module.inet_pton(AF_INET, "255.255.255.255"));
        for (String bad : List.of("0.0.0.", "300.0.0.0", "a.0.0.0", "1.2.3.4.5", "::1", "127.1", "")) {
            assertInvalidPton(AF_INET, bad);
        }
    }

    @Test
    void testIPv6toString() throws SocketException {
        assertArrayEquals(new byte[16], module.inet_pton(AF_INET6, "::"));
        assertArrayEquals(new byte[16], module.inet_pton(AF_INET6, "0::0"));
        assertArrayEquals(hex("0001" + "00".repeat(14)), module.inet_pton(AF_INET6, "1::"));
        assertArrayEquals(hex("45ef76cb001a56efafeb0bac1924aeae"),
                module.inet_pton(AF_INET6, "45ef:76cb:1a:56ef:afeb:bac:1924:aeae"));
        assertArrayEquals(hex("ad420abc" + "00".repeat(4) + "0127000002540002"),
                module.inet_pton(AF_INET6, "ad42:abc::127:0:254:2"));
        assertArrayEquals(hex("0012000a" + "00".repeat(12)), module.inet_pton(AF_INET6, "12:a::"));
        assertArrayEquals(hex("00".repeat(12) + "fe2a1740"), module.inet_pton(AF_INET6, "::254.42.23.64"));
        assertArrayEquals(hex("0042" + "00".repeat(8) + "a29bfe2a1740"),
                module.inet_pton(AF_INET6, "42::a29b:254.42.23.64"));
        assertArrayEquals(hex("0042a8b900000002ffffa29bfe2a1740"),
                module.inet_pton(AF_INET6, "42:a8b9:0:2:ffff:a29b:254.42.23.64"));
        for (String bad : List.of("0x20::", ":::", "::0::", "1::abc::", "1::abc::def", "1::2::3", "1:2:3:4:5:6",
                "1:2:3:4:5:6:", "1:2:3:4:5:6:7:8:0", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8:",
                "255.254.253.252", "1::260.2.3.0", "1::0.be.e.0", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:0",
                "0.100.200.0:3:4:5:6:7:8")) {
            assertInvalidPton(AF_INET6, bad);
        }
    }

    @Test
    void inet_ptonOfAnotherFamilyIsEafnosupport() {
        SocketException e = assertThrows(SocketException.class, () -> module.inet_pton(12345, "1.2.3.4"));
        assertEquals(Errno.EAFNOSUPPORT, e.errno());
        assertEquals("inet_pton", e.call());
        assertThrows(IllegalArgumentException.class, () -> module.inet_pton(AF_INET, "1.2.3.4\0"));
        assertThrows(NullPointerException.class, () -> module.inet_pton(AF_INET, null));
    }

    @Test
    void testStringToIPv4() {
        assertEquals("1.0.1.0", module.inet_ntop(AF_INET, hex("01000100")));
        assertEquals("170.85.170.85", module.inet_ntop(AF_INET, hex("aa55aa55")));
        assertEquals("255.255.255.255", module.inet_ntop(AF_INET, hex("ffffffff")));
        for (int bad : new int[] {3, 5, 16}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> module.inet_ntop(AF_INET, new byte[bad]));
            assertTrue(e.getMessage().startsWith("invalid length of packed IP address string"), e.getMessage());
        }
    }

    @Test
    void testStringToIPv6() {
        assertEquals("::", module.inet_ntop(AF_INET6, new byte[16]));
        assertEquals("::1", module.inet_ntop(AF_INET6, hex("00".repeat(15) + "01")));
        assertEquals("aef:b01:506:1001:ffff:9997:55:170",
                module.inet_ntop(AF_INET6, hex("0aef0b0105061001ffff999700550170")));
        assertEquals("::ffff:127.0.0.1", module.inet_ntop(AF_INET6, hex("00".repeat(10) + "ffff7f000001")));
        for (int bad : new int[] {15, 17, 4}) {
            assertThrows(IllegalArgumentException.class, () -> module.inet_ntop(AF_INET6, new byte[bad]));
        }
    }

    @Test
    void inet_ntopOfAnotherFamilyIsAValueErrorAsInCPython() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> module.inet_ntop(12345, new byte[4]));
        assertEquals("unknown address family 12345", e.getMessage());
    }

    @Test
    void inet_ptonAndInet_ntopRoundTrip() throws SocketException {
        for (String text : List.of("::", "::1", "fe80::1:2:3:4", "2001:db8::ff00:42:8329", "::ffff:10.1.2.3")) {
            assertEquals(text, module.inet_ntop(AF_INET6, module.inet_pton(AF_INET6, text)));
        }
    }

    // ---- getaddrinfo --------------------------------------------------------------------------

    /** CPython {@code testGetaddrinfo}. */
    @Test
    void testGetaddrinfo() throws SocketException {
        // host can be a name, an IPv4 or IPv6 literal, or None; port a number, a service, or None
        assertFalse(module.getaddrinfo("localhost", 80).isEmpty());
        assertEquals(List.of(new AddrInfo(AF_INET, SOCK_STREAM, IPPROTO_TCP, "", new InetAddr("127.0.0.1", 80))),
                module.getaddrinfo("127.0.0.1", 80, AF_INET, SOCK_STREAM));
        assertFalse(module.getaddrinfo(null, 80).isEmpty());
        assertEquals(new Inet6Addr("::1", 80), module.getaddrinfo("::1", 80).get(0).sockaddr());
        assertEquals(80, port(module.getaddrinfo(HOST, "http").get(0)));
        assertTrue(module.getaddrinfo(HOST, (String) null).stream().allMatch(ai -> port(ai) == 0));
        // the family and socktype filters
        List<AddrInfo> infos = module.getaddrinfo(HOST, 80, AF_INET, SOCK_STREAM);
        assertFalse(infos.isEmpty());
        for (AddrInfo ai : infos) {
            assertEquals(AF_INET, ai.family());
            assertEquals(SOCK_STREAM, ai.type());
        }
        assertTrue(module.getaddrinfo(HOST, null, 0, SOCK_STREAM).stream().allMatch(ai -> ai.type() == SOCK_STREAM));
        // proto and flags; the overloads are the keyword arguments' defaults
        assertTrue(module.getaddrinfo(HOST, null, 0, 0, SOL_TCP).stream().allMatch(ai -> ai.proto() == IPPROTO_TCP));
        assertEquals(module.getaddrinfo(HOST, null), module.getaddrinfo(HOST, null, 0, 0, 0, 0));
        assertEquals(module.getaddrinfo(HOST, null, AF_INET), module.getaddrinfo(HOST, null, AF_INET, 0, 0, 0));
        assertEquals(module.getaddrinfo(HOST, 80), module.getaddrinfo(HOST, "80", 0, 0, 0, 0));
        // a server willing to serve IPv4 and IPv6 usually asks this: the wildcard addresses
        Set<String> wildcard = module.getaddrinfo(null, 0, AF_UNSPEC, SOCK_STREAM, 0, AI_PASSIVE).stream()
                .map(ai -> host(ai)).collect(Collectors.toSet());
        assertTrue(wildcard.contains("0.0.0.0"), wildcard.toString());
        // Issue #6697: a port that has no UTF-8 form
        assertThrows(IllegalArgumentException.class, () -> module.getaddrinfo(HOST, "\uD800"));
        // Issue 17269: AI_NUMERICSERV without a port may succeed or fail, but not crash
        try {
            module.getaddrinfo(HOST, null, 0, 0, 0, AI_NUMERICSERV);
        } catch (AddressInfoException expected) {
            // allowed
        }
    }

    @Test
    void aNameWithAiNumerichostIsEaiNonameWithoutALookup() {
        AddressInfoException e = assertThrows(AddressInfoException.class,
                () -> module.getaddrinfo("localhost", null, 0, 0, 0, AI_NUMERICHOST));
        assertEquals(EAI_NONAME, e.errno());
        assertEquals("EAI_NONAME", e.errorName());
        assertEquals("getaddrinfo(..) failed: Name or service not known", e.getMessage());
    }

    @Test
    void getaddrinfoRaisesEachEaiCode() {
        assertEai(EAI_SERVICE, () -> module.getaddrinfo("127.0.0.1", "no-such-service-here"));
        assertEai(EAI_FAMILY, () -> module.getaddrinfo("127.0.0.1", 80, 12345, 0));
        assertEai(EAI_SOCKTYPE, () -> module.getaddrinfo("127.0.0.1", 80, 0, 12345));
        assertEai(EAI_BADFLAGS, () -> module.getaddrinfo("127.0.0.1", 80, 0, 0, 0, -1));
        assertEai(EAI_ADDRFAMILY, () -> module.getaddrinfo("127.0.0.1", 80, AF_INET6, 0, 0, AI_NUMERICHOST));
    }

    private static void assertEai(int code, Executable call) {
        AddressInfoException e = assertThrows(AddressInfoException.class, call);
        assertEquals(code, e.errno(), e.getMessage());
    }

    @Test
    void anIntPortOutsideItsRangeFailsBeforeAnyCall() {
        // CPython hands 70000 to the C library, which answers port 4464
        assertThrows(IllegalArgumentException.class, () -> module.getaddrinfo("127.0.0.1", 70000));
        assertThrows(IllegalArgumentException.class, () -> module.getaddrinfo("127.0.0.1", -1));
        assertThrows(IllegalArgumentException.class, () -> module.getaddrinfo("127.0.0.1\0", 80));
    }

    @Test
    void aiCanonnameNamesTheFirstAnswer() throws SocketException {
        List<AddrInfo> infos = module.getaddrinfo("localhost", 80, AF_INET, 0, 0, AI_CANONNAME);
        assertTrue(infos.size() > 1, infos.toString()); // one per socket type
        assertEquals("localhost", infos.get(0).canonname());
        assertTrue(infos.subList(1, infos.size()).stream().allMatch(ai -> ai.canonname().isEmpty()));
    }

    @Test
    void aiV4mappedGivesAnIpv4AddressAsIpv6() throws SocketException {
        assertEquals(new Inet6Addr("::ffff:127.0.0.1", 80),
                module.getaddrinfo("127.0.0.1", 80, AF_INET6, SOCK_STREAM, 0, AI_NUMERICHOST | AI_V4MAPPED)
                        .get(0).sockaddr());
    }

    /** CPython {@code test_getaddrinfo_ipv6_basic}. */
    @Test
    void test_getaddrinfo_ipv6_basic() throws SocketException {
        List<AddrInfo> infos = module.getaddrinfo("ff02::1de:c0:face:8D", 1234, AF_INET6, SOCK_DGRAM, IPPROTO_UDP, 0);
        assertEquals(List.of(new AddrInfo(AF_INET6, SOCK_DGRAM, IPPROTO_UDP, "",
                new Inet6Addr("ff02::1de:c0:face:8d", 1234, 0, 0))), infos);
    }

    /** CPython {@code test_getaddrinfo_ipv6_scopeid_symbolic}. */
    @Test
    void test_getaddrinfo_ipv6_scopeid_symbolic() throws SocketException {
        NameIndex first = module.if_nameindex().get(0);
        List<AddrInfo> infos = module.getaddrinfo("ff02::1de:c0:face:8D%" + first.name(), 1234, AF_INET6,
                SOCK_DGRAM, IPPROTO_UDP, 0);
        // the zone is gone from the host, it is the scope_id
        assertEquals(new Inet6Addr("ff02::1de:c0:face:8d", 1234, 0, first.index()), infos.get(0).sockaddr());
    }

    /** CPython {@code test_getaddrinfo_ipv6_scopeid_numeric} (run on Windows only there; Linux allows it too). */
    @Test
    void test_getaddrinfo_ipv6_scopeid_numeric() throws SocketException {
        List<AddrInfo> infos = module.getaddrinfo("ff02::1de:c0:face:8D%42", 1234, AF_INET6, SOCK_DGRAM,
                IPPROTO_UDP, 0);
        assertEquals(new Inet6Addr("ff02::1de:c0:face:8d", 1234, 0, 42), infos.get(0).sockaddr());
    }

    private static int port(AddrInfo ai) {
        return switch (ai.sockaddr()) {
            case InetAddr a -> a.port();
            case Inet6Addr a -> a.port();
            default -> throw new AssertionError(ai.sockaddr());
        };
    }

    private static String host(AddrInfo ai) {
        return switch (ai.sockaddr()) {
            case InetAddr a -> a.host();
            case Inet6Addr a -> a.host();
            default -> throw new AssertionError(ai.sockaddr());
        };
    }

    // ---- getnameinfo --------------------------------------------------------------------------

    /** CPython {@code test_getnameinfo}: only IP addresses are allowed (the name is never looked up). */
    @Test
    void test_getnameinfo() {
        AddressInfoException e = assertThrows(AddressInfoException.class,
                () -> module.getnameinfo(new InetAddr("mail.python.org", 0), 0));
        assertEquals(EAI_NONAME, e.errno());
        assertEquals("getnameinfo", e.call());
    }

    @Test
    void getnameinfoNamesTheLoopbackFromEtcHosts() throws SocketException {
        assertEquals(new NameInfo("localhost", "http"), module.getnameinfo(new InetAddr("127.0.0.1", 80), 0));
        assertEquals(new NameInfo("127.0.0.1", "80"),
                module.getnameinfo(new InetAddr("127.0.0.1", 80), NI_NUMERICHOST | NI_NUMERICSERV));
    }

    @Test
    void getnameinfoTakesIpv6InBothForms() throws SocketException {
        // the 2-tuple form may hold an IPv6 literal, as in CPython
        assertEquals(new NameInfo("::1", "http"), module.getnameinfo(new InetAddr("::1", 80), NI_NUMERICHOST));
        assertEquals(new NameInfo("::1", "80"),
                module.getnameinfo(new Inet6Addr("::1", 80, 0, 0), NI_NUMERICHOST | NI_NUMERICSERV));
    }

    @Test
    void getnameinfoRefusesAnIpv4HostInAFourTupleAndAUnixAddress() {
        SocketException e = assertThrows(SocketException.class,
                () -> module.getnameinfo(new Inet6Addr("127.0.0.1", 80, 0, 0), NI_NUMERICHOST));
        assertEquals(0, e.errno());
        assertTrue(e.strerror().startsWith("IPv4 sockaddr must be"), e.strerror());
        assertThrows(IllegalArgumentException.class, () -> module.getnameinfo(UnixAddr.of("/tmp/x"), 0));
        assertThrows(NullPointerException.class, () -> module.getnameinfo(null, 0));
    }

    /** CPython {@code test_getnameinfo_ipv6_scopeid_symbolic}. */
    @Test
    void test_getnameinfo_ipv6_scopeid_symbolic() throws SocketException {
        NameIndex first = module.if_nameindex().get(0);
        Inet6Addr sockaddr = new Inet6Addr("ff02::1de:c0:face:8D", 1234, 0, first.index()); // capital D
        assertEquals(new NameInfo("ff02::1de:c0:face:8d%" + first.name(), "1234"),
                module.getnameinfo(sockaddr, NI_NUMERICHOST | NI_NUMERICSERV));
    }

    /**
     * CPython {@code test_getnameinfo_ipv6_scopeid_numeric} (run on Windows only there): Linux
     * too writes an index that no interface has as a number.
     */
    @Test
    void test_getnameinfo_ipv6_scopeid_numeric() throws SocketException {
        long ifindex = 42;
        assertFalse(module.if_nameindex().stream().anyMatch(n -> n.index() == ifindex), "an interface has index 42");
        Inet6Addr sockaddr = new Inet6Addr("ff02::1de:c0:face:8D", 1234, 0, ifindex);
        assertEquals(new NameInfo("ff02::1de:c0:face:8d%42", "1234"),
                module.getnameinfo(sockaddr, NI_NUMERICHOST | NI_NUMERICSERV));
    }

    // ---- getfqdn ------------------------------------------------------------------------------

    /** CPython {@code test_getfqdn_filter_localhost}. */
    @Test
    void test_getfqdn_filter_localhost() throws SocketException {
        EtcHosts.assumeOwnNameListed(module, "AddrInfosTest"); // getfqdn() looks the machine's name up
        assertEquals(module.getfqdn(), module.getfqdn("0.0.0.0"));
        assertEquals(module.getfqdn(), module.getfqdn("::"));
        assertEquals(module.getfqdn(), module.getfqdn(" "));
    }

    @Test
    void getfqdnTakesTheFirstDottedNameElseThePrimaryName() throws SocketException {
        // /etc/hosts names 127.0.0.1 "localhost", which has no dot: the primary name is the answer
        String primary = module.gethostbyaddr("127.0.0.1").hostname();
        List<String> names = new java.util.ArrayList<>(List.of(primary));
        names.addAll(module.gethostbyaddr("127.0.0.1").aliaslist());
        String expected = names.stream().filter(n -> n.contains(".")).findFirst().orElse(primary);
        assertEquals(expected, module.getfqdn("127.0.0.1"));
        assertEquals(expected, module.getfqdn("  localhost\n"));
    }

    @Test
    void getfqdnRefusesAnInvalidNameAsGethostbyaddrDoes() {
        // CPython's UnicodeError is no OSError: getfqdn lets it through
        assertThrows(IllegalArgumentException.class, () -> module.getfqdn("a..b"));
        assertThrows(NullPointerException.class, () -> module.getfqdn(null));
    }
}
