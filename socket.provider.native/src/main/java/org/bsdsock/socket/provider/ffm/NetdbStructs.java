package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.ByteOrder;

/**
 * The C structures that {@link Netdb}'s reentrant lookups fill, as laid out on LP64 Linux
 * (x86-64, aarch64): pointers are 8 bytes, {@code int} 4, so an {@code int} followed by a
 * pointer, or closing a structure that holds pointers, is followed by 4 bytes of padding.
 */
final class NetdbStructs {
    private NetdbStructs() {
    }

    /** {@code struct hostent} from {@code <netdb.h>}: 32 bytes. */
    static final StructLayout HOSTENT = MemoryLayout.structLayout(
            ADDRESS.withName("h_name"),
            ADDRESS.withName("h_aliases"),
            JAVA_INT.withName("h_addrtype"),
            JAVA_INT.withName("h_length"),
            ADDRESS.withName("h_addr_list"));

    static final long H_NAME = HOSTENT.byteOffset(groupElement("h_name"));
    static final long H_ALIASES = HOSTENT.byteOffset(groupElement("h_aliases"));
    static final long H_ADDRTYPE = HOSTENT.byteOffset(groupElement("h_addrtype"));
    static final long H_ADDR_LIST = HOSTENT.byteOffset(groupElement("h_addr_list"));

    /**
     * {@code struct servent} from {@code <netdb.h>}: 32 bytes. {@code s_port} holds the 16-bit
     * port in network byte order, widened to an {@code int}.
     */
    static final StructLayout SERVENT = MemoryLayout.structLayout(
            ADDRESS.withName("s_name"),
            ADDRESS.withName("s_aliases"),
            JAVA_INT.withName("s_port"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("s_proto"));

    static final long S_PORT = SERVENT.byteOffset(groupElement("s_port"));

    /** {@code struct protoent} from {@code <netdb.h>}: 24 bytes. */
    static final StructLayout PROTOENT = MemoryLayout.structLayout(
            ADDRESS.withName("p_name"),
            ADDRESS.withName("p_aliases"),
            JAVA_INT.withName("p_proto"),
            MemoryLayout.paddingLayout(4));

    static final long P_PROTO = PROTOENT.byteOffset(groupElement("p_proto"));

    /**
     * {@code struct sockaddr_in6} from {@code <netinet/in.h>}: 28 bytes. {@link Netdb} reads
     * only {@code sin6_addr}, from the addresses {@code getaddrinfo} returns for
     * {@code gethostbyaddr}; {@link SockAddrs} encodes and decodes every field.
     */
    static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin6_port"),
            JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id"));

    static final long SIN6_ADDR = SOCKADDR_IN6.byteOffset(groupElement("sin6_addr"));

    /** {@code sizeof(struct in_addr)} and {@code sizeof(struct in6_addr)}. */
    static final int IN_ADDR_SIZE = 4;
    static final int IN6_ADDR_SIZE = 16;

    /** {@code INET6_ADDRSTRLEN} from {@code <netinet/in.h>}, the terminating NUL included. */
    static final int INET6_ADDRSTRLEN = 46;
}
