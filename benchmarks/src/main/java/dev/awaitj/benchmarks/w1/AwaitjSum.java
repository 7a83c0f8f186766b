package dev.awaitj.benchmarks.w1;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;

/** W1 with awaitj: the loop as a user writes it. Rewritten by the processor at build time. */
final class AwaitjSum {
    private AwaitjSum() {
    }

    @Async
    static CompletableFuture<Integer> sum(CompletableFuture<Integer>[] stages) {
        int sum = 0;
        for (int i = 0; i < stages.length; i++) {
            sum += await(stages[i]);
        }
        return CompletableFuture.completedFuture(sum);
    }

    /** Each step calls an async method that completes without suspending, and awaits it. */
    @Async
    static CompletableFuture<Integer> sumThroughCalls(CompletableFuture<Integer>[] stages) {
        int sum = 0;
        for (int i = 0; i < stages.length; i++) {
            sum += await(valueOf(stages[i]));
        }
        return CompletableFuture.completedFuture(sum);
    }

    @Async
    private static CompletableFuture<Integer> valueOf(CompletableFuture<Integer> stage) {
        return CompletableFuture.completedFuture(await(stage));
    }
}
