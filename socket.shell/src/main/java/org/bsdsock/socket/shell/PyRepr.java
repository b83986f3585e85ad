package org.bsdsock.socket.shell;

/** Python's {@code repr()} of a byte string, as the seed's client prints its reply ({@code 'Hello, world'}). */
final class PyRepr {
    private PyRepr() {
    }

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
}
