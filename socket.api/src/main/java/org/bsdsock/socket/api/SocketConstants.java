package org.bsdsock.socket.api;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The socket module's constants ({@code AF_*}, {@code SOCK_*}, {@code SO_*}, {@code SOMAXCONN},
 * {@code MSG_*}, {@code SOL_*}, {@code IPPROTO_*}, {@code IPPORT_*}, {@code INADDR_*},
 * {@code IP_*}, and CPython 3's {@code IPV6_*}, {@code TCP_*}, {@code SCM_*}, {@code SHUT_*},
 * {@code AI_*}, {@code NI_*}, {@code EAI_*}; since 1.4 {@code NETLINK_*}, {@code PACKET_*},
 * {@code ETH_P_*}, {@code VMADDR_*}, {@code IOCTL_VM_SOCKETS_GET_LOCAL_CID}, and the constants of the
 * families without a record here: {@code CAN_*}, {@code J1939_*}, {@code ALG_*}, {@code TIPC_*},
 * {@code PF_*}, {@code UDPLITE_*}, {@code VM_SOCKETS_*}) with the running platform's values, equal to
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
 *
 * <p>A few Linux names CPython lacks ({@code SOL_NETLINK}, {@code NETLINK_ADD_MEMBERSHIP},
 * {@code SOL_PACKET}, {@code VMADDR_CID_LOCAL}...), or has only in newer versions
 * ({@code ETH_P_ALL}), are here too, with the C headers' values.
 */
public final class SocketConstants {
    /** The platform's socket constants, which the fields are read from. */
    private static final PlatformTable T = PlatformTable.SOCKET;

    /** No instances: the constants are static. */
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

    /** {@return every constant this platform defines, by name, in name order; unmodifiable} */
    public static Map<String, Long> all() {
        return T.all();
    }

    /** Address family {@code AF_ALG}, for {@code socket()}. */
    public static final int AF_ALG = T.i("AF_ALG");
    /** Address family {@code AF_APPLETALK}, for {@code socket()}. */
    public static final int AF_APPLETALK = T.i("AF_APPLETALK");
    /** Address family {@code AF_ASH}, for {@code socket()}. */
    public static final int AF_ASH = T.i("AF_ASH");
    /** Address family {@code AF_ATMPVC}, for {@code socket()}. */
    public static final int AF_ATMPVC = T.i("AF_ATMPVC");
    /** Address family {@code AF_ATMSVC}, for {@code socket()}. */
    public static final int AF_ATMSVC = T.i("AF_ATMSVC");
    /** Address family {@code AF_AX25}, for {@code socket()}. */
    public static final int AF_AX25 = T.i("AF_AX25");
    /** Address family {@code AF_BRIDGE}, for {@code socket()}. */
    public static final int AF_BRIDGE = T.i("AF_BRIDGE");
    /** Address family {@code AF_CAN}, for {@code socket()}. */
    public static final int AF_CAN = T.i("AF_CAN");
    /** Address family {@code AF_DECnet}, for {@code socket()}. */
    public static final int AF_DECnet = T.i("AF_DECnet");
    /** Address family {@code AF_ECONET}, for {@code socket()}. */
    public static final int AF_ECONET = T.i("AF_ECONET");
    /** Address family {@code AF_INET}, for {@code socket()}. */
    public static final int AF_INET = T.i("AF_INET");
    /** Address family {@code AF_INET6}, for {@code socket()}. */
    public static final int AF_INET6 = T.i("AF_INET6");
    /** Address family {@code AF_IPX}, for {@code socket()}. */
    public static final int AF_IPX = T.i("AF_IPX");
    /** Address family {@code AF_IRDA}, for {@code socket()}. */
    public static final int AF_IRDA = T.i("AF_IRDA");
    /** Address family {@code AF_KEY}, for {@code socket()}. */
    public static final int AF_KEY = T.i("AF_KEY");
    /** Address family {@code AF_LLC}, for {@code socket()}. */
    public static final int AF_LLC = T.i("AF_LLC");
    /** Address family {@code AF_NETBEUI}, for {@code socket()}. */
    public static final int AF_NETBEUI = T.i("AF_NETBEUI");
    /** Address family {@code AF_NETLINK}, for {@code socket()}. */
    public static final int AF_NETLINK = T.i("AF_NETLINK");
    /** Address family {@code AF_NETROM}, for {@code socket()}. */
    public static final int AF_NETROM = T.i("AF_NETROM");
    /** Address family {@code AF_PACKET}, for {@code socket()}. */
    public static final int AF_PACKET = T.i("AF_PACKET");
    /** Address family {@code AF_PPPOX}, for {@code socket()}. */
    public static final int AF_PPPOX = T.i("AF_PPPOX");
    /** Address family {@code AF_QIPCRTR}, for {@code socket()}. */
    public static final int AF_QIPCRTR = T.i("AF_QIPCRTR");
    /** Address family {@code AF_RDS}, for {@code socket()}. */
    public static final int AF_RDS = T.i("AF_RDS");
    /** Address family {@code AF_ROSE}, for {@code socket()}. */
    public static final int AF_ROSE = T.i("AF_ROSE");
    /** Address family {@code AF_ROUTE}, for {@code socket()}. */
    public static final int AF_ROUTE = T.i("AF_ROUTE");
    /** Address family {@code AF_SECURITY}, for {@code socket()}. */
    public static final int AF_SECURITY = T.i("AF_SECURITY");
    /** Address family {@code AF_SNA}, for {@code socket()}. */
    public static final int AF_SNA = T.i("AF_SNA");
    /** Address family {@code AF_TIPC}, for {@code socket()}. */
    public static final int AF_TIPC = T.i("AF_TIPC");
    /** Address family {@code AF_UNIX}, for {@code socket()}. */
    public static final int AF_UNIX = T.i("AF_UNIX");
    /** Address family {@code AF_UNSPEC}, for {@code socket()}. */
    public static final int AF_UNSPEC = T.i("AF_UNSPEC");
    /** Address family {@code AF_VSOCK}, for {@code socket()}. */
    public static final int AF_VSOCK = T.i("AF_VSOCK");
    /** Address family {@code AF_WANPIPE}, for {@code socket()}. */
    public static final int AF_WANPIPE = T.i("AF_WANPIPE");
    /** Address family {@code AF_X25}, for {@code socket()}. */
    public static final int AF_X25 = T.i("AF_X25");
    /** Flag {@code AI_ADDRCONFIG}, for {@code getaddrinfo()}. */
    public static final int AI_ADDRCONFIG = T.i("AI_ADDRCONFIG");
    /** Flag {@code AI_ALL}, for {@code getaddrinfo()}. */
    public static final int AI_ALL = T.i("AI_ALL");
    /** Flag {@code AI_CANONNAME}, for {@code getaddrinfo()}. */
    public static final int AI_CANONNAME = T.i("AI_CANONNAME");
    /** Flag {@code AI_NUMERICHOST}, for {@code getaddrinfo()}. */
    public static final int AI_NUMERICHOST = T.i("AI_NUMERICHOST");
    /** Flag {@code AI_NUMERICSERV}, for {@code getaddrinfo()}. */
    public static final int AI_NUMERICSERV = T.i("AI_NUMERICSERV");
    /** Flag {@code AI_PASSIVE}, for {@code getaddrinfo()}. */
    public static final int AI_PASSIVE = T.i("AI_PASSIVE");
    /** Flag {@code AI_V4MAPPED}, for {@code getaddrinfo()}. */
    public static final int AI_V4MAPPED = T.i("AI_V4MAPPED");
    /** Kernel crypto API constant {@code ALG_OP_DECRYPT}, for {@code AF_ALG} sockets. */
    public static final int ALG_OP_DECRYPT = T.i("ALG_OP_DECRYPT");
    /** Kernel crypto API constant {@code ALG_OP_ENCRYPT}, for {@code AF_ALG} sockets. */
    public static final int ALG_OP_ENCRYPT = T.i("ALG_OP_ENCRYPT");
    /** Kernel crypto API constant {@code ALG_OP_SIGN}, for {@code AF_ALG} sockets. */
    public static final int ALG_OP_SIGN = T.i("ALG_OP_SIGN");
    /** Kernel crypto API constant {@code ALG_OP_VERIFY}, for {@code AF_ALG} sockets. */
    public static final int ALG_OP_VERIFY = T.i("ALG_OP_VERIFY");
    /** Kernel crypto API constant {@code ALG_SET_AEAD_ASSOCLEN}, for {@code AF_ALG} sockets. */
    public static final int ALG_SET_AEAD_ASSOCLEN = T.i("ALG_SET_AEAD_ASSOCLEN");
    /** Kernel crypto API constant {@code ALG_SET_AEAD_AUTHSIZE}, for {@code AF_ALG} sockets. */
    public static final int ALG_SET_AEAD_AUTHSIZE = T.i("ALG_SET_AEAD_AUTHSIZE");
    /** Kernel crypto API constant {@code ALG_SET_IV}, for {@code AF_ALG} sockets. */
    public static final int ALG_SET_IV = T.i("ALG_SET_IV");
    /** Kernel crypto API constant {@code ALG_SET_KEY}, for {@code AF_ALG} sockets. */
    public static final int ALG_SET_KEY = T.i("ALG_SET_KEY");
    /** Kernel crypto API constant {@code ALG_SET_OP}, for {@code AF_ALG} sockets. */
    public static final int ALG_SET_OP = T.i("ALG_SET_OP");
    /** Kernel crypto API constant {@code ALG_SET_PUBKEY}, for {@code AF_ALG} sockets. */
    public static final int ALG_SET_PUBKEY = T.i("ALG_SET_PUBKEY");
    /** CAN (Controller Area Network) constant {@code CAN_BCM}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM = T.i("CAN_BCM");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_CAN_FD_FRAME}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_CAN_FD_FRAME = T.i("CAN_BCM_CAN_FD_FRAME");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_RX_ANNOUNCE_RESUME}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_RX_ANNOUNCE_RESUME = T.i("CAN_BCM_RX_ANNOUNCE_RESUME");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_RX_CHANGED}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_RX_CHANGED = T.i("CAN_BCM_RX_CHANGED");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_RX_CHECK_DLC}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_RX_CHECK_DLC = T.i("CAN_BCM_RX_CHECK_DLC");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_RX_DELETE}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_RX_DELETE = T.i("CAN_BCM_RX_DELETE");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_RX_FILTER_ID}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_RX_FILTER_ID = T.i("CAN_BCM_RX_FILTER_ID");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_RX_NO_AUTOTIMER}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_RX_NO_AUTOTIMER = T.i("CAN_BCM_RX_NO_AUTOTIMER");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_RX_READ}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_RX_READ = T.i("CAN_BCM_RX_READ");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_RX_RTR_FRAME}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_RX_RTR_FRAME = T.i("CAN_BCM_RX_RTR_FRAME");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_RX_SETUP}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_RX_SETUP = T.i("CAN_BCM_RX_SETUP");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_RX_STATUS}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_RX_STATUS = T.i("CAN_BCM_RX_STATUS");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_RX_TIMEOUT}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_RX_TIMEOUT = T.i("CAN_BCM_RX_TIMEOUT");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_SETTIMER}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_SETTIMER = T.i("CAN_BCM_SETTIMER");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_STARTTIMER}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_STARTTIMER = T.i("CAN_BCM_STARTTIMER");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_TX_ANNOUNCE}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_TX_ANNOUNCE = T.i("CAN_BCM_TX_ANNOUNCE");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_TX_COUNTEVT}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_TX_COUNTEVT = T.i("CAN_BCM_TX_COUNTEVT");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_TX_CP_CAN_ID}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_TX_CP_CAN_ID = T.i("CAN_BCM_TX_CP_CAN_ID");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_TX_DELETE}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_TX_DELETE = T.i("CAN_BCM_TX_DELETE");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_TX_EXPIRED}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_TX_EXPIRED = T.i("CAN_BCM_TX_EXPIRED");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_TX_READ}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_TX_READ = T.i("CAN_BCM_TX_READ");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_TX_RESET_MULTI_IDX}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_TX_RESET_MULTI_IDX = T.i("CAN_BCM_TX_RESET_MULTI_IDX");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_TX_SEND}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_TX_SEND = T.i("CAN_BCM_TX_SEND");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_TX_SETUP}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_TX_SETUP = T.i("CAN_BCM_TX_SETUP");
    /** CAN (Controller Area Network) constant {@code CAN_BCM_TX_STATUS}, for {@code AF_CAN} sockets. */
    public static final int CAN_BCM_TX_STATUS = T.i("CAN_BCM_TX_STATUS");
    /** CAN (Controller Area Network) constant {@code CAN_EFF_FLAG}, for {@code AF_CAN} sockets. */
    public static final long CAN_EFF_FLAG = T.l("CAN_EFF_FLAG");
    /** CAN (Controller Area Network) constant {@code CAN_EFF_MASK}, for {@code AF_CAN} sockets. */
    public static final int CAN_EFF_MASK = T.i("CAN_EFF_MASK");
    /** CAN (Controller Area Network) constant {@code CAN_ERR_FLAG}, for {@code AF_CAN} sockets. */
    public static final int CAN_ERR_FLAG = T.i("CAN_ERR_FLAG");
    /** CAN (Controller Area Network) constant {@code CAN_ERR_MASK}, for {@code AF_CAN} sockets. */
    public static final int CAN_ERR_MASK = T.i("CAN_ERR_MASK");
    /** CAN (Controller Area Network) constant {@code CAN_ISOTP}, for {@code AF_CAN} sockets. */
    public static final int CAN_ISOTP = T.i("CAN_ISOTP");
    /** CAN (Controller Area Network) constant {@code CAN_J1939}, for {@code AF_CAN} sockets. */
    public static final int CAN_J1939 = T.i("CAN_J1939");
    /** CAN (Controller Area Network) constant {@code CAN_RAW}, for {@code AF_CAN} sockets. */
    public static final int CAN_RAW = T.i("CAN_RAW");
    /** CAN (Controller Area Network) constant {@code CAN_RAW_FD_FRAMES}, for {@code AF_CAN} sockets. */
    public static final int CAN_RAW_FD_FRAMES = T.i("CAN_RAW_FD_FRAMES");
    /** CAN (Controller Area Network) constant {@code CAN_RAW_FILTER}, for {@code AF_CAN} sockets. */
    public static final int CAN_RAW_FILTER = T.i("CAN_RAW_FILTER");
    /** CAN (Controller Area Network) constant {@code CAN_RAW_JOIN_FILTERS}, for {@code AF_CAN} sockets. */
    public static final int CAN_RAW_JOIN_FILTERS = T.i("CAN_RAW_JOIN_FILTERS");
    /** CAN (Controller Area Network) constant {@code CAN_RAW_LOOPBACK}, for {@code AF_CAN} sockets. */
    public static final int CAN_RAW_LOOPBACK = T.i("CAN_RAW_LOOPBACK");
    /** CAN (Controller Area Network) constant {@code CAN_RAW_RECV_OWN_MSGS}, for {@code AF_CAN} sockets. */
    public static final int CAN_RAW_RECV_OWN_MSGS = T.i("CAN_RAW_RECV_OWN_MSGS");
    /** CAN (Controller Area Network) constant {@code CAN_RTR_FLAG}, for {@code AF_CAN} sockets. */
    public static final int CAN_RTR_FLAG = T.i("CAN_RTR_FLAG");
    /** CAN (Controller Area Network) constant {@code CAN_SFF_MASK}, for {@code AF_CAN} sockets. */
    public static final int CAN_SFF_MASK = T.i("CAN_SFF_MASK");
    /** Error code {@code EAI_ADDRFAMILY} of {@code getaddrinfo()} and {@code getnameinfo()}. */
    public static final int EAI_ADDRFAMILY = T.i("EAI_ADDRFAMILY");
    /** Error code {@code EAI_AGAIN} of {@code getaddrinfo()} and {@code getnameinfo()}. */
    public static final int EAI_AGAIN = T.i("EAI_AGAIN");
    /** Error code {@code EAI_BADFLAGS} of {@code getaddrinfo()} and {@code getnameinfo()}. */
    public static final int EAI_BADFLAGS = T.i("EAI_BADFLAGS");
    /** Error code {@code EAI_FAIL} of {@code getaddrinfo()} and {@code getnameinfo()}. */
    public static final int EAI_FAIL = T.i("EAI_FAIL");
    /** Error code {@code EAI_FAMILY} of {@code getaddrinfo()} and {@code getnameinfo()}. */
    public static final int EAI_FAMILY = T.i("EAI_FAMILY");
    /** Error code {@code EAI_MEMORY} of {@code getaddrinfo()} and {@code getnameinfo()}. */
    public static final int EAI_MEMORY = T.i("EAI_MEMORY");
    /** Error code {@code EAI_NODATA} of {@code getaddrinfo()} and {@code getnameinfo()}. */
    public static final int EAI_NODATA = T.i("EAI_NODATA");
    /** Error code {@code EAI_NONAME} of {@code getaddrinfo()} and {@code getnameinfo()}. */
    public static final int EAI_NONAME = T.i("EAI_NONAME");
    /** Error code {@code EAI_OVERFLOW} of {@code getaddrinfo()} and {@code getnameinfo()}. */
    public static final int EAI_OVERFLOW = T.i("EAI_OVERFLOW");
    /** Error code {@code EAI_SERVICE} of {@code getaddrinfo()} and {@code getnameinfo()}. */
    public static final int EAI_SERVICE = T.i("EAI_SERVICE");
    /** Error code {@code EAI_SOCKTYPE} of {@code getaddrinfo()} and {@code getnameinfo()}. */
    public static final int EAI_SOCKTYPE = T.i("EAI_SOCKTYPE");
    /** Error code {@code EAI_SYSTEM} of {@code getaddrinfo()} and {@code getnameinfo()}. */
    public static final int EAI_SYSTEM = T.i("EAI_SYSTEM");
    /** Ethernet protocol {@code ETH_P_ALL} (every protocol), for {@code AF_PACKET}: in host byte order; {@code socket()} takes it through {@code htons}. */
    public static final int ETH_P_ALL = T.i("ETH_P_ALL");
    /** Ethernet protocol {@code ETH_P_ARP}, for {@code AF_PACKET} (host byte order). */
    public static final int ETH_P_ARP = T.i("ETH_P_ARP");
    /** Ethernet protocol {@code ETH_P_IP}, for {@code AF_PACKET} (host byte order). */
    public static final int ETH_P_IP = T.i("ETH_P_IP");
    /** Ethernet protocol {@code ETH_P_IPV6}, for {@code AF_PACKET} (host byte order). */
    public static final int ETH_P_IPV6 = T.i("ETH_P_IPV6");
    /** IPv4 address {@code INADDR_ALLHOSTS_GROUP}, an unsigned 32-bit number in host byte order. */
    public static final long INADDR_ALLHOSTS_GROUP = T.l("INADDR_ALLHOSTS_GROUP");
    /** IPv4 address {@code INADDR_ANY}, an unsigned 32-bit number in host byte order. */
    public static final long INADDR_ANY = T.l("INADDR_ANY");
    /** IPv4 address {@code INADDR_BROADCAST}, an unsigned 32-bit number in host byte order. */
    public static final long INADDR_BROADCAST = T.l("INADDR_BROADCAST");
    /** IPv4 address {@code INADDR_LOOPBACK}, an unsigned 32-bit number in host byte order. */
    public static final long INADDR_LOOPBACK = T.l("INADDR_LOOPBACK");
    /** IPv4 address {@code INADDR_MAX_LOCAL_GROUP}, an unsigned 32-bit number in host byte order. */
    public static final long INADDR_MAX_LOCAL_GROUP = T.l("INADDR_MAX_LOCAL_GROUP");
    /** IPv4 address {@code INADDR_NONE}, an unsigned 32-bit number in host byte order. */
    public static final long INADDR_NONE = T.l("INADDR_NONE");
    /** IPv4 address {@code INADDR_UNSPEC_GROUP}, an unsigned 32-bit number in host byte order. */
    public static final long INADDR_UNSPEC_GROUP = T.l("INADDR_UNSPEC_GROUP");
    /** The {@code ioctl} request {@code IOCTL_VM_SOCKETS_GET_LOCAL_CID} of {@code /dev/vsock}. */
    public static final int IOCTL_VM_SOCKETS_GET_LOCAL_CID = T.i("IOCTL_VM_SOCKETS_GET_LOCAL_CID");
    /** Port limit {@code IPPORT_RESERVED}. */
    public static final int IPPORT_RESERVED = T.i("IPPORT_RESERVED");
    /** Port limit {@code IPPORT_USERRESERVED}. */
    public static final int IPPORT_USERRESERVED = T.i("IPPORT_USERRESERVED");
    /** IP protocol number {@code IPPROTO_AH}. */
    public static final int IPPROTO_AH = T.i("IPPROTO_AH");
    /** IP protocol number {@code IPPROTO_DSTOPTS}. */
    public static final int IPPROTO_DSTOPTS = T.i("IPPROTO_DSTOPTS");
    /** IP protocol number {@code IPPROTO_EGP}. */
    public static final int IPPROTO_EGP = T.i("IPPROTO_EGP");
    /** IP protocol number {@code IPPROTO_ESP}. */
    public static final int IPPROTO_ESP = T.i("IPPROTO_ESP");
    /** IP protocol number {@code IPPROTO_FRAGMENT}. */
    public static final int IPPROTO_FRAGMENT = T.i("IPPROTO_FRAGMENT");
    /** IP protocol number {@code IPPROTO_GRE}. */
    public static final int IPPROTO_GRE = T.i("IPPROTO_GRE");
    /** IP protocol number {@code IPPROTO_HOPOPTS}. */
    public static final int IPPROTO_HOPOPTS = T.i("IPPROTO_HOPOPTS");
    /** IP protocol number {@code IPPROTO_ICMP}. */
    public static final int IPPROTO_ICMP = T.i("IPPROTO_ICMP");
    /** IP protocol number {@code IPPROTO_ICMPV6}. */
    public static final int IPPROTO_ICMPV6 = T.i("IPPROTO_ICMPV6");
    /** IP protocol number {@code IPPROTO_IDP}. */
    public static final int IPPROTO_IDP = T.i("IPPROTO_IDP");
    /** IP protocol number {@code IPPROTO_IGMP}. */
    public static final int IPPROTO_IGMP = T.i("IPPROTO_IGMP");
    /** IP protocol number {@code IPPROTO_IP}. */
    public static final int IPPROTO_IP = T.i("IPPROTO_IP");
    /** IP protocol number {@code IPPROTO_IPIP}. */
    public static final int IPPROTO_IPIP = T.i("IPPROTO_IPIP");
    /** IP protocol number {@code IPPROTO_IPV6}. */
    public static final int IPPROTO_IPV6 = T.i("IPPROTO_IPV6");
    /** IP protocol number {@code IPPROTO_MPTCP}. */
    public static final int IPPROTO_MPTCP = T.i("IPPROTO_MPTCP");
    /** IP protocol number {@code IPPROTO_NONE}. */
    public static final int IPPROTO_NONE = T.i("IPPROTO_NONE");
    /** IP protocol number {@code IPPROTO_PIM}. */
    public static final int IPPROTO_PIM = T.i("IPPROTO_PIM");
    /** IP protocol number {@code IPPROTO_PUP}. */
    public static final int IPPROTO_PUP = T.i("IPPROTO_PUP");
    /** IP protocol number {@code IPPROTO_RAW}. */
    public static final int IPPROTO_RAW = T.i("IPPROTO_RAW");
    /** IP protocol number {@code IPPROTO_ROUTING}. */
    public static final int IPPROTO_ROUTING = T.i("IPPROTO_ROUTING");
    /** IP protocol number {@code IPPROTO_RSVP}. */
    public static final int IPPROTO_RSVP = T.i("IPPROTO_RSVP");
    /** IP protocol number {@code IPPROTO_SCTP}. */
    public static final int IPPROTO_SCTP = T.i("IPPROTO_SCTP");
    /** IP protocol number {@code IPPROTO_TCP}. */
    public static final int IPPROTO_TCP = T.i("IPPROTO_TCP");
    /** IP protocol number {@code IPPROTO_TP}. */
    public static final int IPPROTO_TP = T.i("IPPROTO_TP");
    /** IP protocol number {@code IPPROTO_UDP}. */
    public static final int IPPROTO_UDP = T.i("IPPROTO_UDP");
    /** IP protocol number {@code IPPROTO_UDPLITE}. */
    public static final int IPPROTO_UDPLITE = T.i("IPPROTO_UDPLITE");
    /** IPv6 socket option {@code IPV6_CHECKSUM}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_CHECKSUM = T.i("IPV6_CHECKSUM");
    /** IPv6 socket option {@code IPV6_DONTFRAG}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_DONTFRAG = T.i("IPV6_DONTFRAG");
    /** IPv6 socket option {@code IPV6_DSTOPTS}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_DSTOPTS = T.i("IPV6_DSTOPTS");
    /** IPv6 socket option {@code IPV6_HOPLIMIT}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_HOPLIMIT = T.i("IPV6_HOPLIMIT");
    /** IPv6 socket option {@code IPV6_HOPOPTS}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_HOPOPTS = T.i("IPV6_HOPOPTS");
    /** IPv6 socket option {@code IPV6_JOIN_GROUP}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_JOIN_GROUP = T.i("IPV6_JOIN_GROUP");
    /** IPv6 socket option {@code IPV6_LEAVE_GROUP}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_LEAVE_GROUP = T.i("IPV6_LEAVE_GROUP");
    /** IPv6 socket option {@code IPV6_MULTICAST_HOPS}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_MULTICAST_HOPS = T.i("IPV6_MULTICAST_HOPS");
    /** IPv6 socket option {@code IPV6_MULTICAST_IF}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_MULTICAST_IF = T.i("IPV6_MULTICAST_IF");
    /** IPv6 socket option {@code IPV6_MULTICAST_LOOP}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_MULTICAST_LOOP = T.i("IPV6_MULTICAST_LOOP");
    /** IPv6 socket option {@code IPV6_NEXTHOP}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_NEXTHOP = T.i("IPV6_NEXTHOP");
    /** IPv6 socket option {@code IPV6_PATHMTU}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_PATHMTU = T.i("IPV6_PATHMTU");
    /** IPv6 socket option {@code IPV6_PKTINFO}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_PKTINFO = T.i("IPV6_PKTINFO");
    /** IPv6 socket option {@code IPV6_RECVDSTOPTS}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_RECVDSTOPTS = T.i("IPV6_RECVDSTOPTS");
    /** IPv6 socket option {@code IPV6_RECVHOPLIMIT}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_RECVHOPLIMIT = T.i("IPV6_RECVHOPLIMIT");
    /** IPv6 socket option {@code IPV6_RECVHOPOPTS}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_RECVHOPOPTS = T.i("IPV6_RECVHOPOPTS");
    /** IPv6 socket option {@code IPV6_RECVPATHMTU}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_RECVPATHMTU = T.i("IPV6_RECVPATHMTU");
    /** IPv6 socket option {@code IPV6_RECVPKTINFO}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_RECVPKTINFO = T.i("IPV6_RECVPKTINFO");
    /** IPv6 socket option {@code IPV6_RECVRTHDR}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_RECVRTHDR = T.i("IPV6_RECVRTHDR");
    /** IPv6 socket option {@code IPV6_RECVTCLASS}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_RECVTCLASS = T.i("IPV6_RECVTCLASS");
    /** IPv6 socket option {@code IPV6_RTHDR}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_RTHDR = T.i("IPV6_RTHDR");
    /** IPv6 socket option {@code IPV6_RTHDRDSTOPTS}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_RTHDRDSTOPTS = T.i("IPV6_RTHDRDSTOPTS");
    /** IPv6 socket option {@code IPV6_RTHDR_TYPE_0}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_RTHDR_TYPE_0 = T.i("IPV6_RTHDR_TYPE_0");
    /** IPv6 socket option {@code IPV6_TCLASS}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_TCLASS = T.i("IPV6_TCLASS");
    /** IPv6 socket option {@code IPV6_UNICAST_HOPS}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_UNICAST_HOPS = T.i("IPV6_UNICAST_HOPS");
    /** IPv6 socket option {@code IPV6_V6ONLY}, at level {@code IPPROTO_IPV6}. */
    public static final int IPV6_V6ONLY = T.i("IPV6_V6ONLY");
    /** IPv4 socket option {@code IP_ADD_MEMBERSHIP}, at level {@code IPPROTO_IP}. */
    public static final int IP_ADD_MEMBERSHIP = T.i("IP_ADD_MEMBERSHIP");
    /** IPv4 socket option {@code IP_BIND_ADDRESS_NO_PORT}, at level {@code IPPROTO_IP}. */
    public static final int IP_BIND_ADDRESS_NO_PORT = T.i("IP_BIND_ADDRESS_NO_PORT");
    /** IPv4 socket option {@code IP_DEFAULT_MULTICAST_LOOP}, at level {@code IPPROTO_IP}. */
    public static final int IP_DEFAULT_MULTICAST_LOOP = T.i("IP_DEFAULT_MULTICAST_LOOP");
    /** IPv4 socket option {@code IP_DEFAULT_MULTICAST_TTL}, at level {@code IPPROTO_IP}. */
    public static final int IP_DEFAULT_MULTICAST_TTL = T.i("IP_DEFAULT_MULTICAST_TTL");
    /** IPv4 socket option {@code IP_DROP_MEMBERSHIP}, at level {@code IPPROTO_IP}. */
    public static final int IP_DROP_MEMBERSHIP = T.i("IP_DROP_MEMBERSHIP");
    /** IPv4 socket option {@code IP_HDRINCL}, at level {@code IPPROTO_IP}. */
    public static final int IP_HDRINCL = T.i("IP_HDRINCL");
    /** IPv4 socket option {@code IP_MAX_MEMBERSHIPS}, at level {@code IPPROTO_IP}. */
    public static final int IP_MAX_MEMBERSHIPS = T.i("IP_MAX_MEMBERSHIPS");
    /** IPv4 socket option {@code IP_MULTICAST_IF}, at level {@code IPPROTO_IP}. */
    public static final int IP_MULTICAST_IF = T.i("IP_MULTICAST_IF");
    /** IPv4 socket option {@code IP_MULTICAST_LOOP}, at level {@code IPPROTO_IP}. */
    public static final int IP_MULTICAST_LOOP = T.i("IP_MULTICAST_LOOP");
    /** IPv4 socket option {@code IP_MULTICAST_TTL}, at level {@code IPPROTO_IP}. */
    public static final int IP_MULTICAST_TTL = T.i("IP_MULTICAST_TTL");
    /** IPv4 socket option {@code IP_OPTIONS}, at level {@code IPPROTO_IP}. */
    public static final int IP_OPTIONS = T.i("IP_OPTIONS");
    /** IPv4 socket option {@code IP_RECVOPTS}, at level {@code IPPROTO_IP}. */
    public static final int IP_RECVOPTS = T.i("IP_RECVOPTS");
    /** IPv4 socket option {@code IP_RECVRETOPTS}, at level {@code IPPROTO_IP}. */
    public static final int IP_RECVRETOPTS = T.i("IP_RECVRETOPTS");
    /** IPv4 socket option {@code IP_RECVTOS}, at level {@code IPPROTO_IP}. */
    public static final int IP_RECVTOS = T.i("IP_RECVTOS");
    /** IPv4 socket option {@code IP_RETOPTS}, at level {@code IPPROTO_IP}. */
    public static final int IP_RETOPTS = T.i("IP_RETOPTS");
    /** IPv4 socket option {@code IP_TOS}, at level {@code IPPROTO_IP}. */
    public static final int IP_TOS = T.i("IP_TOS");
    /** IPv4 socket option {@code IP_TRANSPARENT}, at level {@code IPPROTO_IP}. */
    public static final int IP_TRANSPARENT = T.i("IP_TRANSPARENT");
    /** IPv4 socket option {@code IP_TTL}, at level {@code IPPROTO_IP}. */
    public static final int IP_TTL = T.i("IP_TTL");
    /** SAE J1939 constant {@code J1939_EE_INFO_NONE}, for {@code AF_CAN} sockets of protocol {@code CAN_J1939}. */
    public static final int J1939_EE_INFO_NONE = T.i("J1939_EE_INFO_NONE");
    /** SAE J1939 constant {@code J1939_EE_INFO_TX_ABORT}, for {@code AF_CAN} sockets of protocol {@code CAN_J1939}. */
    public static final int J1939_EE_INFO_TX_ABORT = T.i("J1939_EE_INFO_TX_ABORT");
    /** SAE J1939 constant {@code J1939_FILTER_MAX}, for {@code AF_CAN} sockets of protocol {@code CAN_J1939}. */
    public static final int J1939_FILTER_MAX = T.i("J1939_FILTER_MAX");
    /** SAE J1939 constant {@code J1939_IDLE_ADDR}, for {@code AF_CAN} sockets of protocol {@code CAN_J1939}. */
    public static final int J1939_IDLE_ADDR = T.i("J1939_IDLE_ADDR");
    /** SAE J1939 constant {@code J1939_MAX_UNICAST_ADDR}, for {@code AF_CAN} sockets of protocol {@code CAN_J1939}. */
    public static final int J1939_MAX_UNICAST_ADDR = T.i("J1939_MAX_UNICAST_ADDR");
    /** SAE J1939 constant {@code J1939_NLA_BYTES_ACKED}, for {@code AF_CAN} sockets of protocol {@code CAN_J1939}. */
    public static final int J1939_NLA_BYTES_ACKED = T.i("J1939_NLA_BYTES_ACKED");
    /** SAE J1939 constant {@code J1939_NLA_PAD}, for {@code AF_CAN} sockets of protocol {@code CAN_J1939}. */
    public static final int J1939_NLA_PAD = T.i("J1939_NLA_PAD");
    /** SAE J1939 constant {@code J1939_NO_ADDR}, for {@code AF_CAN} sockets of protocol {@code CAN_J1939}. */
    public static final int J1939_NO_ADDR = T.i("J1939_NO_ADDR");
    /** SAE J1939 constant {@code J1939_NO_NAME}, for {@code AF_CAN} sockets of protocol {@code CAN_J1939}. */
    public static final int J1939_NO_NAME = T.i("J1939_NO_NAME");
    /** SAE J1939 constant {@code J1939_NO_PGN}, for {@code AF_CAN} sockets of protocol {@code CAN_J1939}. */
    public static final int J1939_NO_PGN = T.i("J1939_NO_PGN");
    /** SAE J1939 constant {@code J1939_PGN_ADDRESS_CLAIMED}, for {@code AF_CAN} sockets of protocol {@code CAN_J1939}. */
    public static final int J1939_PGN_ADDRESS_CLAIMED = T.i("J1939_PGN_ADDRESS_CLAIMED");
    /** SAE J1939 constant {@code J1939_PGN_ADDRESS_COMMANDED}, for {@code AF_CAN} sockets of protocol {@code CAN_J1939}. */
    public static final int J1939_PGN_ADDRESS_COMMANDED = T.i("J1939_PGN_ADDRESS_COMMANDED");
    /** SAE J1939 constant {@code J1939_PGN_MAX}, for {@code AF_CAN} sockets of protocol {@code CAN_J1939}. */
    public static final int J1939_PGN_MAX = T.i("J1939_PGN_MAX");
    /** SAE J1939 constant {@code J1939_PGN_PDU1_MAX}, for {@code AF_CAN} sockets of protocol {@code CAN_J1939}. */
    public static final int J1939_PGN_PDU1_MAX = T.i("J1939_PGN_PDU1_MAX");
    /** SAE J1939 constant {@code J1939_PGN_REQUEST}, for {@code AF_CAN} sockets of protocol {@code CAN_J1939}. */
    public static final int J1939_PGN_REQUEST = T.i("J1939_PGN_REQUEST");
    /** Send or receive flag {@code MSG_CMSG_CLOEXEC}. */
    public static final int MSG_CMSG_CLOEXEC = T.i("MSG_CMSG_CLOEXEC");
    /** Send or receive flag {@code MSG_CONFIRM}. */
    public static final int MSG_CONFIRM = T.i("MSG_CONFIRM");
    /** Send or receive flag {@code MSG_CTRUNC}. */
    public static final int MSG_CTRUNC = T.i("MSG_CTRUNC");
    /** Send or receive flag {@code MSG_DONTROUTE}. */
    public static final int MSG_DONTROUTE = T.i("MSG_DONTROUTE");
    /** Send or receive flag {@code MSG_DONTWAIT}. */
    public static final int MSG_DONTWAIT = T.i("MSG_DONTWAIT");
    /** Send or receive flag {@code MSG_EOR}. */
    public static final int MSG_EOR = T.i("MSG_EOR");
    /** Send or receive flag {@code MSG_ERRQUEUE}. */
    public static final int MSG_ERRQUEUE = T.i("MSG_ERRQUEUE");
    /** Send or receive flag {@code MSG_FASTOPEN}. */
    public static final int MSG_FASTOPEN = T.i("MSG_FASTOPEN");
    /** Send or receive flag {@code MSG_MORE}. */
    public static final int MSG_MORE = T.i("MSG_MORE");
    /** Send or receive flag {@code MSG_NOSIGNAL}. */
    public static final int MSG_NOSIGNAL = T.i("MSG_NOSIGNAL");
    /** Send or receive flag {@code MSG_OOB}. */
    public static final int MSG_OOB = T.i("MSG_OOB");
    /** Send or receive flag {@code MSG_PEEK}. */
    public static final int MSG_PEEK = T.i("MSG_PEEK");
    /** Send or receive flag {@code MSG_TRUNC}. */
    public static final int MSG_TRUNC = T.i("MSG_TRUNC");
    /** Send or receive flag {@code MSG_WAITALL}. */
    public static final int MSG_WAITALL = T.i("MSG_WAITALL");
    /** Netlink socket option {@code NETLINK_ADD_MEMBERSHIP}, at level {@code SOL_NETLINK} (from the C headers). */
    public static final int NETLINK_ADD_MEMBERSHIP = T.i("NETLINK_ADD_MEMBERSHIP");
    /** Netlink protocol {@code NETLINK_AUDIT}, for {@code socket(AF_NETLINK, ...)}. */
    public static final int NETLINK_AUDIT = T.i("NETLINK_AUDIT");
    /** Netlink protocol {@code NETLINK_CRYPTO}, for {@code socket(AF_NETLINK, ...)}. */
    public static final int NETLINK_CRYPTO = T.i("NETLINK_CRYPTO");
    /** Netlink protocol {@code NETLINK_DNRTMSG}, for {@code socket(AF_NETLINK, ...)}. */
    public static final int NETLINK_DNRTMSG = T.i("NETLINK_DNRTMSG");
    /** Netlink socket option {@code NETLINK_DROP_MEMBERSHIP}, at level {@code SOL_NETLINK} (from the C headers). */
    public static final int NETLINK_DROP_MEMBERSHIP = T.i("NETLINK_DROP_MEMBERSHIP");
    /** Netlink protocol {@code NETLINK_FIREWALL}, for {@code socket(AF_NETLINK, ...)}. */
    public static final int NETLINK_FIREWALL = T.i("NETLINK_FIREWALL");
    /** Netlink protocol {@code NETLINK_GENERIC}, for {@code socket(AF_NETLINK, ...)}. */
    public static final int NETLINK_GENERIC = T.i("NETLINK_GENERIC");
    /** Netlink protocol {@code NETLINK_IP6_FW}, for {@code socket(AF_NETLINK, ...)}. */
    public static final int NETLINK_IP6_FW = T.i("NETLINK_IP6_FW");
    /** Netlink protocol {@code NETLINK_KOBJECT_UEVENT}, for {@code socket(AF_NETLINK, ...)}. */
    public static final int NETLINK_KOBJECT_UEVENT = T.i("NETLINK_KOBJECT_UEVENT");
    /** Netlink socket option {@code NETLINK_LIST_MEMBERSHIPS}, at level {@code SOL_NETLINK} (from the C headers). */
    public static final int NETLINK_LIST_MEMBERSHIPS = T.i("NETLINK_LIST_MEMBERSHIPS");
    /** Netlink protocol {@code NETLINK_NETFILTER}, for {@code socket(AF_NETLINK, ...)}. */
    public static final int NETLINK_NETFILTER = T.i("NETLINK_NETFILTER");
    /** Netlink protocol {@code NETLINK_NFLOG}, for {@code socket(AF_NETLINK, ...)}. */
    public static final int NETLINK_NFLOG = T.i("NETLINK_NFLOG");
    /** Netlink socket option {@code NETLINK_PKTINFO}, at level {@code SOL_NETLINK} (from the C headers). */
    public static final int NETLINK_PKTINFO = T.i("NETLINK_PKTINFO");
    /** Netlink protocol {@code NETLINK_ROUTE}, for {@code socket(AF_NETLINK, ...)}. */
    public static final int NETLINK_ROUTE = T.i("NETLINK_ROUTE");
    /** Netlink protocol {@code NETLINK_SOCK_DIAG}, for {@code socket(AF_NETLINK, ...)}. */
    public static final int NETLINK_SOCK_DIAG = T.i("NETLINK_SOCK_DIAG");
    /** Netlink protocol {@code NETLINK_USERSOCK}, for {@code socket(AF_NETLINK, ...)}. */
    public static final int NETLINK_USERSOCK = T.i("NETLINK_USERSOCK");
    /** Netlink protocol {@code NETLINK_XFRM}, for {@code socket(AF_NETLINK, ...)}. */
    public static final int NETLINK_XFRM = T.i("NETLINK_XFRM");
    /** Flag {@code NI_DGRAM}, for {@code getnameinfo()}. */
    public static final int NI_DGRAM = T.i("NI_DGRAM");
    /** Buffer size {@code NI_MAXHOST}, for {@code getnameinfo()}. */
    public static final int NI_MAXHOST = T.i("NI_MAXHOST");
    /** Buffer size {@code NI_MAXSERV}, for {@code getnameinfo()}. */
    public static final int NI_MAXSERV = T.i("NI_MAXSERV");
    /** Flag {@code NI_NAMEREQD}, for {@code getnameinfo()}. */
    public static final int NI_NAMEREQD = T.i("NI_NAMEREQD");
    /** Flag {@code NI_NOFQDN}, for {@code getnameinfo()}. */
    public static final int NI_NOFQDN = T.i("NI_NOFQDN");
    /** Flag {@code NI_NUMERICHOST}, for {@code getnameinfo()}. */
    public static final int NI_NUMERICHOST = T.i("NI_NUMERICHOST");
    /** Flag {@code NI_NUMERICSERV}, for {@code getnameinfo()}. */
    public static final int NI_NUMERICSERV = T.i("NI_NUMERICSERV");
    /** Packet socket option {@code PACKET_ADD_MEMBERSHIP}, at level {@code SOL_PACKET} (from the C headers). */
    public static final int PACKET_ADD_MEMBERSHIP = T.i("PACKET_ADD_MEMBERSHIP");
    /** Packet type {@code PACKET_BROADCAST}, the {@code pkttype} of a {@link PacketAddr}. */
    public static final int PACKET_BROADCAST = T.i("PACKET_BROADCAST");
    /** Packet socket option {@code PACKET_DROP_MEMBERSHIP}, at level {@code SOL_PACKET} (from the C headers). */
    public static final int PACKET_DROP_MEMBERSHIP = T.i("PACKET_DROP_MEMBERSHIP");
    /** Packet type {@code PACKET_FASTROUTE}, the {@code pkttype} of a {@link PacketAddr}. */
    public static final int PACKET_FASTROUTE = T.i("PACKET_FASTROUTE");
    /** Packet type {@code PACKET_HOST}, the {@code pkttype} of a {@link PacketAddr}. */
    public static final int PACKET_HOST = T.i("PACKET_HOST");
    /** Packet type {@code PACKET_LOOPBACK}, the {@code pkttype} of a {@link PacketAddr}. */
    public static final int PACKET_LOOPBACK = T.i("PACKET_LOOPBACK");
    /** Packet membership type {@code PACKET_MR_ALLMULTI}, for {@code PACKET_ADD_MEMBERSHIP} (from the C headers). */
    public static final int PACKET_MR_ALLMULTI = T.i("PACKET_MR_ALLMULTI");
    /** Packet membership type {@code PACKET_MR_MULTICAST}, for {@code PACKET_ADD_MEMBERSHIP} (from the C headers). */
    public static final int PACKET_MR_MULTICAST = T.i("PACKET_MR_MULTICAST");
    /** Packet membership type {@code PACKET_MR_PROMISC}, for {@code PACKET_ADD_MEMBERSHIP} (from the C headers). */
    public static final int PACKET_MR_PROMISC = T.i("PACKET_MR_PROMISC");
    /** Packet type {@code PACKET_MULTICAST}, the {@code pkttype} of a {@link PacketAddr}. */
    public static final int PACKET_MULTICAST = T.i("PACKET_MULTICAST");
    /** Packet type {@code PACKET_OTHERHOST}, the {@code pkttype} of a {@link PacketAddr}. */
    public static final int PACKET_OTHERHOST = T.i("PACKET_OTHERHOST");
    /** Packet type {@code PACKET_OUTGOING}, the {@code pkttype} of a {@link PacketAddr}. */
    public static final int PACKET_OUTGOING = T.i("PACKET_OUTGOING");
    /** Protocol family {@code PF_CAN} (the {@code AF_} value of the same family). */
    public static final int PF_CAN = T.i("PF_CAN");
    /** Protocol family {@code PF_PACKET} (the {@code AF_} value of the same family). */
    public static final int PF_PACKET = T.i("PF_PACKET");
    /** Protocol family {@code PF_RDS} (the {@code AF_} value of the same family). */
    public static final int PF_RDS = T.i("PF_RDS");
    /** Control message type {@code SCM_CREDENTIALS}, for {@code sendmsg}/{@code recvmsg}. */
    public static final int SCM_CREDENTIALS = T.i("SCM_CREDENTIALS");
    /** Control message type {@code SCM_J1939_DEST_ADDR}, for {@code sendmsg}/{@code recvmsg}. */
    public static final int SCM_J1939_DEST_ADDR = T.i("SCM_J1939_DEST_ADDR");
    /** Control message type {@code SCM_J1939_DEST_NAME}, for {@code sendmsg}/{@code recvmsg}. */
    public static final int SCM_J1939_DEST_NAME = T.i("SCM_J1939_DEST_NAME");
    /** Control message type {@code SCM_J1939_ERRQUEUE}, for {@code sendmsg}/{@code recvmsg}. */
    public static final int SCM_J1939_ERRQUEUE = T.i("SCM_J1939_ERRQUEUE");
    /** Control message type {@code SCM_J1939_PRIO}, for {@code sendmsg}/{@code recvmsg}. */
    public static final int SCM_J1939_PRIO = T.i("SCM_J1939_PRIO");
    /** Control message type {@code SCM_RIGHTS}, for {@code sendmsg}/{@code recvmsg}. */
    public static final int SCM_RIGHTS = T.i("SCM_RIGHTS");
    /** Direction {@code SHUT_RD}, for {@code shutdown()}. */
    public static final int SHUT_RD = T.i("SHUT_RD");
    /** Direction {@code SHUT_RDWR}, for {@code shutdown()}. */
    public static final int SHUT_RDWR = T.i("SHUT_RDWR");
    /** Direction {@code SHUT_WR}, for {@code shutdown()}. */
    public static final int SHUT_WR = T.i("SHUT_WR");
    /** Socket type {@code SOCK_CLOEXEC}, for {@code socket()}. */
    public static final int SOCK_CLOEXEC = T.i("SOCK_CLOEXEC");
    /** Socket type {@code SOCK_DGRAM}, for {@code socket()}. */
    public static final int SOCK_DGRAM = T.i("SOCK_DGRAM");
    /** Socket type {@code SOCK_NONBLOCK}, for {@code socket()}. */
    public static final int SOCK_NONBLOCK = T.i("SOCK_NONBLOCK");
    /** Socket type {@code SOCK_RAW}, for {@code socket()}. */
    public static final int SOCK_RAW = T.i("SOCK_RAW");
    /** Socket type {@code SOCK_RDM}, for {@code socket()}. */
    public static final int SOCK_RDM = T.i("SOCK_RDM");
    /** Socket type {@code SOCK_SEQPACKET}, for {@code socket()}. */
    public static final int SOCK_SEQPACKET = T.i("SOCK_SEQPACKET");
    /** Socket type {@code SOCK_STREAM}, for {@code socket()}. */
    public static final int SOCK_STREAM = T.i("SOCK_STREAM");
    /** Socket option level {@code SOL_ALG}. */
    public static final int SOL_ALG = T.i("SOL_ALG");
    /** Socket option level {@code SOL_CAN_BASE}. */
    public static final int SOL_CAN_BASE = T.i("SOL_CAN_BASE");
    /** Socket option level {@code SOL_CAN_RAW}. */
    public static final int SOL_CAN_RAW = T.i("SOL_CAN_RAW");
    /** Socket option level {@code SOL_IP}. */
    public static final int SOL_IP = T.i("SOL_IP");
    /** Socket option level {@code SOL_NETLINK} (not in CPython; from the C headers). */
    public static final int SOL_NETLINK = T.i("SOL_NETLINK");
    /** Socket option level {@code SOL_PACKET} (not in CPython; from the C headers). */
    public static final int SOL_PACKET = T.i("SOL_PACKET");
    /** Socket option level {@code SOL_RDS}. */
    public static final int SOL_RDS = T.i("SOL_RDS");
    /** Socket option level {@code SOL_SOCKET}. */
    public static final int SOL_SOCKET = T.i("SOL_SOCKET");
    /** Socket option level {@code SOL_TCP}. */
    public static final int SOL_TCP = T.i("SOL_TCP");
    /** Socket option level {@code SOL_TIPC}. */
    public static final int SOL_TIPC = T.i("SOL_TIPC");
    /** Socket option level {@code SOL_UDP}. */
    public static final int SOL_UDP = T.i("SOL_UDP");
    /** The largest backlog {@code listen()} accepts. */
    public static final int SOMAXCONN = T.i("SOMAXCONN");
    /** Socket option {@code SO_ACCEPTCONN}, at level {@code SOL_SOCKET}. */
    public static final int SO_ACCEPTCONN = T.i("SO_ACCEPTCONN");
    /** Socket option {@code SO_BINDTODEVICE}, at level {@code SOL_SOCKET}. */
    public static final int SO_BINDTODEVICE = T.i("SO_BINDTODEVICE");
    /** Socket option {@code SO_BROADCAST}, at level {@code SOL_SOCKET}. */
    public static final int SO_BROADCAST = T.i("SO_BROADCAST");
    /** Socket option {@code SO_DEBUG}, at level {@code SOL_SOCKET}. */
    public static final int SO_DEBUG = T.i("SO_DEBUG");
    /** Socket option {@code SO_DOMAIN}, at level {@code SOL_SOCKET}. */
    public static final int SO_DOMAIN = T.i("SO_DOMAIN");
    /** Socket option {@code SO_DONTROUTE}, at level {@code SOL_SOCKET}. */
    public static final int SO_DONTROUTE = T.i("SO_DONTROUTE");
    /** Socket option {@code SO_ERROR}, at level {@code SOL_SOCKET}. */
    public static final int SO_ERROR = T.i("SO_ERROR");
    /** Socket option {@code SO_INCOMING_CPU}, at level {@code SOL_SOCKET}. */
    public static final int SO_INCOMING_CPU = T.i("SO_INCOMING_CPU");
    /** Socket option {@code SO_J1939_ERRQUEUE}, at level {@code SOL_SOCKET}. */
    public static final int SO_J1939_ERRQUEUE = T.i("SO_J1939_ERRQUEUE");
    /** Socket option {@code SO_J1939_FILTER}, at level {@code SOL_SOCKET}. */
    public static final int SO_J1939_FILTER = T.i("SO_J1939_FILTER");
    /** Socket option {@code SO_J1939_PROMISC}, at level {@code SOL_SOCKET}. */
    public static final int SO_J1939_PROMISC = T.i("SO_J1939_PROMISC");
    /** Socket option {@code SO_J1939_SEND_PRIO}, at level {@code SOL_SOCKET}. */
    public static final int SO_J1939_SEND_PRIO = T.i("SO_J1939_SEND_PRIO");
    /** Socket option {@code SO_KEEPALIVE}, at level {@code SOL_SOCKET}. */
    public static final int SO_KEEPALIVE = T.i("SO_KEEPALIVE");
    /** Socket option {@code SO_LINGER}, at level {@code SOL_SOCKET}. */
    public static final int SO_LINGER = T.i("SO_LINGER");
    /** Socket option {@code SO_MARK}, at level {@code SOL_SOCKET}. */
    public static final int SO_MARK = T.i("SO_MARK");
    /** Socket option {@code SO_OOBINLINE}, at level {@code SOL_SOCKET}. */
    public static final int SO_OOBINLINE = T.i("SO_OOBINLINE");
    /** Socket option {@code SO_PASSCRED}, at level {@code SOL_SOCKET}. */
    public static final int SO_PASSCRED = T.i("SO_PASSCRED");
    /** Socket option {@code SO_PASSSEC}, at level {@code SOL_SOCKET}. */
    public static final int SO_PASSSEC = T.i("SO_PASSSEC");
    /** Socket option {@code SO_PEERCRED}, at level {@code SOL_SOCKET}. */
    public static final int SO_PEERCRED = T.i("SO_PEERCRED");
    /** Socket option {@code SO_PEERSEC}, at level {@code SOL_SOCKET}. */
    public static final int SO_PEERSEC = T.i("SO_PEERSEC");
    /** Socket option {@code SO_PRIORITY}, at level {@code SOL_SOCKET}. */
    public static final int SO_PRIORITY = T.i("SO_PRIORITY");
    /** Socket option {@code SO_PROTOCOL}, at level {@code SOL_SOCKET}. */
    public static final int SO_PROTOCOL = T.i("SO_PROTOCOL");
    /** Socket option {@code SO_RCVBUF}, at level {@code SOL_SOCKET}. */
    public static final int SO_RCVBUF = T.i("SO_RCVBUF");
    /** Socket option {@code SO_RCVLOWAT}, at level {@code SOL_SOCKET}. */
    public static final int SO_RCVLOWAT = T.i("SO_RCVLOWAT");
    /** Socket option {@code SO_RCVTIMEO}, at level {@code SOL_SOCKET}. */
    public static final int SO_RCVTIMEO = T.i("SO_RCVTIMEO");
    /** Socket option {@code SO_REUSEADDR}, at level {@code SOL_SOCKET}. */
    public static final int SO_REUSEADDR = T.i("SO_REUSEADDR");
    /** Socket option {@code SO_REUSEPORT}, at level {@code SOL_SOCKET}. */
    public static final int SO_REUSEPORT = T.i("SO_REUSEPORT");
    /** Socket option {@code SO_SNDBUF}, at level {@code SOL_SOCKET}. */
    public static final int SO_SNDBUF = T.i("SO_SNDBUF");
    /** Socket option {@code SO_SNDLOWAT}, at level {@code SOL_SOCKET}. */
    public static final int SO_SNDLOWAT = T.i("SO_SNDLOWAT");
    /** Socket option {@code SO_SNDTIMEO}, at level {@code SOL_SOCKET}. */
    public static final int SO_SNDTIMEO = T.i("SO_SNDTIMEO");
    /** Socket option {@code SO_TYPE}, at level {@code SOL_SOCKET}. */
    public static final int SO_TYPE = T.i("SO_TYPE");
    /** Socket option {@code SO_VM_SOCKETS_BUFFER_MAX_SIZE}, at level {@code SOL_SOCKET}. */
    public static final int SO_VM_SOCKETS_BUFFER_MAX_SIZE = T.i("SO_VM_SOCKETS_BUFFER_MAX_SIZE");
    /** Socket option {@code SO_VM_SOCKETS_BUFFER_MIN_SIZE}, at level {@code SOL_SOCKET}. */
    public static final int SO_VM_SOCKETS_BUFFER_MIN_SIZE = T.i("SO_VM_SOCKETS_BUFFER_MIN_SIZE");
    /** Socket option {@code SO_VM_SOCKETS_BUFFER_SIZE}, at level {@code SOL_SOCKET}. */
    public static final int SO_VM_SOCKETS_BUFFER_SIZE = T.i("SO_VM_SOCKETS_BUFFER_SIZE");
    /** TCP socket option {@code TCP_CONGESTION}, at level {@code IPPROTO_TCP}. */
    public static final int TCP_CONGESTION = T.i("TCP_CONGESTION");
    /** TCP socket option {@code TCP_CORK}, at level {@code IPPROTO_TCP}. */
    public static final int TCP_CORK = T.i("TCP_CORK");
    /** TCP socket option {@code TCP_DEFER_ACCEPT}, at level {@code IPPROTO_TCP}. */
    public static final int TCP_DEFER_ACCEPT = T.i("TCP_DEFER_ACCEPT");
    /** TCP socket option {@code TCP_FASTOPEN}, at level {@code IPPROTO_TCP}. */
    public static final int TCP_FASTOPEN = T.i("TCP_FASTOPEN");
    /** TCP socket option {@code TCP_INFO}, at level {@code IPPROTO_TCP}. */
    public static final int TCP_INFO = T.i("TCP_INFO");
    /** TCP socket option {@code TCP_KEEPCNT}, at level {@code IPPROTO_TCP}. */
    public static final int TCP_KEEPCNT = T.i("TCP_KEEPCNT");
    /** TCP socket option {@code TCP_KEEPIDLE}, at level {@code IPPROTO_TCP}. */
    public static final int TCP_KEEPIDLE = T.i("TCP_KEEPIDLE");
    /** TCP socket option {@code TCP_KEEPINTVL}, at level {@code IPPROTO_TCP}. */
    public static final int TCP_KEEPINTVL = T.i("TCP_KEEPINTVL");
    /** TCP socket option {@code TCP_LINGER2}, at level {@code IPPROTO_TCP}. */
    public static final int TCP_LINGER2 = T.i("TCP_LINGER2");
    /** TCP socket option {@code TCP_MAXSEG}, at level {@code IPPROTO_TCP}. */
    public static final int TCP_MAXSEG = T.i("TCP_MAXSEG");
    /** TCP socket option {@code TCP_NODELAY}, at level {@code IPPROTO_TCP}. */
    public static final int TCP_NODELAY = T.i("TCP_NODELAY");
    /** TCP socket option {@code TCP_NOTSENT_LOWAT}, at level {@code IPPROTO_TCP}. */
    public static final int TCP_NOTSENT_LOWAT = T.i("TCP_NOTSENT_LOWAT");
    /** TCP socket option {@code TCP_QUICKACK}, at level {@code IPPROTO_TCP}. */
    public static final int TCP_QUICKACK = T.i("TCP_QUICKACK");
    /** TCP socket option {@code TCP_SYNCNT}, at level {@code IPPROTO_TCP}. */
    public static final int TCP_SYNCNT = T.i("TCP_SYNCNT");
    /** TCP socket option {@code TCP_USER_TIMEOUT}, at level {@code IPPROTO_TCP}. */
    public static final int TCP_USER_TIMEOUT = T.i("TCP_USER_TIMEOUT");
    /** TCP socket option {@code TCP_WINDOW_CLAMP}, at level {@code IPPROTO_TCP}. */
    public static final int TCP_WINDOW_CLAMP = T.i("TCP_WINDOW_CLAMP");
    /** TIPC constant {@code TIPC_ADDR_ID}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_ADDR_ID = T.i("TIPC_ADDR_ID");
    /** TIPC constant {@code TIPC_ADDR_NAME}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_ADDR_NAME = T.i("TIPC_ADDR_NAME");
    /** TIPC constant {@code TIPC_ADDR_NAMESEQ}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_ADDR_NAMESEQ = T.i("TIPC_ADDR_NAMESEQ");
    /** TIPC constant {@code TIPC_CFG_SRV}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_CFG_SRV = T.i("TIPC_CFG_SRV");
    /** TIPC constant {@code TIPC_CLUSTER_SCOPE}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_CLUSTER_SCOPE = T.i("TIPC_CLUSTER_SCOPE");
    /** TIPC constant {@code TIPC_CONN_TIMEOUT}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_CONN_TIMEOUT = T.i("TIPC_CONN_TIMEOUT");
    /** TIPC constant {@code TIPC_CRITICAL_IMPORTANCE}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_CRITICAL_IMPORTANCE = T.i("TIPC_CRITICAL_IMPORTANCE");
    /** TIPC constant {@code TIPC_DEST_DROPPABLE}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_DEST_DROPPABLE = T.i("TIPC_DEST_DROPPABLE");
    /** TIPC constant {@code TIPC_HIGH_IMPORTANCE}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_HIGH_IMPORTANCE = T.i("TIPC_HIGH_IMPORTANCE");
    /** TIPC constant {@code TIPC_IMPORTANCE}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_IMPORTANCE = T.i("TIPC_IMPORTANCE");
    /** TIPC constant {@code TIPC_LOW_IMPORTANCE}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_LOW_IMPORTANCE = T.i("TIPC_LOW_IMPORTANCE");
    /** TIPC constant {@code TIPC_MEDIUM_IMPORTANCE}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_MEDIUM_IMPORTANCE = T.i("TIPC_MEDIUM_IMPORTANCE");
    /** TIPC constant {@code TIPC_NODE_SCOPE}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_NODE_SCOPE = T.i("TIPC_NODE_SCOPE");
    /** TIPC constant {@code TIPC_PUBLISHED}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_PUBLISHED = T.i("TIPC_PUBLISHED");
    /** TIPC constant {@code TIPC_SRC_DROPPABLE}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_SRC_DROPPABLE = T.i("TIPC_SRC_DROPPABLE");
    /** TIPC constant {@code TIPC_SUBSCR_TIMEOUT}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_SUBSCR_TIMEOUT = T.i("TIPC_SUBSCR_TIMEOUT");
    /** TIPC constant {@code TIPC_SUB_CANCEL}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_SUB_CANCEL = T.i("TIPC_SUB_CANCEL");
    /** TIPC constant {@code TIPC_SUB_PORTS}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_SUB_PORTS = T.i("TIPC_SUB_PORTS");
    /** TIPC constant {@code TIPC_SUB_SERVICE}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_SUB_SERVICE = T.i("TIPC_SUB_SERVICE");
    /** TIPC constant {@code TIPC_TOP_SRV}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_TOP_SRV = T.i("TIPC_TOP_SRV");
    /** TIPC constant {@code TIPC_WAIT_FOREVER}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_WAIT_FOREVER = T.i("TIPC_WAIT_FOREVER");
    /** TIPC constant {@code TIPC_WITHDRAWN}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_WITHDRAWN = T.i("TIPC_WITHDRAWN");
    /** TIPC constant {@code TIPC_ZONE_SCOPE}, for {@code AF_TIPC} sockets. */
    public static final int TIPC_ZONE_SCOPE = T.i("TIPC_ZONE_SCOPE");
    /** UDP-Lite socket option {@code UDPLITE_RECV_CSCOV}, at level {@code IPPROTO_UDPLITE}. */
    public static final int UDPLITE_RECV_CSCOV = T.i("UDPLITE_RECV_CSCOV");
    /** UDP-Lite socket option {@code UDPLITE_SEND_CSCOV}, at level {@code IPPROTO_UDPLITE}. */
    public static final int UDPLITE_SEND_CSCOV = T.i("UDPLITE_SEND_CSCOV");
    /** The {@code AF_VSOCK} wildcard CID {@code VMADDR_CID_ANY}, an unsigned 32-bit number. */
    public static final long VMADDR_CID_ANY = T.l("VMADDR_CID_ANY");
    /** The {@code AF_VSOCK} CID {@code VMADDR_CID_HOST} (the host). */
    public static final long VMADDR_CID_HOST = T.l("VMADDR_CID_HOST");
    /** The {@code AF_VSOCK} CID {@code VMADDR_CID_HYPERVISOR} (from the C headers). */
    public static final long VMADDR_CID_HYPERVISOR = T.l("VMADDR_CID_HYPERVISOR");
    /** The {@code AF_VSOCK} CID {@code VMADDR_CID_LOCAL} (this machine, through the loopback transport; from the C headers). */
    public static final long VMADDR_CID_LOCAL = T.l("VMADDR_CID_LOCAL");
    /** The {@code AF_VSOCK} wildcard port {@code VMADDR_PORT_ANY}, an unsigned 32-bit number. */
    public static final long VMADDR_PORT_ANY = T.l("VMADDR_PORT_ANY");
    /** vsock constant {@code VM_SOCKETS_INVALID_VERSION}. */
    public static final long VM_SOCKETS_INVALID_VERSION = T.l("VM_SOCKETS_INVALID_VERSION");
}
