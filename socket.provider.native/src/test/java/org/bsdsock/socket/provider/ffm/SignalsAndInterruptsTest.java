package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.awaitility.Awaitility.await;
import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bsdsock.socket.api.BrokenPipeException;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketFile;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.testing.InCall;
import org.bsdsock.socket.testing.Threads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * What the README promises about signals and interrupts, checked with real ones:
 * <ul>
 * <li>a Java interrupt wakes a virtual thread parked on a socket with {@code EINTR}, and does
 * not wake a platform thread blocked in the kernel (close() does);</li>
 * <li>{@code EINTR} is retried (PEP 475): a signal delivered to a thread waiting in
 * {@code poll(2)}, which the kernel never restarts, or to the master poller in
 * {@code epoll_wait(2)}, does not end the wait;</li>
 * <li>{@code MSG_NOSIGNAL}: writing to a closed peer raises {@link BrokenPipeException} and the
 * process gets no {@code SIGPIPE}.</li>
 * </ul>
 * Signals are sent to one thread with {@code tgkill(2)}; {@code SIGWINCH} (ignored by default,
 * so it needs a handler to interrupt a system call) and {@code SIGPIPE} get counting handlers
 * for the length of the class.
 */
@Tag("reliability")
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SignalsAndInterruptsTest extends ProviderFixture {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger WINCH = new AtomicInteger();
    private static final AtomicInteger PIPE = new AtomicInteger();
    private static SignalHandler oldWinch;
    private static SignalHandler oldPipe;
    private static final MethodHandle TGKILL = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("tgkill").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));

    @BeforeAll
    static void countSignals() {
        oldWinch = Signal.handle(new Signal("WINCH"), s -> WINCH.incrementAndGet());
        oldPipe = Signal.handle(new Signal("PIPE"), s -> PIPE.incrementAndGet());
    }

    @AfterAll
    static void restoreHandlers() {
        Signal.handle(new Signal("WINCH"), oldWinch);
        Signal.handle(new Signal("PIPE"), oldPipe);
    }

    @BeforeEach
    void resetCounts() {
        WINCH.set(0);
        PIPE.set(0);
    }

    /** Sends {@code signal} to Linux task {@code tid} of this process and waits until its handler ran. */
    private static void signal(int tid, String signal, AtomicInteger handled) throws Throwable {
        int before = handled.get();
        int rc = (int) TGKILL.invokeExact((int) ProcessHandle.current().pid(), tid, new Signal(signal).getNumber());
        assertEquals(0, rc, "tgkill");
        await("the " + signal + " handler").atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(1))
                .until(() -> handled.get() > before);
    }

    private SocketType[] tcpPair() throws SocketException {
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            SocketType c = module.socket(AF_INET, SOCK_STREAM);
            c.connect(l.getsockname());
            return new SocketType[] {c, l.accept().conn()};
        }
    }

    // ---- interrupts --------------------------------------------------------------------

    @Test
    void anInterruptWakesAParkedVirtualThreadWithEintr() throws Exception {
        SocketType[] p = tcpPair();
        try {
            InCall<byte[]> reader = InCall.start("reader", true, () -> p[1].recv(10)).awaitBlockedIn("recv", WAIT);
            reader.thread().interrupt();
            SocketException e = assertInstanceOf(SocketException.class, reader.failure(WAIT));
            assertEquals(Errno.EINTR, e.errno(), e.getMessage());
            // the socket is as it was: the next call gets the data
            p[0].sendall("after".getBytes());
            assertArrayEquals("after".getBytes(), p[1].recv(10));
        } finally {
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void anInterruptDoesNotWakeAPlatformThreadBlockedInTheKernelButCloseDoes() throws Exception {
        SocketType[] p = tcpPair();
        try {
            InCall<byte[]> reader = InCall.start("reader", false, () -> p[1].recv(10)).awaitBlockedIn("recv", WAIT);
            reader.thread().interrupt();
            reader.awaitBlockedIn("recv", WAIT); // still inside, still blocked
            p[1].close();
            SocketException e = assertInstanceOf(SocketException.class, reader.failure(WAIT));
            assertEquals(Errno.EBADF, e.errno(), e.getMessage());
        } finally {
            p[0].close();
        }
    }

    // ---- EINTR -------------------------------------------------------------------------

    /** A platform thread waits in poll(2) when the socket has a timeout (and in the kernel's call without one). */
    @ParameterizedTest(name = "timeout={0}")
    @ValueSource(doubles = {30.0, -1})
    void aSignalDoesNotEndAPlatformThreadsWait(double timeout) throws Throwable {
        SocketType[] p = tcpPair();
        try {
            p[1].settimeout(timeout < 0 ? null : timeout);
            InCall<byte[]> reader = InCall.start("reader", false, () -> p[1].recv(10)).awaitBlockedIn("recv", WAIT);
            for (int i = 0; i < 5; i++) {
                signal(reader.tid(), "WINCH", WINCH); // poll(2) returns EINTR: retried, and waits again
                reader.awaitBlockedIn("recv", WAIT);
            }
            p[0].sendall("data".getBytes());
            assertArrayEquals("data".getBytes(), reader.result(WAIT));
        } finally {
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void aSignalToAWaitingAcceptDoesNotEndIt() throws Throwable {
        try (SocketType l = module.socket(AF_INET, SOCK_STREAM); SocketType c = module.socket(AF_INET, SOCK_STREAM)) {
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(1);
            l.settimeout(30.0);
            InCall<?> acceptor = InCall.start("acceptor", false, () -> l.accept().conn()).awaitBlockedIn("accept", WAIT);
            signal(acceptor.tid(), "WINCH", WINCH);
            acceptor.awaitBlockedIn("accept", WAIT);
            c.connect(l.getsockname());
            ((SocketType) acceptor.result(WAIT)).close();
        }
    }

    @Test
    void aSignalToTheMasterPollerDoesNotStopVirtualThreadWaits() throws Throwable {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestEngine.ENGINE == Engine.EPOLL, "the epoll engine's poller");
        SocketType[] p = tcpPair();
        try {
            InCall<byte[]> first = InCall.start("reader", true, () -> p[1].recv(10)).awaitBlockedIn("recv", WAIT);
            Thread master = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("socket-poller-master")).findFirst().orElseThrow();
            int tid = Threads.nativeId(master);
            for (int i = 0; i < 5; i++) {
                signal(tid, "WINCH", WINCH); // epoll_wait returns EINTR
            }
            p[0].sendall("one".getBytes());
            assertArrayEquals("one".getBytes(), first.result(WAIT));
            for (int i = 0; i < 3; i++) { // and the next waits are still woken
                InCall<byte[]> next = InCall.start("reader", true, () -> p[1].recv(10)).awaitBlockedIn("recv", WAIT);
                p[0].sendall(new byte[] {(byte) i});
                assertArrayEquals(new byte[] {(byte) i}, next.result(WAIT));
            }
        } finally {
            p[0].close();
            p[1].close();
        }
    }

    // ---- SIGPIPE -----------------------------------------------------------------------

    interface Write {
        void to(SocketType s) throws Exception;
    }

    /**
     * Writes with {@code write} to a socket whose peer has closed: a {@link BrokenPipeException}
     * (EPIPE), and no SIGPIPE. A SIGWINCH sent after it, once handled, shows that a SIGPIPE the
     * write raised would have been handled by then (the kernel delivers a thread's pending
     * signals before it returns to user space; the lower-numbered first).
     */
    private void assertBrokenPipeWithoutSignal(String what, Write write) throws Throwable {
        try (SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM)) {
            p.b().close();
            Throwable thrown = assertThrows(Throwable.class, () -> write.to(p.a()), what);
            BrokenPipeException e = assertInstanceOf(BrokenPipeException.class,
                    thrown instanceof IOException && thrown.getCause() instanceof BrokenPipeException ? thrown.getCause() : thrown, what);
            assertEquals(Errno.EPIPE, e.errno());
            signal(InCall.currentTid(), "WINCH", WINCH);
            assertEquals(0, PIPE.get(), what + " raised SIGPIPE");
        }
    }

    @Test
    void theSignalHandlerSeesASigpipe() throws Throwable {
        signal(InCall.currentTid(), "PIPE", PIPE); // the check below could fail
        assertEquals(1, PIPE.get());
    }

    @Test
    void writingToAClosedPeerRaisesBrokenPipeAndNoSigpipe() throws Throwable {
        assertBrokenPipeWithoutSignal("send", s -> s.send(new byte[10]));
        assertBrokenPipeWithoutSignal("send(direct)", s -> s.send(ByteBuffer.allocateDirect(10), 0));
        assertBrokenPipeWithoutSignal("sendall", s -> s.sendall(new byte[100_000]));
        assertBrokenPipeWithoutSignal("sendmsg", s -> s.sendmsg(List.of(new byte[10])));
        assertBrokenPipeWithoutSignal("send_fds", s -> s.send_fds(List.of(new byte[10]), new int[] {s.fileno()}));
        assertBrokenPipeWithoutSignal("makefile", s -> {
            try (SocketFile f = s.makefile("wb", 0); OutputStream out = f.output()) {
                out.write(new byte[10]);
                out.flush();
            }
        });
    }

    @Test
    void sendfileToAClosedPeerRaisesBrokenPipeAndNoSigpipe() throws Throwable {
        Path file = Files.write(tmp.resolve("ten"), new byte[10]);
        assertBrokenPipeWithoutSignal("sendfile", s -> s.sendfile(file));
    }
}
