package org.bsdsock.socket.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The errno → exception mapping, in its one place ({@link SocketException#of}), against
 * CPython's {@code OSError} tree: which errno raises which subclass, what a caller can read
 * from the exception, and the resolver's two exceptions that carry codes of their own.
 */
@Tag("unit")
class SocketExceptionTest {

    /** CPython's {@code OSError} subclasses for the socket errnos, by name. */
    private static final Map<String, Class<? extends SocketException>> TREE = Map.ofEntries(
            Map.entry("ECONNREFUSED", ConnectionRefusedException.class),
            Map.entry("ECONNRESET", ConnectionResetException.class),
            Map.entry("ECONNABORTED", ConnectionAbortedException.class),
            Map.entry("EPIPE", BrokenPipeException.class),
            Map.entry("ESHUTDOWN", BrokenPipeException.class),
            Map.entry("ETIMEDOUT", SocketTimeoutException.class),
            Map.entry("EAGAIN", BlockingIOException.class),
            Map.entry("EWOULDBLOCK", BlockingIOException.class),
            Map.entry("EINPROGRESS", BlockingIOException.class),
            Map.entry("EALREADY", BlockingIOException.class));

    @ParameterizedTest(name = "{0} raises {1}")
    @CsvSource({
        "ECONNREFUSED, ConnectionRefusedException",
        "ECONNRESET, ConnectionResetException",
        "ECONNABORTED, ConnectionAbortedException",
        "EPIPE, BrokenPipeException",
        "ESHUTDOWN, BrokenPipeException",
        "ETIMEDOUT, SocketTimeoutException",
        "EAGAIN, BlockingIOException",
        "EWOULDBLOCK, BlockingIOException",
        "EINPROGRESS, BlockingIOException",
        "EALREADY, BlockingIOException",
        "EBADF, SocketException",
        "EINVAL, SocketException",
        "EADDRINUSE, SocketException",
        "EINTR, SocketException",
        "EHOSTUNREACH, SocketException",
        "ENETUNREACH, SocketException",
        "EMFILE, SocketException",
    })
    void ofPicksCPythonsSubclass(String errnoName, String className) throws Exception {
        int errno = (int) Errno.lookup(errnoName).orElseThrow();
        SocketException e = SocketException.of("connect", errno, "text");
        assertEquals(SocketException.class.getPackageName() + "." + className, e.getClass().getName(), errnoName);
        assertEquals(errno, e.errno());
    }

    @Test
    void everyOtherErrnoRaisesTheBaseClass() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Field f : Errno.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class) {
                continue;
            }
            int errno = f.getInt(null);
            Class<?> got = SocketException.of("recv", errno, "text").getClass();
            Class<?> expected = TREE.getOrDefault(f.getName(), SocketException.class);
            // an alias (EDEADLK of EDEADLOCK) shares its canonical name's class
            Class<?> viaCanonical = TREE.getOrDefault(Errno.errorcode(errno), SocketException.class);
            if (got != expected && got != viaCanonical) {
                wrong.add(f.getName() + " (" + errno + ") raises " + got.getSimpleName());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void numbersNoPlatformHasRaiseTheBaseClass() {
        for (int errno : new int[] {0, -1, 99_999, Integer.MIN_VALUE}) {
            assertSame(SocketException.class, SocketException.of("send", errno, "x").getClass(), "errno " + errno);
        }
    }

    @Test
    void aCallerReadsTheCallTheErrnoAndTheText() {
        SocketException e = SocketException.of("connect", Errno.ECONNREFUSED, "Connection refused");
        assertEquals("connect(..) failed: Connection refused", e.getMessage());
        assertEquals("connect", e.call());
        assertEquals(Errno.ECONNREFUSED, e.errno());
        assertEquals("Connection refused", e.strerror());
        assertEquals("ECONNREFUSED", e.errorName());
        assertEquals("E99999", new SocketException("recv", 99_999, "?").errorName());
        assertEquals("EAGAIN", SocketException.of("recv", Errno.EWOULDBLOCK, "x").errorName(),
                "an alias is named as Python's errorcode names it");
    }

    @Test
    void theTreeIsCPythons() {
        // ConnectionError's children; BlockingIOError and TimeoutError are not connection errors
        for (Class<?> c : List.of(ConnectionRefusedException.class, ConnectionResetException.class,
                ConnectionAbortedException.class, BrokenPipeException.class)) {
            assertTrue(ConnectionException.class.isAssignableFrom(c), c.getSimpleName());
        }
        for (Class<?> c : List.of(BlockingIOException.class, SocketTimeoutException.class, HostException.class,
                AddressInfoException.class, AggregateSocketException.class)) {
            assertFalse(ConnectionException.class.isAssignableFrom(c), c.getSimpleName());
            assertTrue(SocketException.class.isAssignableFrom(c), c.getSimpleName());
        }
        // checked, and an IOException: streams over a socket throw it as is
        assertInstanceOf(IOException.class, new SocketException("recv", 0, "x"));
        assertFalse(RuntimeException.class.isAssignableFrom(SocketException.class));
    }

    @Test
    void addressInfoErrorsAreNamedByTheirEaiCode() {
        AddressInfoException e = new AddressInfoException("getaddrinfo", SocketConstants.EAI_NONAME, "Name or service not known");
        assertEquals("EAI_NONAME", e.errorName());
        assertEquals(SocketConstants.EAI_NONAME, e.errno());
        assertEquals("getaddrinfo(..) failed: Name or service not known", e.getMessage());
        assertEquals("EAI_12345", new AddressInfoException("getaddrinfo", 12_345, "?").errorName());
    }

    @ParameterizedTest(name = "h_errno {0} is {1}")
    @CsvSource({"1, HOST_NOT_FOUND", "2, TRY_AGAIN", "3, NO_RECOVERY", "4, NO_DATA", "7, h_errno 7"})
    void hostErrorsAreNamedByTheirHErrno(int hErrno, String name) {
        assertEquals(name, new HostException("gethostbyname", hErrno, "Unknown host").errorName());
    }

    @Test
    void anExceptionGroupHoldsItsFailuresInOrder() {
        SocketException refused = SocketException.of("connect", Errno.ECONNREFUSED, "Connection refused");
        SocketException timedOut = SocketException.of("connect", Errno.ETIMEDOUT, "timed out");
        List<SocketException> list = new ArrayList<>(List.of(refused, timedOut));
        AggregateSocketException g = new AggregateSocketException("create_connection", list);
        list.clear(); // copied
        assertEquals(List.of(refused, timedOut), g.exceptions());
        assertEquals(List.of(refused, timedOut), List.of(g.getSuppressed()));
        assertEquals("create_connection(..) failed: 2 sub-exceptions", g.getMessage());
        assertEquals("1 sub-exception", new AggregateSocketException("c", List.of(refused)).strerror());
        assertThrows(UnsupportedOperationException.class, () -> g.exceptions().add(refused));
        assertThrows(IllegalArgumentException.class, () -> new AggregateSocketException("c", List.of()));
        assertThrows(NullPointerException.class, () -> new AggregateSocketException("c", null));
    }
}
