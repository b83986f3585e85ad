package org.bsdsock.socket.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.felix.service.command.Converter;
import org.bsdsock.socket.api.ControlMessage;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.Ucred;
import org.bsdsock.socket.provider.ffm.NativeSocketModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API's records as the console prints them: names for constants, host:port, no Java record text. */
class RenderingTest {
    private final NativeSocketModule module = new NativeSocketModule();
    private final SocketCommands commands = new SocketCommands(module);
    private final Gogo gogo = new Gogo(commands);
    private final SocketConverter converter = new SocketConverter();

    @AfterEach
    void stop() throws Exception {
        gogo.close();
        commands.deactivate();
        module.close();
    }

    @Test
    void addressInfoPrintsAsCPythonsTupleWithNames() throws Exception {
        String list = gogo.print("socket:getaddrinfo 127.0.0.1 80 AF_INET SOCK_STREAM");
        assertEquals("(AF_INET, SOCK_STREAM, 6, '', 127.0.0.1:80)", list.strip());
        String one = gogo.print("(socket:getaddrinfo 127.0.0.1 80 AF_INET SOCK_STREAM) get 0");
        assertEquals("""
                family           AF_INET (2)
                type             SOCK_STREAM (1)
                proto            IPPROTO_TCP (6)
                canonname        ''
                sockaddr         127.0.0.1:80""", one);
        String v6 = gogo.print("socket:getaddrinfo ::1 http AF_INET6 SOCK_STREAM");
        assertEquals("(AF_INET6, SOCK_STREAM, 6, '', [::1]:80)", v6.strip());
    }

    @Test
    void namesAndInterfacesPrintAsTuples() throws Exception {
        assertEquals("('127.0.0.1', '80')", gogo.print("socket:getnameinfo 127.0.0.1:80 'NI_NUMERICHOST|NI_NUMERICSERV'"));
        String interfaces = gogo.print("socket:if_nameindex");
        assertTrue(interfaces.lines().anyMatch(l -> l.matches("\\(\\d+, 'lo'\\)")), interfaces);
        assertFalse(interfaces.contains("NameIndex["), interfaces);
    }

    @Test
    void controlMessagesAndCredentialsPrintWithNames() {
        ControlMessage rights = new ControlMessage(SocketConstants.SOL_SOCKET, SocketConstants.SCM_RIGHTS,
                new byte[] {5, 0, 0, 0});
        assertEquals("(SOL_SOCKET, SCM_RIGHTS, b'\\x05\\x00\\x00\\x00')", converter.format(rights, Converter.LINE, converter));
        Message m = new Message("hi", List.of(rights), List.of(), 0, null);
        assertEquals("('hi', [(SOL_SOCKET, SCM_RIGHTS, b'\\x05\\x00\\x00\\x00')], 0, None)",
                converter.format(m, Converter.INSPECT, converter));
        assertEquals("(pid=1, uid=0, gid=0)", converter.format(new Ucred(1, 0, 0), Converter.LINE, converter));
    }
}
