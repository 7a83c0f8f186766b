package dev.awaitj.benchmarks.w2;

import dev.awaitj.benchmarks.support.StageSource;
import dev.awaitj.benchmarks.support.SingleThread;
import java.util.concurrent.CompletableFuture;

/**
 * Stages that the benchmark thread itself completes, one at a time ({@link #completeNext()}): the
 * waiting code resumes inside that call, on the same thread. No executor, queue or lock is
 * involved, so what is left is the cost of suspending and resuming itself.
 */
final class Relay implements StageSource {
    private CompletableFuture<Integer> pending;

    @Override
    public CompletableFuture<Integer> next() {
        CompletableFuture<Integer> stage = new CompletableFuture<>();
        pending = stage;
        return stage;
    }

    /** Completes the stage handed out last; the code waiting for it asks for the next one. */
    void completeNext() {
        CompletableFuture<Integer> stage = pending;
        pending = null;
        stage.complete(SingleThread.ONE);
    }
}
