package org.bsdsock.socket.jmh;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The floor: libc's socket calls as bare FFM downcalls, with native memory passed as raw
 * addresses (no segment to check), no descriptor handle, no argument checks and, unless the
 * name says otherwise, no {@code errno} capture and a normal (non-critical) downcall, whose
 * thread-state transitions let a garbage collection run during the call. The {@code Errno}
 * and {@code Critical} forms add one cost at a time, to see what each costs:
 * {@code captureCallState("errno")} (which a wrapper needs to report errors) and
 * {@code critical(true)} (no thread-state transition; a heap array may be passed in place).
 */
final class Bare {
    private Bare() {
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final Linker.Option CRITICAL = Linker.Option.critical(true);

    /** The call-state segment's size, for {@link #RECV_ERRNO} and the like. */
    static final long STATE_SIZE = Linker.Option.captureStateLayout().byteSize();

    private static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd, options);
    }

    // ssize_t recv(int fd, void *buf, size_t len, int flags); send likewise
    private static final FunctionDescriptor IO = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);
    private static final FunctionDescriptor IO_SEGMENT = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    static final MethodHandle RECV = downcall("recv", IO);
    static final MethodHandle RECV_ERRNO = downcall("recv", IO, ERRNO);
    static final MethodHandle RECV_CRITICAL_HEAP = downcall("recv", IO_SEGMENT, ERRNO, CRITICAL);
    static final MethodHandle SEND = downcall("send", IO);
    static final MethodHandle SEND_ERRNO = downcall("send", IO, ERRNO);
    static final MethodHandle SEND_CRITICAL_HEAP = downcall("send", IO_SEGMENT, ERRNO, CRITICAL);

    // ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tolen);
    static final MethodHandle SENDTO = downcall("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    // ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen);
    static final MethodHandle RECVFROM = downcall("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
    // int getsockopt(int fd, int level, int name, void *value, socklen_t *len);
    static final MethodHandle GETSOCKOPT = downcall("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
    // int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);
    static final MethodHandle ACCEPT4 = downcall("accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    // int close(int fd);
    static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /** Sends {@code len} bytes from native memory, for the fixtures (refilling a receiver). */
    static long send(int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) SEND.invokeExact(fd, buf.address(), len, flags);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Receives into native memory, for the fixtures (draining a receiver). */
    static long recv(int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) RECV.invokeExact(fd, buf.address(), len, flags);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
