package org.bsdsock.socket.shell;

import java.nio.ByteOrder;

/**
 * {@code htons}, {@code ntohs}, {@code htonl}, {@code ntohl}: arithmetic on this machine's
 * byte order, which the shell does itself so that they work without a provider.
 */
final class NetworkOrder {
    // Network order is big-endian; on a little-endian host both directions are the same swap.
    private static final boolean NATIVE_IS_NETWORK = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    private NetworkOrder() {
    }

    /**
     * @param call the function's name, for the message
     * @return x with its two low bytes swapped on a little-endian host
     * @throws IllegalArgumentException if x is not in 0..65535
     */
    static int swap16(String call, long x) {
        if (x < 0 || x > 0xFFFF) {
            throw new IllegalArgumentException(call + ": " + x + " does not fit in 16 unsigned bits (0..65535)");
        }
        int v = (int) x;
        return NATIVE_IS_NETWORK ? v : ((v & 0xFF) << 8) | (v >>> 8);
    }

    /**
     * @param call the function's name, for the message
     * @return x with its four bytes reversed on a little-endian host
     * @throws IllegalArgumentException if x is not in 0..4294967295
     */
    static long swap32(String call, long x) {
        if (x < 0 || x > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(call + ": " + x + " does not fit in 32 unsigned bits (0..4294967295)");
        }
        return NATIVE_IS_NETWORK ? x : Integer.toUnsignedLong(Integer.reverseBytes((int) x));
    }
}
