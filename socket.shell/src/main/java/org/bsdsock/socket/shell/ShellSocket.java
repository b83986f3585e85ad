package org.bsdsock.socket.shell;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.bsdsock.socket.api.Accepted;
import org.bsdsock.socket.api.Errno;
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
 * {@code $s recv 1024}, {@code $s close}), converting each word to the parameter's type;
 * {@code $s help} lists them.
 *
 * <p>The methods are the seed's socket methods with Gogo-friendly types: data is text (sent
 * as UTF-8, with Python's backslash escapes; received bytes decoded as UTF-8), an address is
 * one word ({@link Addresses}: {@code host:port}, or a path for {@code AF_UNIX}) or a host and
 * a port, and every level, option, flag or mode may be given as a constant's name
 * ({@code SOL_SOCKET}, {@code MSG_PEEK}; {@link Names}). A failure is a {@link SocketFailure},
 * which the console prints as one line with the errno name.
 *
 * <p>The socket outlives the provider that made it (the next provider takes it over); once
 * closed for good it keeps nothing of a stopped provider reachable.
 *
 * <p>The buffer calls ({@code recv_into}, {@code recvfrom_into}, {@code sendall(ByteBuffer)})
 * and {@code makefile} have no shell form: they exist for programs.
 */
public final class ShellSocket implements AutoCloseable {
    private final Origin origin;
    private final int family;
    private final int type;
    private final int proto;
    private volatile SocketType socket; // null once released

    /**
     * @param socket the socket; this object owns it
     * @param origin the provider that made it ({@link Origin#wrap} makes socket objects)
     */
    ShellSocket(SocketType socket, Origin origin) {
        this.socket = socket;
        this.origin = origin;
        this.family = socket.family();
        this.type = socket.type();
        this.proto = socket.proto();
    }

    /**
     * @param call the call about to be made, for the error
     * @return the socket this wraps
     * @throws SocketFailure {@code EBADF} if its provider stopped
     */
    private SocketType live(String call) {
        SocketType s = socket;
        if (s == null) {
            throw SocketFailure.of(new SocketException(call, Errno.EBADF, "socket provider stopped"));
        }
        return s;
    }

    /** @return the socket this wraps, for the shell's own use (e.g. its details); null once released */
    SocketType socket() {
        return socket;
    }

    @Descriptor("which provider has the socket, e.g. native, service 42; after an update, also which made it")
    public String provider() {
        return origin.description();
    }

    @Descriptor("the methods of a socket object, with what each does")
    public String help() {
        return Usage.methods(ShellSocket.class, "$s ");
    }

    @Descriptor("what one method does and the arguments it takes, e.g. $s help recv")
    public String help(@Descriptor("a method name, e.g. recv") String method) {
        return Usage.of(ShellSocket.class, "$s ", method);
    }

    /**
     * Gogo calls this when no method has the name typed, or none takes the arguments given:
     * it says which, with the methods or forms there are.
     *
     * @throws IllegalArgumentException always
     */
    @Descriptor("explains a method name or arguments that match no method")
    public Object _main(@Descriptor("the method name typed") String method,
            @Descriptor("the arguments typed") Object... args) {
        throw Usage.mismatch(ShellSocket.class, "$s ", method, args);
    }

    @Descriptor("the address family, e.g. 2 (AF_INET)")
    public int family() {
        return family;
    }

    @Descriptor("the socket type, e.g. 1 (SOCK_STREAM)")
    public int type() {
        return type;
    }

    @Descriptor("the protocol number")
    public int proto() {
        return proto;
    }

    @Descriptor("the descriptor, -1 once closed")
    public int fileno() {
        SocketType s = socket;
        return s == null ? -1 : s.fileno();
    }

    @Descriptor("wait for a connection; returns (conn, address): c = ($s accept) conn")
    public Connection accept() {
        Accepted a = SocketFailure.call(live("accept")::accept);
        return new Connection(origin.wrap(a.conn()), a.address());
    }

    @Descriptor("bind to an address, e.g. 127.0.0.1:0, :50007 (all interfaces), '[::1]:0', /tmp/s.sock")
    public void bind(@Descriptor("host:port, :port, '[v6addr]:port', a path for AF_UNIX, pid:groups for AF_NETLINK, ifname,proto[,...] for AF_PACKET, cid:port for AF_VSOCK, raw:family:hex for any") String address) {
        SockAddr a = Addresses.parse(family, address);
        SocketFailure.run(() -> live("bind").bind(a));
    }

    @Descriptor("bind to (host, port); host \"\" is INADDR_ANY")
    public void bind(@Descriptor("a host name or address, \"\" for all interfaces") String host,
            @Descriptor("a port, 0 for any free one") int port) {
        SockAddr a = Addresses.inet(family, host, port);
        SocketFailure.run(() -> live("bind").bind(a));
    }

    @Descriptor("close the socket; closing twice is harmless")
    @Override
    public void close() {
        SocketType s = socket;
        if (s != null) {
            s.close();
        }
    }

    @Descriptor("connect to an address, e.g. localhost:50007, '[::1]:80', /tmp/s.sock")
    public void connect(@Descriptor("host:port, '[v6addr]:port', a path for AF_UNIX, pid:groups for AF_NETLINK, ifname,proto[,...] for AF_PACKET, cid:port for AF_VSOCK, raw:family:hex for any") String address) {
        SockAddr a = Addresses.parse(family, address);
        SocketFailure.run(() -> live("connect").connect(a));
    }

    @Descriptor("connect to (host, port)")
    public void connect(@Descriptor("a host name or address") String host, @Descriptor("the port") int port) {
        SockAddr a = Addresses.inet(family, host, port);
        SocketFailure.run(() -> live("connect").connect(a));
    }

    @Descriptor("connect, returning 0 or the errno of the failed connect instead of raising")
    public int connect_ex(@Descriptor("host:port, '[v6addr]:port', a path for AF_UNIX, pid:groups for AF_NETLINK, ifname,proto[,...] for AF_PACKET, cid:port for AF_VSOCK, raw:family:hex for any") String address) {
        SockAddr a = Addresses.parse(family, address);
        return SocketFailure.call(() -> live("connect_ex").connect_ex(a));
    }

    @Descriptor("connect_ex to (host, port)")
    public int connect_ex(@Descriptor("a host name or address") String host, @Descriptor("the port") int port) {
        SockAddr a = Addresses.inet(family, host, port);
        return SocketFailure.call(() -> live("connect_ex").connect_ex(a));
    }

    @Descriptor("the address of the peer this socket is connected to")
    public SockAddr getpeername() {
        return SocketFailure.call(live("getpeername")::getpeername);
    }

    @Descriptor("the socket's own address")
    public SockAddr getsockname() {
        return SocketFailure.call(live("getsockname")::getsockname);
    }

    @Descriptor("read an integer option, e.g. $s getsockopt SOL_SOCKET SO_RCVBUF")
    public int getsockopt(@Descriptor("the level, e.g. SOL_SOCKET, IPPROTO_TCP") String level,
            @Descriptor("the option, e.g. SO_REUSEADDR, SO_RCVBUF, TCP_NODELAY") String optname) {
        int l = Names.parseInt("level", level);
        int o = Names.parseInt("option", optname);
        return SocketFailure.call(() -> live("getsockopt").getsockopt(l, o));
    }

    @Descriptor("read an option's raw bytes, e.g. $s getsockopt SOL_SOCKET SO_LINGER 8")
    public Bytes getsockopt(@Descriptor("the level, e.g. SOL_SOCKET") String level,
            @Descriptor("the option, e.g. SO_LINGER") String optname,
            @Descriptor("how many bytes to read") int buflen) {
        int l = Names.parseInt("level", level);
        int o = Names.parseInt("option", optname);
        return new Bytes(SocketFailure.call(() -> live("getsockopt").getsockopt(l, o, buflen)));
    }

    @Descriptor("listen for connections, with CPython's default backlog, min(SOMAXCONN, 128)")
    public void listen() {
        listen(Integer.toString(Math.min(SocketConstants.SOMAXCONN, 128)));
    }

    @Descriptor("listen for connections")
    public void listen(@Descriptor("how many connections may wait for accept, e.g. 5 or SOMAXCONN") String backlog) {
        int b = Names.parseInt("backlog", backlog);
        SocketFailure.run(() -> live("listen").listen(b));
    }

    @Descriptor("receive up to BUFSIZE bytes as UTF-8 text; empty at end of stream")
    public String recv(@Descriptor("the most bytes to receive, e.g. 1024") int bufsize) {
        return recv(bufsize, "0");
    }

    @Descriptor("receive with flags, e.g. $s recv 1024 MSG_PEEK")
    public String recv(@Descriptor("the most bytes to receive") int bufsize,
            @Descriptor("MSG_* flags, e.g. MSG_PEEK, 'MSG_PEEK|MSG_DONTWAIT'") String flags) {
        int f = Names.parseInt("flags", flags);
        return text(SocketFailure.call(() -> live("recv").recv(bufsize, f)));
    }

    @Descriptor("receive a datagram: (data, address)")
    public Datagram recvfrom(@Descriptor("the most bytes to receive") int bufsize) {
        return recvfrom(bufsize, "0");
    }

    @Descriptor("receive a datagram with flags: (data, address)")
    public Datagram recvfrom(@Descriptor("the most bytes to receive") int bufsize,
            @Descriptor("MSG_* flags, e.g. MSG_PEEK") String flags) {
        int f = Names.parseInt("flags", flags);
        Received r = SocketFailure.call(() -> live("recvfrom").recvfrom(bufsize, f));
        return new Datagram(text(r.data()), r.address());
    }

    @Descriptor("send text (UTF-8, Python escapes such as \\r\\n); returns how many bytes were sent")
    public int send(@Descriptor("the data, e.g. \"Hello, world\"") String data) {
        return send(data, "0");
    }

    @Descriptor("send with flags, e.g. $s send hi MSG_NOSIGNAL")
    public int send(@Descriptor("the data") String data,
            @Descriptor("MSG_* flags, e.g. MSG_DONTWAIT") String flags) {
        byte[] b = PyRepr.unescape(data);
        int f = Names.parseInt("flags", flags);
        return SocketFailure.call(() -> live("send").send(b, f));
    }

    @Descriptor("send every byte of the text")
    public void sendall(@Descriptor("the data") String data) {
        byte[] b = PyRepr.unescape(data);
        SocketFailure.run(() -> live("sendall").sendall(b));
    }

    @Descriptor("send a datagram to an address; returns how many bytes were sent")
    public int sendto(@Descriptor("the data") String data,
            @Descriptor("host:port, '[v6addr]:port', a path for AF_UNIX, pid:groups for AF_NETLINK, ifname,proto[,...] for AF_PACKET, cid:port for AF_VSOCK, raw:family:hex for any") String address) {
        return sendto(data, "0", address);
    }

    @Descriptor("send a datagram with flags to an address")
    public int sendto(@Descriptor("the data") String data, @Descriptor("MSG_* flags") String flags,
            @Descriptor("host:port, '[v6addr]:port', a path for AF_UNIX, pid:groups for AF_NETLINK, ifname,proto[,...] for AF_PACKET, cid:port for AF_VSOCK, raw:family:hex for any") String address) {
        byte[] b = PyRepr.unescape(data);
        int f = Names.parseInt("flags", flags);
        SockAddr a = Addresses.parse(family, address);
        return SocketFailure.call(() -> live("sendto").sendto(b, f, a));
    }

    @Descriptor("blocking mode on or off: setblocking False is settimeout 0, setblocking True is settimeout None")
    public void setblocking(@Descriptor("True or False (also true/false, 1/0)") String flag) {
        boolean on = switch (flag == null ? "" : flag) {
            case "True", "true", "1" -> true;
            case "False", "false", "0" -> false;
            default -> throw new IllegalArgumentException("setblocking takes True or False, not " + flag);
        };
        live("setblocking").setblocking(on);
    }

    @Descriptor("whether the socket is in blocking mode")
    public boolean getblocking() {
        return live("getblocking").getblocking();
    }

    @Descriptor("set the timeout of blocking calls: seconds, 0 for non-blocking, None to wait for ever")
    public void settimeout(@Descriptor("seconds (e.g. 2.5), 0, or None") String seconds) {
        Double t = Timeouts.parse(seconds);
        live("settimeout").settimeout(t);
    }

    @Descriptor("the timeout of blocking calls: seconds, or None")
    public Object gettimeout() {
        return Timeouts.show(live("gettimeout").gettimeout());
    }

    @Descriptor("set an option: an integer (a number or a constant's name), or raw bytes from getsockopt")
    public void setsockopt(@Descriptor("the level, e.g. SOL_SOCKET, IPPROTO_TCP") String level,
            @Descriptor("the option, e.g. SO_REUSEADDR, TCP_NODELAY") String optname,
            @Descriptor("the value: a number, a constant's name, or bytes ($s getsockopt LEVEL NAME BUFLEN)") Object value) {
        int l = Names.parseInt("level", level);
        int o = Names.parseInt("option", optname);
        if (value instanceof Bytes b) {
            SocketFailure.run(() -> live("setsockopt").setsockopt(l, o, b.data()));
        } else {
            int v = Names.parseInt("option value", String.valueOf(value));
            SocketFailure.run(() -> live("setsockopt").setsockopt(l, o, v));
        }
    }

    @Descriptor("set an option that takes a length and no value: $s setsockopt LEVEL NAME None OPTLEN")
    public void setsockopt(@Descriptor("the level, e.g. SOL_ALG") String level,
            @Descriptor("the option, e.g. ALG_SET_AEAD_AUTHSIZE") String optname,
            @Descriptor("None") String none, @Descriptor("the length given to the kernel") int optlen) {
        if (!none.equals("None")) {
            throw new IllegalArgumentException("with an optlen the value is None, not " + none);
        }
        int l = Names.parseInt("level", level);
        int o = Names.parseInt("option", optname);
        SocketFailure.run(() -> live("setsockopt").setsockopt(l, o, null, optlen));
    }

    @Descriptor("shut down one or both directions of a connection")
    public void shutdown(@Descriptor("SHUT_RD, SHUT_WR or SHUT_RDWR") String how) {
        int h = Names.parseInt("how", how);
        SocketFailure.run(() -> live("shutdown").shutdown(h));
    }

    // ---- CPython 3: descriptors and messages ----

    @Descriptor("a new socket object on a duplicate descriptor, sharing the connection")
    public ShellSocket dup() {
        return origin.wrap(SocketFailure.call(live("dup")::dup));
    }

    @Descriptor("give up the descriptor: returns it, now yours (close it with socket:close FD); this object is closed")
    public int detach() {
        int fd = SocketFailure.call(live("detach")::detach);
        origin.loose().handedOut(fd);
        return fd;
    }

    @Descriptor("send text as one message (sendmsg); returns how many bytes were sent")
    public int sendmsg(@Descriptor("the data") String data) {
        byte[] b = PyRepr.unescape(data);
        return SocketFailure.call(() -> live("sendmsg").sendmsg(List.of(b)));
    }

    @Descriptor("send a message with flags to an address (a datagram socket)")
    public int sendmsg(@Descriptor("the data") String data, @Descriptor("MSG_* flags") String flags,
            @Descriptor("host:port, '[v6addr]:port', a path for AF_UNIX, pid:groups for AF_NETLINK, ifname,proto[,...] for AF_PACKET, cid:port for AF_VSOCK, raw:family:hex for any") String address) {
        byte[] b = PyRepr.unescape(data);
        int f = Names.parseInt("flags", flags);
        SockAddr a = Addresses.parse(family, address);
        return SocketFailure.call(() -> live("sendmsg").sendmsg(List.of(b), List.of(), f, a));
    }

    @Descriptor("receive a message: (data, ancdata, msg_flags, address)")
    public Message recvmsg(@Descriptor("the most data bytes") int bufsize) {
        return recvmsg(bufsize, 0, "0");
    }

    @Descriptor("receive a message with room for control messages (size it with socket:CMSG_SPACE)")
    public Message recvmsg(@Descriptor("the most data bytes") int bufsize,
            @Descriptor("bytes for control messages, e.g. (socket:CMSG_SPACE 4)") int ancbufsize,
            @Descriptor("MSG_* flags, e.g. MSG_PEEK") String flags) {
        int f = Names.parseInt("flags", flags);
        ReceivedMessage r = SocketFailure.call(() -> live("recvmsg").recvmsg(bufsize, ancbufsize, f));
        return new Message(text(r.data()), r.ancdata(), List.of(), r.msg_flags(), r.address());
    }

    @Descriptor("send descriptors with text over an AF_UNIX socket (SCM_RIGHTS)")
    public int send_fds(@Descriptor("the data sent with them") String data,
            @Descriptor("descriptors separated by commas, e.g. 5,6") String fds) {
        byte[] b = PyRepr.unescape(data);
        int[] list = fds(fds);
        return SocketFailure.call(() -> live("send_fds").send_fds(List.of(b), list));
    }

    @Descriptor("receive descriptors: (data, fds, msg_flags, address); the fds are yours: "
            + "socket:socket FAMILY TYPE 0 FD adopts one, socket:close FD closes it")
    public Message recv_fds(@Descriptor("the most data bytes") int bufsize,
            @Descriptor("the most descriptors") int maxfds) {
        ReceivedFds r = SocketFailure.call(() -> live("recv_fds").recv_fds(bufsize, maxfds, 0));
        origin.loose().handedOut(r.fds());
        return new Message(text(r.data()), List.of(), Arrays.stream(r.fds()).boxed().toList(), r.msg_flags(), r.address());
    }

    @Descriptor("send a whole file (sendfile); returns how many bytes were sent")
    public long sendfile(@Descriptor("the file's path") String path) {
        return sendfile(path, 0, 0);
    }

    @Descriptor("send part of a file")
    public long sendfile(@Descriptor("the file's path") String path,
            @Descriptor("where to start, in bytes") long offset,
            @Descriptor("how many bytes; 0 sends to the end") long count) {
        Path file = Path.of(path);
        return SocketFailure.call(() -> live("sendfile").sendfile(file, offset, count));
    }

    /** @return descriptors written as {@code 5,6} (or one number) */
    static int[] fds(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no descriptors given: write them as 5,6");
        }
        try {
            return Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
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
        SocketType s = socket;
        int fd = fileno();
        StringBuilder b = new StringBuilder("<socket ");
        if (fd < 0) {
            b.append("[closed] ");
        }
        b.append("fd=").append(fd)
                .append(", family=").append(Names.name("AF_", family))
                .append(", type=").append(Names.name("SOCK_", type))
                .append(", proto=").append(proto);
        if (fd >= 0) {
            try {
                b.append(", laddr=").append(s.getsockname());
                b.append(", raddr=").append(s.getpeername());
            } catch (SocketException notConnected) {
                // as Python: no raddr for an unconnected socket
            }
        }
        return b.append('>').toString();
    }
}
