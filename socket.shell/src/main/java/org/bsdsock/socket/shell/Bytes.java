package org.bsdsock.socket.shell;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Binary data in the shell (a packed address from {@code inet_aton}, a raw socket option),
 * shown as Python shows bytes: {@code b'\n\x00\x00\x01'}.
 *
 * @param data the bytes; copied
 */
public record Bytes(byte[] data) {
    /** Copies {@code data}. */
    public Bytes {
        data = data.clone();
    }

    /**
     * @param text hexadecimal digits, optionally after {@code 0x}, e.g. {@code 0a000001}
     * @return those bytes
     * @throws IllegalArgumentException if text is not an even number of hex digits
     */
    public static Bytes fromHex(String text) {
        return parseHex(text).orElseThrow(() -> new IllegalArgumentException("not hexadecimal bytes: " + text));
    }

    /** @return the bytes {@code text} spells in hexadecimal (as {@link #fromHex}), or empty if it does not */
    static Optional<Bytes> parseHex(String text) {
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        try {
            return Optional.of(new Bytes(HexFormat.of().parseHex(digits)));
        } catch (IllegalArgumentException notHex) {
            return Optional.empty();
        }
    }

    /** @return a copy of the bytes */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** @return the number of bytes */
    public int length() {
        return data.length;
    }

    /** @return the bytes as hexadecimal digits, e.g. {@code 0a000001} */
    public String hex() {
        return HexFormat.of().formatHex(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    /** @return Python's repr, e.g. {@code b'\n\x00\x00\x01'} */
    @Override
    public String toString() {
        return PyRepr.bytes(data);
    }
}
