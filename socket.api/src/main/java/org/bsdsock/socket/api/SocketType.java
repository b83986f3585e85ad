package org.bsdsock.socket.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A socket object (the seed's {@code SocketType}): one kernel socket, one file descriptor.
 * Its methods are the socket system calls, under their seed names.
 *
 * <p>All errors raise: {@link SocketException} (or a subclass) for failures the system
 * reports, with the errno values each method lists; {@link IllegalArgumentException} or
 * {@link NullPointerException} for invalid arguments, before any system call. After
 * {@link #close()} every operation fails with {@code EBADF}.
 *
 * <p>Thread safety: a socket may be used from several threads at once (e.g. one receiving,
 * one sending). {@link #close()} from one thread wakes every other thread blocked on the
 * socket, which then fails with {@code EBADF}; the descriptor number is released only after
 * the last of them has left, so no call ever reaches a recycled descriptor.
 */
@ProviderType
public interface SocketType extends AutoCloseable {

    /** @return the address family given at creation, e.g. {@code AF_INET} */
    int family();

    /** @return the socket type given at creation, e.g. {@code SOCK_STREAM} */
    int type();

    /** @return the protocol number given at creation (0 for the default) */
    int proto();

    /**
     * Accepts a connection (POSIX {@code accept(2)}). The socket must be bound and listening.
     * Blocks until a peer connects, unless the socket is non-blocking.
     *
     * @return the new connected socket and the peer's address
     * @throws BlockingIOException in non-blocking mode when no connection is waiting ({@code EAGAIN})
     * @throws SocketException     {@code EBADF} (closed), {@code EINVAL} (not listening),
     *                             {@code EMFILE}, {@code ENFILE}, {@code ENOBUFS},
     *                             {@code ECONNABORTED}
     */
    Accepted accept() throws SocketException;

    /**
     * Binds the socket to a local address (POSIX {@code bind(2)}). For {@code AF_INET},
     * {@code new InetAddr("", port)} binds {@code INADDR_ANY}; port 0 picks a free port,
     * which {@link #getsockname()} tells.
     *
     * @param address an address of the socket's family; not null
     * @throws SocketException {@code EADDRINUSE}, {@code EADDRNOTAVAIL}, {@code EACCES}
     *                         (privileged port), {@code EINVAL} (already bound), {@code EBADF},
     *                         {@code EAFNOSUPPORT} (wrong family)
     */
    void bind(SockAddr address) throws SocketException;

    /**
     * Closes the socket (POSIX {@code close(2)}). Idempotent: closing a closed socket does
     * nothing. Threads blocked on the socket are woken and fail with {@code EBADF}.
     * Queued data is still sent to the peer.
     */
    @Override
    void close();

    /**
     * Connects to a remote address (POSIX {@code connect(2)}), blocking until connected.
     *
     * @param address an address of the socket's family; not null
     * @throws ConnectionRefusedException {@code ECONNREFUSED}: nobody listens there
     * @throws BlockingIOException        in non-blocking mode: {@code EINPROGRESS}
     * @throws SocketException            {@code ENETUNREACH}, {@code EHOSTUNREACH},
     *                                    {@code ETIMEDOUT}, {@code EISCONN}, {@code EADDRNOTAVAIL},
     *                                    {@code EBADF}; name resolution failures of the host
     */
    void connect(SockAddr address) throws SocketException;

    /**
     * Like {@link #connect(SockAddr)}, but returns the errno value instead of raising for
     * errors of the C-level {@code connect()} call: 0 on success, {@code EINPROGRESS} for a
     * non-blocking connect under way, {@code ECONNREFUSED}, ... Other problems, such as an
     * unknown host or a closed socket, still raise.
     *
     * @param address an address of the socket's family; not null
     * @return 0, or the errno value of the failed connect
     * @throws SocketException for errors other than the connect call's own
     */
    int connect_ex(SockAddr address) throws SocketException;

    /**
     * @return the socket's file descriptor, or -1 once closed
     */
    int fileno();

    /**
     * Returns the peer's address (POSIX {@code getpeername(2)}).
     *
     * @return the remote address
     * @throws SocketException {@code ENOTCONN}, {@code EBADF}
     */
    SockAddr getpeername() throws SocketException;

    /**
     * Returns the socket's own address (POSIX {@code getsockname(2)}).
     *
     * @return the local address
     * @throws SocketException {@code EBADF}
     */
    SockAddr getsockname() throws SocketException;

    /**
     * Returns an integer socket option (POSIX {@code getsockopt(2)}).
     *
     * @param level e.g. {@code SOL_SOCKET}, {@code IPPROTO_TCP}
     * @param optname e.g. {@code SO_REUSEADDR}, {@code SO_ERROR}; unknown numbers pass to the kernel
     * @return the option's value
     * @throws SocketException {@code ENOPROTOOPT}, {@code EINVAL}, {@code EBADF}
     */
    int getsockopt(int level, int optname) throws SocketException;

    /**
     * Listens for connections (POSIX {@code listen(2)}); a negative backlog counts as 0.
     *
     * @param backlog the queue length for pending connections (the kernel caps it at {@code SOMAXCONN})
     * @throws SocketException {@code EADDRINUSE}, {@code EOPNOTSUPP} (e.g. a datagram socket), {@code EBADF}
     */
    void listen(int backlog) throws SocketException;

    /** Receives, as {@code recv(bufsize, 0)}. @see #recv(int, int) */
    default byte[] recv(int bufsize) throws SocketException {
        return recv(bufsize, 0);
    }

    /**
     * Receives at most {@code bufsize} bytes (POSIX {@code recv(2)}), blocking until some
     * arrive. An empty array means the peer has shut down its sending side (end of stream).
     *
     * @param bufsize the most bytes to receive, at least 0
     * @param flags   {@code MSG_*} flags, usually 0
     * @return the bytes received, a new array of exactly their length
     * @throws IllegalArgumentException if bufsize is negative
     * @throws BlockingIOException      in non-blocking mode when nothing is there ({@code EAGAIN})
     * @throws SocketException          {@code ECONNRESET}, {@code ENOTCONN}, {@code EBADF}
     */
    byte[] recv(int bufsize, int flags) throws SocketException;

    /** Sends, as {@code send(data, 0)}. @see #send(byte[], int) */
    default int send(byte[] data) throws SocketException {
        return send(data, 0);
    }

    /**
     * Sends data on a connected socket (POSIX {@code send(2)}), blocking until at least
     * some of it is accepted by the kernel. Never raises {@code SIGPIPE}.
     *
     * @param data  the bytes to send; not null
     * @param flags {@code MSG_*} flags, usually 0
     * @return how many bytes were sent, possibly fewer than {@code data.length}
     * @throws BlockingIOException in non-blocking mode when the send buffer is full ({@code EAGAIN})
     * @throws BrokenPipeException {@code EPIPE}: the connection is shut for writing
     * @throws SocketException     {@code ECONNRESET}, {@code ENOTCONN}, {@code EBADF}, {@code EMSGSIZE}
     */
    int send(byte[] data, int flags) throws SocketException;

    /**
     * Sends all of {@code data}, calling {@code send} until every byte is accepted or an
     * error occurs; bytes are never lost silently.
     *
     * @param data the bytes to send; not null
     * @throws SocketException as {@link #send(byte[], int)}; some prefix of data may have been sent
     */
    default void sendall(byte[] data) throws SocketException {
        int off = 0;
        while (off < data.length) {
            byte[] rest = off == 0 ? data : java.util.Arrays.copyOfRange(data, off, data.length);
            off += send(rest, 0);
        }
    }

    /**
     * Sets an integer socket option (POSIX {@code setsockopt(2)}).
     *
     * @param level   e.g. {@code SOL_SOCKET}
     * @param optname e.g. {@code SO_REUSEADDR}; unknown numbers pass to the kernel unchanged
     * @param value   the option's value
     * @throws SocketException {@code ENOPROTOOPT}, {@code EINVAL}, {@code EBADF}
     */
    void setsockopt(int level, int optname, int value) throws SocketException;

    /**
     * Shuts down one or both halves of the connection (POSIX {@code shutdown(2)}).
     *
     * @param how {@code SHUT_RD} (0), {@code SHUT_WR} (1) or {@code SHUT_RDWR} (2)
     * @throws SocketException {@code ENOTCONN}, {@code EINVAL}, {@code EBADF}
     */
    void shutdown(int how) throws SocketException;
}
