package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Every C structure the provider reads or writes, as glibc lays it out on LP64 Linux (x86-64,
 * aarch64): each named as its header names it ({@code struct sockaddr_in} is
 * {@code "sockaddr_in"}), each field too, padding unnamed. Beside each structure, the offsets
 * of the fields its readers use.
 *
 * <p>{@code LayoutsTest} compiles a C program from these layouts and checks every size,
 * alignment and field offset against the C compiler's own answer.
 */
final class Layouts {
    private Layouts() {
    }

    // ---- <netinet/in.h> ---------------------------------------------------------------------

    /** {@code in_port_t}: a port in network byte order. */
    static final ValueLayout.OfShort IN_PORT_T = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    /** {@code in_addr_t}: an IPv4 address in network byte order. */
    static final ValueLayout.OfInt IN_ADDR_T = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);

    /** {@code struct in_addr}. */
    static final StructLayout IN_ADDR = MemoryLayout.structLayout(
            IN_ADDR_T.withName("s_addr")).withName("in_addr");

    /**
     * {@code struct in6_addr}: {@code s6_addr} is the byte view of a union whose 32-bit view
     * gives the structure its alignment of 4.
     */
    static final StructLayout IN6_ADDR = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("s6_addr")).withByteAlignment(4).withName("in6_addr");

    static final int IN_ADDR_SIZE = (int) IN_ADDR.byteSize();
    static final int IN6_ADDR_SIZE = (int) IN6_ADDR.byteSize();

    /** {@code struct sockaddr_in}. */
    static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            IN_PORT_T.withName("sin_port"),
            IN_ADDR.withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero")).withName("sockaddr_in");

    static final long SIN_FAMILY = offset(SOCKADDR_IN, "sin_family");
    static final long SIN_PORT = offset(SOCKADDR_IN, "sin_port");
    static final long SIN_ADDR = offset(SOCKADDR_IN, "sin_addr");

    /**
     * {@code struct sockaddr_in6}: {@code sin6_flowinfo} in network byte order,
     * {@code sin6_scope_id} in host order.
     */
    static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            IN_PORT_T.withName("sin6_port"),
            JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin6_flowinfo"),
            IN6_ADDR.withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id")).withName("sockaddr_in6");

    static final long SIN6_FAMILY = offset(SOCKADDR_IN6, "sin6_family");
    static final long SIN6_PORT = offset(SOCKADDR_IN6, "sin6_port");
    static final long SIN6_FLOWINFO = offset(SOCKADDR_IN6, "sin6_flowinfo");
    static final long SIN6_ADDR = offset(SOCKADDR_IN6, "sin6_addr");
    static final long SIN6_SCOPE_ID = offset(SOCKADDR_IN6, "sin6_scope_id");

    // ---- <sys/un.h> ---------------------------------------------------------------------------

    /** {@code struct sockaddr_un}. */
    static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path")).withName("sockaddr_un");

    static final long SUN_PATH = offset(SOCKADDR_UN, "sun_path");
    /** {@code sizeof(sun_path)}: the longest AF_UNIX path or abstract name (with its NUL). */
    static final int SUN_PATH_SIZE = (int) SOCKADDR_UN.select(groupElement("sun_path")).byteSize();

    // ---- <linux/netlink.h>, <linux/if_packet.h>, <linux/vm_sockets.h> ----------------------------

    /** {@code struct sockaddr_nl}: {@code nl_pid} and {@code nl_groups} in host byte order. */
    static final StructLayout SOCKADDR_NL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("nl_family"),
            JAVA_SHORT.withName("nl_pad"),
            JAVA_INT.withName("nl_pid"),
            JAVA_INT.withName("nl_groups")).withName("sockaddr_nl");

    static final long NL_PID = offset(SOCKADDR_NL, "nl_pid");
    static final long NL_GROUPS = offset(SOCKADDR_NL, "nl_groups");

    /** {@code struct sockaddr_ll}: {@code sll_protocol} in network byte order, the rest in host order. */
    static final StructLayout SOCKADDR_LL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sll_family"),
            IN_PORT_T.withName("sll_protocol"),
            JAVA_INT.withName("sll_ifindex"),
            JAVA_SHORT.withName("sll_hatype"),
            JAVA_BYTE.withName("sll_pkttype"),
            JAVA_BYTE.withName("sll_halen"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sll_addr")).withName("sockaddr_ll");

    static final long SLL_PROTOCOL = offset(SOCKADDR_LL, "sll_protocol");
    static final long SLL_IFINDEX = offset(SOCKADDR_LL, "sll_ifindex");
    static final long SLL_HATYPE = offset(SOCKADDR_LL, "sll_hatype");
    static final long SLL_PKTTYPE = offset(SOCKADDR_LL, "sll_pkttype");
    static final long SLL_HALEN = offset(SOCKADDR_LL, "sll_halen");
    static final long SLL_ADDR = offset(SOCKADDR_LL, "sll_addr");
    /** {@code sizeof(sll_addr)}. */
    static final int SLL_ADDR_SIZE = (int) SOCKADDR_LL.select(groupElement("sll_addr")).byteSize();

    /** {@code struct sockaddr_vm}: {@code svm_port} and {@code svm_cid} in host byte order. */
    static final StructLayout SOCKADDR_VM = MemoryLayout.structLayout(
            JAVA_SHORT.withName("svm_family"),
            JAVA_SHORT.withName("svm_reserved1"),
            JAVA_INT.withName("svm_port"),
            JAVA_INT.withName("svm_cid"),
            JAVA_BYTE.withName("svm_flags"),
            MemoryLayout.sequenceLayout(3, JAVA_BYTE).withName("svm_zero")).withName("sockaddr_vm");

    static final long SVM_PORT = offset(SOCKADDR_VM, "svm_port");
    static final long SVM_CID = offset(SOCKADDR_VM, "svm_cid");

    // ---- <sys/socket.h>, <sys/uio.h> ------------------------------------------------------------

    /** {@code struct sockaddr_storage}: room for the socket address of any family. */
    static final StructLayout SOCKADDR_STORAGE = MemoryLayout.structLayout(
            JAVA_SHORT.withName("ss_family"),
            MemoryLayout.sequenceLayout(118, JAVA_BYTE).withName("__ss_padding"),
            JAVA_LONG.withName("__ss_align")).withName("sockaddr_storage");

    /** {@code struct iovec} from {@code <sys/uio.h>}. */
    static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"),
            JAVA_LONG.withName("iov_len")).withName("iovec");

    static final long IOV_BASE = offset(IOVEC, "iov_base");
    static final long IOV_LEN = offset(IOVEC, "iov_len");

    /** {@code struct msghdr} (glibc: {@code msg_iovlen} and {@code msg_controllen} are {@code size_t}). */
    static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4)).withName("msghdr");

    static final long MSG_NAME = offset(MSGHDR, "msg_name");
    static final long MSG_NAMELEN = offset(MSGHDR, "msg_namelen");
    static final long MSG_IOV = offset(MSGHDR, "msg_iov");
    static final long MSG_IOVLEN = offset(MSGHDR, "msg_iovlen");
    static final long MSG_CONTROL = offset(MSGHDR, "msg_control");
    static final long MSG_CONTROLLEN = offset(MSGHDR, "msg_controllen");
    static final long MSG_FLAGS = offset(MSGHDR, "msg_flags");

    /** {@code struct cmsghdr} (glibc: {@code cmsg_len} is {@code size_t}). */
    static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            JAVA_LONG.withName("cmsg_len"),
            JAVA_INT.withName("cmsg_level"),
            JAVA_INT.withName("cmsg_type")).withName("cmsghdr");

    /** Offset of {@code cmsg_len} (the name {@code CMSG_LEN} is the macro's). */
    static final long CMSG_LEN_FIELD = offset(CMSGHDR, "cmsg_len");
    static final long CMSG_LEVEL = offset(CMSGHDR, "cmsg_level");
    static final long CMSG_TYPE = offset(CMSGHDR, "cmsg_type");

    /** {@code struct ucred} ({@code _GNU_SOURCE}). */
    static final StructLayout UCRED = MemoryLayout.structLayout(
            JAVA_INT.withName("pid"),
            JAVA_INT.withName("uid"),
            JAVA_INT.withName("gid")).withName("ucred");

    // ---- <netdb.h> ------------------------------------------------------------------------------

    /** {@code struct addrinfo}. */
    static final StructLayout ADDRINFO = MemoryLayout.structLayout(
            JAVA_INT.withName("ai_flags"),
            JAVA_INT.withName("ai_family"),
            JAVA_INT.withName("ai_socktype"),
            JAVA_INT.withName("ai_protocol"),
            JAVA_INT.withName("ai_addrlen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("ai_addr"),
            ADDRESS.withName("ai_canonname"),
            ADDRESS.withName("ai_next")).withName("addrinfo");

    static final long AI_FLAGS = offset(ADDRINFO, "ai_flags");
    static final long AI_FAMILY = offset(ADDRINFO, "ai_family");
    static final long AI_SOCKTYPE = offset(ADDRINFO, "ai_socktype");
    static final long AI_PROTOCOL = offset(ADDRINFO, "ai_protocol");
    static final long AI_ADDRLEN = offset(ADDRINFO, "ai_addrlen");
    static final long AI_ADDR = offset(ADDRINFO, "ai_addr");
    static final long AI_CANONNAME = offset(ADDRINFO, "ai_canonname");
    static final long AI_NEXT = offset(ADDRINFO, "ai_next");

    /** {@code struct hostent}. */
    static final StructLayout HOSTENT = MemoryLayout.structLayout(
            ADDRESS.withName("h_name"),
            ADDRESS.withName("h_aliases"),
            JAVA_INT.withName("h_addrtype"),
            JAVA_INT.withName("h_length"),
            ADDRESS.withName("h_addr_list")).withName("hostent");

    static final long H_NAME = offset(HOSTENT, "h_name");
    static final long H_ALIASES = offset(HOSTENT, "h_aliases");
    static final long H_ADDRTYPE = offset(HOSTENT, "h_addrtype");
    static final long H_ADDR_LIST = offset(HOSTENT, "h_addr_list");

    /**
     * {@code struct servent}: {@code s_port} holds the 16-bit port in network byte order,
     * widened to an {@code int}.
     */
    static final StructLayout SERVENT = MemoryLayout.structLayout(
            ADDRESS.withName("s_name"),
            ADDRESS.withName("s_aliases"),
            JAVA_INT.withName("s_port"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("s_proto")).withName("servent");

    static final long S_NAME = offset(SERVENT, "s_name");
    static final long S_PORT = offset(SERVENT, "s_port");

    /** {@code struct protoent}. */
    static final StructLayout PROTOENT = MemoryLayout.structLayout(
            ADDRESS.withName("p_name"),
            ADDRESS.withName("p_aliases"),
            JAVA_INT.withName("p_proto"),
            MemoryLayout.paddingLayout(4)).withName("protoent");

    static final long P_PROTO = offset(PROTOENT, "p_proto");

    // ---- <net/if.h> -----------------------------------------------------------------------------

    /** {@code struct if_nameindex}. */
    static final StructLayout IF_NAMEINDEX = MemoryLayout.structLayout(
            JAVA_INT.withName("if_index"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("if_name")).withName("if_nameindex");

    static final long IF_INDEX = offset(IF_NAMEINDEX, "if_index");
    static final long IF_NAME = offset(IF_NAMEINDEX, "if_name");

    /**
     * {@code struct ifreq}: the name, then a union of which {@code SIOCGIFINDEX} and
     * {@code SIOCGIFNAME} use the {@code int} {@code ifr_ifindex}; the union's largest member
     * ({@code struct ifmap}) sets the size, its pointers the alignment.
     */
    static final StructLayout IFREQ = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("ifr_name"),
            JAVA_INT.withName("ifr_ifindex"),
            MemoryLayout.paddingLayout(20)).withByteAlignment(8).withName("ifreq");

    static final long IFR_NAME = offset(IFREQ, "ifr_name");
    static final long IFR_IFINDEX = offset(IFREQ, "ifr_ifindex");

    // ---- <poll.h> -------------------------------------------------------------------------------

    /** {@code struct pollfd}. */
    static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents")).withName("pollfd");

    static final long POLLFD_FD = offset(POLLFD, "fd");
    static final long POLLFD_EVENTS = offset(POLLFD, "events");
    static final long POLLFD_REVENTS = offset(POLLFD, "revents");

    // ---- <sys/epoll.h> --------------------------------------------------------------------------

    /**
     * Whether {@code struct epoll_event} is packed: {@code <sys/epoll.h>} declares it
     * {@code __attribute__((packed))} on x86-64 only, to keep the 32-bit x86 layout.
     */
    private static final boolean EPOLL_PACKED = System.getProperty("os.arch", "").matches("amd64|x86_64");

    /**
     * {@code struct epoll_event}: {@code uint32_t events}, then the 64-bit {@code epoll_data_t
     * data}; 12 bytes with alignment 1 where packed, else 16 with {@code data} at 8.
     */
    static final StructLayout EPOLL_EVENT = EPOLL_PACKED
            ? MemoryLayout.structLayout(
                    JAVA_INT.withByteAlignment(1).withName("events"),
                    JAVA_LONG.withByteAlignment(1).withName("data")).withName("epoll_event")
            : MemoryLayout.structLayout(
                    JAVA_INT.withName("events"),
                    MemoryLayout.paddingLayout(4),
                    JAVA_LONG.withName("data")).withName("epoll_event");

    static final long EPOLL_EVENT_EVENTS = offset(EPOLL_EVENT, "events");
    static final long EPOLL_EVENT_DATA = offset(EPOLL_EVENT, "data");

    // ---- <signal.h> -----------------------------------------------------------------------------

    /** {@code sigset_t} (glibc): 1,024 bits, made and read only through libc's {@code sig*set} functions;
     * its size is checked as {@code sigaction.sa_mask}'s. */
    static final SequenceLayout SIGSET_T = MemoryLayout.sequenceLayout(16, JAVA_LONG).withName("sigset_t");

    /**
     * {@code struct sigaction} (glibc on x86-64 and aarch64): {@code sa_handler} (the union
     * with {@code sa_sigaction}), the {@code sigset_t} mask of 1,024 bits, {@code sa_flags},
     * {@code sa_restorer}.
     */
    static final StructLayout SIGACTION = MemoryLayout.structLayout(
            ADDRESS.withName("sa_handler"),
            SIGSET_T.withName("sa_mask"),
            JAVA_INT.withName("sa_flags"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("sa_restorer")).withName("sigaction");

    static final long SA_HANDLER = offset(SIGACTION, "sa_handler");
    static final long SA_MASK = offset(SIGACTION, "sa_mask");
    static final long SA_FLAGS = offset(SIGACTION, "sa_flags");

    // ---- <time.h> -------------------------------------------------------------------------------

    /** {@code struct timespec} (64-bit): {@code tv_sec}, {@code tv_nsec}. */
    static final StructLayout TIMESPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_nsec")).withName("timespec");

    // ---- <linux/io_uring.h>, <linux/time_types.h> ----------------------------------------------
    // The fields the provider reads or writes are named; the reserved tails are unnamed padding,
    // since newer headers rename them (resv2 became user_addr).

    /** {@code struct io_sqring_offsets}: where, in the SQ ring's mapping, each of its fields is. */
    static final StructLayout IO_SQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"),
            JAVA_INT.withName("tail"),
            JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("dropped"),
            JAVA_INT.withName("array"),
            MemoryLayout.paddingLayout(4),
            MemoryLayout.paddingLayout(8)).withByteAlignment(8).withName("io_sqring_offsets"); // the __u64 tail's alignment

    /** {@code struct io_cqring_offsets}: where, in the CQ ring's mapping, each of its fields is. */
    static final StructLayout IO_CQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"),
            JAVA_INT.withName("tail"),
            JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"),
            JAVA_INT.withName("overflow"),
            JAVA_INT.withName("cqes"),
            JAVA_INT.withName("flags"),
            MemoryLayout.paddingLayout(4),
            MemoryLayout.paddingLayout(8)).withByteAlignment(8).withName("io_cqring_offsets");

    /** {@code struct io_uring_params}: io_uring_setup(2)'s argument, filled in by the kernel. */
    static final StructLayout IO_URING_PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("sq_entries"),
            JAVA_INT.withName("cq_entries"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("sq_thread_cpu"),
            JAVA_INT.withName("sq_thread_idle"),
            JAVA_INT.withName("features"),
            JAVA_INT.withName("wq_fd"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv"),
            IO_SQRING_OFFSETS.withName("sq_off"),
            IO_CQRING_OFFSETS.withName("cq_off")).withName("io_uring_params");

    static final long IOP_SQ_ENTRIES = offset(IO_URING_PARAMS, "sq_entries");
    static final long IOP_CQ_ENTRIES = offset(IO_URING_PARAMS, "cq_entries");
    static final long IOP_FLAGS = offset(IO_URING_PARAMS, "flags");
    static final long IOP_FEATURES = offset(IO_URING_PARAMS, "features");
    static final long IOP_SQ_OFF = offset(IO_URING_PARAMS, "sq_off");
    static final long IOP_CQ_OFF = offset(IO_URING_PARAMS, "cq_off");
    static final long SQ_OFF_HEAD = offset(IO_SQRING_OFFSETS, "head");
    static final long SQ_OFF_TAIL = offset(IO_SQRING_OFFSETS, "tail");
    static final long SQ_OFF_RING_MASK = offset(IO_SQRING_OFFSETS, "ring_mask");
    static final long SQ_OFF_RING_ENTRIES = offset(IO_SQRING_OFFSETS, "ring_entries");
    static final long SQ_OFF_FLAGS = offset(IO_SQRING_OFFSETS, "flags");
    static final long SQ_OFF_DROPPED = offset(IO_SQRING_OFFSETS, "dropped");
    static final long SQ_OFF_ARRAY = offset(IO_SQRING_OFFSETS, "array");
    static final long CQ_OFF_HEAD = offset(IO_CQRING_OFFSETS, "head");
    static final long CQ_OFF_TAIL = offset(IO_CQRING_OFFSETS, "tail");
    static final long CQ_OFF_RING_MASK = offset(IO_CQRING_OFFSETS, "ring_mask");
    static final long CQ_OFF_RING_ENTRIES = offset(IO_CQRING_OFFSETS, "ring_entries");
    static final long CQ_OFF_OVERFLOW = offset(IO_CQRING_OFFSETS, "overflow");
    static final long CQ_OFF_CQES = offset(IO_CQRING_OFFSETS, "cqes");

    /**
     * {@code struct io_uring_sqe} (64 bytes): each union named by its first member as the header
     * declares it ({@code off} is also {@code addr2}; {@code rw_flags} is also {@code msg_flags},
     * {@code accept_flags}, {@code timeout_flags}, {@code cancel_flags}; {@code splice_fd_in} is
     * also {@code file_index}).
     */
    static final StructLayout IO_URING_SQE = MemoryLayout.structLayout(
            JAVA_BYTE.withName("opcode"),
            JAVA_BYTE.withName("flags"),
            JAVA_SHORT.withName("ioprio"),
            JAVA_INT.withName("fd"),
            JAVA_LONG.withName("off"),
            JAVA_LONG.withName("addr"),
            JAVA_INT.withName("len"),
            JAVA_INT.withName("rw_flags"),
            JAVA_LONG.withName("user_data"),
            JAVA_SHORT.withName("buf_index"),
            JAVA_SHORT.withName("personality"),
            JAVA_INT.withName("splice_fd_in"),
            JAVA_LONG.withName("addr3"),
            MemoryLayout.sequenceLayout(1, JAVA_LONG).withName("__pad2")).withName("io_uring_sqe");

    static final long SQE_OPCODE = offset(IO_URING_SQE, "opcode");
    static final long SQE_FLAGS = offset(IO_URING_SQE, "flags");
    static final long SQE_IOPRIO = offset(IO_URING_SQE, "ioprio");
    static final long SQE_FD = offset(IO_URING_SQE, "fd");
    static final long SQE_OFF = offset(IO_URING_SQE, "off");
    static final long SQE_ADDR = offset(IO_URING_SQE, "addr");
    static final long SQE_LEN = offset(IO_URING_SQE, "len");
    static final long SQE_OP_FLAGS = offset(IO_URING_SQE, "rw_flags");
    static final long SQE_USER_DATA = offset(IO_URING_SQE, "user_data");
    static final long SQE_SPLICE_FD_IN = offset(IO_URING_SQE, "splice_fd_in");
    static final long SQE_ADDR3 = offset(IO_URING_SQE, "addr3");

    /** {@code struct io_uring_cqe} (16 bytes; {@code big_cqe[]} is empty without IORING_SETUP_CQE32). */
    static final StructLayout IO_URING_CQE = MemoryLayout.structLayout(
            JAVA_LONG.withName("user_data"),
            JAVA_INT.withName("res"),
            JAVA_INT.withName("flags")).withName("io_uring_cqe");

    static final long CQE_USER_DATA = offset(IO_URING_CQE, "user_data");
    static final long CQE_RES = offset(IO_URING_CQE, "res");
    static final long CQE_FLAGS = offset(IO_URING_CQE, "flags");

    /** {@code struct io_uring_probe_op}: one opcode's entry in a probe. */
    static final StructLayout IO_URING_PROBE_OP = MemoryLayout.structLayout(
            JAVA_BYTE.withName("op"),
            JAVA_BYTE.withName("resv"),
            JAVA_SHORT.withName("flags"),
            JAVA_INT.withName("resv2")).withName("io_uring_probe_op");

    static final long PROBE_OP_FLAGS = offset(IO_URING_PROBE_OP, "flags");

    /** {@code struct io_uring_probe}: its header; {@code ops[]} follows, one {@link #IO_URING_PROBE_OP} per opcode. */
    static final StructLayout IO_URING_PROBE = MemoryLayout.structLayout(
            JAVA_BYTE.withName("last_op"),
            JAVA_BYTE.withName("ops_len"),
            JAVA_SHORT.withName("resv"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv2")).withName("io_uring_probe");

    static final long PROBE_LAST_OP = offset(IO_URING_PROBE, "last_op");
    static final long PROBE_OPS_LEN = offset(IO_URING_PROBE, "ops_len");

    /** {@code struct __kernel_timespec}: the 64-bit timespec of IORING_OP_LINK_TIMEOUT. */
    static final StructLayout KERNEL_TIMESPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_nsec")).withName("__kernel_timespec");

    // ---- helpers --------------------------------------------------------------------------------

    private static long offset(StructLayout struct, String field) {
        return struct.byteOffset(groupElement(field));
    }

    /**
     * A structure of {@code members} placed as a C compiler places a structure's fields: each
     * at the next offset its alignment allows, padding between; the whole padded to a
     * multiple of {@code sizeMultiple}. For memory the provider lays out itself.
     */
    static StructLayout sequential(long sizeMultiple, MemoryLayout... members) {
        List<MemoryLayout> placed = new ArrayList<>();
        long offset = 0;
        for (MemoryLayout m : members) {
            long gap = -offset & (m.byteAlignment() - 1);
            if (gap > 0) {
                placed.add(MemoryLayout.paddingLayout(gap));
            }
            placed.add(m);
            offset += gap + m.byteSize();
        }
        long tail = -offset & (sizeMultiple - 1);
        if (tail > 0) {
            placed.add(MemoryLayout.paddingLayout(tail));
        }
        return MemoryLayout.structLayout(placed.toArray(MemoryLayout[]::new));
    }
}
