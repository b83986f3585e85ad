package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Every downcall into libc, declared once (LP64 Linux: {@code size_t}/{@code ssize_t} are
 * {@code long}, {@code socklen_t} is {@code int}).
 *
 * <p>Calls that set {@code errno} take a call-state segment first ({@link Scratch#state}) and
 * capture {@code errno} into it right after the call, before the JVM can overwrite it.
 * Calls that never block (a non-blocking descriptor's {@code recv}/{@code send}) are
 * <em>critical</em>: they may take heap segments, so a caller's {@code byte[]} is read or
 * written by the kernel in place, without a copy. A call that can block is never critical,
 * since a critical call holds off the garbage collector while it runs.
 */
final class Libc {
    private Libc() {
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final Linker.Option CRITICAL = Linker.Option.critical(true);

    /** Layout of the call-state segment that the errno-capturing calls fill. */
    static final java.lang.foreign.StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_HANDLE =
            CALL_STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    /** @return the errno captured in a call-state segment by the last call that used it */
    static int errno(MemorySegment state) {
        return (int) ERRNO_HANDLE.get(state, 0L);
    }

    // <poll.h> (asm-generic/poll.h: the same on x86-64 and aarch64)
    static final short POLLIN = 0x001;
    static final short POLLOUT = 0x004;

    private static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = LIBC.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    private static AssertionError unexpected(Throwable t) {
        return new AssertionError("downcall failed", t);
    }

    // int socket(int domain, int type, int protocol);
    private static final MethodHandle SOCKET =
            handle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);

    static int socket(MemorySegment st, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(st, domain, type, protocol);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int bind(int fd, const struct sockaddr *addr, socklen_t len);
    private static final MethodHandle BIND =
            handle("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);

    static int bind(MemorySegment st, int fd, MemorySegment addr, int len) {
        try {
            return (int) BIND.invokeExact(st, fd, addr, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int listen(int fd, int backlog);
    private static final MethodHandle LISTEN =
            handle("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);

    static int listen(MemorySegment st, int fd, int backlog) {
        try {
            return (int) LISTEN.invokeExact(st, fd, backlog);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);
    private static final MethodHandle ACCEPT4 = handle("accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), ERRNO);

    static int accept4(MemorySegment st, int fd, MemorySegment addr, MemorySegment len, int flags) {
        try {
            return (int) ACCEPT4.invokeExact(st, fd, addr, len, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int connect(int fd, const struct sockaddr *addr, socklen_t len);
    private static final MethodHandle CONNECT =
            handle("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);

    static int connect(MemorySegment st, int fd, MemorySegment addr, int len) {
        try {
            return (int) CONNECT.invokeExact(st, fd, addr, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t recv(int fd, void *buf, size_t len, int flags);   critical: non-blocking fds only
    private static final MethodHandle RECV = handle("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO, CRITICAL);

    static long recv(MemorySegment st, int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) RECV.invokeExact(st, fd, buf, len, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t send(int fd, const void *buf, size_t len, int flags);   critical: non-blocking fds only
    private static final MethodHandle SEND = handle("send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO, CRITICAL);

    static long send(MemorySegment st, int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) SEND.invokeExact(st, fd, buf, len, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int close(int fd);   not critical: SO_LINGER can make it block
    private static final MethodHandle CLOSE =
            handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO);

    static int close(MemorySegment st, int fd) {
        try {
            return (int) CLOSE.invokeExact(st, fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int shutdown(int fd, int how);
    private static final MethodHandle SHUTDOWN =
            handle("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);

    static int shutdown(MemorySegment st, int fd, int how) {
        try {
            return (int) SHUTDOWN.invokeExact(st, fd, how);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int getsockname(int fd, struct sockaddr *addr, socklen_t *len);
    private static final MethodHandle GETSOCKNAME = handle("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), ERRNO);

    static int getsockname(MemorySegment st, int fd, MemorySegment addr, MemorySegment len) {
        try {
            return (int) GETSOCKNAME.invokeExact(st, fd, addr, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int getpeername(int fd, struct sockaddr *addr, socklen_t *len);
    private static final MethodHandle GETPEERNAME = handle("getpeername",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), ERRNO);

    static int getpeername(MemorySegment st, int fd, MemorySegment addr, MemorySegment len) {
        try {
            return (int) GETPEERNAME.invokeExact(st, fd, addr, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int getsockopt(int fd, int level, int optname, void *optval, socklen_t *optlen);
    private static final MethodHandle GETSOCKOPT = handle("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), ERRNO);

    static int getsockopt(MemorySegment st, int fd, int level, int opt, MemorySegment val, MemorySegment len) {
        try {
            return (int) GETSOCKOPT.invokeExact(st, fd, level, opt, val, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen);
    private static final MethodHandle SETSOCKOPT = handle("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);

    static int setsockopt(MemorySegment st, int fd, int level, int opt, MemorySegment val, int len) {
        try {
            return (int) SETSOCKOPT.invokeExact(st, fd, level, opt, val, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int poll(struct pollfd *fds, nfds_t nfds, int timeout);   blocks: never critical
    private static final MethodHandle POLL =
            handle("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO);

    static int poll(MemorySegment st, MemorySegment fds, long nfds, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(st, fds, nfds, timeoutMillis);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // char *strerror_r(int errnum, char *buf, size_t buflen);   the GNU variant (glibc)
    private static final MethodHandle STRERROR_R =
            handle("strerror_r", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG));

    static MemorySegment strerror_r(int errnum, MemorySegment buf, long len) {
        try {
            return (MemorySegment) STRERROR_R.invokeExact(errnum, buf, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int inet_pton(int af, const char *src, void *dst);
    private static final MethodHandle INET_PTON =
            handle("inet_pton", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    static int inet_pton(int af, MemorySegment src, MemorySegment dst) {
        try {
            return (int) INET_PTON.invokeExact(af, src, dst);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
    //                 struct addrinfo **res);   reentrant; may block on the network
    private static final MethodHandle GETADDRINFO = handle("getaddrinfo",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS), ERRNO);

    static int getaddrinfo(MemorySegment st, MemorySegment node, MemorySegment service,
            MemorySegment hints, MemorySegment res) {
        try {
            return (int) GETADDRINFO.invokeExact(st, node, service, hints, res);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // void freeaddrinfo(struct addrinfo *res);
    private static final MethodHandle FREEADDRINFO =
            handle("freeaddrinfo", FunctionDescriptor.ofVoid(ADDRESS));

    static void freeaddrinfo(MemorySegment res) {
        try {
            FREEADDRINFO.invokeExact(res);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // const char *gai_strerror(int errcode);   returns a constant string
    private static final MethodHandle GAI_STRERROR =
            handle("gai_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    static MemorySegment gai_strerror(int code) {
        try {
            return (MemorySegment) GAI_STRERROR.invokeExact(code);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- I/O engine (NativeSocket, Poller) ----

    // <fcntl.h>, <sys/epoll.h>, <sys/eventfd.h>: asm-generic values, the same on x86-64 and aarch64
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int F_DUPFD_CLOEXEC = 1030;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int EPOLLRDHUP = 0x2000;
    static final int EPOLLONESHOT = 1 << 30;
    static final int EPOLLET = 1 << 31;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLL_CTL_MOD = 3;

    // recv and send once more, with the buffer as a raw native address (a direct buffer, or a
    // thread's native buffer), so that no MemorySegment is made per call. The *_now variants are
    // critical and for attempts that cannot block (MSG_DONTWAIT or a non-blocking descriptor);
    // the *_wait variants may block in the kernel, the way a blocking JDK channel does.
    private static final FunctionDescriptor IO_AT =
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);
    private static final MethodHandle RECV_NOW = handle("recv", IO_AT, ERRNO, CRITICAL);
    private static final MethodHandle RECV_WAIT = handle("recv", IO_AT, ERRNO);
    private static final MethodHandle SEND_NOW = handle("send", IO_AT, ERRNO, CRITICAL);
    private static final MethodHandle SEND_WAIT = handle("send", IO_AT, ERRNO);

    static long recvNow(MemorySegment st, int fd, long addr, long len, int flags) {
        try {
            return (long) RECV_NOW.invokeExact(st, fd, addr, len, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long recvWait(MemorySegment st, int fd, long addr, long len, int flags) {
        try {
            return (long) RECV_WAIT.invokeExact(st, fd, addr, len, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long sendNow(MemorySegment st, int fd, long addr, long len, int flags) {
        try {
            return (long) SEND_NOW.invokeExact(st, fd, addr, len, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long sendWait(MemorySegment st, int fd, long addr, long len, int flags) {
        try {
            return (long) SEND_WAIT.invokeExact(st, fd, addr, len, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int accept4(...) and int connect(...) may block on a blocking descriptor: never critical
    // (the declarations above are not).

    // ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *src, socklen_t *srclen);
    // critical: non-blocking fds only
    private static final MethodHandle RECVFROM = handle("recvfrom", FunctionDescriptor.of(JAVA_LONG,
            JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS), ERRNO, CRITICAL);

    static long recvfrom(MemorySegment st, int fd, MemorySegment buf, long len, int flags,
            MemorySegment addr, MemorySegment addrLen) {
        try {
            return (long) RECVFROM.invokeExact(st, fd, buf, len, flags, addr, addrLen);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *dst, socklen_t dstlen);
    // critical: non-blocking fds only
    private static final MethodHandle SENDTO = handle("sendto", FunctionDescriptor.of(JAVA_LONG,
            JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), ERRNO, CRITICAL);

    static long sendto(MemorySegment st, int fd, MemorySegment buf, long len, int flags,
            MemorySegment addr, int addrLen) {
        try {
            return (long) SENDTO.invokeExact(st, fd, buf, len, flags, addr, addrLen);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int fcntl(int fd, int cmd, ... /* int arg */);   variadic: the int is the first variadic argument
    private static final MethodHandle FCNTL = handle("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), ERRNO,
            Linker.Option.firstVariadicArg(2));

    static int fcntl(MemorySegment st, int fd, int cmd, int arg) {
        try {
            return (int) FCNTL.invokeExact(st, fd, cmd, arg);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int epoll_create1(int flags);
    private static final MethodHandle EPOLL_CREATE1 =
            handle("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO);

    static int epoll_create1(MemorySegment st, int flags) {
        try {
            return (int) EPOLL_CREATE1.invokeExact(st, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);   critical: never waits
    private static final MethodHandle EPOLL_CTL = handle("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), ERRNO, CRITICAL);

    static int epoll_ctl(MemorySegment st, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) EPOLL_CTL.invokeExact(st, epfd, op, fd, event);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);   blocks
    private static final MethodHandle EPOLL_WAIT = handle("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), ERRNO);

    static int epoll_wait(MemorySegment st, int epfd, MemorySegment events, int max, int timeout) {
        try {
            return (int) EPOLL_WAIT.invokeExact(st, epfd, events, max, timeout);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int eventfd(unsigned int initval, int flags);
    private static final MethodHandle EVENTFD =
            handle("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);

    static int eventfd(MemorySegment st, int initval, int flags) {
        try {
            return (int) EVENTFD.invokeExact(st, initval, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t write(int fd, const void *buf, size_t count);   used for eventfd only
    private static final MethodHandle WRITE = handle("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO);

    static long write(MemorySegment st, int fd, MemorySegment buf, long len) {
        try {
            return (long) WRITE.invokeExact(st, fd, buf, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- netdb (Netdb) ----
    // The reentrant name-service calls report failure through their return value and
    // out-parameters, not errno, so only gethostname captures the call state. None is
    // critical: a lookup may read files or wait on the network.

    // int gethostname(char *name, size_t len);
    private static final MethodHandle GETHOSTNAME =
            handle("gethostname", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), ERRNO);

    static int gethostname(MemorySegment st, MemorySegment name, long len) {
        try {
            return (int) GETHOSTNAME.invokeExact(st, name, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int gethostbyname_r(const char *name, struct hostent *ret, char *buf, size_t buflen,
    //                     struct hostent **result, int *h_errnop);   returns ERANGE if buf is too small
    private static final MethodHandle GETHOSTBYNAME_R = handle("gethostbyname_r",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));

    static int gethostbyname_r(MemorySegment name, MemorySegment ret, MemorySegment buf, long buflen,
            MemorySegment result, MemorySegment hErrnop) {
        try {
            return (int) GETHOSTBYNAME_R.invokeExact(name, ret, buf, buflen, result, hErrnop);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int gethostbyaddr_r(const void *addr, socklen_t len, int type, struct hostent *ret,
    //                     char *buf, size_t buflen, struct hostent **result, int *h_errnop);
    private static final MethodHandle GETHOSTBYADDR_R = handle("gethostbyaddr_r", FunctionDescriptor.of(
            JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));

    static int gethostbyaddr_r(MemorySegment addr, int len, int type, MemorySegment ret, MemorySegment buf,
            long buflen, MemorySegment result, MemorySegment hErrnop) {
        try {
            return (int) GETHOSTBYADDR_R.invokeExact(addr, len, type, ret, buf, buflen, result, hErrnop);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int getprotobyname_r(const char *name, struct protoent *result_buf, char *buf, size_t buflen,
    //                      struct protoent **result);
    private static final MethodHandle GETPROTOBYNAME_R = handle("getprotobyname_r",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));

    static int getprotobyname_r(MemorySegment name, MemorySegment resultBuf, MemorySegment buf, long buflen,
            MemorySegment result) {
        try {
            return (int) GETPROTOBYNAME_R.invokeExact(name, resultBuf, buf, buflen, result);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int getservbyname_r(const char *name, const char *proto, struct servent *result_buf,
    //                     char *buf, size_t buflen, struct servent **result);
    private static final MethodHandle GETSERVBYNAME_R = handle("getservbyname_r",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));

    static int getservbyname_r(MemorySegment name, MemorySegment proto, MemorySegment resultBuf,
            MemorySegment buf, long buflen, MemorySegment result) {
        try {
            return (int) GETSERVBYNAME_R.invokeExact(name, proto, resultBuf, buf, buflen, result);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // const char *hstrerror(int err);   returns a constant string
    private static final MethodHandle HSTRERROR =
            handle("hstrerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    static MemorySegment hstrerror(int err) {
        try {
            return (MemorySegment) HSTRERROR.invokeExact(err);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int inet_aton(const char *cp, struct in_addr *inp);   nonzero if cp is valid
    private static final MethodHandle INET_ATON =
            handle("inet_aton", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    static int inet_aton(MemorySegment cp, MemorySegment inp) {
        try {
            return (int) INET_ATON.invokeExact(cp, inp);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);
    private static final MethodHandle INET_NTOP =
            handle("inet_ntop", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));

    static MemorySegment inet_ntop(int af, MemorySegment src, MemorySegment dst, int size) {
        try {
            return (MemorySegment) INET_NTOP.invokeExact(af, src, dst, size);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- names and addresses, CPython 3 (issue: superset) ----
    // getaddrinfo, freeaddrinfo, gai_strerror and inet_pton (above) and inet_ntop (netdb) serve
    // these calls too. None is critical: getnameinfo may wait on the network, and the
    // interface calls open a netlink socket.

    // int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host, socklen_t hostlen,
    //                 char *serv, socklen_t servlen, int flags);   reentrant; errno for EAI_SYSTEM
    private static final MethodHandle GETNAMEINFO = handle("getnameinfo", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), ERRNO);

    static int getnameinfo(MemorySegment st, MemorySegment sa, int salen, MemorySegment host, int hostlen,
            MemorySegment serv, int servlen, int flags) {
        try {
            return (int) GETNAMEINFO.invokeExact(st, sa, salen, host, hostlen, serv, servlen, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // struct if_nameindex *if_nameindex(void);   NULL and errno on failure
    private static final MethodHandle IF_NAMEINDEX =
            handle("if_nameindex", FunctionDescriptor.of(ADDRESS), ERRNO);

    static MemorySegment if_nameindex(MemorySegment st) {
        try {
            return (MemorySegment) IF_NAMEINDEX.invokeExact(st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // void if_freenameindex(struct if_nameindex *ptr);
    private static final MethodHandle IF_FREENAMEINDEX =
            handle("if_freenameindex", FunctionDescriptor.ofVoid(ADDRESS));

    static void if_freenameindex(MemorySegment ptr) {
        try {
            IF_FREENAMEINDEX.invokeExact(ptr);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // unsigned int if_nametoindex(const char *ifname);   0 for an unknown name (errno is not
    // part of its contract, so it is not captured)
    private static final MethodHandle IF_NAMETOINDEX =
            handle("if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    static int if_nametoindex(MemorySegment ifname) {
        try {
            return (int) IF_NAMETOINDEX.invokeExact(ifname);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // char *if_indextoname(unsigned int ifindex, char *ifname);   ifname holds IF_NAMESIZE bytes;
    // NULL and errno (ENXIO) for an unknown index
    private static final MethodHandle IF_INDEXTONAME =
            handle("if_indextoname", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS), ERRNO);

    static MemorySegment if_indextoname(MemorySegment st, int ifindex, MemorySegment ifname) {
        try {
            return (MemorySegment) IF_INDEXTONAME.invokeExact(st, ifindex, ifname);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- messages and descriptors, CPython 3 (issue: superset) ----
    // None of these is critical. sendmsg/recvmsg run on non-blocking descriptors and never
    // block, but they take no heap memory: an iovec or a control buffer must hold native
    // addresses, so Messages copies through a confined arena, and critical would only hold
    // off the garbage collector while the kernel installs descriptors. sendfile, pread and
    // read touch files, which may wait for the disk (read: a pipe may block outright).

    // <fcntl.h>
    static final int O_RDONLY = 0;

    /** {@code IF_NAMESIZE} from {@code <net/if.h>}: the longest interface name, its NUL included. */
    static final int IF_NAMESIZE = 16;
    /** {@code INET6_ADDRSTRLEN} from {@code <netinet/in.h>}: the longest IPv6 text, its NUL included. */
    static final int INET6_ADDRSTRLEN = 46;

    // int socketpair(int domain, int type, int protocol, int sv[2]);
    private static final MethodHandle SOCKETPAIR = handle("socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), ERRNO);

    static int socketpair(MemorySegment st, int domain, int type, int protocol, MemorySegment sv) {
        try {
            return (int) SOCKETPAIR.invokeExact(st, domain, type, protocol, sv);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t sendmsg(int fd, const struct msghdr *msg, int flags);
    private static final MethodHandle SENDMSG = handle("sendmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);

    static long sendmsg(MemorySegment st, int fd, MemorySegment msg, int flags) {
        try {
            return (long) SENDMSG.invokeExact(st, fd, msg, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t recvmsg(int fd, struct msghdr *msg, int flags);
    private static final MethodHandle RECVMSG = handle("recvmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);

    static long recvmsg(MemorySegment st, int fd, MemorySegment msg, int flags) {
        try {
            return (long) RECVMSG.invokeExact(st, fd, msg, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count);   off_t is 64-bit on LP64
    private static final MethodHandle SENDFILE = handle("sendfile",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO);

    static long sendfile(MemorySegment st, int outFd, int inFd, MemorySegment offset, long count) {
        try {
            return (long) SENDFILE.invokeExact(st, outFd, inFd, offset, count);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int open(const char *path, int flags, ... /* mode_t mode */);   variadic: the mode
    private static final MethodHandle OPEN = handle("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), ERRNO,
            Linker.Option.firstVariadicArg(2));

    static int open(MemorySegment st, MemorySegment path, int flags, int mode) {
        try {
            return (int) OPEN.invokeExact(st, path, flags, mode);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t pread(int fd, void *buf, size_t count, off_t offset);
    private static final MethodHandle PREAD = handle("pread",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), ERRNO);

    static long pread(MemorySegment st, int fd, MemorySegment buf, long count, long offset) {
        try {
            return (long) PREAD.invokeExact(st, fd, buf, count, offset);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t read(int fd, void *buf, size_t count);
    private static final MethodHandle READ = handle("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO);

    static long read(MemorySegment st, int fd, MemorySegment buf, long count) {
        try {
            return (long) READ.invokeExact(st, fd, buf, count);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- CPU numbers, for the scratch lanes (see Scratch) ----

    // int sched_getcpu(void);   glibc reads it from rseq or the vDSO: no system call, no errno needed
    private static final MethodHandle SCHED_GETCPU =
            handle("sched_getcpu", FunctionDescriptor.of(JAVA_INT), CRITICAL);

    static int sched_getcpu() {
        try {
            return (int) SCHED_GETCPU.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int get_nprocs_conf(void);
    private static final MethodHandle GET_NPROCS_CONF =
            handle("get_nprocs_conf", FunctionDescriptor.of(JAVA_INT));

    static int get_nprocs_conf() {
        try {
            return (int) GET_NPROCS_CONF.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }
}
