package org.bsdsock.socket.provider.ffm;

import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.SocketException;

/**
 * {@code sethostname} as a program, for {@link SetHostnameTest}, which runs it only inside
 * namespaces ({@link Namespaces}): never over this machine's own host name. Prints
 * {@code set NAME} (the name {@code gethostname} then gives), {@code error ERRNO} or
 * {@code refused MESSAGE} (an invalid argument); CPython's lines for the same call are
 * {@link #PYTHON}'s.
 */
public final class HostNameProbe {
    private HostNameProbe() {
    }

    static final String PYTHON = "import socket, sys, errno\n"
            + "try:\n"
            + "    socket.sethostname(sys.argv[1].replace('NUL', '\\0')); print('set', socket.gethostname())\n"
            + "except OSError as e: print('error', errno.errorcode[e.errno])\n"
            + "except ValueError as e: print('refused', e)\n";

    /** @param args the name, {@code NUL} standing for a NUL character */
    public static void main(String[] args) {
        try (NativeSocketModule module = TestEngine.module()) {
            module.sethostname(args[0].replace("NUL", "\0"));
            System.out.println("set " + module.gethostname());
        } catch (SocketException e) {
            System.out.println("error " + Errno.errorcode(e.errno()));
        } catch (IllegalArgumentException e) {
            System.out.println("refused " + e.getMessage());
        }
    }
}
