package org.bsdsock.socket.provider.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code sethostname} against the kernel and CPython, only ever inside namespaces
 * ({@link Namespaces}): the calls that succeed run in a UTS namespace of their own
 * ({@code unshare -ru}), so this machine keeps its name; the refusal runs as root of a user
 * namespace over this machine's UTS namespace ({@code unshare -r}), where the kernel says
 * {@code EPERM}.
 */
class SetHostnameTest {

    private static List<String> ours(String flags, String name) throws IOException {
        return Namespaces.run(flags, Namespaces.java(HostNameProbe.class, name));
    }

    private static List<String> cpython(String flags, String name) throws IOException {
        return Namespaces.run(flags, List.of("python3", "-c", HostNameProbe.PYTHON, name));
    }

    @Test
    void inItsOwnUtsNamespaceTheNameIsSetAsCPythonSetsIt() throws IOException {
        Namespaces.assume("SetHostnameTest");
        assertEquals(List.of("set bsdsock-sethostname"), ours(Namespaces.UTS, "bsdsock-sethostname"));
        CPython.assume("SetHostnameTest");
        assertEquals(cpython(Namespaces.UTS, "bsdsock-sethostname"), ours(Namespaces.UTS, "bsdsock-sethostname"));
    }

    @Test
    void overThisMachinesNameItIsTheKernelsEperm() throws IOException {
        Namespaces.assume("SetHostnameTest");
        assertEquals(List.of("error EPERM"), ours(Namespaces.USER_ONLY, "bsdsock-never"));
        CPython.assume("SetHostnameTest");
        assertEquals(cpython(Namespaces.USER_ONLY, "bsdsock-never"), ours(Namespaces.USER_ONLY, "bsdsock-never"));
    }

    @Test
    void aNameTooLongIsTheKernelsEinvalAndANulIsRefusedAsCPythonRefusesIt() throws IOException {
        Namespaces.assume("SetHostnameTest");
        String tooLong = "h".repeat(65); // __NEW_UTS_LEN is 64
        assertEquals(List.of("error EINVAL"), ours(Namespaces.UTS, tooLong));
        assertEquals(List.of("refused embedded null byte"), ours(Namespaces.UTS, "bsdNULsock"));
        CPython.assume("SetHostnameTest");
        assertEquals(cpython(Namespaces.UTS, tooLong), ours(Namespaces.UTS, tooLong));
        assertEquals(cpython(Namespaces.UTS, "bsdNULsock"), ours(Namespaces.UTS, "bsdNULsock"));
    }
}
