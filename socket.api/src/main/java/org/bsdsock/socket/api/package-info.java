/**
 * The BSD socket module, as Python's {@code socket} module documents it, as an OSGi service.
 *
 * <p>{@link org.bsdsock.socket.api.SocketModule} is the module (its functions and the
 * {@code socket()} factory); {@link org.bsdsock.socket.api.SocketType} is the socket object.
 * Names follow the seed verbatim ({@code gethostbyname}, {@code connect_ex},
 * {@code recvfrom}, ...), so anyone who knows the BSD or Python API finds each call.
 * Constants ({@link org.bsdsock.socket.api.SocketConstants}, {@link org.bsdsock.socket.api.Errno})
 * carry the running platform's values and are never compile-time constants.
 *
 * <p>Consumers of this package should import it with the range {@code [1.0,2.0)};
 * providers (implementations of the {@code @ProviderType} interfaces) with {@code [1.4,1.5)}.
 *
 * <p>1.1: CPython 3's descriptor and message calls ({@code socketpair}, {@code dup},
 * {@code detach}, adopting a descriptor, {@code sendmsg}/{@code recvmsg} with ancillary data,
 * {@code send_fds}/{@code recv_fds}, {@code sendfile}, {@code CMSG_LEN}/{@code CMSG_SPACE},
 * {@code close(fd)}) and their records.
 *
 * <p>1.2: {@code recvmsg_into} (CPython 3.3's scattering receive) and
 * {@link org.bsdsock.socket.api.ReceivedMessageInto}.
 *
 * <p>1.3: {@link org.bsdsock.socket.api.SocketModule#close()}: a module is released through
 * the API ({@code SocketModule} is {@link java.lang.AutoCloseable}).
 *
 * <p>1.4: the kernel's other address families: {@link org.bsdsock.socket.api.NetlinkAddr},
 * {@link org.bsdsock.socket.api.PacketAddr}, {@link org.bsdsock.socket.api.VsockAddr}, and
 * {@link org.bsdsock.socket.api.RawAddr} for any family; their constants ({@code NETLINK_*},
 * {@code SOL_NETLINK}, {@code PACKET_*}, {@code ETH_P_ALL}, {@code VMADDR_*},
 * {@code IOCTL_VM_SOCKETS_GET_LOCAL_CID}) and those of the families without a record
 * ({@code CAN_*}, {@code J1939_*}, {@code ALG_*}, {@code TIPC_*}, {@code PF_*},
 * {@code UDPLITE_*}, {@code VM_SOCKETS_*}); {@code getservbyport}, {@code sethostname},
 * {@code setsockopt(level, optname, None, optlen)}.
 */
@Export
@Version("1.4.0")
package org.bsdsock.socket.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
