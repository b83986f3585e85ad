package org.bsdsock.socket.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One item of ancillary data: a control message ({@code struct cmsghdr} and its data), CPython's
 * triple {@code (cmsg_level, cmsg_type, cmsg_data)} in the {@code ancdata} of
 * {@link SocketType#sendmsg(java.util.List, java.util.List, int, SockAddr) sendmsg} and
 * {@link SocketType#recvmsg(int, int, int) recvmsg}.
 *
 * <p>The data is in the platform's C layout, as in CPython: for {@code SCM_RIGHTS} an array of
 * C {@code int} descriptors in native byte order ({@link #ofFds(int...)}, {@link #fds()}); for
 * {@code SCM_CREDENTIALS} a {@code struct ucred} ({@link Ucred}).
 *
 * @param cmsg_level the protocol level, e.g. {@code SOL_SOCKET}
 * @param cmsg_type  the type at that level, e.g. {@code SCM_RIGHTS}
 * @param cmsg_data  the data; not null; copied, and returned as a copy
 * @since 1.1
 */
public record ControlMessage(int cmsg_level, int cmsg_type, byte[] cmsg_data) {
    /**
     * Creates a control message from its level, type and data (the data is copied).
     *
     * @throws NullPointerException if cmsg_data is null
     */
    public ControlMessage {
        cmsg_data = Objects.requireNonNull(cmsg_data, "cmsg_data").clone();
    }

    /**
     * An {@code SCM_RIGHTS} message that passes {@code fds}, as CPython's
     * {@code (SOL_SOCKET, SCM_RIGHTS, array.array("i", fds))}.
     *
     * @param fds open descriptors; the sender keeps them (the kernel passes duplicates)
     * @return the message at level {@code SOL_SOCKET}
     */
    public static ControlMessage ofFds(int... fds) {
        ByteBuffer b = ByteBuffer.allocate(Integer.BYTES * fds.length).order(ByteOrder.nativeOrder());
        for (int fd : fds) {
            b.putInt(fd);
        }
        return new ControlMessage(SocketConstants.SOL_SOCKET, SocketConstants.SCM_RIGHTS, b.array());
    }

    /**
     * Reads the data as C {@code int}s in native byte order, as CPython's
     * {@code array.array("i")} does with the complete ints of an {@code SCM_RIGHTS} item
     * (trailing bytes of a partial int are ignored). Meaningful for {@code SCM_RIGHTS} only.
     *
     * @return the descriptors, possibly none
     */
    public int[] fds() {
        ByteBuffer b = ByteBuffer.wrap(cmsg_data).order(ByteOrder.nativeOrder());
        int[] fds = new int[cmsg_data.length / Integer.BYTES];
        for (int i = 0; i < fds.length; i++) {
            fds[i] = b.getInt();
        }
        return fds;
    }

    /** {@return a copy of the data} */
    @Override
    public byte[] cmsg_data() {
        return cmsg_data.clone();
    }

    /** {@return the data's length in bytes} */
    public int length() {
        return cmsg_data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ControlMessage c && c.cmsg_level == cmsg_level && c.cmsg_type == cmsg_type
                && Arrays.equals(c.cmsg_data, cmsg_data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * cmsg_level + cmsg_type) + Arrays.hashCode(cmsg_data);
    }

    /** {@return e.g. {@code (1, 1, 4 bytes)}} */
    @Override
    public String toString() {
        return "(" + cmsg_level + ", " + cmsg_type + ", " + cmsg_data.length + " bytes)";
    }
}
