package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The {@code CMSG_*} macros of {@code <sys/socket.h>}, as methods, for glibc on LP64 Linux. The
 * structures of {@code sendmsg(2)}/{@code recvmsg(2)} are {@link Layouts}'.
 */
final class MsgStructs {
    private MsgStructs() {
    }

    /** glibc aligns control messages to {@code sizeof(size_t)}. */
    private static final long CMSG_ALIGNMENT = JAVA_LONG.byteSize();

    /** The largest control buffer CPython accepts: {@code socklen_t}'s positive range. */
    static final long SOCKLEN_T_LIMIT = Integer.MAX_VALUE;

    /** {@code CMSG_ALIGN(len)}: rounds up to the alignment of control messages. */
    static long CMSG_ALIGN(long len) {
        return (len + CMSG_ALIGNMENT - 1) & -CMSG_ALIGNMENT;
    }

    /** {@code CMSG_LEN(len)}: the {@code cmsg_len} of an item with {@code len} bytes of data. */
    static long CMSG_LEN(long len) {
        return CMSG_ALIGN(Layouts.CMSGHDR.byteSize()) + len;
    }

    /** {@code CMSG_SPACE(len)}: the buffer space of an item with {@code len} bytes of data, padding included. */
    static long CMSG_SPACE(long len) {
        return CMSG_ALIGN(Layouts.CMSGHDR.byteSize()) + CMSG_ALIGN(len);
    }

    /** @return the offset of an item's data from the start of its header ({@code CMSG_DATA}) */
    static long CMSG_DATA() {
        return CMSG_ALIGN(Layouts.CMSGHDR.byteSize());
    }
}
