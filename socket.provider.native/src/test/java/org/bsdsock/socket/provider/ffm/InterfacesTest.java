package org.bsdsock.socket.provider.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.NameIndex;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code if_nameindex}, {@code if_nametoindex}, {@code if_indextoname}: CPython's test_socket cases. */
@Tag("unit")
class InterfacesTest {
    private final NativeSocketModule provider = TestEngine.module();
    private final SocketModule module = provider;

    @AfterEach
    void stop() {
        provider.close();
    }

    /** CPython {@code testInterfaceNameIndex}. */
    @Test
    void testInterfaceNameIndex() throws SocketException {
        List<NameIndex> interfaces = module.if_nameindex();
        assertFalse(interfaces.isEmpty());
        for (NameIndex ni : interfaces) {
            assertTrue(ni.index() > 0, ni.toString()); // interface indices are non-zero
            assertEquals(ni.index(), module.if_nametoindex(ni.name()));
            assertEquals(ni.name(), module.if_indextoname(ni.index()));
        }
        assertTrue(interfaces.stream().anyMatch(ni -> ni.name().equals("lo")), interfaces.toString());
    }

    /** CPython {@code testInvalidInterfaceIndexToName}, with 3.12's range cases. */
    @Test
    void testInvalidInterfaceIndexToName() throws SocketException {
        SocketException e = assertThrows(SocketException.class, () -> module.if_indextoname(0));
        assertEquals(Errno.ENXIO, e.errno());
        assertEquals("if_indextoname(..) failed: No such device or address", e.getMessage());
        // CPython's OverflowError: a negative index, or one past 32 bits
        assertThrows(IllegalArgumentException.class, () -> module.if_indextoname(-1));
        assertThrows(IllegalArgumentException.class, () -> module.if_indextoname(1L << 32));
        List<Long> indices = module.if_nameindex().stream().map(NameIndex::index).toList();
        if (!indices.contains(0xFFFF_FFFFL)) {
            assertEquals(Errno.ENXIO, assertThrows(SocketException.class,
                    () -> module.if_indextoname(0xFFFF_FFFFL)).errno());
        }
    }

    /** CPython {@code testInvalidInterfaceNameToIndex}. */
    @Test
    void testInvalidInterfaceNameToIndex() {
        SocketException e = assertThrows(SocketException.class, () -> module.if_nametoindex("_DEADBEEF"));
        assertEquals(0, e.errno());
        assertEquals("no interface with this name", e.strerror());
        assertThrows(IllegalArgumentException.class, () -> module.if_nametoindex("lo\0"));
        assertThrows(NullPointerException.class, () -> module.if_nametoindex(null));
    }
}
