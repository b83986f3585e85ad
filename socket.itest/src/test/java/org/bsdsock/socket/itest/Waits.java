package org.bsdsock.socket.itest;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling, for states no event announces (a rebinding, a count of descriptors). */
final class Waits {
    private Waits() {
    }

    /** Polls {@code condition} every millisecond until it holds; fails after {@code millis}. */
    static void until(BooleanSupplier condition, long millis, Supplier<String> what) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + millis + " ms waiting for " + what.get());
            }
            pause();
        }
    }

    /** One poll interval (a millisecond). */
    static void pause() {
        LockSupport.parkNanos(1_000_000);
    }

    /**
     * @return true if {@code t} is blocked inside the provider waiting for its socket: parked
     *         (a virtual thread) or in {@code poll(2)} (a platform thread in native code shows
     *         RUNNABLE, so its stack tells)
     */
    static boolean blockedInProvider(Thread t) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().equals("org.bsdsock.socket.provider.ffm.NativeSocket")
                    && (f.getMethodName().equals("park") || f.getMethodName().equals("poll"))) {
                return true;
            }
        }
        return false;
    }
}
