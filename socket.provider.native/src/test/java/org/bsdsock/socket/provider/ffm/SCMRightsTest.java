package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.MSG_CTRUNC;
import static org.bsdsock.socket.api.SocketConstants.MSG_PEEK;
import static org.bsdsock.socket.api.SocketConstants.SCM_CREDENTIALS;
import static org.bsdsock.socket.api.SocketConstants.SCM_RIGHTS;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_SEQPACKET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.bsdsock.socket.api.SocketConstants.SO_PASSCRED;
import static org.bsdsock.socket.api.SocketConstants.SO_PEERCRED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bsdsock.socket.api.ControlMessage;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.ReceivedFds;
import org.bsdsock.socket.api.ReceivedMessage;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.api.Ucred;
import org.bsdsock.socket.testing.Fds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Descriptor passing over AF_UNIX, as CPython's {@code SCMRightsTest} checks it on a Unix
 * stream (the same test names), with one more check after each receive: the descriptors the
 * process gained are exactly those handed to the caller (nothing installed and lost, nothing
 * the kernel should have closed), and none is left once the caller closed them. Then
 * {@code send_fds}/{@code recv_fds}, {@code SO_PEERCRED} and {@code SCM_CREDENTIALS}.
 */
@Tag("unit")
class SCMRightsTest {
    private static final byte[] MSG = "Michael Gilfix was here\u1234\r\n".getBytes(StandardCharsets.UTF_8);
    private static final int SIZEOF_INT = Integer.BYTES;
    /** CPython's invalid descriptor value, unlikely to be valid even with one byte changed. */
    private static final int BADFD = -0x5555;

    private final NativeSocketModule impl = TestEngine.module();
    private final SocketModule module = impl;
    private final List<Integer> senderFds = new ArrayList<>();

    @TempDir
    Path tmp;

    private SocketType cli;
    private SocketType serv;
    /** The accountable descriptors before the files were made and sent. */
    private List<String> before;

    @BeforeEach
    void pair() throws Exception {
        SocketPair p = module.socketpair(AF_UNIX, SOCK_STREAM);
        cli = p.a();
        serv = p.b();
        serv.settimeout(20.0); // CPython's fail timeout on the server side
        before = FileFds.accountable(tmp);
    }

    @AfterEach
    void stop() throws Exception {
        for (int fd : senderFds) {
            module.close(fd);
        }
        impl.close();
        assertEquals(0, impl.openSockets());
        assertEquals(List.of(), FileFds.gainedSince(before, tmp), "descriptors left open");
    }

    /** Opens n files holding their index (CPython's newFDs); the test closes them at the end. */
    private int[] newFDs(int n) throws Exception {
        int[] fds = FileFds.newFiles(tmp, n);
        for (int fd : fds) {
            senderFds.add(fd);
        }
        return fds;
    }

    private void createAndSendFDs(int n) throws Exception {
        assertEquals(MSG.length, cli.sendmsg(List.of(MSG), List.of(ControlMessage.ofFds(newFDs(n)))));
    }

    /**
     * Receives, asserts that the process gained exactly the descriptors the result names (no
     * more: none installed and lost), and returns the result; {@link #closeRecvmsgFDs} closes them.
     */
    private ReceivedMessage doRecvmsg(int bufsize, int ancbufsize) throws Exception {
        List<String> pre = FileFds.accountable(tmp);
        ReceivedMessage r = serv.recvmsg(bufsize, ancbufsize);
        List<String> gained = FileFds.gainedSince(pre, tmp);
        List<String> named = new ArrayList<>();
        for (int fd : rights(r)) {
            named.add(Fds.byNumber().get(fd));
            assertTrue(Fds.isCloexec(fd), "received descriptor " + fd + " is close-on-exec");
        }
        assertEquals(named.stream().sorted().toList(), gained.stream().sorted().toList(),
                "the descriptors installed are those returned");
        return r;
    }

    private static int[] rights(ReceivedMessage r) {
        return r.ancdata().stream()
                .filter(c -> c.cmsg_level() == SOL_SOCKET && c.cmsg_type() == SCM_RIGHTS)
                .flatMapToInt(c -> java.util.Arrays.stream(c.fds()))
                .toArray();
    }

    private void closeRecvmsgFDs(ReceivedMessage r) throws SocketException {
        for (int fd : rights(r)) {
            module.close(fd);
        }
    }

    /** CPython's checkRecvmsgFDs: MSG, numfds descriptors in at most maxcmsgs items, no MSG_CTRUNC unless ignored. */
    private void checkRecvmsgFDs(int numfds, ReceivedMessage r, int maxcmsgs, boolean ignoreCtrunc) throws Exception {
        assertArrayEquals(MSG, r.data());
        if (!ignoreCtrunc) {
            assertEquals(0, r.msg_flags() & MSG_CTRUNC, "MSG_CTRUNC unset");
        }
        assertTrue(r.ancdata().size() <= maxcmsgs, r.ancdata().toString());
        for (ControlMessage c : r.ancdata()) {
            assertEquals(SOL_SOCKET, c.cmsg_level());
            assertEquals(SCM_RIGHTS, c.cmsg_type());
            assertEquals(0, c.length() % SIZEOF_INT, "whole ints only");
        }
        int[] fds = rights(r);
        assertEquals(numfds, fds.length);
        FileFds.checkFiles(fds);
        closeRecvmsgFDs(r);
    }

    @Test
    void testFDPassSimple() throws Exception {
        assertEquals(MSG.length, cli.sendmsg(List.of(MSG),
                List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, ControlMessage.ofFds(newFDs(1)).cmsg_data()))));
        checkRecvmsgFDs(1, doRecvmsg(MSG.length, 10240), 1, false);
    }

    @Test
    void testMultipleFDPass() throws Exception {
        createAndSendFDs(4);
        checkRecvmsgFDs(4, doRecvmsg(MSG.length, 10240), 1, false);
    }

    @Test
    void testFDPassCMSG_SPACE() throws Exception {
        createAndSendFDs(4);
        checkRecvmsgFDs(4, doRecvmsg(MSG.length, module.CMSG_SPACE(4 * SIZEOF_INT)), 1, false);
    }

    @Test
    void testFDPassCMSG_LEN() throws Exception {
        createAndSendFDs(1);
        // RFC 3542 lets MSG_CTRUNC be set when there is no room for trailing padding
        checkRecvmsgFDs(1, doRecvmsg(MSG.length, module.CMSG_LEN(4 * SIZEOF_INT)), 1, true);
    }

    @Test
    void testFDPassSeparate() throws Exception {
        int[] fds = newFDs(2);
        assertEquals(MSG.length, cli.sendmsg(List.of(MSG),
                List.of(ControlMessage.ofFds(fds[0]), ControlMessage.ofFds(fds[1]))));
        checkRecvmsgFDs(2, doRecvmsg(MSG.length, 10240), 2, false);
    }

    @Test
    void testFDPassSeparateMinSpace() throws Exception {
        int[] fds = newFDs(2);
        assertEquals(MSG.length, cli.sendmsg(List.of(MSG),
                List.of(ControlMessage.ofFds(fds[0]), ControlMessage.ofFds(fds[1]))));
        checkRecvmsgFDs(2, doRecvmsg(MSG.length, module.CMSG_SPACE(SIZEOF_INT) + module.CMSG_LEN(SIZEOF_INT * 2)), 2, true);
    }

    /** CPython's sendAncillaryIfPossible: if the kernel refuses the item, send the data alone. */
    private void sendAncillaryIfPossible(List<ControlMessage> ancdata) throws Exception {
        int n;
        try {
            n = cli.sendmsg(List.of(MSG), ancdata);
        } catch (SocketException e) {
            assertTrue(e.errno() > 0, "the system call failed: " + e);
            n = cli.sendmsg(List.of(MSG));
        }
        assertEquals(MSG.length, n);
    }

    @Test
    void testFDPassEmpty() throws Exception {
        sendAncillaryIfPossible(List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, new byte[0])));
        checkRecvmsgFDs(0, doRecvmsg(MSG.length, 10240), 1, true);
    }

    @Test
    void testFDPassPartialInt() throws Exception {
        byte[] bad = ControlMessage.ofFds(BADFD).cmsg_data();
        sendAncillaryIfPossible(List.of(new ControlMessage(SOL_SOCKET, SCM_RIGHTS, java.util.Arrays.copyOf(bad, bad.length - 1))));
        ReceivedMessage r = doRecvmsg(MSG.length, 10240);
        assertArrayEquals(MSG, r.data());
        assertTrue(r.ancdata().size() <= 1);
        for (ControlMessage c : r.ancdata()) {
            assertEquals(SCM_RIGHTS, c.cmsg_type());
            assertTrue(c.length() < SIZEOF_INT);
        }
    }

    @Test
    void testFDPassPartialIntInMiddle() throws Exception {
        int[] fds = newFDs(2);
        byte[] first = ControlMessage.ofFds(fds[0], BADFD).cmsg_data();
        sendAncillaryIfPossible(List.of(
                new ControlMessage(SOL_SOCKET, SCM_RIGHTS, java.util.Arrays.copyOf(first, first.length - 1)),
                ControlMessage.ofFds(fds[1])));
        ReceivedMessage r = doRecvmsg(MSG.length, 10240);
        assertArrayEquals(MSG, r.data());
        assertTrue(r.ancdata().size() <= 2);
        int[] got = rights(r);
        assertTrue(got.length <= 2);
        FileFds.checkFiles(got);
        closeRecvmsgFDs(r);
    }

    /** CPython's checkTruncatedHeader: no items when the buffer cannot hold a header; MSG_CTRUNC. */
    private void checkTruncatedHeader(ReceivedMessage r, boolean ignoreCtrunc) {
        assertArrayEquals(MSG, r.data());
        assertEquals(List.of(), r.ancdata());
        if (!ignoreCtrunc) {
            assertEquals(MSG_CTRUNC, r.msg_flags() & MSG_CTRUNC, "MSG_CTRUNC set");
        }
    }

    @Test
    void testCmsgTruncNoBufSize() throws Exception {
        createAndSendFDs(1);
        checkTruncatedHeader(doRecvmsg(MSG.length, 0), true);
    }

    @Test
    void testCmsgTrunc0() throws Exception {
        createAndSendFDs(1);
        ReceivedMessage r = doRecvmsg(MSG.length, 0);
        checkTruncatedHeader(r, true);
        assertEquals(MSG_CTRUNC, r.msg_flags() & MSG_CTRUNC, "Linux sets MSG_CTRUNC here too");
    }

    @Test
    void testCmsgTrunc1() throws Exception {
        createAndSendFDs(1);
        checkTruncatedHeader(doRecvmsg(MSG.length, 1), false);
    }

    @Test
    void testCmsgTrunc2Int() throws Exception {
        createAndSendFDs(1);
        checkTruncatedHeader(doRecvmsg(MSG.length, SIZEOF_INT * 2), false);
    }

    @Test
    void testCmsgTruncLen0Minus1() throws Exception {
        createAndSendFDs(1);
        checkTruncatedHeader(doRecvmsg(MSG.length, module.CMSG_LEN(0) - 1), false);
    }

    /**
     * CPython's checkTruncatedArray: the descriptor data is cut to between mindata and maxdata
     * bytes, MSG_CTRUNC is set, and every complete descriptor is valid.
     */
    private void checkTruncatedArray(int ancbuf, int maxdata, int mindata) throws Exception {
        ReceivedMessage r = doRecvmsg(MSG.length, ancbuf);
        assertArrayEquals(MSG, r.data());
        assertEquals(MSG_CTRUNC, r.msg_flags() & MSG_CTRUNC, "MSG_CTRUNC set");
        if (mindata == 0 && r.ancdata().isEmpty()) {
            return;
        }
        assertEquals(1, r.ancdata().size());
        ControlMessage c = r.ancdata().get(0);
        assertEquals(SOL_SOCKET, c.cmsg_level());
        assertEquals(SCM_RIGHTS, c.cmsg_type());
        assertTrue(c.length() >= mindata && c.length() <= maxdata, c.length() + " bytes");
        FileFds.checkFiles(c.fds());
        closeRecvmsgFDs(r);
    }

    @Test
    void testCmsgTruncLen0() throws Exception {
        createAndSendFDs(1);
        checkTruncatedArray(module.CMSG_LEN(0), 0, 0);
    }

    @Test
    void testCmsgTruncLen0Plus1() throws Exception {
        createAndSendFDs(2);
        checkTruncatedArray(module.CMSG_LEN(0) + 1, 1, 0);
    }

    @Test
    void testCmsgTruncLen1() throws Exception {
        createAndSendFDs(2);
        checkTruncatedArray(module.CMSG_LEN(SIZEOF_INT), SIZEOF_INT, SIZEOF_INT);
    }

    @Test
    void testCmsgTruncLen2Minus1() throws Exception {
        createAndSendFDs(2);
        checkTruncatedArray(module.CMSG_LEN(2 * SIZEOF_INT) - 1, (2 * SIZEOF_INT) - 1, SIZEOF_INT);
    }

    // ---- send_fds / recv_fds ----

    @Test
    void sendFdsAndRecvFdsOneAndSeveral() throws Exception {
        int[] one = newFDs(1);
        assertEquals(MSG.length, cli.send_fds(List.of(MSG), one));
        ReceivedFds r = serv.recv_fds(1024, 1);
        assertArrayEquals(MSG, r.data());
        assertEquals(1, r.fds().length);
        assertNotEquals(one[0], r.fds()[0], "a new descriptor for the same file");
        assertEquals(0, r.msg_flags() & MSG_CTRUNC);
        assertTrue(Fds.isCloexec(r.fds()[0]));
        FileFds.checkFiles(r.fds());
        module.close(r.fds()[0]);

        int[] several = newFDs(5);
        // the module functions, as CPython's socket.send_fds(sock, ...) and socket.recv_fds(sock, ...)
        assertEquals(MSG.length, module.send_fds(cli, List.of(MSG), several));
        r = module.recv_fds(serv, 1024, 5);
        assertEquals(5, r.fds().length);
        FileFds.checkFiles(r.fds());
        for (int fd : r.fds()) {
            module.close(fd);
        }
    }

    @Test
    void recvFdsWithTooSmallMaxfdsReportsCtruncAndLeaksNothing() throws Exception {
        assertEquals(MSG.length, cli.send_fds(List.of(MSG), newFDs(3)));
        List<String> pre = FileFds.accountable(tmp);
        ReceivedFds r = serv.recv_fds(1024, 2);
        assertEquals(MSG_CTRUNC, r.msg_flags() & MSG_CTRUNC, "more were sent than fitted");
        assertEquals(2, r.fds().length, "CMSG_LEN(2 ints): room for two, no more");
        FileFds.checkFiles(r.fds());
        assertEquals(2, FileFds.gainedSince(pre, tmp).size(), "the third was closed by the kernel, not installed");
        for (int fd : r.fds()) {
            module.close(fd);
        }
        assertEquals(MSG.length, cli.send_fds(List.of(MSG), newFDs(1)));
        r = serv.recv_fds(1024, 0);
        assertEquals(0, r.fds().length);
        assertEquals(MSG_CTRUNC, r.msg_flags() & MSG_CTRUNC);
        assertThrows(IllegalArgumentException.class, () -> serv.recv_fds(1024, -1));
        assertThrows(IllegalArgumentException.class, () -> serv.recv_fds(-1, 1));
    }

    @Test
    void passedSocketWorksOnTheOtherSide() throws Exception {
        // the descriptor passed is one end of another pair: the receiver adopts it and talks
        try (SocketPair other = module.socketpair()) {
            cli.send_fds(List.of("sock".getBytes()), new int[] {other.b().fileno()});
            other.b().close();
            ReceivedFds r = serv.recv_fds(16, 1);
            assertEquals("sock", new String(r.data()));
            try (SocketType adopted = module.socket(-1, -1, -1, r.fds()[0])) {
                assertEquals(AF_UNIX, adopted.family());
                assertEquals(SOCK_STREAM, adopted.type());
                other.a().sendall("through the passed socket".getBytes());
                assertEquals("through the passed socket", new String(adopted.recv(100)));
            }
        }
    }

    @Test
    void peekingDuplicatesTheDescriptors() throws Exception {
        createAndSendFDs(1);
        ReceivedMessage peeked = serv.recvmsg(MSG.length, 10240, MSG_PEEK);
        ReceivedMessage taken = doRecvmsg(MSG.length, 10240);
        int[] a = rights(peeked);
        int[] b = rights(taken);
        assertEquals(1, a.length);
        assertEquals(1, b.length);
        assertNotEquals(a[0], b[0], "each receive installs its own descriptor");
        FileFds.checkFiles(a);
        FileFds.checkFiles(b);
        closeRecvmsgFDs(peeked);
        closeRecvmsgFDs(taken);
    }

    @Test
    void rightsOverDatagramAndSeqpacketPairs() throws Exception {
        for (int type : new int[] {SOCK_DGRAM, SOCK_SEQPACKET}) {
            try (SocketPair p = module.socketpair(AF_UNIX, type)) {
                p.a().send_fds(List.of(MSG), newFDs(1));
                ReceivedFds r = p.b().recv_fds(1024, 1);
                assertArrayEquals(MSG, r.data());
                FileFds.checkFiles(r.fds());
                module.close(r.fds()[0]);
            }
        }
    }

    @Test
    void sendingAClosedDescriptorIsEbadf() throws Exception {
        SocketException e = assertThrows(SocketException.class, () -> cli.send_fds(List.of(MSG), new int[] {100_000}));
        assertEquals(Errno.EBADF, e.errno());
    }

    // ---- credentials ----

    @Test
    void soPeercredGivesOurPidUidGid() throws Exception {
        Ucred peer = Ucred.of(serv.getsockopt(SOL_SOCKET, SO_PEERCRED, Ucred.size()));
        assertEquals(FileFds.ours(), peer);
        assertEquals(ProcessHandle.current().pid(), peer.pid());
    }

    @Test
    void scmCredentialsRoundtrip() throws Exception {
        serv.setsockopt(SOL_SOCKET, SO_PASSCRED, 1);
        int space = module.CMSG_SPACE(Ucred.size());
        // with SO_PASSCRED on the receiver, the kernel attaches the sender's credentials itself
        cli.sendmsg(List.of(MSG));
        ReceivedMessage r = serv.recvmsg(MSG.length, space);
        assertEquals(1, r.ancdata().size(), r.ancdata().toString());
        ControlMessage c = r.ancdata().get(0);
        assertEquals(SOL_SOCKET, c.cmsg_level());
        assertEquals(SCM_CREDENTIALS, c.cmsg_type());
        assertEquals(FileFds.ours(), Ucred.of(c.cmsg_data()));
        // the sender may also state them (its own, without privilege)
        Ucred ours = FileFds.ours();
        cli.sendmsg(List.of(MSG), List.of(new ControlMessage(SOL_SOCKET, SCM_CREDENTIALS, ours.toBytes())));
        r = serv.recvmsg(MSG.length, space);
        assertEquals(ours, Ucred.of(r.ancdata().get(0).cmsg_data()));
        // credentials take control space: a buffer too small for them is MSG_CTRUNC
        cli.sendmsg(List.of(MSG));
        r = serv.recvmsg(MSG.length, module.CMSG_LEN(4));
        assertEquals(MSG_CTRUNC, r.msg_flags() & MSG_CTRUNC);
    }

    @Test
    void ucredDecodingNeedsTwelveBytes() {
        assertThrows(IllegalArgumentException.class, () -> Ucred.of(new byte[11]));
        Ucred u = new Ucred(1, 2, 3);
        assertEquals(u, Ucred.of(u.toBytes()));
        assertEquals(12, u.toBytes().length);
    }
}
