package dev.awaitj.benchmarks.w2;

import dev.awaitj.benchmarks.support.DebugLocals;
import dev.awaitj.benchmarks.support.SingleThread;
import dev.awaitj.benchmarks.support.StageSource;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.concurrent.CompletableFuture;
import dev.awaitj.benchmarks.support.VirtualThreads;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W2: {@code await} that really suspends. Each stage is completed by a single-threaded executor,
 * and the waiting code resumes there (awaitj and the callback variants run their continuation on
 * the completing thread; a virtual thread is unparked onto the virtual-thread scheduler instead,
 * because the JDK gives no public way to pick its carrier). One operation is one suspension;
 * each call makes {@value #SUSPENSIONS} of them, so the hand-off from the benchmark thread to
 * the executor and back is amortized.
 *
 * <p>{@code gc.alloc.rate.norm} counts every thread's allocations, including the stage itself
 * (the future, its completing task, the executor queue's node) — the same in every variant.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SuspendingBenchmark {
    static final int SUSPENSIONS = 10_000;

    /**
     * {@code AwaitjLoopDebugLocals.sum}: {@link AwaitjLoop} compiled with
     * {@code -Aawaitj.debugLocals=true} after these sources (benchmarks/pom.xml). A constant
     * method handle, which C2 calls as directly as a static method.
     */
    private static final MethodHandle DEBUG_LOCALS_SUM = DebugLocals.find(
            "dev.awaitj.benchmarks.w2.AwaitjLoopDebugLocals", "sum",
            MethodType.methodType(CompletableFuture.class, StageSource.class, int.class));

    private SingleThread source;

    @Setup
    public void setUp() {
        source = new SingleThread();
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        source.close();
    }

    @Benchmark
    @OperationsPerInvocation(SUSPENSIONS)
    public int awaitj() {
        return AwaitjLoop.sum(source, SUSPENSIONS).join();
    }

    /** The same loop compiled with {@code -Aawaitj.debugLocals=true}. */
    @Benchmark
    @OperationsPerInvocation(SUSPENSIONS)
    public int awaitjDebugLocals() throws Throwable {
        return ((CompletableFuture<Integer>) DEBUG_LOCALS_SUM.invokeExact((StageSource) source, SUSPENSIONS)).join();
    }

    @Benchmark
    @OperationsPerInvocation(SUSPENSIONS)
    public int handWrittenStateMachine() {
        return CallbackLoop.StateMachine.sum(source, SUSPENSIONS).join();
    }

    @Benchmark
    @OperationsPerInvocation(SUSPENSIONS)
    public int thenCompose() {
        return CallbackLoop.thenCompose(source, 0, SUSPENSIONS, 0).join();
    }

    /** One virtual thread blocks on {@code join()} of each stage in turn. */
    @Benchmark
    @OperationsPerInvocation(SUSPENSIONS)
    public int virtualThread() {
        int[] result = new int[1];
        VirtualThreads.join(VirtualThreads.start(() -> result[0] = blockingSum(source, SUSPENSIONS)));
        return result[0];
    }

    /** Synchronous code on a platform thread: the benchmark thread blocks on each stage. */
    @Benchmark
    @OperationsPerInvocation(SUSPENSIONS)
    public int platformThreadJoin() {
        return blockingSum(source, SUSPENSIONS);
    }

    private static int blockingSum(SingleThread source, int count) {
        int sum = 0;
        for (int i = 0; i < count; i++) {
            sum += source.next().join();
        }
        return sum;
    }
}
