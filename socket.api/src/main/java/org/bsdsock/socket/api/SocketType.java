package org.bsdsock.socket.api;

import java.nio.ByteBuffer;

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
     * Sends all of {@code data}, calling {@code send} until every byte is accepted; bytes are
     * never lost silently. With a timeout, the timeout bounds the whole call.
     *
     * @param data the bytes to send; not null
     * @throws SocketTimeoutException if the timeout expires first (some prefix may have been sent)
     * @throws SocketException        as {@link #send(byte[], int)}; some prefix may have been sent
     */
    void sendall(byte[] data) throws SocketException;

    /**
     * Sends the buffer's remaining bytes (position to limit) until all are accepted, advancing
     * its position; a direct buffer is passed to the kernel without a copy.
     *
     * @param data the bytes to send; not null
     * @throws SocketException as {@link #sendall(byte[])}; the position tells how far it got
     */
    void sendall(ByteBuffer data) throws SocketException;

    /**
     * Sends the buffer's remaining bytes once (POSIX {@code send(2)}) and advances its
     * position by the count sent. Heap and direct buffers are both read in place.
     *
     * @param data  the bytes to send; not null
     * @param flags {@code MSG_*} flags, usually 0
     * @return how many bytes were sent
     * @throws SocketException as {@link #send(byte[], int)}
     */
    int send(ByteBuffer data, int flags) throws SocketException;

    /**
     * Sends a datagram to {@code address} (POSIX {@code sendto(2)}), as
     * {@code sendto(data, 0, address)}.
     */
    default int sendto(byte[] data, SockAddr address) throws SocketException {
        return sendto(data, 0, address);
    }

    /**
     * Sends data to {@code address} (POSIX {@code sendto(2)}); the socket should not be
     * connected.
     *
     * @param data    the bytes to send; not null
     * @param flags   {@code MSG_*} flags
     * @param address the destination, of the socket's family; not null
     * @return how many bytes were sent
     * @throws SocketException {@code EMSGSIZE}, {@code EISCONN}, {@code EACCES} (broadcast
     *                         without {@code SO_BROADCAST}), {@code ECONNREFUSED}, {@code EBADF}
     */
    int sendto(byte[] data, int flags, SockAddr address) throws SocketException;

    /** Receives with the sender's address, as {@code recvfrom(bufsize, 0)}. */
    default Received recvfrom(int bufsize) throws SocketException {
        return recvfrom(bufsize, 0);
    }

    /**
     * Receives at most {@code bufsize} bytes and the sender's address (POSIX {@code recvfrom(2)}).
     *
     * @param bufsize the most bytes to receive, at least 0
     * @param flags   {@code MSG_*} flags
     * @return the seed's pair {@code (string, address)}
     * @throws IllegalArgumentException if bufsize is negative
     * @throws SocketException          as {@link #recv(int, int)}
     */
    Received recvfrom(int bufsize, int flags) throws SocketException;

    /**
     * Receives into the caller's array (CPython's {@code recv_into(buffer)}), without an
     * intermediate copy.
     *
     * @param buffer where the bytes go, from index 0; not null
     * @return how many bytes were received; 0 at end of stream (or for an empty buffer)
     * @throws SocketException as {@link #recv(int, int)}
     */
    default int recv_into(byte[] buffer) throws SocketException {
        return recv_into(buffer, 0, 0);
    }

    /**
     * Receives at most {@code nbytes} bytes into the start of {@code buffer}.
     *
     * @param buffer where the bytes go; not null
     * @param nbytes the most bytes to receive; 0 means {@code buffer.length}
     * @param flags  {@code MSG_*} flags
     * @return how many bytes were received
     * @throws IllegalArgumentException if nbytes is negative or larger than the buffer
     * @throws SocketException          as {@link #recv(int, int)}
     */
    int recv_into(byte[] buffer, int nbytes, int flags) throws SocketException;

    /**
     * Receives into the buffer's remaining space (position to limit) and advances its
     * position; heap and direct buffers are both written in place, so a warm call allocates
     * nothing.
     *
     * @param buffer where the bytes go; not null, not read-only
     * @param flags  {@code MSG_*} flags
     * @return how many bytes were received
     * @throws SocketException as {@link #recv(int, int)}
     */
    int recv_into(ByteBuffer buffer, int flags) throws SocketException;

    /**
     * Receives into the caller's array with the sender's address (CPython's
     * {@code recvfrom_into}).
     *
     * @param buffer where the bytes go; not null
     * @param nbytes the most bytes to receive; 0 means {@code buffer.length}
     * @param flags  {@code MSG_*} flags
     * @return {@code (nbytes, address)}
     * @throws IllegalArgumentException if nbytes is negative or larger than the buffer
     * @throws SocketException          as {@link #recv(int, int)}
     */
    ReceivedInto recvfrom_into(byte[] buffer, int nbytes, int flags) throws SocketException;

    /**
     * Returns a file object over a {@code dup()} of the socket's descriptor (the seed's
     * {@code makefile}); the file and the socket can be closed independently.
     *
     * @param mode    {@code "r"}, {@code "w"}, {@code "rw"} (with an optional {@code 'b'}); not null
     * @param bufsize as Python's {@code open()}: 0 unbuffered, negative the default size,
     *                otherwise the buffer size (1 is taken as the default size)
     * @return the file object, owned by the caller
     * @throws IllegalArgumentException for a mode other than those
     * @throws SocketException          {@code EBADF}, {@code EMFILE}
     */
    SocketFile makefile(String mode, int bufsize) throws SocketException;

    /** Returns a file object, as {@code makefile("r", -1)}. */
    default SocketFile makefile() throws SocketException {
        return makefile("r", -1);
    }

    /** Returns a file object, as {@code makefile(mode, -1)}. */
    default SocketFile makefile(String mode) throws SocketException {
        return makefile(mode, -1);
    }

    /**
     * Sets blocking or non-blocking mode: {@code setblocking(false)} is
     * {@code settimeout(0.0)}, {@code setblocking(true)} is {@code settimeout(null)}. In
     * non-blocking mode a call that cannot complete at once raises
     * {@link BlockingIOException}.
     *
     * @param flag true for blocking mode
     */
    void setblocking(boolean flag);

    /** @return false in non-blocking mode (timeout 0.0), true otherwise */
    boolean getblocking();

    /**
     * Sets a timeout on blocking operations (CPython's {@code settimeout}): null means None
     * (block forever), 0.0 non-blocking mode, a positive value the longest a call may wait
     * before raising {@link SocketTimeoutException}.
     *
     * @param seconds null, 0.0 or a positive number of seconds
     * @throws IllegalArgumentException if seconds is negative or not a number
     */
    void settimeout(Double seconds);

    /** @return the timeout in seconds, or null for None */
    Double gettimeout();

    /**
     * Returns a socket option as raw bytes (POSIX {@code getsockopt(2)} with a buffer); the
     * caller decodes the C structure.
     *
     * @param level   e.g. {@code SOL_SOCKET}
     * @param optname e.g. {@code SO_LINGER}
     * @param buflen  the buffer size, 1 to 1024
     * @return the bytes the kernel wrote, an array of exactly their length
     * @throws IllegalArgumentException if buflen is outside 1 to 1024
     * @throws SocketException          {@code ENOPROTOOPT}, {@code EINVAL}, {@code EBADF}
     */
    byte[] getsockopt(int level, int optname, int buflen) throws SocketException;

    /**
     * Sets a socket option from raw bytes (a C structure the caller encoded).
     *
     * @param level   e.g. {@code SOL_SOCKET}
     * @param optname e.g. {@code SO_LINGER}
     * @param value   the option's bytes; not null
     * @throws SocketException {@code ENOPROTOOPT}, {@code EINVAL}, {@code EBADF}
     */
    void setsockopt(int level, int optname, byte[] value) throws SocketException;

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
