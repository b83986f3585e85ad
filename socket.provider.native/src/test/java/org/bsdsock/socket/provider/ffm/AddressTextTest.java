package org.bsdsock.socket.provider.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Java-side dotted-quad parser agrees with inet_pton(AF_INET). */
class AddressTextTest {
    @Test
    void dottedQuadIsInetPtonStrict() {
        assertEquals(0x7F000001L, AddressText.dottedQuad("127.0.0.1"));
        assertEquals(0xFFFFFFFFL, AddressText.dottedQuad("255.255.255.255"));
        assertEquals(0L, AddressText.dottedQuad("0.0.0.0"));
        for (String bad : new String[] {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1..2.3", "1.2.3.",
                ".1.2.3", "a.b.c.d", "1.2.3.4 ", "1234.1.1.1", "127.1"}) {
            assertEquals(-1L, AddressText.dottedQuad(bad), bad);
        }
    }
}
