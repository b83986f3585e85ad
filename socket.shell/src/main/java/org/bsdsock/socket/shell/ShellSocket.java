package org.bsdsock.socket.shell;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.Received;
import org.bsdsock.socket.api.ReceivedFds;
import org.bsdsock.socket.api.ReceivedMessage;
import org.bsdsock.socket.api.SockAddr;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketType;

/**
 * A socket object for the shell, as {@code socket:socket} returns it: Gogo calls its methods
 * by name ({@code $s connect 127.0.0.1:50007}, {@code $s send "Hello, world"},
 * {@code $s recv 1024}, {@code $s close}), converting each word to the parameter's type.
 *
 * <p>The methods are the seed's socket methods with Gogo-friendly types: data is text (sent
 * as UTF-8, with Python's backslash escapes; received bytes decoded as UTF-8), an address is
 * one word ({@link Addresses}: {@code host:port}, or a path for {@code AF_UNIX}) or a host and
 * a port, and every number may be given as a constant's name ({@code SOL_SOCKET},
 * {@code MSG_PEEK}; {@link SocketConverter}). A failure is a {@link SocketFailure}, which Gogo
 * prints as one line with the errno name.
 *
 * <p>The buffer calls ({@code recv_into}, {@code recvfrom_into}, {@code sendall(ByteBuffer)})
 * and {@code makefile} have no shell form: they exist for programs.
 */
public final class ShellSocket implements AutoCloseable {
    private final SocketType socket;
    private final String provider;

    /**
     * @param socket   the socket; this object owns it
     * @param provider which provider made it, for display (e.g. {@code native, service 42})
     */
    ShellSocket(SocketType socket, String provider) {
        this.socket = socket;
        this.provider = provider;
    }

    /** @return the socket this wraps, for programs that want the whole API */
    SocketType socket() {
        return socket;
    }

    /** @return which provider made the socket */
    public String provider() {
        return provider;
    }

    /** @return the address family, e.g. 2 ({@code AF_INET}) */
    public int family() {
        return socket.family();
    }

    /** @return the socket type, e.g. 1 ({@code SOCK_STREAM}) */
    public int type() {
        return socket.type();
    }

    /** @return the protocol number */
    public int proto() {
        return socket.proto();
    }

    /** @return the descriptor, -1 once closed */
    public int fileno() {
        return socket.fileno();
    }

    /** {@code accept()}: waits for a connection; returns {@code (conn, address)}. */
    public Connection accept() {
        Accepted a = SocketFailure.call(socket::accept);
        return new Connection(new ShellSocket(a.conn(), provider), a.address());
    }

    /** {@code bind(address)}, e.g. {@code 127.0.0.1:0}, {@code :50007}, {@code /tmp/s.sock}. */
    public void bind(String address) {
        SockAddr a = Addresses.parse(family(), address);
        SocketFailure.run(() -> socket.bind(a));
    }

    /** {@code bind((host, port))}; host {@code ""} is {@code INADDR_ANY}. */
    public void bind(String host, int port) {
        SockAddr a = Addresses.inet(family(), host, port);
        SocketFailure.run(() -> socket.bind(a));
    }

    /** {@code close()}; idempotent. */
    @Override
    public void close() {
        socket.close();
    }

    /** {@code connect(address)}, e.g. {@code localhost:50007}. */
    public void connect(String address) {
        SockAddr a = Addresses.parse(family(), address);
        SocketFailure.run(() -> socket.connect(a));
    }

    /** {@code connect((host, port))}. */
    public void connect(String host, int port) {
        SockAddr a = Addresses.inet(family(), host, port);
        SocketFailure.run(() -> socket.connect(a));
    }

    /** {@code connect_ex(address)}: 0, or the errno value of the failed connect. */
    public int connect_ex(String address) {
        SockAddr a = Addresses.parse(family(), address);
        return SocketFailure.call(() -> socket.connect_ex(a));
    }

    /** {@code connect_ex((host, port))}. */
    public int connect_ex(String host, int port) {
        SockAddr a = Addresses.inet(family(), host, port);
        return SocketFailure.call(() -> socket.connect_ex(a));
    }

    /** @return {@code getpeername()} */
    public SockAddr getpeername() {
        return SocketFailure.call(socket::getpeername);
    }

    /** @return {@code getsockname()} */
    public SockAddr getsockname() {
        return SocketFailure.call(socket::getsockname);
    }

    /** @return {@code getsockopt(level, optname)}, an integer option */
    public int getsockopt(int level, int optname) {
        return SocketFailure.call(() -> socket.getsockopt(level, optname));
    }

    /** @return {@code getsockopt(level, optname, buflen)}, the option's raw bytes */
    public Bytes getsockopt(int level, int optname, int buflen) {
        return new Bytes(SocketFailure.call(() -> socket.getsockopt(level, optname, buflen)));
    }

    /** {@code listen()}, with CPython's default backlog, {@code min(SOMAXCONN, 128)}. */
    public void listen() {
        listen(Math.min(SocketConstants.SOMAXCONN, 128));
    }

    /** {@code listen(backlog)}. */
    public void listen(int backlog) {
        SocketFailure.run(() -> socket.listen(backlog));
    }

    /** @return {@code recv(bufsize)} as UTF-8 text; empty at end of stream */
    public String recv(int bufsize) {
        return recv(bufsize, 0);
    }

    /** @return {@code recv(bufsize, flags)} as UTF-8 text */
    public String recv(int bufsize, int flags) {
        return text(SocketFailure.call(() -> socket.recv(bufsize, flags)));
    }

    /** @return {@code recvfrom(bufsize)}: {@code (data, address)} */
    public Datagram recvfrom(int bufsize) {
        return recvfrom(bufsize, 0);
    }

    /** @return {@code recvfrom(bufsize, flags)} */
    public Datagram recvfrom(int bufsize, int flags) {
        Received r = SocketFailure.call(() -> socket.recvfrom(bufsize, flags));
        return new Datagram(text(r.data()), r.address());
    }

    /** @return {@code send(data)}: how many bytes were sent */
    public int send(String data) {
        return send(data, 0);
    }

    /** @return {@code send(data, flags)} */
    public int send(String data, int flags) {
        byte[] b = PyRepr.unescape(data);
        return SocketFailure.call(() -> socket.send(b, flags));
    }

    /** {@code sendall(data)}: sends every byte. */
    public void sendall(String data) {
        byte[] b = PyRepr.unescape(data);
        SocketFailure.run(() -> socket.sendall(b));
    }

    /** @return {@code sendto(data, address)} */
    public int sendto(String data, String address) {
        return sendto(data, 0, address);
    }

    /** @return {@code sendto(data, flags, address)} */
    public int sendto(String data, int flags, String address) {
        byte[] b = PyRepr.unescape(data);
        SockAddr a = Addresses.parse(family(), address);
        return SocketFailure.call(() -> socket.sendto(b, flags, a));
    }

    /** {@code setblocking(flag)}: {@code True}/{@code true}/{@code 1} or {@code False}/{@code false}/{@code 0}. */
    public void setblocking(String flag) {
        socket.setblocking(switch (flag == null ? "" : flag) {
            case "True", "true", "1" -> true;
            case "False", "false", "0" -> false;
            default -> throw new IllegalArgumentException("setblocking takes True or False, not " + flag);
        });
    }

    /** @return {@code getblocking()} */
    public boolean getblocking() {
        return socket.getblocking();
    }

    /** {@code settimeout(seconds)}: {@code None} (or {@code null}) blocks, 0 is non-blocking. */
    public void settimeout(String seconds) {
        socket.settimeout(Timeouts.parse(seconds));
    }

    /** @return {@code gettimeout()}: the seconds, or {@code None} */
    public Object gettimeout() {
        return Timeouts.show(socket.gettimeout());
    }

    /** {@code setsockopt(level, optname, value)}, an integer option. */
    public void setsockopt(int level, int optname, int value) {
        SocketFailure.run(() -> socket.setsockopt(level, optname, value));
    }

    /** {@code setsockopt(level, optname, value)} with raw bytes (e.g. from {@code getsockopt ... buflen}). */
    public void setsockopt(int level, int optname, Bytes value) {
        SocketFailure.run(() -> socket.setsockopt(level, optname, value.data()));
    }

    /** {@code shutdown(how)}: {@code SHUT_RD}, {@code SHUT_WR} or {@code SHUT_RDWR}. */
    public void shutdown(int how) {
        SocketFailure.run(() -> socket.shutdown(how));
    }

    // ---- CPython 3: descriptors and messages ----

    /** @return {@code dup()}: a new socket object on a duplicate descriptor, sharing the connection */
    public ShellSocket dup() {
        return new ShellSocket(SocketFailure.call(socket::dup), provider);
    }

    /** @return {@code detach()}: the descriptor, now yours; this object is closed without closing it */
    public int detach() {
        return SocketFailure.call(socket::detach);
    }

    /** @return {@code sendmsg([data])}: how many bytes were sent */
    public int sendmsg(String data) {
        byte[] b = PyRepr.unescape(data);
        return SocketFailure.call(() -> socket.sendmsg(List.of(b)));
    }

    /** @return {@code sendmsg([data], [], flags, address)}: to an address (a datagram socket) */
    public int sendmsg(String data, int flags, String address) {
        byte[] b = PyRepr.unescape(data);
        SockAddr a = Addresses.parse(family(), address);
        return SocketFailure.call(() -> socket.sendmsg(List.of(b), List.of(), flags, a));
    }

    /** @return {@code recvmsg(bufsize)}: {@code (data, ancdata, msg_flags, address)} */
    public Message recvmsg(int bufsize) {
        return recvmsg(bufsize, 0, 0);
    }

    /** @return {@code recvmsg(bufsize, ancbufsize, flags)}; size ancbufsize with {@code socket:CMSG_SPACE} */
    public Message recvmsg(int bufsize, int ancbufsize, int flags) {
        ReceivedMessage r = SocketFailure.call(() -> socket.recvmsg(bufsize, ancbufsize, flags));
        return new Message(text(r.data()), r.ancdata(), new int[0], r.msg_flags(), r.address());
    }

    /** @return {@code send_fds([data], fds)}: sends descriptors (SCM_RIGHTS), written {@code 5,6} */
    public int send_fds(String data, String fds) {
        byte[] b = PyRepr.unescape(data);
        int[] list = fds(fds);
        return SocketFailure.call(() -> socket.send_fds(List.of(b), list));
    }

    /** @return {@code recv_fds(bufsize, maxfds)}: {@code (data, fds, msg_flags, address)}; the fds are yours */
    public Message recv_fds(int bufsize, int maxfds) {
        ReceivedFds r = SocketFailure.call(() -> socket.recv_fds(bufsize, maxfds, 0));
        return new Message(text(r.data()), List.of(), r.fds(), r.msg_flags(), r.address());
    }

    /** @return {@code sendfile(path)}: sends a whole file, how many bytes were sent */
    public long sendfile(String path) {
        return sendfile(path, 0, 0);
    }

    /** @return {@code sendfile(path, offset, count)}; count 0 sends to the end */
    public long sendfile(String path, long offset, long count) {
        java.nio.file.Path file = java.nio.file.Path.of(path);
        return SocketFailure.call(() -> socket.sendfile(file, offset, count));
    }

    /** @return descriptors written as {@code 5,6} (or one number) */
    static int[] fds(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no descriptors given: write them as 5,6");
        }
        try {
            return java.util.Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("descriptors are numbers separated by commas, not " + text);
        }
    }

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    /**
     * @return as Python's repr, e.g. {@code <socket fd=7, family=AF_INET, type=SOCK_STREAM,
     *         proto=0, laddr=127.0.0.1:40312, raddr=127.0.0.1:50007>}
     */
    @Override
    public String toString() {
        int fd = fileno();
        StringBuilder b = new StringBuilder("<socket ");
        if (fd < 0) {
            b.append("[closed] ");
        }
        b.append("fd=").append(fd)
                .append(", family=").append(Names.name("AF_", family()))
                .append(", type=").append(Names.name("SOCK_", type()))
                .append(", proto=").append(proto());
        if (fd >= 0) {
            try {
                b.append(", laddr=").append(socket.getsockname());
                b.append(", raddr=").append(socket.getpeername());
            } catch (SocketException notConnected) {
                // as Python: no raddr for an unconnected socket
            }
        }
        return b.append('>').toString();
    }
}
