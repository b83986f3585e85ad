package org.bsdsock.socket.provider.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bsdsock.socket.api.AddressInfoException;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.HostEntry;
import org.bsdsock.socket.api.HostException;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;
import org.bsdsock.socket.api.SocketModule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The module against CPython 3 on the same machine (the {@code python3} on the PATH): the same
 * constants, the same errno values, the same resolver answers and errors. Skipped, visibly,
 * where there is no usable {@code python3}.
 *
 * <p>The constant tables come from one CPython build; another build on the same machine may
 * define more names (a CPython built with Bluetooth headers has {@code SOL_HCI}), which this
 * test reports, naming the interpreter.
 */
@Tag("cpython")
class CPythonParityTest {
    /** The prefixes of CPython's socket constants that {@link SocketConstants} carries. */
    private static final String PREFIXES = "('AF_', 'SOCK_', 'SO_', 'SOMAXCONN', 'MSG_', 'SOL_', 'IPPROTO_',"
            + " 'IPPORT_', 'INADDR_', 'IP_', 'IPV6_', 'TCP_', 'SCM_', 'SHUT_', 'AI_', 'NI_', 'EAI_',"
            + " 'NETLINK_', 'PACKET_', 'ETH_P_', 'VMADDR_', 'IOCTL_VM_', 'CAN_', 'J1939_', 'ALG_', 'TIPC_', 'PF_',"
            + " 'UDPLITE_', 'VM_SOCKETS_')";

    private final NativeSocketModule provider = TestEngine.module();
    private final SocketModule module = provider;


    @AfterEach
    void stop() {
        provider.close();
    }

    private static void assumePython() {
        CPython.assume("CPythonParityTest");
    }

    // ---- constants ------------------------------------------------------------------------

    /**
     * Names a CPython build has only when it was compiled with Bluetooth headers (Debian's
     * /usr/bin/python3 is; a pyenv build usually is not). The table follows the plainer build.
     */
    private static final Set<String> BUILD_OPTIONAL = Set.of("AF_BLUETOOTH", "SOL_HCI");

    @Test
    void socketConstantsEqualCPythons() throws Exception {
        assumePython();
        Map<String, Long> py = pairs(CPython.run("import socket\n"
                + "for n in sorted(dir(socket)):\n"
                + "    v = getattr(socket, n)\n"
                + "    if n.startswith(" + PREFIXES + ") and isinstance(v, int):\n"
                + "        print(n, int(v))\n"));
        assertFalse(py.isEmpty());
        List<String> wrong = new ArrayList<>();
        // The names the table takes from the C headers where this CPython lacks them
        // (LayoutsTest checks those against gcc); a CPython that has one must agree.
        Set<String> fromHeaders = HeaderConstants.names();
        py.keySet().forEach(fromHeaders::remove);
        SocketConstants.all().forEach((name, value) -> {
            if (!value.equals(py.get(name)) && !fromHeaders.contains(name)) {
                wrong.add(name + ": ours " + value + ", CPython " + py.get(name));
            }
        });
        py.forEach((name, value) -> {
            if (SocketConstants.lookup(name).isEmpty() && !BUILD_OPTIONAL.contains(name)) {
                wrong.add(name + ": missing here, CPython " + value);
            }
        });
        Map<String, Long> expected = new TreeMap<>(py);
        fromHeaders.forEach(n -> expected.put(n, SocketConstants.lookup(n).getAsLong()));
        wrong.addAll(fieldMismatches(SocketConstants.class, expected));
        assertTrue(wrong.isEmpty(), CPython.name() + ":\n" + String.join("\n", wrong));
    }

    @Test
    void errnoValuesEqualCPythons() throws Exception {
        assumePython();
        List<String> lines = CPython.run("import errno\n"
                + "for n in sorted(dir(errno)):\n"
                + "    v = getattr(errno, n)\n"
                + "    if n.startswith('E') and isinstance(v, int):\n"
                + "        print('value', n, v)\n"
                + "for c, n in sorted(errno.errorcode.items()):\n"
                + "    print('errorcode', n, c)\n");
        Map<String, Long> values = new TreeMap<>();
        Map<String, Long> errorcode = new TreeMap<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            (f[0].equals("value") ? values : errorcode).put(f[1], Long.parseLong(f[2]));
        }
        assertFalse(values.isEmpty());
        List<String> wrong = new ArrayList<>();
        values.forEach((name, value) -> {
            if (Errno.lookup(name).isEmpty() || Errno.lookup(name).getAsLong() != value) {
                wrong.add(name + ": ours " + Errno.lookup(name) + ", CPython " + value);
            }
        });
        errorcode.forEach((name, code) -> {
            if (!Errno.errorcode(code.intValue()).equals(name)) {
                wrong.add("errorcode(" + code + "): ours " + Errno.errorcode(code.intValue()) + ", CPython " + name);
            }
        });
        wrong.addAll(fieldMismatches(Errno.class, values));
        assertTrue(wrong.isEmpty(), CPython.name() + ":\n" + String.join("\n", wrong));
    }

    /** Each public constant field: CPython's value, or -1 where CPython has no such name. */
    private static List<String> fieldMismatches(Class<?> table, Map<String, Long> py) throws IllegalAccessException {
        List<String> wrong = new ArrayList<>();
        for (Field f : table.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())
                    || !(f.getType() == int.class || f.getType() == long.class)) {
                continue;
            }
            long ours = ((Number) f.get(null)).longValue();
            Long theirs = py.get(f.getName());
            if (theirs == null ? ours != -1 : ours != theirs) {
                wrong.add(table.getSimpleName() + "." + f.getName() + ": ours " + ours + ", CPython " + theirs);
            }
        }
        return wrong;
    }

    // ---- resolver answers ---------------------------------------------------------------------

    @Test
    void resolverAnswersEqualCPythons() throws Exception {
        assumePython();
        boolean ownName = EtcHosts.listsOwnName(module, "CPythonParityTest"); // else resolving it would query DNS
        Map<String, String> py = new LinkedHashMap<>();
        for (String line : CPython.run("import socket\n"
                + "def entry(t):\n"
                + "    return t[0] + '|' + ','.join(t[1]) + '|' + ','.join(t[2])\n"
                + "calls = [\n"
                + "    ('gethostbyname', lambda: socket.gethostbyname('localhost')),\n"
                + "    ('gethostname', lambda: socket.gethostname()),\n"
                + "    ('getservbyname', lambda: str(socket.getservbyname('http', 'tcp'))),\n"
                + "    ('getprotobyname', lambda: str(socket.getprotobyname('icmp'))),\n"
                + "    ('gethostbyaddr', lambda: entry(socket.gethostbyaddr('127.0.0.1'))),\n"
                + "    ('gethostbyname_ex', lambda: entry(socket.gethostbyname_ex('localhost'))),\n"
                + (ownName ? "    ('gethostbyname_ex(gethostname())',"
                        + " lambda: entry(socket.gethostbyname_ex(socket.gethostname()))),\n" : "")
                + "    ('gethostbyname_ex(\"\")', lambda: entry(socket.gethostbyname_ex(''))),\n"
                + "    ('getprotobyname(nope)', lambda: str(socket.getprotobyname('nope'))),\n"
                + "    ('getservbyname(nope)', lambda: str(socket.getservbyname('nope', 'tcp'))),\n"
                + "    ('getservbyport', lambda: socket.getservbyport(80, 'tcp')),\n"
                + "    ('getservbyport(53)', lambda: socket.getservbyport(53)),\n"
                + "    ('getservbyport(1, nope)', lambda: socket.getservbyport(1, 'nope')),\n"
                + "]\n"
                + "for key, call in calls:\n"
                + "    try:\n"
                + "        print(key + '\\t' + call())\n"
                + "    except (socket.herror, socket.gaierror) as e:\n"
                + "        print(key + '\\t!' + type(e).__name__ + ' ' + str(e.errno))\n"
                + "    except OSError as e:\n"
                + "        print(key + '\\t!' + type(e).__name__ + ' ' + str(e))\n")) {
            int tab = line.indexOf('\t');
            py.put(line.substring(0, tab), line.substring(tab + 1));
        }
        Map<String, String> ours = new LinkedHashMap<>();
        ours.put("gethostbyname", answer(() -> module.gethostbyname("localhost")));
        ours.put("gethostname", answer(module::gethostname));
        ours.put("getservbyname", answer(() -> String.valueOf(module.getservbyname("http", "tcp"))));
        ours.put("getprotobyname", answer(() -> String.valueOf(module.getprotobyname("icmp"))));
        ours.put("gethostbyaddr", answer(() -> entry(module.gethostbyaddr("127.0.0.1"))));
        ours.put("gethostbyname_ex", answer(() -> entry(module.gethostbyname_ex("localhost"))));
        if (ownName) {
            ours.put("gethostbyname_ex(gethostname())",
                    answer(() -> entry(module.gethostbyname_ex(module.gethostname()))));
        }
        ours.put("gethostbyname_ex(\"\")", answer(() -> entry(module.gethostbyname_ex(""))));
        ours.put("getprotobyname(nope)", answer(() -> String.valueOf(module.getprotobyname("nope"))));
        ours.put("getservbyname(nope)", answer(() -> String.valueOf(module.getservbyname("nope", "tcp"))));
        ours.put("getservbyport", answer(() -> module.getservbyport(80, "tcp")));
        ours.put("getservbyport(53)", answer(() -> module.getservbyport(53)));
        ours.put("getservbyport(1, nope)", answer(() -> module.getservbyport(1, "nope")));
        assertEquals(py, ours, CPython.name());
        assertEquals("127.0.0.1", ours.get("gethostbyname"));
    }

    @FunctionalInterface
    private interface Call {
        String get() throws SocketException;
    }

    /**
     * The answer as the Python script prints it: the value, or {@code !}, CPython's exception
     * name and the error number ({@code herror}, {@code gaierror}) or text ({@code OSError}).
     */
    private static String answer(Call call) {
        try {
            return call.get();
        } catch (HostException e) {
            return "!herror " + e.errno();
        } catch (AddressInfoException e) {
            return "!gaierror " + e.errno();
        } catch (SocketException e) {
            return "!OSError " + e.strerror();
        }
    }

    private static String entry(HostEntry e) {
        return e.hostname() + "|" + String.join(",", e.aliaslist()) + "|" + String.join(",", e.ipaddrlist());
    }

    // ---- running python3 ------------------------------------------------------------------------

    private static Map<String, Long> pairs(List<String> lines) {
        Map<String, Long> out = new TreeMap<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            out.put(f[0], Long.parseLong(f[1]));
        }
        return out;
    }

}
