package org.bsdsock.socket.shell;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Python's {@code repr()} of a byte string, as the seed's client prints its reply
 * ({@code 'Hello, world'}), and Python's backslash escapes for data typed in the shell.
 */
final class PyRepr {
    private PyRepr() {
    }

    /** @return the repr without Python 3's {@code b} prefix, e.g. {@code 'Hello, world'} */
    static String of(byte[] data) {
        boolean single = false;
        boolean dbl = false;
        for (byte b : data) {
            single |= b == '\'';
            dbl |= b == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        StringBuilder sb = new StringBuilder(data.length + 2).append(quote);
        for (byte b : data) {
            int c = b & 0xFF;
            if (c == quote || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c < 0x20 || c >= 0x7F) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append(quote).toString();
    }

    /** @return Python 3's repr of bytes, e.g. {@code b'\n\x00\x00\x01'} */
    static String bytes(byte[] data) {
        return "b" + of(data);
    }

    /**
     * The bytes of {@code text} as a Python string literal means them: UTF-8, with the escapes
     * {@code \n \r \t \0 \\ \' \" \a \b \f \v} and {@code \xHH} (one byte); any other
     * backslash stays as it is, as in Python. Gogo passes backslashes through unchanged, so
     * {@code "GET / HTTP/1.0\r\n\r\n"} typed in the shell sends CR LF.
     */
    static byte[] unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                plain.append(c);
                continue;
            }
            char n = text.charAt(i + 1);
            int b = switch (n) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case '0' -> 0;
                case '\\', '\'', '"' -> n;
                case 'a' -> 7;
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'v' -> 11;
                case 'x' -> hexByte(text, i + 2);
                default -> -1;
            };
            if (b < 0) {
                plain.append(c);
                continue;
            }
            out.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
            plain.setLength(0);
            out.write(b);
            i += n == 'x' ? 3 : 1;
        }
        out.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static int hexByte(String text, int at) {
        int hi = at < text.length() ? Character.digit(text.charAt(at), 16) : -1;
        int lo = at + 1 < text.length() ? Character.digit(text.charAt(at + 1), 16) : -1;
        if (hi < 0 || lo < 0) {
            throw new IllegalArgumentException("\\x needs two hex digits: " + text);
        }
        return hi << 4 | lo;
    }
}
