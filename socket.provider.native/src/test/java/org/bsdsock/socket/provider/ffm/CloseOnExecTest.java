package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.AF_UNIX;
import static org.bsdsock.socket.api.SocketConstants.SCM_RIGHTS;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOCK_NONBLOCK;
import static org.bsdsock.socket.api.SocketConstants.SOCK_STREAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bsdsock.socket.api.ControlMessage;
import org.bsdsock.socket.api.InetAddr;
import org.bsdsock.socket.api.ReceivedFds;
import org.bsdsock.socket.api.ReceivedMessage;
import org.bsdsock.socket.api.SocketFile;
import org.bsdsock.socket.api.SocketPair;
import org.bsdsock.socket.api.SocketType;
import org.bsdsock.socket.testing.Fds;
import org.bsdsock.socket.testing.InCall;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every descriptor the provider makes is close-on-exec ({@code FD_CLOEXEC}, read from
 * {@code /proc/self/fdinfo}): a child process started meanwhile inherits none of them.
 */
@Tag("unit")
class CloseOnExecTest extends ProviderFixture {
    private final Map<String, Integer> made = new TreeMap<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    private <T extends AutoCloseable> T keep(String what, int fd, T s) {
        made.put(what, fd);
        open.add(s);
        return s;
    }

    @Test
    void everyDescriptorTheProviderMakesIsCloseOnExec() throws Exception {
        try {
            SocketType l = module.socket(AF_INET, SOCK_STREAM);
            keep("socket", l.fileno(), l);
            l.bind(new InetAddr("127.0.0.1", 0));
            l.listen(4);
            SocketType nb = module.socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK);
            keep("socket(SOCK_NONBLOCK)", nb.fileno(), nb);
            SocketType c = module.socket(AF_INET, SOCK_STREAM);
            keep("connecting socket", c.fileno(), c);
            c.connect(l.getsockname());
            SocketType a = l.accept().conn();
            keep("accept (platform thread)", a.fileno(), a);
            SocketType c2 = module.create_connection(l.getsockname());
            keep("create_connection", c2.fileno(), c2);
            SocketType a2 = InCall.start("acceptor", true, () -> l.accept().conn()).result(Duration.ofSeconds(20));
            keep("accept (virtual thread)", a2.fileno(), a2);
            SocketType server = module.create_server(new InetAddr("127.0.0.1", 0));
            keep("create_server", server.fileno(), server);
            SocketType d = a.dup();
            keep("dup", d.fileno(), d);
            SocketFile f = a.makefile("rwb");
            keep("makefile", f.fileno(), f);
            SocketType from = module.fromfd(a.fileno(), AF_INET, SOCK_STREAM);
            keep("fromfd", from.fileno(), from);
            SocketPair p = module.socketpair();
            keep("socketpair a", p.a().fileno(), p);
            made.put("socketpair b", p.b().fileno());
            SocketPair dg = module.socketpair(AF_UNIX, SOCK_DGRAM);
            keep("socketpair (SOCK_DGRAM)", dg.a().fileno(), dg);

            p.a().send_fds(List.of("one".getBytes()), new int[] {a.fileno()});
            ReceivedFds r = p.b().recv_fds(16, 1);
            keep("recv_fds", r.fds()[0], () -> module.close(r.fds()[0]));
            p.a().sendmsg(List.of("two".getBytes()), List.of(ControlMessage.ofFds(a.fileno())));
            ReceivedMessage m = p.b().recvmsg(16, module.CMSG_SPACE(4));
            assertEquals(SCM_RIGHTS, m.ancdata().get(0).cmsg_type());
            assertEquals(SOL_SOCKET, m.ancdata().get(0).cmsg_level());
            int fd = m.ancdata().get(0).fds()[0];
            keep("recvmsg SCM_RIGHTS", fd, () -> module.close(fd));

            List<String> inheritable = new ArrayList<>();
            made.forEach((what, n) -> {
                if (!Fds.isCloexec(n)) {
                    inheritable.add(what + " (fd " + n + ")");
                }
            });
            assertEquals(List.of(), inheritable, "descriptors a child process would inherit");
            assertEquals(15, made.size(), () -> "descriptors checked: " + made);
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }
}
