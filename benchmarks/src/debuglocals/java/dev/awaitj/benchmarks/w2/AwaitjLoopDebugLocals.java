package dev.awaitj.benchmarks.w2;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import dev.awaitj.benchmarks.support.StageSource;
import java.util.concurrent.CompletableFuture;

/**
 * {@link AwaitjLoop} compiled with {@code -Aawaitj.debugLocals=true} (benchmarks/pom.xml): the same
 * body, so W2 compares the option on and off in one run. Reached by name from
 * {@link SuspendingBenchmark#awaitjDebugLocals}, as it is compiled after the main sources.
 */
public final class AwaitjLoopDebugLocals {
    private AwaitjLoopDebugLocals() {
    }

    @Async
    public static CompletableFuture<Integer> sum(StageSource source, int count) {
        int sum = 0;
        for (int i = 0; i < count; i++) {
            sum += await(source.next());
        }
        return CompletableFuture.completedFuture(sum);
    }
}
