package dev.awaitj.it.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The two paths every stream test runs on: stages that are already complete when awaited, and
 * stages completed later by another thread, so the awaiting side really suspends.
 */
enum Path {
    COMPLETE, SUSPENDED;

    /** One daemon thread that completes the SUSPENDED path's stages, a millisecond late. */
    static final Executor LATER = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS,
            Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "completer");
                thread.setDaemon(true);
                return thread;
            }));

    /** {@code value}, now or a millisecond later from the completer thread. */
    <T> CompletableFuture<T> of(T value) {
        return this == COMPLETE ? CompletableFuture.completedFuture(value)
                : CompletableFuture.supplyAsync(() -> value, LATER);
    }

    /** A stage that completes (with null) now or later. */
    CompletableFuture<Void> step() {
        return of(null);
    }
}
