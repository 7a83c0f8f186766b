package dev.awaitj.benchmarks.w3;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;

/**
 * {@link Waiters#waiter} compiled with {@code -Aawaitj.debugLocals=true} (benchmarks/pom.xml): the
 * gate, dead after the await, is saved too. Reached by name from {@link Waiters}, as it is compiled
 * after the main sources.
 */
public final class WaitersDebugLocals {
    private WaitersDebugLocals() {
    }

    @Async
    public static CompletableFuture<Integer> waiter(CompletableFuture<Integer> gate) {
        int value = await(gate);
        return CompletableFuture.completedFuture(value + 1);
    }
}
