package org.bsdsock.socket.bench;

import java.lang.management.ManagementFactory;

/**
 * How long one benchmark process runs its workload: either warm up then measure for fixed
 * times (the rate table), or run an exact number of operations (syscall counting, where
 * bench.sh runs N and 2N and takes the difference so start-up cancels out).
 */
final class Plan {
    final double warmupSeconds;
    final double measureSeconds;
    final long exactOps;

    private Plan(double warmupSeconds, double measureSeconds, long exactOps) {
        this.warmupSeconds = warmupSeconds;
        this.measureSeconds = measureSeconds;
        this.exactOps = exactOps;
    }

    static Plan timed(double warmup, double measure) {
        return new Plan(warmup, measure, 0);
    }

    static Plan ops(long n) {
        return new Plan(0, 0, n);
    }

    interface Op {
        void run() throws Exception;
    }

    /**
     * Result of a measured loop: operations, seconds, bytes allocated per operation (or NaN),
     * and the process's CPU time over the window ({@link Cpu#NONE} when not measured).
     */
    record Measured(long ops, double seconds, double allocPerOp, Cpu cpu) {
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Bytes allocated so far by a platform thread (and any others given), for allocation per op. */
    static long allocated(Thread... threads) {
        long sum = 0;
        for (Thread t : threads) {
            sum += THREADS.getThreadAllocatedBytes(t.threadId());
        }
        return sum;
    }

    /**
     * Bytes allocated so far by every thread of the process (virtual threads' allocations
     * count for the carriers they ran on).
     */
    static long allocatedByAll() {
        return THREADS.getTotalThreadAllocatedBytes();
    }

    // Warm-up and measurement run the same loop: the code compiled during the warm-up (on
    // stack replacement, as the loop runs) then serves the measurement from its first round,
    // where a second loop would start in the interpreter until it is compiled in turn.
    /** Runs {@code op} until {@code end} (System.nanoTime); returns the count, and the time it ended in {@code ended[0]}. */
    private static long runUntil(Op op, long end, long[] ended) throws Exception {
        long n = 0;
        long now;
        do {
            op.run();
            n++;
        } while ((now = System.nanoTime()) < end);
        ended[0] = now;
        return n;
    }

    /**
     * Runs {@code op} on the current thread as planned; {@code peers} are the other platform
     * threads whose allocations count for the operation (e.g. the echoing side).
     */
    Measured loop(Op op, Thread... peers) throws Exception {
        Thread self = Thread.currentThread();
        Thread[] all = new Thread[peers.length + 1];
        all[0] = self;
        System.arraycopy(peers, 0, all, 1, peers.length);
        if (exactOps > 0) {
            long start = System.nanoTime();
            for (long i = 0; i < exactOps; i++) {
                op.run();
            }
            return new Measured(exactOps, (System.nanoTime() - start) / 1e9, Double.NaN, Cpu.NONE);
        }
        long[] ended = new long[1];
        runUntil(op, System.nanoTime() + (long) (warmupSeconds * 1e9), ended);
        long a0 = allocated(all);
        Cpu cpu0 = Cpu.now();
        long start = System.nanoTime();
        long n = runUntil(op, start + (long) (measureSeconds * 1e9), ended);
        long now = ended[0];
        Cpu cpu = Cpu.now().since(cpu0);
        double allocPerOp = (double) (allocated(all) - a0) / n;
        return new Measured(n, (now - start) / 1e9, allocPerOp, cpu);
    }
}
