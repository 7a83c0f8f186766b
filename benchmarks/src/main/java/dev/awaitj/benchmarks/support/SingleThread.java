package dev.awaitj.benchmarks.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The source of really-suspending stages for W2: each {@link #next()} is a new incomplete future
 * that a single-threaded executor completes a moment later. Every variant pays the same for it
 * (the future, the task that completes it, and the executor's queue node), so differences
 * between variants are the cost of waiting for the stage and of resuming after it.
 */
public final class SingleThread implements AutoCloseable, StageSource {
    /** A cached box, so that completing a stage allocates no {@code Integer}. */
    public static final Integer ONE = 1;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "w2-completer");
        thread.setDaemon(true);
        return thread;
    });

    /** A stage the executor thread completes with {@link #ONE}. */
    public CompletableFuture<Integer> next() {
        CompletableFuture<Integer> stage = new CompletableFuture<>();
        executor.execute(() -> stage.complete(ONE));
        return stage;
    }

    /** Runs {@code task} on the executor thread. */
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
