package org.bsdsock.socket.api;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

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
 * <p>Timeouts, as in CPython: a socket is in blocking mode (timeout None, the default unless
 * {@link SocketModule#setdefaulttimeout(Double)} says otherwise), non-blocking mode (timeout
 * 0.0: a call that cannot complete at once raises {@link BlockingIOException}), or timeout
 * mode (a positive timeout: a call that waits longer raises {@link SocketTimeoutException}).
 * See {@link #settimeout(Double)}.
 *
 * <p>Thread safety: a socket may be used from several threads at once (e.g. one receiving,
 * one sending). {@link #close()} from one thread wakes every other thread blocked on the
 * socket, which then fails with {@code EBADF}; the descriptor number is released only after
 * the last of them has left, so no call ever reaches a recycled descriptor.
 */
@ProviderType
public interface SocketType extends AutoCloseable {

    /** {@return the address family given at creation, e.g. {@code AF_INET}} */
    int family();

    /** {@return the socket type given at creation, e.g. {@code SOCK_STREAM}} */
    int type();

    /** {@return the protocol number given at creation (0 for the default)} */
    int proto();

    /**
     * Accepts a connection (POSIX {@code accept(2)}). The socket must be bound and listening.
     * Blocks until a peer connects, unless the socket is non-blocking. The new socket starts
     * with the module's {@link SocketModule#getdefaulttimeout()}, not this socket's timeout
     * (as in CPython); its descriptor is close-on-exec.
     *
     * @return the new connected socket and the peer's address
     * @throws BlockingIOException    in non-blocking mode when no connection is waiting ({@code EAGAIN})
     * @throws SocketTimeoutException in timeout mode, if no peer connects in time
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
     * Connects to a remote address (POSIX {@code connect(2)}), blocking until connected (in
     * timeout mode, at most the timeout). On a datagram socket it sets the default destination
     * and the only peer datagrams are received from.
     *
     * @param address an address of the socket's family; not null
     * @throws ConnectionRefusedException {@code ECONNREFUSED}: nobody listens there
     * @throws BlockingIOException        in non-blocking mode: {@code EINPROGRESS}
     * @throws SocketTimeoutException     in timeout mode, if the connection is not made in time
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
     * Returns the socket's file descriptor, a small non-negative integer, e.g. for
     * {@code poll(2)} or to pass to another process. The socket still owns it: do not close it
     * ({@link #detach()} hands it over).
     *
     * @return the socket's file descriptor, or -1 once closed or detached
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

    /**
     * Receives, as {@code recv(bufsize, 0)}.
     *
     * @see #recv(int, int)
     * @param bufsize the most bytes to receive, at least 0
     * @return the bytes received, a new array of exactly their length
     * @throws SocketException {@code ECONNRESET}, {@code ENOTCONN}, {@code EBADF}
     */
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

    /**
     * Sends, as {@code send(data, 0)}.
     *
     * @see #send(byte[], int)
     * @param data the bytes to send; not null
     * @return how many bytes were sent, possibly fewer than {@code data.length}
     * @throws SocketException {@code ECONNRESET}, {@code ENOTCONN}, {@code EBADF}, {@code EMSGSIZE}
     */
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
     *
     * @param data the bytes to send; not null
     * @param address the destination, of the socket's family; not null
     * @return how many bytes were sent
     * @throws SocketException {@code EMSGSIZE}, {@code EISCONN}, {@code EACCES} (broadcast without {@code SO_BROADCAST}), {@code ECONNREFUSED}, {@code EBADF}
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

    /**
     * Receives with the sender's address, as {@code recvfrom(bufsize, 0)}.
     *
     * @param bufsize the most bytes to receive, at least 0
     * @return the seed's pair {@code (string, address)}
     * @throws SocketException as {@link #recv(int, int)}
     */
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
     * @throws IllegalArgumentException for a mode other than those, or a bufsize larger than the
     *                                  provider allows
     * @throws SocketException          {@code EBADF}, {@code EMFILE}
     */
    SocketFile makefile(String mode, int bufsize) throws SocketException;

    /**
     * Returns a file object, as {@code makefile("r", -1)}.
     *
     * @return the file object, owned by the caller
     * @throws SocketException {@code EBADF}, {@code EMFILE}
     */
    default SocketFile makefile() throws SocketException {
        return makefile("r", -1);
    }

    /**
     * Returns a file object, as {@code makefile(mode, -1)}.
     *
     * @param mode {@code "r"}, {@code "w"}, {@code "rw"} (with an optional {@code 'b'}); not null
     * @return the file object, owned by the caller
     * @throws SocketException {@code EBADF}, {@code EMFILE}
     */
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

    /** {@return false in non-blocking mode (timeout 0.0), true otherwise} */
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

    /** {@return the timeout in seconds, or null for None} */
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
     * Sets a socket option that takes a length and no value (CPython 3.6's
     * {@code setsockopt(level, optname, None, optlen)}, e.g. {@code AF_ALG}'s
     * {@code ALG_SET_AEAD_AUTHSIZE}): {@code setsockopt(2)} with a NULL {@code optval}.
     *
     * @param level   e.g. {@code SOL_ALG}
     * @param optname e.g. {@code ALG_SET_AEAD_AUTHSIZE}
     * @param value   null: CPython's {@code None} (the type admits nothing else)
     * @param optlen  the length the kernel is given, 0 to 2<sup>31</sup>-1
     * @throws IllegalArgumentException if optlen is negative
     * @throws SocketException          {@code EFAULT} for an option that reads a value,
     *                                  {@code ENOPROTOOPT}, {@code EINVAL}, {@code EBADF}
     * @since 1.4
     */
    void setsockopt(int level, int optname, Void value, int optlen) throws SocketException;

    /**
     * Shuts down one or both halves of the connection (POSIX {@code shutdown(2)}).
     *
     * @param how {@code SHUT_RD} (0), {@code SHUT_WR} (1) or {@code SHUT_RDWR} (2)
     * @throws SocketException {@code ENOTCONN}, {@code EINVAL}, {@code EBADF}
     */
    void shutdown(int how) throws SocketException;

    // ---- CPython 3: descriptors ---------------------------------------------------------

    /**
     * Duplicates the socket (CPython's {@code dup()}): a new socket object on a new descriptor
     * ({@code fcntl(F_DUPFD_CLOEXEC)}) for the same kernel socket, so both share the
     * connection, its data and its options. The copy has this socket's family, type, protocol
     * and timeout; the two are closed independently.
     *
     * <p>Thread safety: may run while other threads use the socket.
     *
     * @return the new socket, owned by the caller
     * @throws SocketException {@code EBADF} (closed), {@code EMFILE}, {@code ENFILE}
     * @since 1.1
     */
    SocketType dup() throws SocketException;

    /**
     * Puts the socket object in the closed state without closing its descriptor, and returns
     * the descriptor (CPython's {@code detach()}). The caller now owns it: it is no longer
     * closed with the socket, by the garbage collector or by the provider's shutdown. Wrap it
     * again with {@link SocketModule#socket(int, int, int, int)} or close it with
     * {@link SocketModule#close(int)}. The descriptor stays in non-blocking mode
     * ({@code O_NONBLOCK}, which the provider sets on every socket it handles).
     *
     * <p>Thread safety: detaching needs the socket to be idle. While another thread is inside
     * a call on it (e.g. blocked in {@code recv}), the descriptor cannot be handed out safely,
     * so {@code detach} fails with {@code EBUSY} and leaves the socket open and usable.
     *
     * @return the descriptor, or -1 if the socket was already closed (as CPython)
     * @throws SocketException {@code EBUSY} while another call is in progress on the socket
     * @since 1.1
     */
    int detach() throws SocketException;

    // ---- CPython 3: messages and ancillary data --------------------------------------------

    /**
     * Sends a message with no ancillary data, as {@code sendmsg(buffers, List.of(), 0, null)}.
     *
     * @since 1.1
     * @param buffers the data, sent in order; not null, no null element; may be empty
     * @return how many bytes of normal data were sent
     * @throws SocketException {@code EBADF} (also for a bad descriptor in {@code SCM_RIGHTS}), {@code EINVAL}, {@code EPERM} (credentials of another process), {@code EMSGSIZE}, {@code ENOBUFS}, {@code EPIPE}, {@code ENOTCONN}, {@code EDESTADDRREQ}, {@code ETOOMANYREFS}
     */
    default int sendmsg(List<byte[]> buffers) throws SocketException {
        return sendmsg(buffers, List.of(), 0, null);
    }

    /**
     * Sends a message with ancillary data, as {@code sendmsg(buffers, ancdata, 0, null)}.
     *
     * @since 1.1
     * @param buffers the data, sent in order; not null, no null element; may be empty
     * @param ancdata the control messages; not null; may be empty
     * @return how many bytes of normal data were sent
     * @throws SocketException {@code EBADF} (also for a bad descriptor in {@code SCM_RIGHTS}), {@code EINVAL}, {@code EPERM} (credentials of another process), {@code EMSGSIZE}, {@code ENOBUFS}, {@code EPIPE}, {@code ENOTCONN}, {@code EDESTADDRREQ}, {@code ETOOMANYREFS}
     */
    default int sendmsg(List<byte[]> buffers, List<ControlMessage> ancdata) throws SocketException {
        return sendmsg(buffers, ancdata, 0, null);
    }

    /**
     * Sends a message, as {@code sendmsg(buffers, ancdata, flags, null)}.
     *
     * @since 1.1
     * @param buffers the data, sent in order; not null, no null element; may be empty
     * @param ancdata the control messages; not null; may be empty
     * @param flags {@code MSG_*} flags
     * @return how many bytes of normal data were sent
     * @throws SocketException {@code EBADF} (also for a bad descriptor in {@code SCM_RIGHTS}), {@code EINVAL}, {@code EPERM} (credentials of another process), {@code EMSGSIZE}, {@code ENOBUFS}, {@code EPIPE}, {@code ENOTCONN}, {@code EDESTADDRREQ}, {@code ETOOMANYREFS}
     */
    default int sendmsg(List<byte[]> buffers, List<ControlMessage> ancdata, int flags) throws SocketException {
        return sendmsg(buffers, ancdata, flags, null);
    }

    /**
     * Sends normal and ancillary data (POSIX {@code sendmsg(2)}, CPython's
     * {@code sendmsg(buffers[, ancdata[, flags[, address]]])}): the buffers are gathered into
     * one message, and each control message travels with it, e.g.
     * {@link ControlMessage#ofFds(int...)} ({@code SCM_RIGHTS}) to pass descriptors over
     * {@code AF_UNIX}, or {@code SCM_CREDENTIALS} with a {@link Ucred}. Blocks like
     * {@link #send(byte[], int)}; {@code MSG_DONTWAIT} raises instead of waiting even in
     * blocking mode. Never raises {@code SIGPIPE}.
     *
     * <p>Thread safety: as {@link #send(byte[], int)}.
     *
     * @param buffers the data, sent in order; not null, no null element; may be empty
     * @param ancdata the control messages; not null; may be empty
     * @param flags   {@code MSG_*} flags
     * @param address the destination for an unconnected socket, or null
     * @return how many bytes of normal data were sent
     * @throws IllegalArgumentException if the address does not fit the socket's family, or the
     *                                  data exceeds 2<sup>31</sup>-1 bytes
     * @throws BlockingIOException      {@code EAGAIN} in non-blocking mode or with {@code MSG_DONTWAIT}
     * @throws SocketException          {@code EBADF} (also for a bad descriptor in {@code SCM_RIGHTS}),
     *                                  {@code EINVAL}, {@code EPERM} (credentials of another process),
     *                                  {@code EMSGSIZE}, {@code ENOBUFS}, {@code EPIPE},
     *                                  {@code ENOTCONN}, {@code EDESTADDRREQ}, {@code ETOOMANYREFS}
     * @since 1.1
     */
    int sendmsg(List<byte[]> buffers, List<ControlMessage> ancdata, int flags, SockAddr address)
            throws SocketException;

    /**
     * Receives a message without ancillary data, as {@code recvmsg(bufsize, 0, 0)}.
     *
     * @since 1.1
     * @param bufsize the most bytes of normal data to receive, at least 0
     * @return {@code (data, ancdata, msg_flags, address)}
     * @throws SocketException {@code EBADF}, {@code ECONNRESET}, {@code ENOTCONN}, {@code EMFILE} (a received descriptor could not be installed: {@code MSG_CTRUNC})
     */
    default ReceivedMessage recvmsg(int bufsize) throws SocketException {
        return recvmsg(bufsize, 0, 0);
    }

    /**
     * Receives a message, as {@code recvmsg(bufsize, ancbufsize, 0)}.
     *
     * @since 1.1
     * @param bufsize the most bytes of normal data to receive, at least 0
     * @param ancbufsize the size of the control buffer in bytes, at least 0
     * @return {@code (data, ancdata, msg_flags, address)}
     * @throws SocketException {@code EBADF}, {@code ECONNRESET}, {@code ENOTCONN}, {@code EMFILE} (a received descriptor could not be installed: {@code MSG_CTRUNC})
     */
    default ReceivedMessage recvmsg(int bufsize, int ancbufsize) throws SocketException {
        return recvmsg(bufsize, ancbufsize, 0);
    }

    /**
     * Receives normal and ancillary data (POSIX {@code recvmsg(2)}, CPython's
     * {@code recvmsg(bufsize[, ancbufsize[, flags]])}). Size the control buffer with
     * {@link SocketModule#CMSG_SPACE(int)} or {@link SocketModule#CMSG_LEN(int)}; a buffer too
     * small for what arrived sets {@code MSG_CTRUNC} in {@code msg_flags} and returns the items
     * (or the part of the last one) that fitted. Descriptors arriving in {@code SCM_RIGHTS} are
     * close-on-exec ({@code MSG_CMSG_CLOEXEC} is always passed; it shows in {@code msg_flags}
     * only if the caller passed it) and belong to the caller; those that did not fit are closed
     * by the kernel, so none leaks.
     *
     * <p>Flags: {@code MSG_PEEK} leaves the data queued; {@code MSG_DONTWAIT} raises
     * {@link BlockingIOException} instead of waiting even in blocking mode; on a stream,
     * {@code MSG_WAITALL} waits (within the timeout) until {@code bufsize} bytes, end of stream
     * or a control message arrived; a datagram longer than {@code bufsize} is cut to it and
     * {@code MSG_TRUNC} is set in {@code msg_flags}.
     *
     * <p>Thread safety: as {@link #recv(int, int)}.
     *
     * @param bufsize    the most bytes of normal data to receive, at least 0
     * @param ancbufsize the size of the control buffer in bytes, at least 0
     * @param flags      {@code MSG_*} flags
     * @return {@code (data, ancdata, msg_flags, address)}
     * @throws IllegalArgumentException if bufsize or ancbufsize is negative
     * @throws BlockingIOException      {@code EAGAIN} in non-blocking mode or with {@code MSG_DONTWAIT}
     * @throws SocketTimeoutException   if the timeout expires first
     * @throws SocketException          {@code EBADF}, {@code ECONNRESET}, {@code ENOTCONN},
     *                                  {@code EMFILE} (a received descriptor could not be
     *                                  installed: {@code MSG_CTRUNC})
     * @since 1.1
     */
    ReceivedMessage recvmsg(int bufsize, int ancbufsize, int flags) throws SocketException;

    /**
     * Receives into buffers without ancillary data, as {@code recvmsg_into(buffers, 0, 0)}.
     *
     * @since 1.2
     * @param buffers writable buffers; their remaining space together is the most bytes received
     * @return {@code (nbytes, ancdata, msg_flags, address)}
     * @throws SocketException as {@link #recvmsg(int, int, int)}
     */
    default ReceivedMessageInto recvmsg_into(List<ByteBuffer> buffers) throws SocketException {
        return recvmsg_into(buffers, 0, 0);
    }

    /**
     * Receives into buffers, as {@code recvmsg_into(buffers, ancbufsize, 0)}.
     *
     * @since 1.2
     * @param buffers writable buffers; their remaining space together is the most bytes received
     * @param ancbufsize the size of the control buffer in bytes, at least 0
     * @return {@code (nbytes, ancdata, msg_flags, address)}
     * @throws SocketException as {@link #recvmsg(int, int, int)}
     */
    default ReceivedMessageInto recvmsg_into(List<ByteBuffer> buffers, int ancbufsize) throws SocketException {
        return recvmsg_into(buffers, ancbufsize, 0);
    }

    /**
     * Receives normal data into the caller's buffers, and ancillary data (CPython 3.3's
     * {@code recvmsg_into(buffers[, ancbufsize[, flags]])}): as {@link #recvmsg(int, int, int)},
     * but the data fills the buffers in order, each from its position up to its limit (a
     * scattering read), and each buffer's position moves past the bytes it received. Heap and
     * direct buffers may be mixed.
     *
     * @param buffers    writable buffers; their remaining space together is the most bytes received
     * @param ancbufsize the size of the control buffer in bytes, at least 0
     * @param flags      {@code MSG_*} flags, as for {@link #recvmsg(int, int, int)}
     * @return {@code (nbytes, ancdata, msg_flags, address)}
     * @throws IllegalArgumentException if a buffer is read-only, ancbufsize is negative, or the
     *                                  buffers together exceed {@code Integer.MAX_VALUE - 8} bytes
     * @throws NullPointerException     if buffers or one of them is null
     * @throws BlockingIOException      {@code EAGAIN} in non-blocking mode or with {@code MSG_DONTWAIT}
     * @throws SocketTimeoutException   if the timeout expires first
     * @throws SocketException          as {@link #recvmsg(int, int, int)}
     * @since 1.2
     */
    ReceivedMessageInto recvmsg_into(List<ByteBuffer> buffers, int ancbufsize, int flags) throws SocketException;

    /**
     * Sends descriptors, as {@code send_fds(buffers, fds, 0, null)}.
     *
     * @since 1.1
     * @param buffers the data; not null
     * @param fds open descriptors; not null; at most 253 (Linux's {@code SCM_MAX_FD})
     * @return how many bytes of data were sent
     * @throws SocketException as {@link #sendmsg(List, List, int, SockAddr)}
     */
    default int send_fds(List<byte[]> buffers, int[] fds) throws SocketException {
        return send_fds(buffers, fds, 0, null);
    }

    /**
     * Sends descriptors with a message over an {@code AF_UNIX} socket (CPython's
     * {@code socket.send_fds(sock, buffers, fds[, flags[, address]])}): {@code sendmsg} with
     * one {@code SCM_RIGHTS} item. The sender keeps its descriptors; the receiver gets
     * duplicates. Send at least one byte of data: on a stream, ancillary data travels with
     * data. Unlike CPython 3.11, {@code flags} and {@code address} are honoured.
     *
     * @param buffers the data; not null
     * @param fds     open descriptors; not null; at most 253 (Linux's {@code SCM_MAX_FD})
     * @param flags   {@code MSG_*} flags
     * @param address the destination for an unconnected socket, or null
     * @return how many bytes of data were sent
     * @throws SocketException as {@link #sendmsg(List, List, int, SockAddr)}
     * @since 1.1
     */
    default int send_fds(List<byte[]> buffers, int[] fds, int flags, SockAddr address) throws SocketException {
        return sendmsg(buffers, List.of(ControlMessage.ofFds(fds)), flags, address);
    }

    /**
     * Receives descriptors, as {@code recv_fds(bufsize, maxfds, 0)}.
     *
     * @since 1.1
     * @param bufsize the most bytes of data to receive, at least 0
     * @param maxfds the most descriptors to receive, at least 0
     * @return {@code (data, fds, msg_flags, address)}
     * @throws SocketException as {@link #recvmsg(int, int, int)}
     */
    default ReceivedFds recv_fds(int bufsize, int maxfds) throws SocketException {
        return recv_fds(bufsize, maxfds, 0);
    }

    /**
     * Receives a message and up to {@code maxfds} descriptors (CPython's
     * {@code socket.recv_fds(sock, bufsize, maxfds[, flags])}): {@code recvmsg} with a control
     * buffer of {@code CMSG_LEN(maxfds * sizeof(int))}, returning the descriptors of every
     * {@code SCM_RIGHTS} item. They are close-on-exec and belong to the caller. If more were
     * sent than fitted, {@code MSG_CTRUNC} is set and the kernel closed the rest; if this call
     * fails after the kernel installed descriptors, it closes them before raising, so none
     * leaks. A receiver with {@code SO_PASSCRED} set also receives credentials, which take
     * control-buffer space: pass a larger {@code maxfds} or use {@link #recvmsg(int, int, int)}.
     * Unlike CPython 3.11, {@code flags} are honoured.
     *
     * @param bufsize the most bytes of data to receive, at least 0
     * @param maxfds  the most descriptors to receive, at least 0
     * @param flags   {@code MSG_*} flags, as {@link #recvmsg(int, int, int)}
     * @return {@code (data, fds, msg_flags, address)}
     * @throws IllegalArgumentException if bufsize or maxfds is negative, or maxfds too large
     * @throws SocketException          as {@link #recvmsg(int, int, int)}
     * @since 1.1
     */
    ReceivedFds recv_fds(int bufsize, int maxfds, int flags) throws SocketException;

    // ---- CPython 3: sendfile ------------------------------------------------------------------

    /**
     * Sends a whole file, as {@code sendfile(file, 0, 0)}.
     *
     * @since 1.1
     * @param file a readable file; not null
     * @return how many bytes were sent
     * @throws SocketException {@code ENOENT}, {@code EACCES}, ... from {@code open}; otherwise as {@link #sendfile(int, long, long)}
     */
    default long sendfile(Path file) throws SocketException {
        return sendfile(file, 0, 0);
    }

    /**
     * Sends a file's bytes (CPython's {@code sendfile(file, offset, count)}) with Linux
     * {@code sendfile(2)}, which copies in the kernel: the file is opened read-only
     * ({@code open(2)}) and closed again. Otherwise as {@link #sendfile(int, long, long)}.
     *
     * @param file   a readable file; not null
     * @param offset where to start reading, at least 0
     * @param count  the most bytes to send, or 0 for all up to the end of the file
     * @return how many bytes were sent
     * @throws SocketException {@code ENOENT}, {@code EACCES}, ... from {@code open}; otherwise
     *                         as {@link #sendfile(int, long, long)}
     * @since 1.1
     */
    long sendfile(Path file, long offset, long count) throws SocketException;

    /**
     * Sends bytes read from the descriptor {@code in_fd} (e.g. one received with
     * {@link #recv_fds}) with Linux {@code sendfile(2)}, until {@code count} bytes are sent or
     * the input ends. Where the kernel cannot splice from the input ({@code EINVAL},
     * {@code ESPIPE}, {@code ENOSYS}, {@code EOPNOTSUPP} before any byte was sent: a pipe, some
     * special files), it falls back to reading ({@code pread(2)}, or {@code read(2)} from an
     * unseekable input at offset 0) and {@code send(2)}, as CPython falls back on
     * {@code send()}. The descriptor's own file offset is not moved (as {@code os.sendfile}
     * with an offset), except by the {@code read(2)} of an unseekable input. The socket's
     * timeout bounds the whole call, as for {@link #sendall(byte[])}.
     *
     * <p>The socket must be of a stream type (CPython's check: {@code type & SOCK_STREAM},
     * which admits {@code SOCK_SEQPACKET}) and not in non-blocking mode (as CPython, which
     * raises {@code ValueError} for both).
     *
     * <p>Thread safety: as {@link #sendall(byte[])}; do not send on the socket from another
     * thread at the same time if the bytes must stay together.
     *
     * @param in_fd  an open, readable descriptor; the caller keeps it
     * @param offset where to start reading, at least 0
     * @param count  the most bytes to send, or 0 for all up to the end of the input
     * @return how many bytes were sent
     * @throws IllegalArgumentException for a negative descriptor, offset or count, a socket
     *                                  whose type is not a stream, or a non-blocking socket
     * @throws SocketTimeoutException   if the timeout expires first (some bytes may have gone)
     * @throws SocketException          {@code EBADF}, {@code EPIPE}, {@code ECONNRESET},
     *                                  {@code EIO}; {@code ESPIPE} for an offset on an
     *                                  unseekable input
     * @since 1.1
     */
    long sendfile(int in_fd, long offset, long count) throws SocketException;

    /**
     * Sends bytes read from a channel (CPython's {@code sendfile} with a file object). Java
     * does not expose a channel's descriptor, so this is CPython's {@code send()} fallback:
     * positional reads ({@link FileChannel#read(java.nio.ByteBuffer, long)}) and
     * {@code send(2)}, no copy avoided; pass a {@link Path} or a descriptor for
     * {@code sendfile(2)}. As in CPython, the channel's position is set to
     * {@code offset + sent} when the call returns or fails after sending some bytes.
     *
     * @param file   an open, readable channel; not null
     * @param offset where to start reading, at least 0
     * @param count  the most bytes to send, or 0 for all up to the end of the channel
     * @return how many bytes were sent
     * @throws IllegalArgumentException as {@link #sendfile(int, long, long)}
     * @throws SocketException          as {@link #sendfile(int, long, long)}; a read failure of
     *                                  the channel is wrapped in one with errno 0 and the cause
     * @since 1.1
     */
    long sendfile(FileChannel file, long offset, long count) throws SocketException;
}
