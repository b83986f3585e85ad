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
     * Waits until {@code t} is blocked inside the provider, as seen in two samples at least
     * 2 ms apart (a non-blocking attempt, on the way to a wait, is over in microseconds).
     */
    static void untilBlocked(Thread t, long millis) {
        until(() -> stillBlocked(t), millis, () -> t + " to block in the provider");
    }

    /** Waits until some thread whose stack holds {@code className.method} is blocked in the provider. */
    static void untilSomeThreadBlockedIn(String className, String method, long millis) {
        until(() -> {
            for (var e : Thread.getAllStackTraces().entrySet()) {
                for (StackTraceElement f : e.getValue()) {
                    if (f.getClassName().equals(className) && f.getMethodName().equals(method)) {
                        if (stillBlocked(e.getKey())) {
                            return true;
                        }
                        break;
                    }
                }
            }
            return false;
        }, millis, () -> "a thread in " + className + "." + method + " to block in the provider");
    }

    private static boolean stillBlocked(Thread t) {
        if (!blockedInProvider(t)) {
            return false;
        }
        LockSupport.parkNanos(2_000_000);
        return blockedInProvider(t);
    }

    /**
     * @return true if {@code t} is blocked inside the provider: parked (a virtual thread), or
     *         in a downcall that waits (a platform thread in native code shows RUNNABLE, so
     *         its stack tells): {@code poll}, or a blocking {@code recv}/{@code send}/
     *         {@code accept4}/{@code connect} where the provider makes those
     */
    static boolean blockedInProvider(Thread t) {
        for (StackTraceElement f : t.getStackTrace()) {
            String c = f.getClassName();
            String m = f.getMethodName();
            if (c.equals("org.bsdsock.socket.provider.ffm.IoCore") && m.equals("park")
                    || c.equals("org.bsdsock.socket.provider.ffm.Libc")
                    && java.util.Set.of("poll", "recvWait", "sendWait", "accept4", "connect").contains(m)) {
                return true;
            }
        }
        return false;
    }
}
