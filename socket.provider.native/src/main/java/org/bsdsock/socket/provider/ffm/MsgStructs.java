package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * The C structures of {@code sendmsg(2)}/{@code recvmsg(2)} and their control messages, as glibc
 * lays them out on LP64 Linux (x86-64, aarch64): {@code size_t} and pointers are 8 bytes,
 * {@code int} and {@code socklen_t} 4, so an {@code int} followed by a pointer, or closing a
 * structure that holds one, is followed by 4 bytes of padding. The {@code CMSG_*} macros of
 * {@code <sys/socket.h>} are here as methods.
 */
final class MsgStructs {
    private MsgStructs() {
    }

    /** {@code struct iovec} from {@code <sys/uio.h>}: 16 bytes. */
    static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"),
            JAVA_LONG.withName("iov_len"));

    static final long IOV_BASE = IOVEC.byteOffset(groupElement("iov_base"));
    static final long IOV_LEN = IOVEC.byteOffset(groupElement("iov_len"));

    /**
     * {@code struct msghdr} from {@code <sys/socket.h>} (glibc: {@code msg_iovlen} and
     * {@code msg_controllen} are {@code size_t}): 56 bytes.
     */
    static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));

    static final long MSG_NAME = MSGHDR.byteOffset(groupElement("msg_name"));
    static final long MSG_NAMELEN = MSGHDR.byteOffset(groupElement("msg_namelen"));
    static final long MSG_IOV = MSGHDR.byteOffset(groupElement("msg_iov"));
    static final long MSG_IOVLEN = MSGHDR.byteOffset(groupElement("msg_iovlen"));
    static final long MSG_CONTROL = MSGHDR.byteOffset(groupElement("msg_control"));
    static final long MSG_CONTROLLEN = MSGHDR.byteOffset(groupElement("msg_controllen"));
    static final long MSG_FLAGS = MSGHDR.byteOffset(groupElement("msg_flags"));

    /** {@code struct cmsghdr} from {@code <sys/socket.h>} (glibc: {@code cmsg_len} is {@code size_t}): 16 bytes. */
    static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            JAVA_LONG.withName("cmsg_len"),
            JAVA_INT.withName("cmsg_level"),
            JAVA_INT.withName("cmsg_type"));

    static final long CMSG_LEN_FIELD = CMSGHDR.byteOffset(groupElement("cmsg_len"));
    static final long CMSG_LEVEL = CMSGHDR.byteOffset(groupElement("cmsg_level"));
    static final long CMSG_TYPE = CMSGHDR.byteOffset(groupElement("cmsg_type"));

    /** {@code struct ucred} from {@code <sys/socket.h>} ({@code _GNU_SOURCE}): 12 bytes. */
    static final StructLayout UCRED = MemoryLayout.structLayout(
            JAVA_INT.withName("pid"),
            JAVA_INT.withName("uid"),
            JAVA_INT.withName("gid"));

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
        return CMSG_ALIGN(CMSGHDR.byteSize()) + len;
    }

    /** {@code CMSG_SPACE(len)}: the buffer space of an item with {@code len} bytes of data, padding included. */
    static long CMSG_SPACE(long len) {
        return CMSG_ALIGN(CMSGHDR.byteSize()) + CMSG_ALIGN(len);
    }

    /** @return the offset of an item's data from the start of its header ({@code CMSG_DATA}) */
    static long CMSG_DATA() {
        return CMSG_ALIGN(CMSGHDR.byteSize());
    }
}
