package dev.awaitj.benchmarks.w4;

import dev.awaitj.benchmarks.w4.Chains.Variant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * W4: a recursive async chain of {@code depth} levels, resumed from the bottom: the measured
 * operation completes the bottom stage and waits for the top; it runs on the benchmark thread,
 * whose stack is 1 MB ({@code -Xss1m}). The chain is built before, on a thread with a large stack,
 * because its descent is ordinary recursion in every variant. Divide by {@code depth} for the time
 * per level. {@code synchronous} is plain recursion, descent and return, as the floor. Variants
 * that cannot reach a depth on a 1 MB stack fail there with the reason (and are left out of the
 * results: see {@link MaxDepth}).
 * {@link MaxDepth} finds the deepest chain each variant resumes on a 1 MB stack.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 20)
@Measurement(iterations = 20)
@Fork(value = 1, jvmArgsAppend = {"-Xss1m", "-Xms4g", "-Xmx4g"})
public class DeepChainBenchmark {

    /** A chain built before each measurement, waiting for its bottom. */
    @State(Scope.Thread)
    public static class Chain {
        @Param({"AWAITJ", "AWAITJ_ITERATIVELY_BUILT", "HAND_WRITTEN_STATE_MACHINE", "THEN_COMPOSE", "VIRTUAL_THREAD"})
        public Variant variant;

        /**
         * 500: every variant (the hand-written chain overflows a 1 MB stack near 1,000 levels,
         * the virtual thread near 3,000); 100,000: the variants that resume iteratively.
         */
        @Param({"500", "100000"})
        public int depth;

        Chains.Waiting waiting;

        @Setup(Level.Invocation)
        public void build() throws InterruptedException {
            waiting = null;
            waiting = onLargeStack(variant, depth);
        }
    }

    /** The floor's depth. */
    @State(Scope.Thread)
    public static class Floor {
        @Param({"500"})
        public int depth;
    }

    @Benchmark
    public int resumeFromBottom(Chain chain) {
        int top = chain.waiting.resume();
        if (top != chain.depth) {
            throw new IllegalStateException("top = " + top);
        }
        return top;
    }

    /** The floor: plain recursion of the same depth, down and back up. */
    @Benchmark
    public int synchronous(Floor floor) {
        return Chains.synchronous(floor.depth, 0);
    }

    static Chains.Waiting onLargeStack(Variant variant, int depth) throws InterruptedException {
        AtomicReference<Object> built = new AtomicReference<>();
        Thread builder = new Thread(null, () -> {
            try {
                built.set(Chains.build(variant, depth));
            } catch (Throwable t) {
                built.set(t);
            }
        }, "w4-builder", 1L << 30);
        builder.start();
        builder.join();
        if (built.get() instanceof Throwable) {
            throw new IllegalStateException("building the chain failed", (Throwable) built.get());
        }
        return (Chains.Waiting) built.get();
    }
}
