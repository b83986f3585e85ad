package org.bsdsock.socket.attack;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.bsdsock.socket.api.SocketException;

/**
 * The fuzzers' oracle for what a call may raise, and a tally of what each entry point did.
 *
 * <p>The allowed set is the API's javadoc ({@code SocketModule}, {@code SocketType}, the
 * address records): a failure the system reports is a {@link SocketException} (or one of its
 * subclasses); an invalid argument is an {@link IllegalArgumentException} (its subclasses
 * included) before any system call; a null where the javadoc says "not null" is a
 * {@link NullPointerException}, allowed only when the input passed a null. Anything else — an
 * {@code IndexOutOfBoundsException}, an {@code ArithmeticException}, an
 * {@code OutOfMemoryError}, an {@code IllegalStateException}, any other {@link Error} — is a
 * finding.
 */
final class Outcomes {
    private final String target;
    private final Map<String, Map<String, LongAdder>> tally = new ConcurrentHashMap<>();
    private final LongAdder inputs = new LongAdder();

    Outcomes(String target) {
        this.target = target;
    }

    /** A call under test. */
    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    /** Counts one fuzz input. */
    void input() {
        inputs.increment();
    }

    /**
     * Runs {@code call} under the oracle and counts its outcome under {@code entry}.
     *
     * @param nullPassed whether the input handed the call a null
     * @return the exception it raised (an allowed one), or null if it returned
     * @throws AssertionError if it raised anything outside the allowed set
     */
    Throwable run(String entry, boolean nullPassed, Call call) {
        Throwable raised;
        try {
            call.run();
            raised = null;
        } catch (Throwable t) {
            raised = t;
        }
        count(entry, raised);
        if (raised != null && !allowed(raised, nullPassed)) {
            throw new AssertionError(entry + " raised " + raised.getClass().getName() + " (outside "
                    + "SocketException / IllegalArgumentException" + (nullPassed ? " / NullPointerException" : "")
                    + "): " + raised.getMessage(), raised);
        }
        return raised;
    }

    static boolean allowed(Throwable t, boolean nullPassed) {
        return t instanceof SocketException || t instanceof IllegalArgumentException
                || (nullPassed && t instanceof NullPointerException);
    }

    private void count(String entry, Throwable raised) {
        String outcome = raised == null ? "returned" : raised.getClass().getSimpleName();
        tally.computeIfAbsent(entry, e -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, o -> new LongAdder()).increment();
    }

    /** @return how many inputs were counted */
    long inputs() {
        return inputs.sum();
    }

    /** Prints the tally: inputs, and per entry point the calls and their outcomes. */
    void print() {
        StringBuilder b = new StringBuilder("[attack] " + target + ": " + inputs.sum() + " inputs ("
                + (Hosts.ISOLATED ? "in a network namespace with loopback only" : "host names restricted")
                + (KnownDefects.INCLUDED ? ", known defects included" : ", known defects steered around") + ")\n");
        new TreeMap<>(tally).forEach((entry, outcomes) -> {
            long calls = outcomes.values().stream().mapToLong(LongAdder::sum).sum();
            b.append(String.format("  %-28s %9d calls:", entry, calls));
            new TreeMap<>(outcomes).forEach((o, n) -> b.append(' ').append(o).append(' ').append(n.sum()));
            b.append('\n');
        });
        System.err.print(b);
    }
}
