package org.bsdsock.socket.jmh;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The process's CPU time per operation ({@code ·cpu}, ns/op), beside JMH's wall-clock time:
 * on a machine shared with other work a thread waits for a CPU, which inflates wall-clock time
 * but not CPU time. Counted from the start to the end of each iteration, over every operation
 * run in it, so it includes what JMH does around the calls (for {@code Accept}, the
 * invocations' setup: the clients' connects), the same for every implementation.
 * Enabled with {@code -prof org.bsdsock.socket.jmh.CpuPerOp} (jmh.sh does).
 */
public final class CpuPerOp implements InternalProfiler {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long start;

    @Override
    public String getDescription() {
        return "process CPU time per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        start = OS.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        long cpu = OS.getProcessCpuTime() - start;
        long ops = result.getMetadata().getAllOps();
        return ops == 0 ? List.of()
                : List.of(new ScalarResult("·cpu", (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
    }
}
