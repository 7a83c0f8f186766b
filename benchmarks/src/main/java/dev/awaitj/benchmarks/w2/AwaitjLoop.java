package dev.awaitj.benchmarks.w2;

import dev.awaitj.benchmarks.support.StageSource;
import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;

/** W2 with awaitj: every await really suspends and resumes on the thread that completed it. */
final class AwaitjLoop {
    private AwaitjLoop() {
    }

    @Async
    static CompletableFuture<Integer> sum(StageSource source, int count) {
        int sum = 0;
        for (int i = 0; i < count; i++) {
            sum += await(source.next());
        }
        return CompletableFuture.completedFuture(sum);
    }
}
