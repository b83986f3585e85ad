package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every downcall into libc and the C constants the provider uses, grouped by C header (LP64
 * Linux: {@code size_t}/{@code ssize_t} are {@code long}, {@code socklen_t} is {@code int}).
 *
 * <p>One file, longer than the others, on purpose: it is a flat table, one block per C
 * function (its declaration as a comment, a holder, a static method named as in C) with no
 * logic, and every call site reads {@code Libc.recv(...)} as the C call it makes. Split by
 * header, each call would only gain a class name to look up.
 *
 * <p>Each function's {@link FunctionDescriptor} is declared once, in a holder class named after
 * it (as jextract does); the variants a hot path needs are derived from it. A holder is
 * initialised on the function's first call, so the symbol is looked up then: a symbol this
 * libc lacks fails the calls to that function with an {@link UnsatisfiedLinkError} naming it,
 * and nothing else.
 *
 * <p>Calls that set {@code errno} take a call-state segment first ({@link Scratch#state}) and
 * capture {@code errno} into it right after the call, before the JVM can overwrite it.
 * Calls that never block (a non-blocking descriptor's {@code recv}/{@code send}) are
 * <em>critical</em>: they may take heap segments, so a caller's {@code byte[]} is read or
 * written by the kernel in place, without a copy. A call that can block is never critical,
 * since a critical call holds off the garbage collector while it runs.
 *
 * <p>Every constant here is named as its C macro; {@code LayoutsTest} checks each value
 * against the C compiler's.
 */
final class Libc {
    private Libc() {
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final Linker.Option CRITICAL = Linker.Option.critical(true);

    /** Layout of the call-state segment that the errno-capturing calls fill. */
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_HANDLE = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** @return the errno captured in a call-state segment by the last call that used it */
    static int errno(MemorySegment state) {
        return (int) ERRNO_HANDLE.get(state, 0L);
    }

    private static final MethodHandle MISSING;

    static {
        try {
            MISSING = MethodHandles.lookup().findStatic(Libc.class, "missing",
                    MethodType.methodType(Object.class, String.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A downcall handle for libc's {@code name}; where libc has no such symbol, a handle of the
     * same type that throws {@link UnsatisfiedLinkError} naming it, each time it is called.
     */
    static MethodHandle downcall(String name, FunctionDescriptor c, Linker.Option... options) {
        Optional<MemorySegment> symbol = LIBC.find(name);
        if (symbol.isPresent()) {
            return LINKER.downcallHandle(symbol.get(), c, options);
        }
        MethodType type = LINKER.downcallHandle(c, options).type().dropParameterTypes(0, 1); // no target address
        MethodHandle thrower = MethodHandles.dropArguments(MethodHandles.insertArguments(MISSING, 0, name), 0,
                type.parameterList());
        return MethodHandles.explicitCastArguments(thrower, type);
    }

    private static Object missing(String name) {
        throw new UnsatisfiedLinkError("libc has no function " + name + " (this call needs it)");
    }

    /**
     * {@code c} with the pointer argument at {@code index} passed as a raw address (a
     * {@code long}), for callers that hold a native address and must not make a
     * {@link MemorySegment} per call.
     */
    private static FunctionDescriptor rawPointer(FunctionDescriptor c, int index) {
        List<MemoryLayout> arguments = new ArrayList<>(c.argumentLayouts());
        arguments.set(index, JAVA_LONG);
        MemoryLayout[] a = arguments.toArray(MemoryLayout[]::new);
        return c.returnLayout().map(r -> FunctionDescriptor.of(r, a)).orElseGet(() -> FunctionDescriptor.ofVoid(a));
    }

    /** A missing symbol's error as it is; anything else a downcall cannot throw. */
    private static Error unexpected(Throwable t) {
        return t instanceof Error e ? e : new AssertionError("downcall failed", t);
    }

    // ---- <sys/socket.h> ------------------------------------------------------------------------------
    // accept4 and connect may block on a blocking descriptor: never critical. sendmsg/recvmsg run
    // on non-blocking descriptors but take no heap memory (an iovec or a control buffer must hold
    // native addresses), so critical would only hold off the garbage collector while the kernel
    // installs descriptors.

    // int socket(int domain, int type, int protocol);
    private static final class socket {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = downcall("socket", C, ERRNO);
    }

    static int socket(MemorySegment st, int domain, int type, int protocol) {
        try {
            return (int) socket.HANDLE.invokeExact(st, domain, type, protocol);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int socketpair(int domain, int type, int protocol, int sv[2]);
    private static final class socketpair {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = downcall("socketpair", C, ERRNO);
    }

    static int socketpair(MemorySegment st, int domain, int type, int protocol, MemorySegment sv) {
        try {
            return (int) socketpair.HANDLE.invokeExact(st, domain, type, protocol, sv);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int bind(int fd, const struct sockaddr *addr, socklen_t len);
    private static final class bind {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = downcall("bind", C, ERRNO);
    }

    static int bind(MemorySegment st, int fd, MemorySegment addr, int len) {
        try {
            return (int) bind.HANDLE.invokeExact(st, fd, addr, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int listen(int fd, int backlog);
    private static final class listen {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = downcall("listen", C, ERRNO);
    }

    static int listen(MemorySegment st, int fd, int backlog) {
        try {
            return (int) listen.HANDLE.invokeExact(st, fd, backlog);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);
    private static final class accept4 {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = downcall("accept4", C, ERRNO);
    }

    static int accept4(MemorySegment st, int fd, MemorySegment addr, MemorySegment len, int flags) {
        try {
            return (int) accept4.HANDLE.invokeExact(st, fd, addr, len, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int connect(int fd, const struct sockaddr *addr, socklen_t len);
    private static final class connect {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = downcall("connect", C, ERRNO);
    }

    static int connect(MemorySegment st, int fd, MemorySegment addr, int len) {
        try {
            return (int) connect.HANDLE.invokeExact(st, fd, addr, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int shutdown(int fd, int how);
    private static final class shutdown {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = downcall("shutdown", C, ERRNO);
    }

    static int shutdown(MemorySegment st, int fd, int how) {
        try {
            return (int) shutdown.HANDLE.invokeExact(st, fd, how);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int getsockname(int fd, struct sockaddr *addr, socklen_t *len);
    private static final class getsockname {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = downcall("getsockname", C, ERRNO);
    }

    static int getsockname(MemorySegment st, int fd, MemorySegment addr, MemorySegment len) {
        try {
            return (int) getsockname.HANDLE.invokeExact(st, fd, addr, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int getpeername(int fd, struct sockaddr *addr, socklen_t *len);
    private static final class getpeername {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = downcall("getpeername", C, ERRNO);
    }

    static int getpeername(MemorySegment st, int fd, MemorySegment addr, MemorySegment len) {
        try {
            return (int) getpeername.HANDLE.invokeExact(st, fd, addr, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int getsockopt(int fd, int level, int optname, void *optval, socklen_t *optlen);
    private static final class getsockopt {
        static final FunctionDescriptor C = FunctionDescriptor.of(
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = downcall("getsockopt", C, ERRNO);
    }

    static int getsockopt(MemorySegment st, int fd, int level, int opt, MemorySegment val, MemorySegment len) {
        try {
            return (int) getsockopt.HANDLE.invokeExact(st, fd, level, opt, val, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen);
    private static final class setsockopt {
        static final FunctionDescriptor C = FunctionDescriptor.of(
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = downcall("setsockopt", C, ERRNO);
    }

    static int setsockopt(MemorySegment st, int fd, int level, int opt, MemorySegment val, int len) {
        try {
            return (int) setsockopt.HANDLE.invokeExact(st, fd, level, opt, val, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t recv(int fd, void *buf, size_t len, int flags);
    private static final class recv {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
        static final MethodHandle SEGMENT_NOW = downcall("recv", C, ERRNO, CRITICAL);
        static final MethodHandle ADDRESS_NOW = downcall("recv", rawPointer(C, 1), ERRNO, CRITICAL);
        static final MethodHandle ADDRESS_WAIT = downcall("recv", rawPointer(C, 1), ERRNO);
    }

    /** Critical, the buffer a segment (a heap array in place): for attempts that cannot block. */
    static long recv(MemorySegment st, int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) recv.SEGMENT_NOW.invokeExact(st, fd, buf, len, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Critical, the buffer a raw native address (a direct or a thread's native buffer): attempts that cannot block. */
    static long recvNow(MemorySegment st, int fd, long buf, long len, int flags) {
        try {
            return (long) recv.ADDRESS_NOW.invokeExact(st, fd, buf, len, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** The buffer a raw native address; may block in the kernel, as a blocking JDK channel does. */
    static long recvWait(MemorySegment st, int fd, long buf, long len, int flags) {
        try {
            return (long) recv.ADDRESS_WAIT.invokeExact(st, fd, buf, len, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t send(int fd, const void *buf, size_t len, int flags);
    private static final class send {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
        static final MethodHandle SEGMENT_NOW = downcall("send", C, ERRNO, CRITICAL);
        static final MethodHandle ADDRESS_NOW = downcall("send", rawPointer(C, 1), ERRNO, CRITICAL);
        static final MethodHandle ADDRESS_WAIT = downcall("send", rawPointer(C, 1), ERRNO);
    }

    /** Critical, the buffer a segment (a heap array in place): for attempts that cannot block. */
    static long send(MemorySegment st, int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) send.SEGMENT_NOW.invokeExact(st, fd, buf, len, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Critical, the buffer a raw native address (a direct or a thread's native buffer): attempts that cannot block. */
    static long sendNow(MemorySegment st, int fd, long buf, long len, int flags) {
        try {
            return (long) send.ADDRESS_NOW.invokeExact(st, fd, buf, len, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** The buffer a raw native address; may block in the kernel, as a blocking JDK channel does. */
    static long sendWait(MemorySegment st, int fd, long buf, long len, int flags) {
        try {
            return (long) send.ADDRESS_WAIT.invokeExact(st, fd, buf, len, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *src, socklen_t *srclen);
    // critical: non-blocking descriptors only
    private static final class recvfrom {
        static final FunctionDescriptor C = FunctionDescriptor.of(
                JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = downcall("recvfrom", C, ERRNO, CRITICAL);
    }

    static long recvfrom(MemorySegment st, int fd, MemorySegment buf, long len, int flags, MemorySegment addr,
            MemorySegment addrLen) {
        try {
            return (long) recvfrom.HANDLE.invokeExact(st, fd, buf, len, flags, addr, addrLen);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *dst, socklen_t dstlen);
    // critical: non-blocking descriptors only
    private static final class sendto {
        static final FunctionDescriptor C = FunctionDescriptor.of(
                JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = downcall("sendto", C, ERRNO, CRITICAL);
    }

    static long sendto(MemorySegment st, int fd, MemorySegment buf, long len, int flags, MemorySegment addr,
            int addrLen) {
        try {
            return (long) sendto.HANDLE.invokeExact(st, fd, buf, len, flags, addr, addrLen);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t sendmsg(int fd, const struct msghdr *msg, int flags);
    private static final class sendmsg {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = downcall("sendmsg", C, ERRNO);
    }

    static long sendmsg(MemorySegment st, int fd, MemorySegment msg, int flags) {
        try {
            return (long) sendmsg.HANDLE.invokeExact(st, fd, msg, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t recvmsg(int fd, struct msghdr *msg, int flags);
    private static final class recvmsg {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = downcall("recvmsg", C, ERRNO);
    }

    static long recvmsg(MemorySegment st, int fd, MemorySegment msg, int flags) {
        try {
            return (long) recvmsg.HANDLE.invokeExact(st, fd, msg, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- <netdb.h> -----------------------------------------------------------------------------------
    // The reentrant name-service calls report failure through their return value and
    // out-parameters, not errno (getaddrinfo and getnameinfo leave one for EAI_SYSTEM). None is
    // critical: a lookup may read files or wait on the network.

    // int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
    //                 struct addrinfo **res);
    private static final class getaddrinfo {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = downcall("getaddrinfo", C, ERRNO);
    }

    static int getaddrinfo(MemorySegment st, MemorySegment node, MemorySegment service, MemorySegment hints,
            MemorySegment res) {
        try {
            return (int) getaddrinfo.HANDLE.invokeExact(st, node, service, hints, res);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // void freeaddrinfo(struct addrinfo *res);
    private static final class freeaddrinfo {
        static final FunctionDescriptor C = FunctionDescriptor.ofVoid(ADDRESS);
        static final MethodHandle HANDLE = downcall("freeaddrinfo", C);
    }

    static void freeaddrinfo(MemorySegment res) {
        try {
            freeaddrinfo.HANDLE.invokeExact(res);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // const char *gai_strerror(int errcode);   a constant string
    private static final class gai_strerror {
        static final FunctionDescriptor C = FunctionDescriptor.of(ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = downcall("gai_strerror", C);
    }

    static MemorySegment gai_strerror(int code) {
        try {
            return (MemorySegment) gai_strerror.HANDLE.invokeExact(code);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host, socklen_t hostlen,
    //                 char *serv, socklen_t servlen, int flags);
    private static final class getnameinfo {
        static final FunctionDescriptor C = FunctionDescriptor.of(
                JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = downcall("getnameinfo", C, ERRNO);
    }

    static int getnameinfo(MemorySegment st, MemorySegment sa, int salen, MemorySegment host, int hostlen,
            MemorySegment serv, int servlen, int flags) {
        try {
            return (int) getnameinfo.HANDLE.invokeExact(st, sa, salen, host, hostlen, serv, servlen, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int gethostbyname_r(const char *name, struct hostent *ret, char *buf, size_t buflen,
    //                     struct hostent **result, int *h_errnop);   ERANGE if buf is too small
    private static final class gethostbyname_r {
        static final FunctionDescriptor C = FunctionDescriptor.of(
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = downcall("gethostbyname_r", C);
    }

    static int gethostbyname_r(MemorySegment name, MemorySegment ret, MemorySegment buf, long buflen,
            MemorySegment result, MemorySegment hErrnop) {
        try {
            return (int) gethostbyname_r.HANDLE.invokeExact(name, ret, buf, buflen, result, hErrnop);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int gethostbyaddr_r(const void *addr, socklen_t len, int type, struct hostent *ret,
    //                     char *buf, size_t buflen, struct hostent **result, int *h_errnop);
    private static final class gethostbyaddr_r {
        static final FunctionDescriptor C = FunctionDescriptor.of(
                JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = downcall("gethostbyaddr_r", C);
    }

    static int gethostbyaddr_r(MemorySegment addr, int len, int type, MemorySegment ret, MemorySegment buf,
            long buflen, MemorySegment result, MemorySegment hErrnop) {
        try {
            return (int) gethostbyaddr_r.HANDLE.invokeExact(addr, len, type, ret, buf, buflen, result, hErrnop);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int getprotobyname_r(const char *name, struct protoent *result_buf, char *buf, size_t buflen,
    //                      struct protoent **result);
    private static final class getprotobyname_r {
        static final FunctionDescriptor C = FunctionDescriptor.of(
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
        static final MethodHandle HANDLE = downcall("getprotobyname_r", C);
    }

    static int getprotobyname_r(MemorySegment name, MemorySegment resultBuf, MemorySegment buf, long buflen,
            MemorySegment result) {
        try {
            return (int) getprotobyname_r.HANDLE.invokeExact(name, resultBuf, buf, buflen, result);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int getservbyname_r(const char *name, const char *proto, struct servent *result_buf,
    //                     char *buf, size_t buflen, struct servent **result);
    private static final class getservbyname_r {
        static final FunctionDescriptor C = FunctionDescriptor.of(
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
        static final MethodHandle HANDLE = downcall("getservbyname_r", C);
    }

    static int getservbyname_r(MemorySegment name, MemorySegment proto, MemorySegment resultBuf, MemorySegment buf,
            long buflen, MemorySegment result) {
        try {
            return (int) getservbyname_r.HANDLE.invokeExact(name, proto, resultBuf, buf, buflen, result);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int getservbyport_r(int port, const char *proto, struct servent *result_buf,
    //                     char *buf, size_t buflen, struct servent **result);   port in network byte order
    private static final class getservbyport_r {
        static final FunctionDescriptor C = FunctionDescriptor.of(
                JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
        static final MethodHandle HANDLE = downcall("getservbyport_r", C);
    }

    static int getservbyport_r(int port, MemorySegment proto, MemorySegment resultBuf, MemorySegment buf,
            long buflen, MemorySegment result) {
        try {
            return (int) getservbyport_r.HANDLE.invokeExact(port, proto, resultBuf, buf, buflen, result);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // const char *hstrerror(int err);   a constant string
    private static final class hstrerror {
        static final FunctionDescriptor C = FunctionDescriptor.of(ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = downcall("hstrerror", C);
    }

    static MemorySegment hstrerror(int err) {
        try {
            return (MemorySegment) hstrerror.HANDLE.invokeExact(err);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- <arpa/inet.h>, <netinet/in.h> ---------------------------------------------------------------

    /** {@code INET6_ADDRSTRLEN}: the longest IPv6 address text, its NUL included. */
    static final int INET6_ADDRSTRLEN = 46;

    // int inet_pton(int af, const char *src, void *dst);   1 if src is an address of af
    private static final class inet_pton {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = downcall("inet_pton", C);
    }

    static int inet_pton(int af, MemorySegment src, MemorySegment dst) {
        try {
            return (int) inet_pton.HANDLE.invokeExact(af, src, dst);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);
    private static final class inet_ntop {
        static final FunctionDescriptor C = FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = downcall("inet_ntop", C);
    }

    static MemorySegment inet_ntop(int af, MemorySegment src, MemorySegment dst, int size) {
        try {
            return (MemorySegment) inet_ntop.HANDLE.invokeExact(af, src, dst, size);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int inet_aton(const char *cp, struct in_addr *inp);   nonzero if cp is valid
    private static final class inet_aton {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = downcall("inet_aton", C);
    }

    static int inet_aton(MemorySegment cp, MemorySegment inp) {
        try {
            return (int) inet_aton.HANDLE.invokeExact(cp, inp);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- <net/if.h> ----------------------------------------------------------------------------------
    // The interface calls open a netlink socket: not critical.

    /** {@code IF_NAMESIZE}: the longest interface name, its NUL included. */
    static final int IF_NAMESIZE = 16;

    // struct if_nameindex *if_nameindex(void);   NULL and errno on failure
    private static final class if_nameindex {
        static final FunctionDescriptor C = FunctionDescriptor.of(ADDRESS);
        static final MethodHandle HANDLE = downcall("if_nameindex", C, ERRNO);
    }

    static MemorySegment if_nameindex(MemorySegment st) {
        try {
            return (MemorySegment) if_nameindex.HANDLE.invokeExact(st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // void if_freenameindex(struct if_nameindex *ptr);
    private static final class if_freenameindex {
        static final FunctionDescriptor C = FunctionDescriptor.ofVoid(ADDRESS);
        static final MethodHandle HANDLE = downcall("if_freenameindex", C);
    }

    static void if_freenameindex(MemorySegment ptr) {
        try {
            if_freenameindex.HANDLE.invokeExact(ptr);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // unsigned int if_nametoindex(const char *ifname);   0 for an unknown name (errno is not
    // part of its contract, so it is not captured)
    private static final class if_nametoindex {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = downcall("if_nametoindex", C);
    }

    static int if_nametoindex(MemorySegment ifname) {
        try {
            return (int) if_nametoindex.HANDLE.invokeExact(ifname);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // char *if_indextoname(unsigned int ifindex, char *ifname);   ifname holds IF_NAMESIZE bytes;
    // NULL and errno (ENXIO) for an unknown index
    private static final class if_indextoname {
        static final FunctionDescriptor C = FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = downcall("if_indextoname", C, ERRNO);
    }

    static MemorySegment if_indextoname(MemorySegment st, int ifindex, MemorySegment ifname) {
        try {
            return (MemorySegment) if_indextoname.HANDLE.invokeExact(st, ifindex, ifname);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- <fcntl.h>, <unistd.h> -----------------------------------------------------------------------
    // asm-generic values, the same on x86-64 and aarch64. File calls may wait for the disk
    // (read: a pipe may block outright): not critical.

    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int F_DUPFD_CLOEXEC = 1030;
    static final int O_RDONLY = 0;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;

    // int open(const char *path, int flags, ... /* mode_t mode */);   variadic: the mode
    private static final class open {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = downcall("open", C, ERRNO, Linker.Option.firstVariadicArg(2));
    }

    static int open(MemorySegment st, MemorySegment path, int flags, int mode) {
        try {
            return (int) open.HANDLE.invokeExact(st, path, flags, mode);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int fcntl(int fd, int cmd, ... /* int arg */);   variadic: the int is the first variadic argument
    private static final class fcntl {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = downcall("fcntl", C, ERRNO, Linker.Option.firstVariadicArg(2));
    }

    static int fcntl(MemorySegment st, int fd, int cmd, int arg) {
        try {
            return (int) fcntl.HANDLE.invokeExact(st, fd, cmd, arg);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int close(int fd);   not critical: SO_LINGER can make it block
    private static final class close {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = downcall("close", C, ERRNO);
    }

    static int close(MemorySegment st, int fd) {
        try {
            return (int) close.HANDLE.invokeExact(st, fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t read(int fd, void *buf, size_t count);
    private static final class read {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
        static final MethodHandle HANDLE = downcall("read", C, ERRNO);
    }

    static long read(MemorySegment st, int fd, MemorySegment buf, long count) {
        try {
            return (long) read.HANDLE.invokeExact(st, fd, buf, count);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t pread(int fd, void *buf, size_t count, off_t offset);   off_t is 64-bit on LP64
    private static final class pread {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);
        static final MethodHandle HANDLE = downcall("pread", C, ERRNO);
    }

    static long pread(MemorySegment st, int fd, MemorySegment buf, long count, long offset) {
        try {
            return (long) pread.HANDLE.invokeExact(st, fd, buf, count, offset);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ssize_t write(int fd, const void *buf, size_t count);
    private static final class write {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
        static final MethodHandle HANDLE = downcall("write", C, ERRNO);
    }

    static long write(MemorySegment st, int fd, MemorySegment buf, long len) {
        try {
            return (long) write.HANDLE.invokeExact(st, fd, buf, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int gethostname(char *name, size_t len);
    private static final class gethostname {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG);
        static final MethodHandle HANDLE = downcall("gethostname", C, ERRNO);
    }

    static int gethostname(MemorySegment st, MemorySegment name, long len) {
        try {
            return (int) gethostname.HANDLE.invokeExact(st, name, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int sethostname(const char *name, size_t len);
    private static final class sethostname {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG);
        static final MethodHandle HANDLE = downcall("sethostname", C, ERRNO);
    }

    static int sethostname(MemorySegment st, MemorySegment name, long len) {
        try {
            return (int) sethostname.HANDLE.invokeExact(st, name, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // long syscall(long number, ...);   for the system calls glibc has no wrapper for (io_uring's).
    // Variadic: every argument after the number is passed as a long, which the kernel's entry
    // code truncates to each parameter's declared type. io_uring_enter may block: never critical.
    private static final class syscall {
        static final FunctionDescriptor C2 = FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        static final FunctionDescriptor C4 = FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                JAVA_LONG, JAVA_LONG);
        static final FunctionDescriptor C6 = FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        static final MethodHandle HANDLE2 = downcall("syscall", C2, ERRNO, Linker.Option.firstVariadicArg(1));
        static final MethodHandle HANDLE4 = downcall("syscall", C4, ERRNO, Linker.Option.firstVariadicArg(1));
        static final MethodHandle HANDLE6 = downcall("syscall", C6, ERRNO, Linker.Option.firstVariadicArg(1));
    }

    static long syscall(MemorySegment st, long number, long a1, long a2) {
        try {
            return (long) syscall.HANDLE2.invokeExact(st, number, a1, a2);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long syscall(MemorySegment st, long number, long a1, long a2, long a3, long a4) {
        try {
            return (long) syscall.HANDLE4.invokeExact(st, number, a1, a2, a3, a4);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long syscall(MemorySegment st, long number, long a1, long a2, long a3, long a4, long a5, long a6) {
        try {
            return (long) syscall.HANDLE6.invokeExact(st, number, a1, a2, a3, a4, a5, a6);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- <poll.h> ------------------------------------------------------------------------------------
    // asm-generic/poll.h: the same on x86-64 and aarch64.

    static final short POLLIN = 0x001;
    static final short POLLOUT = 0x004;

    // int poll(struct pollfd *fds, nfds_t nfds, int timeout);   blocks: never critical
    private static final class poll {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
        static final MethodHandle HANDLE = downcall("poll", C, ERRNO);
    }

    static int poll(MemorySegment st, MemorySegment fds, long nfds, int timeoutMillis) {
        try {
            return (int) poll.HANDLE.invokeExact(st, fds, nfds, timeoutMillis);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- <sys/epoll.h>, <sys/eventfd.h> --------------------------------------------------------------
    // The same values on x86-64 and aarch64; EFD_CLOEXEC and EFD_NONBLOCK are O_CLOEXEC and O_NONBLOCK.

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

    // int epoll_create1(int flags);
    private static final class epoll_create1 {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = downcall("epoll_create1", C, ERRNO);
    }

    static int epoll_create1(MemorySegment st, int flags) {
        try {
            return (int) epoll_create1.HANDLE.invokeExact(st, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);   critical: never waits
    private static final class epoll_ctl {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = downcall("epoll_ctl", C, ERRNO, CRITICAL);
    }

    static int epoll_ctl(MemorySegment st, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) epoll_ctl.HANDLE.invokeExact(st, epfd, op, fd, event);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);   blocks
    private static final class epoll_wait {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = downcall("epoll_wait", C, ERRNO);
    }

    static int epoll_wait(MemorySegment st, int epfd, MemorySegment events, int max, int timeout) {
        try {
            return (int) epoll_wait.HANDLE.invokeExact(st, epfd, events, max, timeout);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int eventfd(unsigned int initval, int flags);
    private static final class eventfd {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = downcall("eventfd", C, ERRNO);
    }

    static int eventfd(MemorySegment st, int initval, int flags) {
        try {
            return (int) eventfd.HANDLE.invokeExact(st, initval, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- <sys/sendfile.h> ----------------------------------------------------------------------------

    // ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count);   may wait for the disk
    private static final class sendfile {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG);
        static final MethodHandle HANDLE = downcall("sendfile", C, ERRNO);
    }

    static long sendfile(MemorySegment st, int outFd, int inFd, MemorySegment offset, long count) {
        try {
            return (long) sendfile.HANDLE.invokeExact(st, outFd, inFd, offset, count);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- <sys/ioctl.h>, <linux/sockios.h> ------------------------------------------------------------

    /** {@code FIONREAD}: the bytes ready to read (the same on x86-64 and aarch64). */
    static final long FIONREAD = 0x541B;
    /** {@code SIOCINQ}: a socket's {@code FIONREAD}. */
    static final long SIOCINQ = FIONREAD;
    /** {@code SIOCGIFNAME}: an interface's name by its index ({@code struct ifreq}). */
    static final long SIOCGIFNAME = 0x8910;
    /** {@code SIOCGIFINDEX}: an interface's index by its name ({@code struct ifreq}). */
    static final long SIOCGIFINDEX = 0x8933;

    // int ioctl(int fd, unsigned long request, ... /* int *arg */);   variadic: the pointer
    private static final class ioctl {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS);
        static final MethodHandle HANDLE = downcall("ioctl", C, ERRNO, Linker.Option.firstVariadicArg(2));
    }

    static int ioctl(MemorySegment st, int fd, long request, MemorySegment arg) {
        try {
            return (int) ioctl.HANDLE.invokeExact(st, fd, request, arg);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- <signal.h>, <pthread.h> ---------------------------------------------------------------------
    // For waking a platform thread blocked in the kernel: a handler that does nothing, installed
    // without SA_RESTART, makes the blocking call return EINTR when pthread_kill sends its signal.

    /** {@code SA_RESTART}: restart a call the handler interrupted; left out, the call fails with EINTR. */
    static final int SA_RESTART = 0x10000000;

    // pthread_t pthread_self(void);   pthread_t is unsigned long on glibc; critical: reads the thread pointer
    private static final class pthread_self {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_LONG);
        static final MethodHandle HANDLE = downcall("pthread_self", C, CRITICAL);
    }

    static long pthread_self() {
        try {
            return (long) pthread_self.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int pthread_kill(pthread_t thread, int sig);   returns the error number, does not set errno
    private static final class pthread_kill {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT);
        static final MethodHandle HANDLE = downcall("pthread_kill", C);
    }

    static int pthread_kill(long thread, int sig) {
        try {
            return (int) pthread_kill.HANDLE.invokeExact(thread, sig);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int sigaction(int signum, const struct sigaction *act, struct sigaction *oldact);   (Layouts.SIGACTION)
    private static final class sigaction {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = downcall("sigaction", C, ERRNO);
    }

    static int sigaction(MemorySegment st, int signum, MemorySegment act, MemorySegment oldact) {
        try {
            return (int) sigaction.HANDLE.invokeExact(st, signum, act, oldact);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // For sendfile(2), which has no MSG_NOSIGNAL: SIGPIPE is blocked in the calling thread around
    // the call, and the one an EPIPE raised is taken from the thread's pending signals.

    /** {@code SIGPIPE} (13 on Linux, every architecture). */
    static final int SIGPIPE = 13;
    /** {@code SIG_BLOCK} and {@code SIG_SETMASK} (the generic Linux values, x86-64 and aarch64). */
    static final int SIG_BLOCK = 0;
    static final int SIG_SETMASK = 2;

    // int sigemptyset(sigset_t *set);   int sigaddset(sigset_t *set, int signum);   (Layouts.SIGSET_T)
    private static final class sigemptyset {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = downcall("sigemptyset", C);
    }

    static int sigemptyset(MemorySegment set) {
        try {
            return (int) sigemptyset.HANDLE.invokeExact(set);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static final class sigaddset {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = downcall("sigaddset", C);
    }

    static int sigaddset(MemorySegment set, int signum) {
        try {
            return (int) sigaddset.HANDLE.invokeExact(set, signum);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int sigismember(const sigset_t *set, int signum);
    private static final class sigismember {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = downcall("sigismember", C);
    }

    static int sigismember(MemorySegment set, int signum) {
        try {
            return (int) sigismember.HANDLE.invokeExact(set, signum);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int pthread_sigmask(int how, const sigset_t *set, sigset_t *oldset);   returns the error number
    private static final class pthread_sigmask {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = downcall("pthread_sigmask", C);
    }

    static int pthread_sigmask(int how, MemorySegment set, MemorySegment oldset) {
        try {
            return (int) pthread_sigmask.HANDLE.invokeExact(how, set, oldset);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int sigpending(sigset_t *set);   the signals pending for the thread or the process
    private static final class sigpending {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = downcall("sigpending", C);
    }

    static int sigpending(MemorySegment set) {
        try {
            return (int) sigpending.HANDLE.invokeExact(set);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout);   (Layouts.TIMESPEC)
    private static final class sigtimedwait {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = downcall("sigtimedwait", C);
    }

    static int sigtimedwait(MemorySegment set, MemorySegment info, MemorySegment timeout) {
        try {
            return (int) sigtimedwait.HANDLE.invokeExact(set, info, timeout);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int __libc_current_sigrtmax(void);   SIGRTMAX, which glibc decides at run time
    private static final class __libc_current_sigrtmax {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT);
        static final MethodHandle HANDLE = downcall("__libc_current_sigrtmax", C);
    }

    static int __libc_current_sigrtmax() {
        try {
            return (int) __libc_current_sigrtmax.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int abs(int j);   from <stdlib.h>: its address serves as a signal handler that does nothing
    private static final class abs {
        static final Optional<MemorySegment> SYMBOL = LIBC.find("abs");
    }

    /**
     * @return the address of libc's {@code int abs(int)}: as an {@code sa_handler}, a handler that
     *         returns at once and changes nothing (its result goes nowhere)
     */
    static MemorySegment absAddress() {
        return abs.SYMBOL.orElseThrow(() -> new UnsatisfiedLinkError("libc has no function abs"));
    }

    // ---- <string.h> ----------------------------------------------------------------------------------

    // char *strerror_r(int errnum, char *buf, size_t buflen);   the GNU variant (glibc)
    private static final class strerror_r {
        static final FunctionDescriptor C = FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG);
        static final MethodHandle HANDLE = downcall("strerror_r", C);
    }

    static MemorySegment strerror_r(int errnum, MemorySegment buf, long len) {
        try {
            return (MemorySegment) strerror_r.HANDLE.invokeExact(errnum, buf, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- <sched.h>, <sys/sysinfo.h>: CPU numbers, for the scratch lanes (see Scratch) ----------------

    // int sched_getcpu(void);   glibc reads it from rseq or the vDSO: no system call, no errno needed
    private static final class sched_getcpu {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT);
        static final MethodHandle HANDLE = downcall("sched_getcpu", C, CRITICAL);
    }

    static int sched_getcpu() {
        try {
            return (int) sched_getcpu.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int get_nprocs_conf(void);
    private static final class get_nprocs_conf {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT);
        static final MethodHandle HANDLE = downcall("get_nprocs_conf", C);
    }

    static int get_nprocs_conf() {
        try {
            return (int) get_nprocs_conf.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- <sys/mman.h> --------------------------------------------------------------------------------
    // asm-generic values, the same on x86-64 and aarch64. For the io_uring rings, which the kernel
    // shares with the process through mmap(2) of the ring's descriptor.

    static final int PROT_READ = 0x1;
    static final int PROT_WRITE = 0x2;
    static final int MAP_SHARED = 0x01;
    static final int MAP_POPULATE = 0x8000;

    // void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);   MAP_FAILED is (void *) -1
    private static final class mmap {
        static final FunctionDescriptor C = FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_LONG);
        static final MethodHandle HANDLE = downcall("mmap", C, ERRNO);
    }

    static MemorySegment mmap(MemorySegment st, MemorySegment addr, long length, int prot, int flags, int fd,
            long offset) {
        try {
            return (MemorySegment) mmap.HANDLE.invokeExact(st, addr, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // int munmap(void *addr, size_t length);
    private static final class munmap {
        static final FunctionDescriptor C = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG);
        static final MethodHandle HANDLE = downcall("munmap", C, ERRNO);
    }

    static int munmap(MemorySegment st, MemorySegment addr, long length) {
        try {
            return (int) munmap.HANDLE.invokeExact(st, addr, length);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // ---- <sys/syscall.h>, <linux/io_uring.h> ---------------------------------------------------------
    // io_uring has no glibc wrappers: its three calls go through syscall(2) (see Uring). Its
    // system call numbers came after the architectures' tables were unified, so x86-64 and
    // aarch64 agree; the per-architecture choice is kept explicit all the same, as for
    // struct epoll_event's packing, and any other architecture gets -1 (ENOSYS).
    // Opcodes added after these headers' kernel (6.1), IORING_OP_BIND and IORING_OP_LISTEN, are
    // Uring's: the compiler cannot check them here, so UringOpsTest checks what they do.

    private static final String ARCH = System.getProperty("os.arch", "");

    private static int perArch(int x86_64, int aarch64) {
        return ARCH.matches("amd64|x86_64") ? x86_64 : ARCH.equals("aarch64") ? aarch64 : -1;
    }

    static final int SYS_io_uring_setup = perArch(425, 425);
    static final int SYS_io_uring_enter = perArch(426, 426);
    static final int SYS_io_uring_register = perArch(427, 427);

    // io_uring_setup(2) flags and the features it reports
    static final int IORING_SETUP_CQSIZE = 1 << 3;
    static final int IORING_SETUP_CLAMP = 1 << 4;
    static final int IORING_SETUP_SUBMIT_ALL = 1 << 7;
    static final int IORING_SETUP_COOP_TASKRUN = 1 << 8;
    static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
    static final int IORING_SETUP_DEFER_TASKRUN = 1 << 13;
    /** {@code ioprio} of a send or receive: arm the poll first instead of trying the call at once. */
    static final int IORING_RECVSEND_POLL_FIRST = 1 << 0;
    static final int IORING_FEAT_SINGLE_MMAP = 1 << 0;
    static final int IORING_FEAT_NODROP = 1 << 1;
    static final int IORING_FEAT_SUBMIT_STABLE = 1 << 2;
    static final int IORING_FEAT_FAST_POLL = 1 << 5;

    // mmap(2) offsets of the rings on the ring's descriptor
    static final long IORING_OFF_SQ_RING = 0L;
    static final long IORING_OFF_CQ_RING = 0x8000000L;
    static final long IORING_OFF_SQES = 0x10000000L;

    // io_uring_enter(2) flags; sq_ring->flags
    static final int IORING_ENTER_GETEVENTS = 1 << 0;
    static final int IORING_SQ_CQ_OVERFLOW = 1 << 1;

    // io_uring_register(2) opcodes; struct io_uring_probe_op flags
    static final int IORING_REGISTER_PROBE = 8;
    static final int IO_URING_OP_SUPPORTED = 1 << 0;

    // enum io_uring_op: the operations the provider submits
    static final int IORING_OP_NOP = 0;
    static final int IORING_OP_POLL_ADD = 6;
    static final int IORING_OP_SENDMSG = 9;
    static final int IORING_OP_RECVMSG = 10;
    static final int IORING_OP_ACCEPT = 13;
    static final int IORING_OP_ASYNC_CANCEL = 14;
    static final int IORING_OP_LINK_TIMEOUT = 15;
    static final int IORING_OP_CONNECT = 16;
    static final int IORING_OP_CLOSE = 19;
    static final int IORING_OP_SEND = 26;
    static final int IORING_OP_RECV = 27;
    static final int IORING_OP_SHUTDOWN = 34;
    static final int IORING_OP_SOCKET = 45;

    // io_uring_sqe->flags
    static final int IOSQE_IO_LINK = 1 << 2;
    /** Issue the SQE in a kernel worker (io-wq), not inline in the submitter's {@code io_uring_enter}. */
    static final int IOSQE_ASYNC = 1 << 4;
    static final int IOSQE_CQE_SKIP_SUCCESS = 1 << 6;

    // io_uring_sqe->ioprio for IORING_OP_ACCEPT; io_uring_sqe->cancel_flags; io_uring_cqe->flags
    static final int IORING_ACCEPT_MULTISHOT = 1 << 0;
    static final int IORING_ASYNC_CANCEL_ALL = 1 << 0;
    static final int IORING_ASYNC_CANCEL_FD = 1 << 1;
    static final int IORING_ASYNC_CANCEL_ANY = 1 << 2;
    static final int IORING_CQE_F_MORE = 1 << 1;
    /** A receive's CQE: more data was queued on the socket after it. */
    static final int IORING_CQE_F_SOCK_NONEMPTY = 1 << 2;

    /**
     * Links every downcall now instead of at its first call: a call first made when the process
     * is out of descriptors (starting a poller at EMFILE) could not load its holder class then.
     * A symbol libc lacks still fails only its own calls.
     */
    static void linkAll() {
        for (Class<?> holder : Libc.class.getDeclaredClasses()) {
            try {
                Class.forName(holder.getName(), true, Libc.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError missing) {
                // that function's calls fail when made, naming the symbol
            }
        }
    }
}
