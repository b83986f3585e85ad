package org.bsdsock.socket.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A call run on a thread of its own, so that a test can tell when the thread is blocked inside
 * it, do something to the socket meanwhile (close it, stop the provider), and then read how
 * and when the call ended.
 *
 * <p>"Blocked inside" is read from outside the provider's code, so that it holds whatever the
 * provider's classes are called: the thread's stack holds a frame of the call ({@code recv},
 * {@code accept}, ...) in a class of the provider's packages, and
 * <ul>
 * <li>a virtual thread is parked ({@code WAITING} or {@code TIMED_WAITING});</li>
 * <li>a platform thread (which shows {@code RUNNABLE} in native code) has its Linux task asleep
 * in a system call other than {@code futex}, as {@code /proc/self/task/TID/stat} and
 * {@code /proc/self/task/TID/syscall} say;</li>
 * </ul>
 * in {@value #STABLE_SAMPLES} samples in a row, {@value #SAMPLE_MILLIS} ms apart, with the same
 * system call each time. A single sample could catch the thread on its way in.
 */
public final class InCall<T> {
    /** The provider's classes: a frame of the call in one of them means the call is under way. */
    public static final String PROVIDER_PACKAGES = "org.bsdsock.socket.provider.";
    static final int STABLE_SAMPLES = 3;
    static final int SAMPLE_MILLIS = 2;
    /** {@code futex}'s number: a thread asleep in it waits for a lock, not for a socket. */
    private static final int FUTEX = switch (System.getProperty("os.arch", "")) {
        case "amd64", "x86_64" -> 202;
        case "aarch64" -> 98;
        default -> -1;
    };

    private final Thread thread;
    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private final CountDownLatch tidKnown = new CountDownLatch(1);
    private volatile int tid = -1;
    private volatile long endedAt;

    private InCall(String name, boolean virtual, Callable<T> body) {
        Runnable run = () -> {
            if (!Thread.currentThread().isVirtual()) {
                tid = currentTid();
            }
            tidKnown.countDown();
            try {
                T value = body.call();
                endedAt = System.nanoTime();
                outcome.complete(value);
            } catch (Throwable t) {
                endedAt = System.nanoTime();
                outcome.completeExceptionally(t);
            }
        };
        thread = (virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon()).name(name).unstarted(run);
    }

    /**
     * Starts {@code body} on a new thread.
     *
     * @param name    the thread's name
     * @param virtual a virtual thread, else a platform (daemon) thread
     */
    public static <T> InCall<T> start(String name, boolean virtual, Callable<T> body) {
        InCall<T> c = new InCall<>(name, virtual, body);
        c.thread.start();
        return c;
    }

    public Thread thread() {
        return thread;
    }

    /** @return the Linux task id of a platform thread (known once it started), -1 for a virtual thread */
    public int tid() {
        return tid;
    }

    /** @return the call's outcome: its value, or what it threw */
    public CompletableFuture<T> outcome() {
        return outcome;
    }

    /**
     * @return for a platform thread asleep in a system call: the call's number and its six
     *         arguments, as {@code /proc/self/task/TID/syscall} shows them; otherwise null
     */
    public long[] syscall() {
        int t = tid;
        if (t < 0) {
            return null;
        }
        Path task = Path.of("/proc/self/task/" + t);
        try {
            String stat = Files.readString(task.resolve("stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            String[] f = Files.readString(task.resolve("syscall")).trim().split(" ");
            if ((state != 'S' && state != 'D') || f.length < 7 || !Character.isDigit(f[0].charAt(0))) {
                return null;
            }
            long[] call = new long[7];
            call[0] = Long.parseLong(f[0]);
            for (int i = 1; i < 7; i++) {
                call[i] = Long.parseUnsignedLong(f[i].substring(2), 16);
            }
            return call;
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            if (ended(e)) {
                return null;
            }
            throw new UncheckedIOException(e);
        }
    }

    /** @return whether reading a task's file failed because the task ended meanwhile ({@code ESRCH}) */
    private static boolean ended(IOException e) {
        return String.valueOf(e.getMessage()).contains("No such process");
    }

    /** @return when the call returned or threw ({@link System#nanoTime}), 0 while it is inside */
    public long endedAt() {
        return endedAt;
    }

    /**
     * Waits until the thread is blocked inside {@code method} (see the class comment).
     *
     * @throws AssertionError if it does not block within {@code within}, or the call ends first
     */
    public InCall<T> awaitBlockedIn(String method, Duration within) {
        try {
            tidKnown.await(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        awaitStable(thread, tid, method, within, outcome::isDone,
                () -> "the call ended before it blocked: " + describeOutcome());
        return this;
    }

    /**
     * Waits for the call to end with an exception.
     *
     * @return what it threw
     * @throws AssertionError if it returned, or is still inside after {@code within}
     */
    public Throwable failure(Duration within) {
        try {
            T value = outcome.get(within.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError(thread.getName() + ": the call returned " + value + " instead of failing");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError(thread.getName() + ": still inside the call after " + within + ": " + describe(thread, tid), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Waits for the call to return.
     *
     * @return its value
     * @throws AssertionError if it threw (as the cause), or is still inside after {@code within}
     */
    public T result(Duration within) {
        try {
            return outcome.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(thread.getName() + ": the call failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(thread.getName() + ": still inside the call after " + within + ": " + describe(thread, tid), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String describeOutcome() {
        try {
            return "returned " + outcome.getNow(null);
        } catch (RuntimeException e) {
            return "threw " + (e.getCause() != null ? e.getCause() : e);
        }
    }

    /**
     * Waits until thread {@code t}, which the test did not start through this class, is
     * blocked inside {@code method} (see the class comment).
     */
    public static void awaitBlockedIn(Thread t, String method, Duration within) {
        int tid = t.isVirtual() ? -1 : Threads.nativeId(t);
        awaitStable(t, tid, method, within, () -> !t.isAlive(), () -> t + " ended");
    }

    /**
     * Waits until some live thread whose stack holds {@code caller.callerMethod} is blocked
     * inside {@code method} of the provider (for a call made on a thread the test did not start,
     * such as the shell's): a platform thread in a system call, or a virtual thread parked
     * (found in the JVM's thread dump).
     */
    public static void awaitSomeThreadBlockedIn(String caller, String callerMethod, String method, Duration within) {
        awaitStableAny(caller, callerMethod, method, within);
    }

    private static void awaitStableAny(String caller, String callerMethod, String method, Duration within) {
        int[] streak = {0};
        String[] last = {null};
        try {
            await().atMost(within).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(SAMPLE_MILLIS)).until(() -> {
                String now = null;
                for (var e : Thread.getAllStackTraces().entrySet()) {
                    if (Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals(caller)
                            && f.getMethodName().equals(callerMethod))) {
                        Thread t = e.getKey();
                        String s = sample(t, t.isVirtual() ? -1 : Threads.nativeId(t), method);
                        if (s != null) {
                            now = t.threadId() + " " + s;
                            break;
                        }
                    }
                }
                if (now == null) {
                    now = parkedVirtualThread(caller, callerMethod, method);
                }
                streak[0] = now != null && now.equals(last[0]) ? streak[0] + 1 : now != null ? 1 : 0;
                last[0] = now;
                return streak[0] >= STABLE_SAMPLES;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no thread in " + caller + "." + callerMethod + " blocked in " + method
                    + " within " + within, e);
        }
    }

    /**
     * A virtual thread in {@code caller.callerMethod} parked inside the provider's {@code method},
     * from the JVM's own thread dump ({@code jcmd PID Thread.dump_to_file}): the only listing of
     * virtual threads there is ({@link Thread#getAllStackTraces} has none), e.g. for a call the
     * shell runs on a virtual thread.
     *
     * @return {@code "#ID parked"}, or null if there is none
     */
    private static String parkedVirtualThread(String caller, String callerMethod, String method) throws Exception {
        java.nio.file.Path dump = java.nio.file.Files.createTempFile("threads-", ".txt");
        try {
            Process jcmd = new ProcessBuilder(System.getProperty("java.home") + "/bin/jcmd",
                    Long.toString(ProcessHandle.current().pid()), "Thread.dump_to_file", "-overwrite", dump.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!jcmd.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return null;
            }
            for (String thread : java.nio.file.Files.readString(dump).split("\n\n")) {
                String head = thread.lines().findFirst().orElse("");
                if (head.contains(" virtual WAITING") || head.contains(" virtual TIMED_WAITING")) {
                    // the caller's frame, or a lambda of it that the call runs in on the virtual thread
                    if ((thread.contains(caller + "." + callerMethod + "(")
                            || thread.contains(caller + ".lambda$" + callerMethod + "$"))
                            && thread.lines().anyMatch(l -> l.contains(PROVIDER_PACKAGES) && l.contains("." + method + "("))) {
                        return head.substring(0, head.indexOf(' ')) + " parked";
                    }
                }
            }
            return null;
        } finally {
            java.nio.file.Files.deleteIfExists(dump);
        }
    }

    private static void awaitStable(Thread t, int tid, String method, Duration within,
            Callable<Boolean> failFast, java.util.function.Supplier<String> whyFailed) {
        int[] streak = {0};
        String[] last = {null};
        try {
            await().atMost(within).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(SAMPLE_MILLIS))
                    .failFast(() -> {
                        if (failFast.call()) {
                            throw new AssertionError(whyFailed.get());
                        }
                    })
                    .until(() -> {
                        String now = sample(t, tid, method);
                        streak[0] = now != null && now.equals(last[0]) ? streak[0] + 1 : now != null ? 1 : 0;
                        last[0] = now;
                        return streak[0] >= STABLE_SAMPLES;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(t.getName() + " never blocked in " + method + " within " + within + ": "
                    + describe(t, tid), e);
        }
    }

    /**
     * One sample.
     *
     * @return how the thread is blocked in {@code method} ({@code parked}, {@code syscall N}), or null if it is not
     */
    static String sample(Thread t, int tid, String method) {
        StackTraceElement[] stack = t.getStackTrace();
        boolean inCall = Arrays.stream(stack)
                .anyMatch(f -> f.getClassName().startsWith(PROVIDER_PACKAGES) && f.getMethodName().equals(method));
        if (!inCall) {
            return null;
        }
        Thread.State state = t.getState();
        if (t.isVirtual()) {
            return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING ? "parked" : null;
        }
        if (state != Thread.State.RUNNABLE || tid < 0) {
            return null;
        }
        int syscall = sleepingSyscall(tid);
        return syscall >= 0 && syscall != FUTEX ? "syscall " + syscall : null;
    }

    /** @return the system call Linux task {@code tid} of this process sleeps in, or -1 if it is running or gone */
    static int sleepingSyscall(int tid) {
        Path task = Path.of("/proc/self/task/" + tid);
        try {
            String stat = Files.readString(task.resolve("stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            String syscall = Files.readString(task.resolve("syscall")).trim();
            if ((state != 'S' && state != 'D') || syscall.isEmpty() || !Character.isDigit(syscall.charAt(0))) {
                return -1; // "running", or -1 (not in a system call)
            }
            return Integer.parseInt(syscall.split(" ")[0]);
        } catch (NoSuchFileException gone) {
            return -1;
        } catch (IOException e) {
            if (ended(e)) {
                return -1;
            }
            throw new UncheckedIOException(e);
        }
    }

    /** @return the thread's state, Linux task state and system call, and its top frames: for a failure message */
    static String describe(Thread t, int tid) {
        StringBuilder b = new StringBuilder().append(t).append(' ').append(t.getState());
        if (tid >= 0) {
            b.append(", task ").append(tid).append(" syscall ").append(sleepingSyscall(tid));
        }
        StackTraceElement[] stack = t.getStackTrace();
        for (int i = 0; i < Math.min(stack.length, 12); i++) {
            b.append("\n    at ").append(stack[i]);
        }
        return b.toString();
    }

    /** @return the Linux task id of the calling thread ({@code /proc/thread-self} is {@code PID/task/TID}) */
    public static int currentTid() {
        try {
            return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
