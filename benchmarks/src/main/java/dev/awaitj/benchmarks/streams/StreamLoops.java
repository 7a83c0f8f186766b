package dev.awaitj.benchmarks.streams;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import dev.awaitj.benchmarks.support.StageSource;
import dev.awaitj.stream.AsyncIterator;
import dev.awaitj.stream.AsyncStream;
import dev.awaitj.stream.Emitter;
import java.util.concurrent.CompletableFuture;

/** The awaitj side of the streams benchmark: @Async producers and consumers. */
final class StreamLoops {
    private StreamLoops() {
    }

    /** Producer: awaits an already-complete stage, then emits its value. */
    static AsyncStream<Integer> completedProducer(int count, Integer[] boxes) {
        return AsyncStream.of(out -> produceCompleted(out, count, boxes));
    }

    @Async
    static CompletableFuture<Void> produceCompleted(Emitter<Integer> out, int count, Integer[] boxes) {
        for (int i = 0; i < count; i++) {
            Integer value = await(CompletableFuture.completedFuture(boxes[i & 1023]));
            await(out.emit(value));
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Producer: really suspends on {@code source} before each emit. */
    static AsyncStream<Integer> suspendingProducer(StageSource source, int count) {
        return AsyncStream.of(out -> produceSuspending(out, source, count));
    }

    @Async
    static CompletableFuture<Void> produceSuspending(Emitter<Integer> out, StageSource source, int count) {
        for (int i = 0; i < count; i++) {
            await(out.emit(await(source.next())));
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Consumer: an @Async pull loop over the stream's iterator. */
    @Async
    static CompletableFuture<Long> pullLoop(AsyncStream<Integer> stream) {
        long sum = 0;
        try (AsyncIterator<Integer> it = stream.iterator()) {
            while (await(it.hasNext())) {
                sum += it.next();
            }
        }
        return CompletableFuture.completedFuture(sum);
    }

    /** Consumer: an @Async method awaiting the push-side terminal (forEach), Kotlin's collect. */
    @Async
    static CompletableFuture<Long> pushLoop(AsyncStream<Integer> stream) {
        long[] sum = new long[1];
        await(stream.forEach(v -> sum[0] += v));
        return CompletableFuture.completedFuture(sum[0]);
    }

    /** W2's awaitj loop, in this run for the same-run difference. */
    @Async
    static CompletableFuture<Long> bareSuspensions(StageSource source, int count) {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += await(source.next());
        }
        return CompletableFuture.completedFuture(sum);
    }
}
