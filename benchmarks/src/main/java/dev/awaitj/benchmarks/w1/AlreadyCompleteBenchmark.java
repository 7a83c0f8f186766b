package dev.awaitj.benchmarks.w1;

import dev.awaitj.benchmarks.support.VirtualThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W1: {@code await} of a stage that is already complete, in a loop of {@value #AWAITS}. One
 * operation is one await (JMH divides by {@link OperationsPerInvocation}), so {@code ns/op} is
 * the cost of one await and {@code gc.alloc.rate.norm} (with {@code -prof gc}) the bytes it
 * allocates. The async variants also allocate their result future once per call of
 * {@value #AWAITS} awaits, which shows as a few hundredths of a byte per operation.
 *
 * <p>The floor is the same loop in synchronous code, reading each complete stage with
 * {@code join()} (what {@code await} means on a complete stage); {@code plainIntArray} shows what
 * a loop over plain values would cost, without any futures at all.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AlreadyCompleteBenchmark {
    static final int AWAITS = 1000;

    private CompletableFuture<Integer>[] stages;
    private int[] values;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        stages = new CompletableFuture[AWAITS];
        values = new int[AWAITS];
        for (int i = 0; i < AWAITS; i++) {
            values[i] = i & 127;
            stages[i] = CompletableFuture.completedFuture(values[i]); // cached boxes: no boxing cost
        }
        // Move the stages to the old generation now. Otherwise the first young collection, which
        // only the variants that allocate (their result future, once per call) ever trigger,
        // copies them in the middle of the run, and those variants then read them from a new
        // layout: measured 0.7-1.2 ns per element for the same compiled loop.
        System.gc();
    }

    @Benchmark
    @OperationsPerInvocation(AWAITS)
    public int synchronousJoin() {
        return synchronousSum(stages);
    }

    @Benchmark
    @OperationsPerInvocation(AWAITS)
    public int plainIntArray() {
        int sum = 0;
        for (int value : values) {
            sum += value;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(AWAITS)
    public int awaitj() {
        return AwaitjSum.sum(stages).join();
    }

    /** Each await awaits a call of an async method that itself completed without suspending. */
    @Benchmark
    @OperationsPerInvocation(AWAITS)
    public int awaitjNestedCall() {
        return AwaitjSum.sumThroughCalls(stages).join();
    }

    @Benchmark
    @OperationsPerInvocation(AWAITS)
    public int handWrittenStateMachine() {
        return CallbackSum.StateMachine.sum(stages).join();
    }

    @Benchmark
    @OperationsPerInvocation(AWAITS)
    public int thenCompose() {
        return CallbackSum.thenCompose(stages, 0, 0).join();
    }

    /** The synchronous loop in a new virtual thread per call (its start and join amortized). */
    @Benchmark
    @OperationsPerInvocation(AWAITS)
    public int virtualThread() {
        int[] result = new int[1];
        VirtualThreads.join(VirtualThreads.start(() -> result[0] = synchronousSum(stages)));
        return result[0];
    }

    private static int synchronousSum(CompletableFuture<Integer>[] stages) {
        int sum = 0;
        for (int i = 0; i < stages.length; i++) {
            sum += stages[i].join();
        }
        return sum;
    }
}
