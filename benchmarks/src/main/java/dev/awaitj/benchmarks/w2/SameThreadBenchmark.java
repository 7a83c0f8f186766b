package dev.awaitj.benchmarks.w2;

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
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W2 without the executor: each stage is completed by the benchmark thread ({@link Relay}), and
 * the waiting code resumes inside {@code complete}. Same loops as {@link SuspendingBenchmark};
 * with the executor's queue and locks gone, the differences between variants are the whole
 * cost: this is the diagnostic for awaitj's own suspension and resumption path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SameThreadBenchmark {
    private final Relay relay = new Relay();

    @Benchmark
    @OperationsPerInvocation(SuspendingBenchmark.SUSPENSIONS)
    public int awaitj() {
        return drive(AwaitjLoop.sum(relay, SuspendingBenchmark.SUSPENSIONS));
    }

    @Benchmark
    @OperationsPerInvocation(SuspendingBenchmark.SUSPENSIONS)
    public int handWrittenStateMachine() {
        return drive(CallbackLoop.StateMachine.sum(relay, SuspendingBenchmark.SUSPENSIONS));
    }

    @Benchmark
    @OperationsPerInvocation(SuspendingBenchmark.SUSPENSIONS)
    public int thenCompose() {
        return drive(CallbackLoop.thenCompose(relay, 0, SuspendingBenchmark.SUSPENSIONS, 0));
    }

    private int drive(CompletableFuture<Integer> result) {
        for (int i = 0; i < SuspendingBenchmark.SUSPENSIONS; i++) {
            relay.completeNext();
        }
        return result.join();
    }
}
