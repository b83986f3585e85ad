package org.bsdsock.socket.attack;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bsdsock.socket.api.SocketConstants;

/** Values the fuzzers draw from their input: the platform's constants, sizes, flags. */
final class Fuzz {
    private Fuzz() {
    }

    private static final Map<String, int[]> BY_PREFIX = new ConcurrentHashMap<>();

    private static int[] constants(String prefix) {
        return BY_PREFIX.computeIfAbsent(prefix, p -> SocketConstants.all().entrySet().stream()
                .filter(e -> e.getKey().startsWith(p)).mapToInt(e -> e.getValue().intValue()).toArray());
    }

    /** @return mostly the value of a constant named {@code prefix*} (e.g. {@code "AF_"}), else any int */
    static int constant(FuzzedDataProvider d, String prefix) {
        int[] values = constants(prefix);
        if (values.length == 0 || d.consumeInt(0, 3) == 3) {
            return d.consumeInt();
        }
        return values[d.consumeInt(0, values.length - 1)];
    }

    /** @return 0, a few {@code prefix*} constants or-ed, or any int */
    static int flags(FuzzedDataProvider d, String prefix) {
        int n = d.consumeInt(0, 4);
        if (n == 4) {
            return d.consumeInt();
        }
        int[] values = constants(prefix);
        int f = 0;
        for (int i = 0; i < n && values.length > 0; i++) {
            f |= values[d.consumeInt(0, values.length - 1)];
        }
        return f;
    }

    private static final int[] EDGES = {0, 1, -1, 4095, 4096, 4097, 65535, 65536, 65537, 212992,
        Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE - 8, Integer.MAX_VALUE / 4};

    /**
     * @return a size or count: small, near a buffer boundary, negative, or huge; huge ones only
     *         when {@link KnownDefects#HUGE_SIZES_ALLOCATE} is not steered around
     */
    static int size(FuzzedDataProvider d) {
        int s = switch (d.consumeInt(0, 4)) {
            case 0, 1 -> d.consumeInt(0, 4096);
            case 2 -> d.consumeInt(-16, 300_000);
            case 3 -> EDGES[d.consumeInt(0, EDGES.length - 1)];
            default -> d.consumeInt();
        };
        if (KnownDefects.avoid(KnownDefects.HUGE_SIZES_ALLOCATE) && s > KnownDefects.SIZE_CAP) {
            s = s % KnownDefects.SIZE_CAP;
        }
        return s;
    }

    /** @return true now and then (1 in 16); false once the input is used up, so that a short input takes the common path */
    static boolean rarely(FuzzedDataProvider d) {
        return d.consumeInt(0, 15) == 15;
    }

    /** @return a port, 0 to 65535 mostly, now and then out of range */
    static int port(FuzzedDataProvider d) {
        return d.consumeInt(0, 9) == 9 ? d.consumeInt() : d.consumeInt(0, 0xFFFF);
    }

    /** @return a timeout as the API takes it: null (None), 0.0, a few seconds, or a bad double */
    static Double timeout(FuzzedDataProvider d) {
        return switch (d.consumeInt(0, 3)) {
            case 0 -> null;
            case 1 -> d.pickValue(List.of(0.0, -0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1e-12, 1e300));
            case 2 -> d.consumeDouble();
            default -> d.consumeProbabilityDouble();
        };
    }
}
