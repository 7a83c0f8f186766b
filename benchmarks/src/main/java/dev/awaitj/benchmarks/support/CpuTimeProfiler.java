package dev.awaitj.benchmarks.support;

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
 * CPU time per operation, for every thread of the benchmark JVM together: the process's CPU time
 * over the iteration divided by its operations. On a machine shared with other work, wall-clock
 * time per operation includes the time the benchmark waited for a core; CPU time does not, so
 * ratios between variants stay readable when the score's error is wide. It does include the
 * CPU the JIT compiler and the garbage collector spend, which are part of the cost of a variant
 * (the collector's share grows with what the variant allocates).
 *
 * <pre>
 *   java -jar awaitj-benchmarks.jar -prof dev.awaitj.benchmarks.support.CpuTimeProfiler ...
 * </pre>
 *
 * Reported as {@code ·cpu.time.norm} in ns/op (for single-shot benchmarks, per single shot).
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long before;

    @Override
    public String getDescription() {
        return "process CPU time per operation (all threads)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        long cpu = os.getProcessCpuTime() - before;
        long ops = result.getMetadata().getAllOps();
        double perOp = ops == 0 ? Double.NaN : cpu / (double) ops;
        return List.of(new ScalarResult("cpu.time.norm", perOp, "ns/op", AggregationPolicy.AVG));
    }
}
