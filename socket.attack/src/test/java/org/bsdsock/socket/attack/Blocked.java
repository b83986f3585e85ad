package org.bsdsock.socket.attack;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether a thread is blocked inside a socket call: its Java stack is inside the socket module,
 * and it waits — a virtual thread parked, a platform thread asleep in the kernel (state
 * {@code S} in {@code /proc/self/task/TID/stat}, found by the thread's name, which HotSpot gives
 * the kernel thread, cut to 15 characters). Sampled twice, a millisecond apart, so that a
 * thread passing through a short sleep is not taken for a blocked one.
 */
final class Blocked {
    private Blocked() {
    }

    /** @return whether {@code t} is blocked in a socket call now */
    static boolean now(Thread t) {
        return once(t) && pause() && once(t);
    }

    private static boolean pause() {
        LockSupport.parkNanos(1_000_000);
        return true;
    }

    private static boolean once(Thread t) {
        if (!inSocketCall(t.getStackTrace())) {
            return false;
        }
        if (t.isVirtual()) {
            Thread.State s = t.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
        }
        return kernelState(t.getName()) == 'S';
    }

    private static boolean inSocketCall(StackTraceElement[] stack) {
        return Arrays.stream(stack).map(StackTraceElement::getClassName)
                .anyMatch(c -> c.startsWith("org.bsdsock.socket.") && !c.startsWith("org.bsdsock.socket.attack."));
    }

    /** @return the kernel's state letter for the thread named {@code name}, or '?' if none has it */
    static char kernelState(String name) {
        String comm = name.length() > 15 ? name.substring(0, 15) : name;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals(comm)) {
                        String stat = Files.readString(task.resolve("stat"));
                        return stat.charAt(stat.lastIndexOf(')') + 2);
                    }
                } catch (IOException ended) {
                    // the task ended while listing
                }
            }
        } catch (IOException e) {
            return '?';
        }
        return '?';
    }
}
