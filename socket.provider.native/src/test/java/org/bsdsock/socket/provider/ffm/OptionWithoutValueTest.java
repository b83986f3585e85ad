package org.bsdsock.socket.provider.ffm;

import static org.bsdsock.socket.api.SocketConstants.AF_INET;
import static org.bsdsock.socket.api.SocketConstants.SOCK_DGRAM;
import static org.bsdsock.socket.api.SocketConstants.SOL_SOCKET;
import static org.bsdsock.socket.api.SocketConstants.SO_REUSEADDR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketType;
import org.junit.jupiter.api.Test;

/**
 * CPython's {@code setsockopt(level, optname, None, optlen)}: the kernel gets a NULL value and
 * the length. Only {@code AF_ALG} has options that read no value, and this kernel may lack it;
 * {@code SOL_SOCKET} options show both arguments arrive: a length of an int makes the kernel
 * read at NULL ({@code EFAULT}), a length of 0 is too short ({@code EINVAL}), each as CPython's
 * same call.
 */
class OptionWithoutValueTest extends ProviderFixture {
    private String errorOf(int level, int optname, int optlen) throws SocketException {
        try (SocketType s = module.socket(AF_INET, SOCK_DGRAM)) {
            s.setsockopt(level, optname, null, optlen);
            return "ok";
        } catch (SocketException e) {
            return Errno.errorcode(e.errno());
        }
    }

    @Test
    void theKernelGetsANullValueAndTheLengthAsFromCPython() throws Exception {
        String reuse = errorOf(SOL_SOCKET, SO_REUSEADDR, 4);
        String empty = errorOf(SOL_SOCKET, SO_REUSEADDR, 0);
        assertEquals("EFAULT", reuse, "SO_REUSEADDR reads an int at NULL");
        assertEquals("EINVAL", empty, "0 bytes is no int");
        CPython.assume("OptionWithoutValueTest");
        List<String> py = CPython.run("import socket, errno\n"
                + "def err(opt, n):\n"
                + "    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                + "    try: s.setsockopt(socket.SOL_SOCKET, opt, None, n); return 'ok'\n"
                + "    except OSError as e: return errno.errorcode[e.errno]\n"
                + "    finally: s.close()\n"
                + "print(err(socket.SO_REUSEADDR, 4))\n"
                + "print(err(socket.SO_REUSEADDR, 0))\n");
        assertEquals(py, List.of(reuse, empty));
    }

    @Test
    void aNegativeLengthIsRefusedBeforeTheCall() throws SocketException {
        try (SocketType s = module.socket(AF_INET, SOCK_DGRAM)) {
            assertThrows(IllegalArgumentException.class, () -> s.setsockopt(SOL_SOCKET, SO_REUSEADDR, null, -1));
        }
    }
}
