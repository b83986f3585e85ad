package org.bsdsock.socket.attack;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * A soak message: {@code [length:int][seq:long][payload][crc32c:int]}, big-endian; the CRC
 * covers the sequence number and the payload, so the receiver checks framing, order (and
 * connection: see {@link #intact}) and content.
 */
final class Message {
    private Message() {
    }

    static final int HEADER = 12;
    static final int TRAILER = 4;
    static final int MAX_PAYLOAD = 1 << 20;

    /** @return a payload length, log-uniform from 1 B to {@code max} */
    static int size(SplittableRandom r, int max) {
        return (int) Math.min(max, Math.max(1, Math.round(Math.exp(r.nextDouble() * Math.log(max)))));
    }

    /** @return the whole message for {@code seq} with {@code length} bytes of payload */
    static byte[] encode(long seq, int length) {
        byte[] m = new byte[HEADER + length + TRAILER];
        ByteBuffer b = ByteBuffer.wrap(m);
        b.putInt(length).putLong(seq);
        fill(m, HEADER, length, seq);
        b.putInt(HEADER + length, crc(m, length));
        return m;
    }

    private static void fill(byte[] m, int from, int length, long seq) {
        int x = (int) (seq * 0x9E3779B9L);
        for (int i = 0; i < length; i++) {
            m[from + i] = (byte) (x + i * 31 + (i >>> 8));
        }
    }

    /** @return the CRC of the sequence number and payload of a message whose payload is {@code length} bytes */
    static int crc(byte[] m, int length) {
        CRC32C c = new CRC32C();
        c.update(m, 4, 8 + length);
        return (int) c.getValue();
    }

    /**
     * @return whether {@code m} (a whole message with a {@code length}-byte payload) is intact
     *         and is {@code seq}; sequence numbers hold the connection's number in their high
     *         half, so a message of another connection is caught too
     */
    static boolean intact(byte[] m, int length, long seq) {
        ByteBuffer b = ByteBuffer.wrap(m);
        return b.getInt(0) == length && b.getLong(4) == seq && b.getInt(HEADER + length) == crc(m, length);
    }
}
