package dev.awaitj.benchmarks.streams;

import dev.awaitj.benchmarks.support.SingleThread;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Streams (issue 14, point 6). One operation is one element. The "completed" group: 1,000,000
 * elements, each produced by awaiting an already-complete stage and emitting it; values come from
 * a table of 1,024 cached boxes so no variant allocates its Integer. The "suspending" group:
 * 10,000 elements, each after a real suspension on W2's single-thread source, against W2's bare
 * awaitj loop in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class StreamBenchmark {
    static final int ELEMENTS = 1_000_000;
    static final int SUSPENSIONS = 10_000;

    private final Integer[] boxes = new Integer[1024];
    private SingleThread source;

    @Setup
    public void setUp() {
        for (int i = 0; i < boxes.length; i++) {
            boxes[i] = 1000 + i; // outside Integer's cache: boxed once here, never per element
        }
        source = new SingleThread();
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        source.close();
    }

    // ---- already-complete stages ----

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long intStreamFloor() {
        return IntStream.range(0, ELEMENTS).mapToLong(i -> boxes[i & 1023]).sum();
    }

    /** The stream consumed by an @Async method through the push terminal (forEach). */
    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long streamPush() {
        return StreamLoops.pushLoop(StreamLoops.completedProducer(ELEMENTS, boxes)).join();
    }

    /** The stream consumed by an @Async while(await(it.hasNext())) loop. */
    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long streamPull() {
        return StreamLoops.pullLoop(StreamLoops.completedProducer(ELEMENTS, boxes)).join();
    }

    /**
     * The pull path's anchor: Kotlin's rendezvous channel ({@code produce { send(x) }} read with
     * {@code for (x in ch)}) on one thread.
     */
    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long kotlinRendezvousChannel() {
        return KotlinChannel.rendezvousSum(ELEMENTS, boxes);
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long handWrittenPublisher() {
        HandWrittenFlow.SumSubscriber sum = new HandWrittenFlow.SumSubscriber();
        new HandWrittenFlow.RangePublisher(ELEMENTS, boxes).subscribe(sum);
        return sum.result.join();
    }

    /** The stream's Flow.Publisher bridge, to the same request(1) subscriber. */
    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long publisherBridge() {
        HandWrittenFlow.SumSubscriber sum = new HandWrittenFlow.SumSubscriber();
        StreamLoops.completedProducer(ELEMENTS, boxes).toPublisher().subscribe(sum);
        return sum.result.join();
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public long reactorConcatMapFromFuture() {
        return Flux.range(0, ELEMENTS)
                .concatMap(i -> Mono.fromFuture(CompletableFuture.completedFuture(boxes[i & 1023])))
                .reduce(0L, (a, b) -> a + b)
                .block();
    }

    // ---- really suspending ----

    @Benchmark
    @OperationsPerInvocation(SUSPENSIONS)
    public long w2BareSuspension() {
        return StreamLoops.bareSuspensions(source, SUSPENSIONS).join();
    }

    @Benchmark
    @OperationsPerInvocation(SUSPENSIONS)
    public long suspendingStreamPush() {
        return StreamLoops.pushLoop(StreamLoops.suspendingProducer(source, SUSPENSIONS)).join();
    }

    @Benchmark
    @OperationsPerInvocation(SUSPENSIONS)
    public long suspendingStreamPull() {
        return StreamLoops.pullLoop(StreamLoops.suspendingProducer(source, SUSPENSIONS)).join();
    }
}
