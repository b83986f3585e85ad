package org.bsdsock.socket.attack;

import java.util.Map;

/**
 * Bounds each fuzz input: if one input runs longer than {@link #BOUND_MILLIS}, every thread's
 * stack is printed with the input's description and the JVM halts, which fails the run (a hang
 * is a finding, and a call blocked in the kernel cannot be interrupted). Every socket a fuzz
 * input uses has a timeout or is non-blocking, so no correct call waits that long.
 */
final class Watchdog {
    private Watchdog() {
    }

    static final long BOUND_MILLIS = Long.getLong("attack.fuzz.inputBoundMillis", 10_000);

    private static volatile long startedNanos;
    private static volatile String current;

    static {
        Thread t = new Thread(Watchdog::watch, "attack-watchdog");
        t.setDaemon(true);
        t.start();
    }

    /** Marks the start of an input; {@link #end()} marks its end. */
    static void begin(String what) {
        startedNanos = System.nanoTime();
        current = what;
    }

    static void end() {
        current = null;
    }

    private static void watch() {
        while (true) {
            try {
                Thread.sleep(100); // a timer, not synchronisation: it only samples the clock
            } catch (InterruptedException e) {
                return;
            }
            String what = current;
            if (what != null && System.nanoTime() - startedNanos > BOUND_MILLIS * 1_000_000) {
                StringBuilder b = new StringBuilder("\n[attack] HANG: one input ran over " + BOUND_MILLIS
                        + " ms: " + what + "\n");
                for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                    b.append(e.getKey()).append(' ').append(e.getKey().getState()).append('\n');
                    for (StackTraceElement s : e.getValue()) {
                        b.append("    at ").append(s).append('\n');
                    }
                }
                System.err.println(b);
                System.err.flush();
                try { // surefire may drop a halted fork's stderr: the report stays in target/
                    java.nio.file.Files.writeString(java.nio.file.Path.of("target",
                            "attack-hang-" + ProcessHandle.current().pid() + ".txt"), b);
                } catch (java.io.IOException | RuntimeException e) {
                    System.err.println("[attack] could not write the hang report: " + e);
                }
                Runtime.getRuntime().halt(86);
            }
        }
    }
}
