package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.Inet6Addr;
import org.bsdsock.socket.api.NetlinkAddr;
import org.bsdsock.socket.api.PacketAddr;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketInfo;
import org.bsdsock.socket.api.UnixAddr;
import org.bsdsock.socket.api.VsockAddr;

/** The administrative view of one socket ({@code socket:ls}): what the kernel says of it now. */
final class SocketInfos {
    private SocketInfos() {
    }

    /**
     * @param owner the registry's owner
     * @return what the administrative view shows of this socket, or null once it is closed
     */
    static SocketInfo of(NativeSocket sock, String owner) {
        FdHandle handle = sock.core() == null ? null : sock.core().handle();
        if (handle == null) {
            return null; // still being constructed
        }
        int fd;
        try {
            fd = handle.enter("info");
        } catch (SocketException closed) {
            return null;
        }
        try {
            Scratch s = Scratch.get();
            SockAddr local = Libc.getsockname(s.state, fd, s.addr, s.addrLen()) == 0
                    ? SockAddrs.decode(s.addr, s.len.get(JAVA_INT, 0), handle) : null;
            SockAddr peer = Libc.getpeername(s.state, fd, s.addr, s.addrLen()) == 0
                    ? SockAddrs.decode(s.addr, s.len.get(JAVA_INT, 0), handle) : null;
            boolean listening = false;
            try {
                listening = Descriptors.intOption(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_ACCEPTCONN,
                        "info") != 0;
            } catch (SocketException notApplicable) {
                // e.g. a descriptor adopted with fromfd that is not a socket
            }
            String state = listening ? "LISTEN" : peer != null ? "CONNECTED" : bound(local) ? "BOUND" : "UNBOUND";
            return new SocketInfo(fd, sock.family(), sock.type(), sock.proto(), local, peer, state, sock.gettimeout(),
                    owner);
        } catch (RuntimeException undecodable) {
            return new SocketInfo(fd, sock.family(), sock.type(), sock.proto(), null, null, "UNKNOWN",
                    sock.gettimeout(), owner);
        } finally {
            handle.leave();
        }
    }

    private static boolean bound(SockAddr local) {
        return switch (local) {
            case null -> false;
            case InetAddr in -> in.port() != 0;
            case Inet6Addr in6 -> in6.port() != 0;
            case UnixAddr un -> !un.isUnnamed();
            case NetlinkAddr nl -> nl.pid() != 0;
            case PacketAddr ll -> !ll.ifname().isEmpty(); // no interface: unbound (or one gone)
            case VsockAddr vm -> vm.port() != SocketConstants.VMADDR_PORT_ANY;
            default -> true;
        };
    }
}
