package org.bsdsock.socket.provider.ffm;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling, for states no event announces (a count of threads, of descriptors). */
final class Waits {
    private Waits() {
    }

    /** Polls {@code condition} every millisecond until it holds; fails at {@code deadline} (System.nanoTime). */
    static void until(BooleanSupplier condition, long deadline, Supplier<String> what) {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out " + what.get());
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    static void until(BooleanSupplier condition, Duration within, Supplier<String> what) {
        until(condition, System.nanoTime() + within.toNanos(), what);
    }
}
