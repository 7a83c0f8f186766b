package dev.awaitj.benchmarks.w3;

import dev.awaitj.benchmarks.w3.Waiters.Started;
import dev.awaitj.benchmarks.w3.Waiters.Variant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W3: a million coroutines waiting on one stage. {@code start} is the time to start them all
 * until each waits; {@code finish} the time from completing the stage until every one has
 * finished. Single-shot: one operation is the whole million. The retained heap per waiting
 * coroutine is measured by {@link RetainedHeap}, which needs full collections JMH cannot do
 * around a measurement.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class ManyWaitersBenchmark {

    /** State of {@code start}: a gate nobody completes during the measurement. */
    @State(Scope.Thread)
    public static class Starting {
        @Param({"AWAITJ", "AWAITJ_DEBUG_LOCALS", "HAND_WRITTEN_STATE_MACHINE", "THEN_COMPOSE", "VIRTUAL_THREAD"})
        public Variant variant;
        @Param({"1000000"})
        public int count;

        CompletableFuture<Integer> gate;
        Started started;

        @Setup(Level.Invocation)
        public void newGate() {
            System.gc(); // the previous million is garbage; don't collect it during the measurement
            gate = new CompletableFuture<>();
        }

        @TearDown(Level.Invocation)
        public void release() {
            if (!started.noneDone()) {
                throw new IllegalStateException("a waiter finished before the gate opened");
            }
            gate.complete(1);
            started.awaitAll();
            started = null;
            gate = null;
        }
    }

    /** State of {@code finish}: a million waiters started before the measurement. */
    @State(Scope.Thread)
    public static class Waiting {
        @Param({"AWAITJ", "AWAITJ_DEBUG_LOCALS", "HAND_WRITTEN_STATE_MACHINE", "THEN_COMPOSE", "VIRTUAL_THREAD"})
        public Variant variant;
        @Param({"1000000"})
        public int count;

        CompletableFuture<Integer> gate;
        Started started;

        @Setup(Level.Invocation)
        public void startWaiters() throws InterruptedException {
            started = null;
            System.gc(); // the previous million is garbage; don't collect it during the measurement
            gate = new CompletableFuture<>();
            started = Waiters.start(variant, gate, count);
            if (variant == Variant.VIRTUAL_THREAD) {
                // let every virtual thread reach its join() before the gate opens
                while (gate.getNumberOfDependents() < count) {
                    Thread.sleep(1);
                }
            }
        }
    }

    /** Until every waiter waits: for virtual threads, until each is parked in {@code join()}. */
    @Benchmark
    public Started start(Starting state) throws InterruptedException {
        state.started = Waiters.start(state.variant, state.gate, state.count);
        if (state.variant == Variant.VIRTUAL_THREAD) {
            while (state.gate.getNumberOfDependents() < state.count) {
                Thread.sleep(1);
            }
        }
        return state.started;
    }

    @Benchmark
    public Started finish(Waiting state) {
        state.gate.complete(1);
        state.started.awaitAll();
        return state.started;
    }
}
