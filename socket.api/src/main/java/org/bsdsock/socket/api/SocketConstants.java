package org.bsdsock.socket.api;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The socket module's constants ({@code AF_*}, {@code SOCK_*}, {@code SO_*}, {@code SOMAXCONN},
 * {@code MSG_*}, {@code SOL_*}, {@code IPPROTO_*}, {@code IPPORT_*}, {@code INADDR_*},
 * {@code IP_*}, and CPython 3's {@code IPV6_*}, {@code TCP_*}, {@code SCM_*}, {@code SHUT_*},
 * {@code AI_*}, {@code NI_*}, {@code EAI_*}) with the running platform's values, equal to
 * CPython's {@code socket.X} on the same machine.
 *
 * <p>Use them with {@code import static org.bsdsock.socket.api.SocketConstants.*}. None is a
 * compile-time constant: each is read from the platform table when this class initialises, so
 * a consumer compiled on one platform runs with the values of another. A name the platform
 * does not define holds -1; {@link #lookup(String)} tells defined from undefined.
 *
 * <p>{@code INADDR_*} values are 32-bit unsigned host-order numbers, hence {@code long}.
 * Option numbers that have no name here may still be passed to the socket calls: they reach
 * the kernel unchanged, as in C.
 */
public final class SocketConstants {
    private static final PlatformTable T = PlatformTable.SOCKET;

    private SocketConstants() {
    }

    /**
     * The value of the constant {@code name} on this platform.
     *
     * @param name a constant's name, e.g. {@code "SO_REUSEPORT"}; not null
     * @return its value, or empty where the platform does not define it
     */
    public static OptionalLong lookup(String name) {
        return T.lookup(name);
    }

    /** @return every constant this platform defines, by name, in name order; unmodifiable */
    public static Map<String, Long> all() {
        return T.all();
    }

    public static final int AF_ALG = T.i("AF_ALG");
    public static final int AF_APPLETALK = T.i("AF_APPLETALK");
    public static final int AF_ASH = T.i("AF_ASH");
    public static final int AF_ATMPVC = T.i("AF_ATMPVC");
    public static final int AF_ATMSVC = T.i("AF_ATMSVC");
    public static final int AF_AX25 = T.i("AF_AX25");
    public static final int AF_BRIDGE = T.i("AF_BRIDGE");
    public static final int AF_CAN = T.i("AF_CAN");
    public static final int AF_DECnet = T.i("AF_DECnet");
    public static final int AF_ECONET = T.i("AF_ECONET");
    public static final int AF_INET = T.i("AF_INET");
    public static final int AF_INET6 = T.i("AF_INET6");
    public static final int AF_IPX = T.i("AF_IPX");
    public static final int AF_IRDA = T.i("AF_IRDA");
    public static final int AF_KEY = T.i("AF_KEY");
    public static final int AF_LLC = T.i("AF_LLC");
    public static final int AF_NETBEUI = T.i("AF_NETBEUI");
    public static final int AF_NETLINK = T.i("AF_NETLINK");
    public static final int AF_NETROM = T.i("AF_NETROM");
    public static final int AF_PACKET = T.i("AF_PACKET");
    public static final int AF_PPPOX = T.i("AF_PPPOX");
    public static final int AF_QIPCRTR = T.i("AF_QIPCRTR");
    public static final int AF_RDS = T.i("AF_RDS");
    public static final int AF_ROSE = T.i("AF_ROSE");
    public static final int AF_ROUTE = T.i("AF_ROUTE");
    public static final int AF_SECURITY = T.i("AF_SECURITY");
    public static final int AF_SNA = T.i("AF_SNA");
    public static final int AF_TIPC = T.i("AF_TIPC");
    public static final int AF_UNIX = T.i("AF_UNIX");
    public static final int AF_UNSPEC = T.i("AF_UNSPEC");
    public static final int AF_VSOCK = T.i("AF_VSOCK");
    public static final int AF_WANPIPE = T.i("AF_WANPIPE");
    public static final int AF_X25 = T.i("AF_X25");
    public static final int AI_ADDRCONFIG = T.i("AI_ADDRCONFIG");
    public static final int AI_ALL = T.i("AI_ALL");
    public static final int AI_CANONNAME = T.i("AI_CANONNAME");
    public static final int AI_NUMERICHOST = T.i("AI_NUMERICHOST");
    public static final int AI_NUMERICSERV = T.i("AI_NUMERICSERV");
    public static final int AI_PASSIVE = T.i("AI_PASSIVE");
    public static final int AI_V4MAPPED = T.i("AI_V4MAPPED");
    public static final int EAI_ADDRFAMILY = T.i("EAI_ADDRFAMILY");
    public static final int EAI_AGAIN = T.i("EAI_AGAIN");
    public static final int EAI_BADFLAGS = T.i("EAI_BADFLAGS");
    public static final int EAI_FAIL = T.i("EAI_FAIL");
    public static final int EAI_FAMILY = T.i("EAI_FAMILY");
    public static final int EAI_MEMORY = T.i("EAI_MEMORY");
    public static final int EAI_NODATA = T.i("EAI_NODATA");
    public static final int EAI_NONAME = T.i("EAI_NONAME");
    public static final int EAI_OVERFLOW = T.i("EAI_OVERFLOW");
    public static final int EAI_SERVICE = T.i("EAI_SERVICE");
    public static final int EAI_SOCKTYPE = T.i("EAI_SOCKTYPE");
    public static final int EAI_SYSTEM = T.i("EAI_SYSTEM");
    public static final long INADDR_ALLHOSTS_GROUP = T.l("INADDR_ALLHOSTS_GROUP");
    public static final long INADDR_ANY = T.l("INADDR_ANY");
    public static final long INADDR_BROADCAST = T.l("INADDR_BROADCAST");
    public static final long INADDR_LOOPBACK = T.l("INADDR_LOOPBACK");
    public static final long INADDR_MAX_LOCAL_GROUP = T.l("INADDR_MAX_LOCAL_GROUP");
    public static final long INADDR_NONE = T.l("INADDR_NONE");
    public static final long INADDR_UNSPEC_GROUP = T.l("INADDR_UNSPEC_GROUP");
    public static final int IPPORT_RESERVED = T.i("IPPORT_RESERVED");
    public static final int IPPORT_USERRESERVED = T.i("IPPORT_USERRESERVED");
    public static final int IPPROTO_AH = T.i("IPPROTO_AH");
    public static final int IPPROTO_DSTOPTS = T.i("IPPROTO_DSTOPTS");
    public static final int IPPROTO_EGP = T.i("IPPROTO_EGP");
    public static final int IPPROTO_ESP = T.i("IPPROTO_ESP");
    public static final int IPPROTO_FRAGMENT = T.i("IPPROTO_FRAGMENT");
    public static final int IPPROTO_GRE = T.i("IPPROTO_GRE");
    public static final int IPPROTO_HOPOPTS = T.i("IPPROTO_HOPOPTS");
    public static final int IPPROTO_ICMP = T.i("IPPROTO_ICMP");
    public static final int IPPROTO_ICMPV6 = T.i("IPPROTO_ICMPV6");
    public static final int IPPROTO_IDP = T.i("IPPROTO_IDP");
    public static final int IPPROTO_IGMP = T.i("IPPROTO_IGMP");
    public static final int IPPROTO_IP = T.i("IPPROTO_IP");
    public static final int IPPROTO_IPIP = T.i("IPPROTO_IPIP");
    public static final int IPPROTO_IPV6 = T.i("IPPROTO_IPV6");
    public static final int IPPROTO_MPTCP = T.i("IPPROTO_MPTCP");
    public static final int IPPROTO_NONE = T.i("IPPROTO_NONE");
    public static final int IPPROTO_PIM = T.i("IPPROTO_PIM");
    public static final int IPPROTO_PUP = T.i("IPPROTO_PUP");
    public static final int IPPROTO_RAW = T.i("IPPROTO_RAW");
    public static final int IPPROTO_ROUTING = T.i("IPPROTO_ROUTING");
    public static final int IPPROTO_RSVP = T.i("IPPROTO_RSVP");
    public static final int IPPROTO_SCTP = T.i("IPPROTO_SCTP");
    public static final int IPPROTO_TCP = T.i("IPPROTO_TCP");
    public static final int IPPROTO_TP = T.i("IPPROTO_TP");
    public static final int IPPROTO_UDP = T.i("IPPROTO_UDP");
    public static final int IPPROTO_UDPLITE = T.i("IPPROTO_UDPLITE");
    public static final int IPV6_CHECKSUM = T.i("IPV6_CHECKSUM");
    public static final int IPV6_DONTFRAG = T.i("IPV6_DONTFRAG");
    public static final int IPV6_DSTOPTS = T.i("IPV6_DSTOPTS");
    public static final int IPV6_HOPLIMIT = T.i("IPV6_HOPLIMIT");
    public static final int IPV6_HOPOPTS = T.i("IPV6_HOPOPTS");
    public static final int IPV6_JOIN_GROUP = T.i("IPV6_JOIN_GROUP");
    public static final int IPV6_LEAVE_GROUP = T.i("IPV6_LEAVE_GROUP");
    public static final int IPV6_MULTICAST_HOPS = T.i("IPV6_MULTICAST_HOPS");
    public static final int IPV6_MULTICAST_IF = T.i("IPV6_MULTICAST_IF");
    public static final int IPV6_MULTICAST_LOOP = T.i("IPV6_MULTICAST_LOOP");
    public static final int IPV6_NEXTHOP = T.i("IPV6_NEXTHOP");
    public static final int IPV6_PATHMTU = T.i("IPV6_PATHMTU");
    public static final int IPV6_PKTINFO = T.i("IPV6_PKTINFO");
    public static final int IPV6_RECVDSTOPTS = T.i("IPV6_RECVDSTOPTS");
    public static final int IPV6_RECVHOPLIMIT = T.i("IPV6_RECVHOPLIMIT");
    public static final int IPV6_RECVHOPOPTS = T.i("IPV6_RECVHOPOPTS");
    public static final int IPV6_RECVPATHMTU = T.i("IPV6_RECVPATHMTU");
    public static final int IPV6_RECVPKTINFO = T.i("IPV6_RECVPKTINFO");
    public static final int IPV6_RECVRTHDR = T.i("IPV6_RECVRTHDR");
    public static final int IPV6_RECVTCLASS = T.i("IPV6_RECVTCLASS");
    public static final int IPV6_RTHDR = T.i("IPV6_RTHDR");
    public static final int IPV6_RTHDRDSTOPTS = T.i("IPV6_RTHDRDSTOPTS");
    public static final int IPV6_RTHDR_TYPE_0 = T.i("IPV6_RTHDR_TYPE_0");
    public static final int IPV6_TCLASS = T.i("IPV6_TCLASS");
    public static final int IPV6_UNICAST_HOPS = T.i("IPV6_UNICAST_HOPS");
    public static final int IPV6_V6ONLY = T.i("IPV6_V6ONLY");
    public static final int IP_ADD_MEMBERSHIP = T.i("IP_ADD_MEMBERSHIP");
    public static final int IP_BIND_ADDRESS_NO_PORT = T.i("IP_BIND_ADDRESS_NO_PORT");
    public static final int IP_DEFAULT_MULTICAST_LOOP = T.i("IP_DEFAULT_MULTICAST_LOOP");
    public static final int IP_DEFAULT_MULTICAST_TTL = T.i("IP_DEFAULT_MULTICAST_TTL");
    public static final int IP_DROP_MEMBERSHIP = T.i("IP_DROP_MEMBERSHIP");
    public static final int IP_HDRINCL = T.i("IP_HDRINCL");
    public static final int IP_MAX_MEMBERSHIPS = T.i("IP_MAX_MEMBERSHIPS");
    public static final int IP_MULTICAST_IF = T.i("IP_MULTICAST_IF");
    public static final int IP_MULTICAST_LOOP = T.i("IP_MULTICAST_LOOP");
    public static final int IP_MULTICAST_TTL = T.i("IP_MULTICAST_TTL");
    public static final int IP_OPTIONS = T.i("IP_OPTIONS");
    public static final int IP_RECVOPTS = T.i("IP_RECVOPTS");
    public static final int IP_RECVRETOPTS = T.i("IP_RECVRETOPTS");
    public static final int IP_RECVTOS = T.i("IP_RECVTOS");
    public static final int IP_RETOPTS = T.i("IP_RETOPTS");
    public static final int IP_TOS = T.i("IP_TOS");
    public static final int IP_TRANSPARENT = T.i("IP_TRANSPARENT");
    public static final int IP_TTL = T.i("IP_TTL");
    public static final int MSG_CMSG_CLOEXEC = T.i("MSG_CMSG_CLOEXEC");
    public static final int MSG_CONFIRM = T.i("MSG_CONFIRM");
    public static final int MSG_CTRUNC = T.i("MSG_CTRUNC");
    public static final int MSG_DONTROUTE = T.i("MSG_DONTROUTE");
    public static final int MSG_DONTWAIT = T.i("MSG_DONTWAIT");
    public static final int MSG_EOR = T.i("MSG_EOR");
    public static final int MSG_ERRQUEUE = T.i("MSG_ERRQUEUE");
    public static final int MSG_FASTOPEN = T.i("MSG_FASTOPEN");
    public static final int MSG_MORE = T.i("MSG_MORE");
    public static final int MSG_NOSIGNAL = T.i("MSG_NOSIGNAL");
    public static final int MSG_OOB = T.i("MSG_OOB");
    public static final int MSG_PEEK = T.i("MSG_PEEK");
    public static final int MSG_TRUNC = T.i("MSG_TRUNC");
    public static final int MSG_WAITALL = T.i("MSG_WAITALL");
    public static final int NI_DGRAM = T.i("NI_DGRAM");
    public static final int NI_MAXHOST = T.i("NI_MAXHOST");
    public static final int NI_MAXSERV = T.i("NI_MAXSERV");
    public static final int NI_NAMEREQD = T.i("NI_NAMEREQD");
    public static final int NI_NOFQDN = T.i("NI_NOFQDN");
    public static final int NI_NUMERICHOST = T.i("NI_NUMERICHOST");
    public static final int NI_NUMERICSERV = T.i("NI_NUMERICSERV");
    public static final int SCM_CREDENTIALS = T.i("SCM_CREDENTIALS");
    public static final int SCM_J1939_DEST_ADDR = T.i("SCM_J1939_DEST_ADDR");
    public static final int SCM_J1939_DEST_NAME = T.i("SCM_J1939_DEST_NAME");
    public static final int SCM_J1939_ERRQUEUE = T.i("SCM_J1939_ERRQUEUE");
    public static final int SCM_J1939_PRIO = T.i("SCM_J1939_PRIO");
    public static final int SCM_RIGHTS = T.i("SCM_RIGHTS");
    public static final int SHUT_RD = T.i("SHUT_RD");
    public static final int SHUT_RDWR = T.i("SHUT_RDWR");
    public static final int SHUT_WR = T.i("SHUT_WR");
    public static final int SOCK_CLOEXEC = T.i("SOCK_CLOEXEC");
    public static final int SOCK_DGRAM = T.i("SOCK_DGRAM");
    public static final int SOCK_NONBLOCK = T.i("SOCK_NONBLOCK");
    public static final int SOCK_RAW = T.i("SOCK_RAW");
    public static final int SOCK_RDM = T.i("SOCK_RDM");
    public static final int SOCK_SEQPACKET = T.i("SOCK_SEQPACKET");
    public static final int SOCK_STREAM = T.i("SOCK_STREAM");
    public static final int SOL_ALG = T.i("SOL_ALG");
    public static final int SOL_CAN_BASE = T.i("SOL_CAN_BASE");
    public static final int SOL_CAN_RAW = T.i("SOL_CAN_RAW");
    public static final int SOL_IP = T.i("SOL_IP");
    public static final int SOL_RDS = T.i("SOL_RDS");
    public static final int SOL_SOCKET = T.i("SOL_SOCKET");
    public static final int SOL_TCP = T.i("SOL_TCP");
    public static final int SOL_TIPC = T.i("SOL_TIPC");
    public static final int SOL_UDP = T.i("SOL_UDP");
    public static final int SOMAXCONN = T.i("SOMAXCONN");
    public static final int SO_ACCEPTCONN = T.i("SO_ACCEPTCONN");
    public static final int SO_BINDTODEVICE = T.i("SO_BINDTODEVICE");
    public static final int SO_BROADCAST = T.i("SO_BROADCAST");
    public static final int SO_DEBUG = T.i("SO_DEBUG");
    public static final int SO_DOMAIN = T.i("SO_DOMAIN");
    public static final int SO_DONTROUTE = T.i("SO_DONTROUTE");
    public static final int SO_ERROR = T.i("SO_ERROR");
    public static final int SO_INCOMING_CPU = T.i("SO_INCOMING_CPU");
    public static final int SO_J1939_ERRQUEUE = T.i("SO_J1939_ERRQUEUE");
    public static final int SO_J1939_FILTER = T.i("SO_J1939_FILTER");
    public static final int SO_J1939_PROMISC = T.i("SO_J1939_PROMISC");
    public static final int SO_J1939_SEND_PRIO = T.i("SO_J1939_SEND_PRIO");
    public static final int SO_KEEPALIVE = T.i("SO_KEEPALIVE");
    public static final int SO_LINGER = T.i("SO_LINGER");
    public static final int SO_MARK = T.i("SO_MARK");
    public static final int SO_OOBINLINE = T.i("SO_OOBINLINE");
    public static final int SO_PASSCRED = T.i("SO_PASSCRED");
    public static final int SO_PASSSEC = T.i("SO_PASSSEC");
    public static final int SO_PEERCRED = T.i("SO_PEERCRED");
    public static final int SO_PEERSEC = T.i("SO_PEERSEC");
    public static final int SO_PRIORITY = T.i("SO_PRIORITY");
    public static final int SO_PROTOCOL = T.i("SO_PROTOCOL");
    public static final int SO_RCVBUF = T.i("SO_RCVBUF");
    public static final int SO_RCVLOWAT = T.i("SO_RCVLOWAT");
    public static final int SO_RCVTIMEO = T.i("SO_RCVTIMEO");
    public static final int SO_REUSEADDR = T.i("SO_REUSEADDR");
    public static final int SO_REUSEPORT = T.i("SO_REUSEPORT");
    public static final int SO_SNDBUF = T.i("SO_SNDBUF");
    public static final int SO_SNDLOWAT = T.i("SO_SNDLOWAT");
    public static final int SO_SNDTIMEO = T.i("SO_SNDTIMEO");
    public static final int SO_TYPE = T.i("SO_TYPE");
    public static final int SO_VM_SOCKETS_BUFFER_MAX_SIZE = T.i("SO_VM_SOCKETS_BUFFER_MAX_SIZE");
    public static final int SO_VM_SOCKETS_BUFFER_MIN_SIZE = T.i("SO_VM_SOCKETS_BUFFER_MIN_SIZE");
    public static final int SO_VM_SOCKETS_BUFFER_SIZE = T.i("SO_VM_SOCKETS_BUFFER_SIZE");
    public static final int TCP_CONGESTION = T.i("TCP_CONGESTION");
    public static final int TCP_CORK = T.i("TCP_CORK");
    public static final int TCP_DEFER_ACCEPT = T.i("TCP_DEFER_ACCEPT");
    public static final int TCP_FASTOPEN = T.i("TCP_FASTOPEN");
    public static final int TCP_INFO = T.i("TCP_INFO");
    public static final int TCP_KEEPCNT = T.i("TCP_KEEPCNT");
    public static final int TCP_KEEPIDLE = T.i("TCP_KEEPIDLE");
    public static final int TCP_KEEPINTVL = T.i("TCP_KEEPINTVL");
    public static final int TCP_LINGER2 = T.i("TCP_LINGER2");
    public static final int TCP_MAXSEG = T.i("TCP_MAXSEG");
    public static final int TCP_NODELAY = T.i("TCP_NODELAY");
    public static final int TCP_NOTSENT_LOWAT = T.i("TCP_NOTSENT_LOWAT");
    public static final int TCP_QUICKACK = T.i("TCP_QUICKACK");
    public static final int TCP_SYNCNT = T.i("TCP_SYNCNT");
    public static final int TCP_USER_TIMEOUT = T.i("TCP_USER_TIMEOUT");
    public static final int TCP_WINDOW_CLAMP = T.i("TCP_WINDOW_CLAMP");
}
