package org.bsdsock.socket.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.felix.service.command.Converter;
import org.bsdsock.socket.api.HostEntry;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.UnixAddr;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** How the shell reads what a user types (constants, addresses, data, timeouts) and writes results. */
@Tag("unit")
class TextFormsTest {
    private final SocketConverter converter = new SocketConverter();

    @Test
    void theConverterConvertsOnlyItsOwnTypes() {
        // Gogo asks every converter about every conversion: numbers belong to whoever asks for them
        assertNull(converter.convert(int.class, "AF_INET"));
        assertNull(converter.convert(Integer.class, "SOCK_STREAM"));
        assertNull(converter.convert(long.class, "INADDR_LOOPBACK"));
        assertNull(converter.convert(String.class, "AF_INET"));
        // hexadecimal text to Bytes is its own
        assertEquals(new Bytes(new byte[] {127, 0, 0, 1}), converter.convert(Bytes.class, "7f000001"));
        assertNull(converter.convert(Bytes.class, "abc"), "not hexadecimal bytes: Gogo reports it");
        assertNull(converter.convert(Bytes.class, 5L));
    }

    @Test
    void constantNamesAreReadByTheCommands() {
        assertEquals(SocketConstants.AF_INET, Names.parseInt("address family", "AF_INET"));
        assertEquals(SocketConstants.SOCK_STREAM | SocketConstants.SOCK_NONBLOCK,
                Names.parseInt("socket type", "SOCK_STREAM|SOCK_NONBLOCK"));
        assertEquals(SocketConstants.INADDR_LOOPBACK, Names.parseLong("address", "INADDR_LOOPBACK"));
        assertEquals(16, Names.parseInt("flags", "0x10"));
        assertEquals("AF_INTE is no socket constant or number (address family); did you mean AF_INET?",
                assertThrows(IllegalArgumentException.class, () -> Names.parseInt("address family", "AF_INTE")).getMessage());
        assertEquals("SOCK_STREEM is no socket constant or number (socket type); did you mean SOCK_STREAM?",
                assertThrows(IllegalArgumentException.class,
                        () -> Names.parseInt("socket type", "SOCK_STREEM|SOCK_NONBLOCK")).getMessage());
        assertEquals("XYZZY_PLUGH is no socket constant or number (flags); socket:constants XYZZY_ lists the names",
                assertThrows(IllegalArgumentException.class, () -> Names.parseInt("flags", "XYZZY_PLUGH")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Names.parseInt("socket type", "SOCK_STREAM|"))
                .getMessage().startsWith("empty name in socket type"));
        assertEquals("flags 0x100000000 does not fit in an int: 4294967296",
                assertThrows(IllegalArgumentException.class, () -> Names.parseInt("flags", "0x100000000")).getMessage());
    }

    @Test
    void constantNamesForValues() {
        assertEquals("AF_INET", Names.name("AF_", SocketConstants.AF_INET));
        assertEquals("SOCK_DGRAM", Names.name("SOCK_", SocketConstants.SOCK_DGRAM));
        assertEquals("12345", Names.name("AF_", 12345));
    }

    @Test
    void addressesOneWordEach() {
        assertEquals(new InetAddr("127.0.0.1", 50007), Addresses.parse(SocketConstants.AF_INET, "127.0.0.1:50007"));
        assertEquals(new InetAddr("", 50007), Addresses.parse(SocketConstants.AF_INET, ":50007"), "the seed's '' is INADDR_ANY");
        assertEquals(new InetAddr("<broadcast>", 9), Addresses.parse(SocketConstants.AF_INET, "<broadcast>:9"));
        assertEquals(new InetAddr("localhost", 0), Addresses.parse(SocketConstants.AF_INET, "localhost:0"));
        assertEquals(UnixAddr.of("/tmp/x.sock"), Addresses.parse(SocketConstants.AF_UNIX, "/tmp/x.sock"));
        assertEquals(UnixAddr.ofAbstract("name".getBytes()), Addresses.parse(SocketConstants.AF_UNIX, "@name"));
        assertEquals("@name", Addresses.parse(SocketConstants.AF_UNIX, "@name").toString(), "printed as typed");
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse(SocketConstants.AF_INET, "localhost"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse(SocketConstants.AF_INET, "::1:80"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse(SocketConstants.AF_INET, "[::1]:80"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse(SocketConstants.AF_INET, "host:http"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse(SocketConstants.AF_INET, "host:-1"));
        assertEquals(new org.bsdsock.socket.api.Inet6Addr("::1", 80), Addresses.parse(SocketConstants.AF_INET6, "[::1]:80"));
        assertEquals("the shell has no AF_CAN (host, port) addresses: write raw:FAMILY:HEX, the struct sockaddr"
                + " bytes after the family", assertThrows(IllegalArgumentException.class,
                        () -> Addresses.parse(SocketConstants.AF_CAN, "x:1")).getMessage());
    }

    @Test
    void dataTakesPythonsEscapes() {
        assertArrayEquals("GET / HTTP/1.0\r\n\r\n".getBytes(), PyRepr.unescape("GET / HTTP/1.0\\r\\n\\r\\n"));
        // an unknown escape keeps its backslash, as in Python
        assertArrayEquals(new byte[] {0, 10, (byte) 0xff, '\\', '\\', 'q'}, PyRepr.unescape("\\0\\n\\xff\\\\\\q"));
        assertArrayEquals("über".getBytes(StandardCharsets.UTF_8), PyRepr.unescape("über"));
        assertArrayEquals("a'b\"".getBytes(), PyRepr.unescape("a\\'b\\\""));
        assertArrayEquals("end\\".getBytes(), PyRepr.unescape("end\\"));
        assertThrows(IllegalArgumentException.class, () -> PyRepr.unescape("\\xg0"));
        assertThrows(IllegalArgumentException.class, () -> PyRepr.unescape("\\x1"));
    }

    @Test
    void pythonRepr() {
        assertEquals("'Hello, world'", PyRepr.of("Hello, world".getBytes()));
        assertEquals("'a\\'b\"c'", PyRepr.of("a'b\"c".getBytes()));
        assertEquals("\"it's\"", PyRepr.of("it's".getBytes()));
        assertEquals("'\\x00\\n\\\\'", PyRepr.of(new byte[] {0, '\n', '\\'}));
        assertEquals("b'\\n\\x00\\x00\\x01'", new Bytes(new byte[] {10, 0, 0, 1}).toString());
        assertEquals(new Bytes(new byte[] {10, 0, 0, 1}), Bytes.fromHex("0x0a000001"));
        assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("abc"));
    }

    @Test
    void timeouts() {
        assertNull(Timeouts.parse("None"));
        assertNull(Timeouts.parse(null));
        assertEquals(0.0, Timeouts.parse("0"));
        assertEquals(1.5, Timeouts.parse("1.5"));
        assertThrows(IllegalArgumentException.class, () -> Timeouts.parse("soon"));
        assertEquals("None", Timeouts.show(null));
    }

    @Test
    void resultsRenderAsPythonWouldShowThem() {
        HostEntry h = new HostEntry("localhost", java.util.List.of("lh"), java.util.List.of("127.0.0.1"));
        assertEquals("('localhost', ['lh'], ['127.0.0.1'])", converter.format(h, Converter.INSPECT, converter));
        assertEquals("('localhost', ['lh'], ['127.0.0.1'])", converter.format(h, Converter.LINE, converter));
        assertEquals("('hi', 127.0.0.1:5)", converter.format(new Datagram("hi", new InetAddr("127.0.0.1", 5)),
                Converter.LINE, converter));
        assertEquals("b'\\x7f\\x00\\x00\\x01'", converter.format(new Bytes(new byte[] {127, 0, 0, 1}), Converter.LINE, converter));
        assertNull(converter.format("a string", Converter.INSPECT, converter), "not ours");
    }

    @Test
    void providerRowsAtBothLevels() {
        ProviderInfo p = new ProviderInfo(42, "native", 0, "socket.provider.native [7]", "bundle", true);
        assertEquals("* service 42   provider=native   ranking=0    socket.provider.native [7]       scope=bundle",
                converter.format(p, Converter.LINE, converter));
        String details = converter.format(p, Converter.INSPECT, converter).toString();
        assertEquals("""
                service.id       42
                provider         native
                service.ranking  0
                bundle           socket.provider.native [7]
                service.scope    bundle
                in use           yes, by the socket commands""", details);
    }
}
