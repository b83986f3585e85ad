package org.bsdsock.socket.provider.ffm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.IDN;
import java.util.Objects;
import org.bsdsock.socket.api.Errno;
import org.bsdsock.socket.api.SocketConstants;
import org.bsdsock.socket.api.SocketException;

/**
 * Addresses and host names as text, in one place: the one check every host name passes before
 * it reaches the C library ({@link #hostName}), the strict dotted quad, the text of an IPv6
 * address, and the module's {@code inet_aton}, {@code inet_ntoa}, {@code inet_pton} and
 * {@code inet_ntop}. Nothing here looks a name up ({@link Resolver} does).
 */
final class AddressText {
    private AddressText() {
    }

    // ---- host names ---------------------------------------------------------------------------

    /** CPython's text for a host with a NUL, whichever call it is given to. */
    static final String NUL_IN_HOST = "host name must not contain null character";

    /** CPython 3.11's {@code "idna"} codec limit on a label. */
    private static final int MAX_LABEL = 63;

    /**
     * A host name as the resolver gets it, once checked: CPython's {@code "idna"} codec, the
     * same for every call and family. An ASCII name is returned unchanged once its labels are
     * checked; any other is put in IDNA 2003 ASCII form ({@code bücher} becomes
     * {@code xn--bcher-kva}).
     *
     * @param host a host name, an address literal, {@code ""} or {@code "<broadcast>"}; not null
     * @return the name to give the C library
     * @throws IllegalArgumentException for a NUL anywhere ({@value #NUL_IN_HOST}: a C string
     *                                  would end there), an empty or over-long label, or a
     *                                  character IDNA refuses (a lone surrogate), with
     *                                  CPython's {@code UnicodeError} text
     */
    static String hostName(String host) {
        if (host.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(NUL_IN_HOST);
        }
        if (host.chars().allMatch(c -> c < 0x80)) {
            checkAsciiLabels(host);
            return host;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < host.length() && Character.isLowSurrogate(host.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw idnaError("Invalid character " + pythonRepr(c));
            }
        }
        try {
            // As CPython's codec, which applies nameprep to query strings: unassigned code points pass.
            return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw idnaError(idnaReason(host, e));
        }
    }

    /** The ASCII fast path of CPython's codec: every label but the last 1 to 63 characters, the last at most 63. */
    private static void checkAsciiLabels(String host) {
        String[] labels = host.split("\\.", -1);
        for (int i = 0; i < labels.length - 1; i++) {
            if (labels[i].isEmpty() || labels[i].length() > MAX_LABEL) {
                throw idnaError("label empty or too long");
            }
        }
        if (labels[labels.length - 1].length() > MAX_LABEL) {
            throw idnaError("label too long");
        }
    }

    private static IllegalArgumentException idnaError(String reason) {
        return new IllegalArgumentException("encoding with 'idna' codec failed (UnicodeError: " + reason + ")");
    }

    /** CPython's reason for what {@link IDN} refused, where the two can be matched. */
    private static String idnaReason(String host, IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("label")) { // "Empty label ...", "The label in the input is too long"
            return "label empty or too long";
        }
        for (int i = 0; i < host.length(); ) {
            int cp = host.codePointAt(i);
            try {
                IDN.toASCII(Character.toString(cp), IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException refused) {
                return "Invalid character " + pythonRepr(cp);
            }
            i += Character.charCount(cp);
        }
        return message;
    }

    /** A character as Python's {@code repr} shows a non-printable one: {@code '\x80'}, {@code '\ud800'}. */
    private static String pythonRepr(int cp) {
        if (cp >= 0x20 && cp < 0x7F) {
            return "'" + (char) cp + "'";
        }
        return cp < 0x100 ? String.format("'\\x%02x'", cp)
                : cp < 0x10000 ? String.format("'\\u%04x'", cp) : String.format("'\\U%08x'", cp);
    }

    /**
     * Text that becomes a C string and is not a host name (a port, an address literal, an
     * interface name): a NUL would cut it short, an unpaired surrogate has no UTF-8 form
     * (CPython raises {@code ValueError} and {@code UnicodeEncodeError}).
     */
    static void checkText(String what, String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + ": embedded null character");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + ": surrogates not allowed (position " + i + ")");
            }
        }
    }

    // ---- IPv4 -----------------------------------------------------------------------------------

    /**
     * Parses strict dotted-quad text as {@code inet_pton(AF_INET)} does: four decimal parts
     * of 0 to 255, no leading zeros. Allocation-free, for the common case of an address.
     *
     * @return the address as an unsigned 32-bit value, or -1 if the text is not one
     */
    static long dottedQuad(String text) {
        int n = text.length();
        if (n < 7 || n > 15) {
            return -1;
        }
        long value = 0;
        int parts = 0;
        int i = 0;
        while (i < n) {
            int start = i;
            int part = 0;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                part = part * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || part > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return -1;
            }
            value = (value << 8) | part;
            parts++;
            if (i < n) {
                if (text.charAt(i) != '.' || parts == 4) {
                    return -1;
                }
                i++;
                if (i == n) {
                    return -1;
                }
            }
        }
        return parts == 4 ? value : -1;
    }

    /** @return the dotted-quad text of an IPv4 address held as a big-endian int */
    static String dottedQuad(int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    // ---- IPv6 -----------------------------------------------------------------------------------

    /** Per-thread native memory for {@link #ipv6Text}: 16 address bytes, then the text. */
    private static final ThreadLocal<MemorySegment> NTOP6 = ThreadLocal.withInitial(() ->
            // thread-lifetime, as Scratch's block (an automatic arena frees it with the thread)
            Arena.ofAuto().allocate(Layouts.IN6_ADDR_SIZE + Libc.INET6_ADDRSTRLEN, 8));

    /**
     * The text of a 16-byte {@code struct in6_addr}, as the C library's {@code inet_ntop(3)}
     * writes it (and so as CPython shows it): {@code ::1}, {@code ::ffff:127.0.0.1}.
     */
    static String ipv6Text(MemorySegment in6) {
        MemorySegment buf = NTOP6.get();
        MemorySegment addr = buf.asSlice(0, Layouts.IN6_ADDR_SIZE);
        MemorySegment text = buf.asSlice(Layouts.IN6_ADDR_SIZE, Libc.INET6_ADDRSTRLEN);
        MemorySegment.copy(in6, 0, addr, 0, Layouts.IN6_ADDR_SIZE);
        if (Libc.inet_ntop(SocketConstants.AF_INET6, addr, text, Libc.INET6_ADDRSTRLEN).address() == 0) {
            throw new IllegalStateException("inet_ntop cannot format an IPv6 address"); // it always can
        }
        return text.getString(0);
    }

    // ---- binary addresses -----------------------------------------------------------------------

    /**
     * Parses an address literal of {@code family} with {@code inet_pton(3)}.
     *
     * @param text checked text: no NUL
     * @return the {@code struct in_addr} or {@code struct in6_addr}, in {@code arena}; null if
     *         the text is no literal of that family
     */
    static MemorySegment parse(Arena arena, int family, String text) {
        MemorySegment dst = arena.allocate(family == SocketConstants.AF_INET6 ? Layouts.IN6_ADDR : Layouts.IN_ADDR);
        return Libc.inet_pton(family, arena.allocateFrom(text), dst) == 1 ? dst : null;
    }

    /**
     * @param address a {@code struct in_addr} (AF_INET, 4 bytes) or {@code struct in6_addr}
     *                (AF_INET6, 16 bytes), native or on the heap
     * @return its text
     */
    static String text(int family, MemorySegment address) {
        if (family == SocketConstants.AF_INET) {
            return (address.get(JAVA_BYTE, 0) & 0xFF) + "." + (address.get(JAVA_BYTE, 1) & 0xFF) + "."
                    + (address.get(JAVA_BYTE, 2) & 0xFF) + "." + (address.get(JAVA_BYTE, 3) & 0xFF);
        }
        return ipv6Text(address);
    }

    // ---- the module's inet_* functions ------------------------------------------------------------

    static byte[] inet_aton(String ip_string) throws SocketException {
        checkText("ip_string", ip_string);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(Layouts.IN_ADDR);
            if (Libc.inet_aton(arena.allocateFrom(ip_string), in) == 0) {
                throw new SocketException("inet_aton", 0, "illegal IP address string passed to inet_aton");
            }
            return in.toArray(JAVA_BYTE);
        }
    }

    static String inet_ntoa(byte[] packed_ip) {
        if (packed_ip.length != Layouts.IN_ADDR_SIZE) {
            throw new IllegalArgumentException("packed IP wrong length for inet_ntoa: " + packed_ip.length
                    + " bytes, not 4");
        }
        return text(SocketConstants.AF_INET, MemorySegment.ofArray(packed_ip));
    }

    static byte[] inet_pton(int family, String text) throws SocketException {
        checkText("ip_string", text);
        if (family != SocketConstants.AF_INET && family != SocketConstants.AF_INET6) {
            // glibc's inet_pton knows these two families and fails with EAFNOSUPPORT for any
            // other before reading the text; said here, as the call's handle keeps no errno.
            throw Errors.of("inet_pton", Errno.EAFNOSUPPORT);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = parse(arena, family, text);
            if (address == null) {
                throw new SocketException("inet_pton", 0, "illegal IP address string passed to inet_pton");
            }
            return address.toArray(JAVA_BYTE);
        }
    }

    static String inet_ntop(int family, byte[] packed) {
        Objects.requireNonNull(packed, "packed_ip");
        int size;
        if (family == SocketConstants.AF_INET) {
            size = Layouts.IN_ADDR_SIZE;
        } else if (family == SocketConstants.AF_INET6) {
            size = Layouts.IN6_ADDR_SIZE;
        } else {
            throw new IllegalArgumentException("unknown address family " + family);
        }
        if (packed.length != size) {
            throw new IllegalArgumentException("invalid length of packed IP address string: "
                    + packed.length + " bytes, not " + size);
        }
        return text(family, MemorySegment.ofArray(packed));
    }
}
