package org.bsdsock.socket.provider.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentHashMap;
import org.bsdsock.socket.api.AddressInfoException;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.SocketException;

/**
 * Turns errno values into exceptions: the text comes from libc (thread-safe
 * {@code strerror_r}), the exception type from {@link SocketException#of}, the single place
 * where errno values map to types.
 */
final class Errors {
    private Errors() {
    }

    private static final ConcurrentHashMap<Integer, String> STRERROR = new ConcurrentHashMap<>();

    /** @return libc's text for an errno value, e.g. {@code "Connection refused"} */
    static String strerror(int errno) {
        return STRERROR.computeIfAbsent(errno, Errors::lookup);
    }

    private static String lookup(int errno) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(256);
            MemorySegment text = Libc.strerror_r(errno, buf, buf.byteSize());
            return text.reinterpret(256).getString(0);
        }
    }

    /** @return the exception for a call that failed with errno */
    static SocketException of(String call, int errno) {
        return SocketException.of(call, errno, strerror(errno));
    }

    /** @return the {@code EBADF} exception of a call on a closed socket */
    static SocketException closed(String call) {
        return of(call, Errno.EBADF);
    }

    /**
     * The error of a {@code getaddrinfo}-family call, as CPython's {@code set_gaierror}: an
     * {@link AddressInfoException} with the {@code EAI_*} code, or for {@code EAI_SYSTEM} the
     * exception of the errno the call left.
     */
    static SocketException addressInfo(String call, int eaiCode, int errno) {
        return eaiCode == org.bsdsock.socket.api.SocketConstants.EAI_SYSTEM
                ? of(call, errno) : addressInfo(call, eaiCode);
    }

    /** What a call on a socket of a stopped provider says (with {@code EBADF} where it had a descriptor). */
    static final String STOPPED = "socket provider stopped";

    /** @return the exception of a call made on a stopped provider, before any descriptor was involved */
    static SocketException stopped(String call) {
        return failure(call, STOPPED);
    }

    /**
     * @return the exception of a call that failed for a reason of the provider's own, not an
     *         errno (errno 0, as CPython's {@code OSError} with a message only)
     */
    static SocketException failure(String call, String text) {
        return new SocketException(call, 0, text);
    }

    /** @return the {@code EBADF} exception of a call on a socket closed for {@code reason}, not by its owner */
    static SocketException closed(String call, String reason) {
        return SocketException.of(call, Errno.EBADF, reason);
    }

    /** @return the exception for a {@code getaddrinfo}-family failure with an {@code EAI_*} code */
    static AddressInfoException addressInfo(String call, int eaiCode) {
        String text = Libc.gai_strerror(eaiCode).reinterpret(256).getString(0);
        return new AddressInfoException(call, eaiCode, text);
    }
}
