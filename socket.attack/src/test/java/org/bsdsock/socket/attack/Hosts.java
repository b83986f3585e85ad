package org.bsdsock.socket.attack;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Host names and addresses for the fuzzers, chosen so that nothing leaves this machine.
 *
 * <p>In a network namespace that has only loopback ({@code unshare -rn}, which the module's
 * surefire forks use where the system allows it: {@link #ISOLATED}), any text may be a host: a
 * lookup the resolver sends to a name server fails at once, unreachable, and no address but
 * loopback can be reached. Elsewhere only forms that cannot cause a query are made: address
 * literals built to be valid, the names {@code /etc/hosts} lists, {@code ""} and
 * {@code "<broadcast>"}, and those forms followed by a NUL and any text (which a correct
 * provider refuses, and a faulty one cuts back to the safe form); and for calls that send
 * traffic, loopback addresses only ({@link #local}).
 */
final class Hosts {
    private Hosts() {
    }

    /** Whether this process sees no network interface but loopback. */
    static final boolean ISOLATED = onlyLoopback();

    private static final List<String> LISTED = listedNames();

    private static boolean onlyLoopback() {
        try {
            // "Inter-|..." and " face |..." headers, then one "  name: counters" line per interface
            return Files.readAllLines(Path.of("/proc/net/dev")).stream().skip(2)
                    .map(l -> l.substring(0, l.indexOf(':')).trim())
                    .allMatch("lo"::equals);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static List<String> listedNames() {
        List<String> names = new ArrayList<>(List.of("localhost"));
        try {
            for (String line : Files.readAllLines(Path.of("/etc/hosts"))) {
                String l = line.replaceAll("#.*", "").trim();
                if (!l.isEmpty()) {
                    String[] f = l.split("\\s+");
                    for (int i = 1; i < f.length; i++) {
                        if (!names.contains(f[i])) {
                            names.add(f[i]);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // localhost alone
        }
        return List.copyOf(names);
    }

    /**
     * @return a host for a call that may resolve it through {@code getaddrinfo(3)} (bind,
     *         getaddrinfo, gethostbyname, create_server...), which parses an address literal of
     *         either family without a lookup
     */
    static String resolvable(FuzzedDataProvider d) {
        if (ISOLATED && d.consumeBoolean()) {
            return d.consumeString(d.consumeInt(0, 300));
        }
        String h = switch (d.consumeInt(0, 6)) {
            case 0 -> ipv4(d);
            case 1 -> ipv6(d);
            case 2 -> "::ffff:" + dotted(d.consumeBytes(4));
            case 3 -> listed(d);
            case 4 -> d.pickValue(new String[] {"", "<broadcast>", "0", "0.0.0.0", "::", "::1"});
            case 5 -> ipv6(d) + "%" + d.pickValue(new String[] {"lo", "1", "0"});
            default -> local(d);
        };
        return poisoned(d, h);
    }

    /**
     * @return a host for the calls built on {@code gethostbyname_r(3)}/{@code gethostbyaddr_r(3)}
     *         (gethostbyname_ex, gethostbyaddr, getfqdn), whose reverse lookups only
     *         {@code /etc/hosts} answers here: the names it lists and 127.0.0.1
     */
    static String listedOrLoopback(FuzzedDataProvider d) {
        if (ISOLATED && d.consumeBoolean()) {
            return d.consumeString(d.consumeInt(0, 300));
        }
        return poisoned(d, d.consumeBoolean() ? "127.0.0.1" : listed(d));
    }

    /** @return a host whose traffic stays on this machine, for connect, sendto, create_connection */
    static String local(FuzzedDataProvider d) {
        if (ISOLATED && d.consumeBoolean()) {
            return d.consumeString(d.consumeInt(0, 300));
        }
        String h = switch (d.consumeInt(0, 4)) {
            case 0 -> "127." + d.consumeInt(0, 255) + "." + d.consumeInt(0, 255) + "." + d.consumeInt(1, 254);
            case 1 -> "::1";
            case 2 -> "::ffff:127.0.0.1";
            case 3 -> d.pickValue(new String[] {"localhost", "LOCALHOST", "Localhost", "127.1", "0x7f.1", "0177.0.0.1", "2130706433"});
            default -> "";
        };
        return poisoned(d, h);
    }

    /** @return the host, now and then followed by a NUL and any text */
    private static String poisoned(FuzzedDataProvider d, String host) {
        return d.consumeInt(0, 7) == 7 ? host + "\0" + d.consumeString(40) : host;
    }

    private static String listed(FuzzedDataProvider d) {
        String n = d.pickValue(LISTED);
        return switch (d.consumeInt(0, 2)) {
            case 0 -> n.toUpperCase(Locale.ROOT);
            case 1 -> n;
            default -> Character.toUpperCase(n.charAt(0)) + n.substring(1);
        };
    }

    /** @return an IPv4 address in one of the forms inet_aton(3) takes, valid by construction */
    private static String ipv4(FuzzedDataProvider d) {
        byte[] a = d.consumeBytes(4);
        a = Arrays.copyOf(a, 4);
        long v = ((a[0] & 0xFFL) << 24) | ((a[1] & 0xFF) << 16) | ((a[2] & 0xFF) << 8) | (a[3] & 0xFF);
        return switch (d.consumeInt(0, 4)) {
            case 0 -> dotted(a);
            case 1 -> Long.toString(v);                                  // one part: 32 bits
            case 2 -> "0x" + Long.toHexString(v);
            case 3 -> (a[0] & 0xFF) + "." + (v & 0xFFFFFF);              // a.b: 8 + 24 bits
            default -> "0" + Integer.toOctalString(a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
        };
    }

    private static String dotted(byte[] a) {
        a = Arrays.copyOf(a, 4);
        return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
    }

    /** @return an IPv6 literal: eight groups, or with the longest run of zero groups as {@code ::} */
    private static String ipv6(FuzzedDataProvider d) {
        byte[] a = Arrays.copyOf(d.consumeBytes(16), 16);
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (a[2 * i] & 0xFF) << 8 | (a[2 * i + 1] & 0xFF);
        }
        int runAt = -1;
        int runLen = 0;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > runLen) {
                runAt = i;
                runLen = j - i;
            }
        }
        boolean compress = runLen >= 2 && d.consumeBoolean();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (compress && i == runAt) {
                b.append("::");
                i += runLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[i]));
        }
        return b.toString();
    }
}
