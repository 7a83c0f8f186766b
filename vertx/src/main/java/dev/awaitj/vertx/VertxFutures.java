package dev.awaitj.vertx;

import io.vertx.core.Future;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Vert.x futures as stages to {@code await}.
 *
 * <pre>{@code
 * import static dev.awaitj.vertx.VertxFutures.stage;
 *
 * RowSet<Row> rows = await(stage(pool.query(SQL).execute()));
 * }</pre>
 */
public final class VertxFutures {
    private VertxFutures() {
    }

    /**
     * {@code future} as a stage: complete at once if {@code future} is (so the await goes on
     * without suspending, where {@code toCompletionStage()} of a future bound to another context
     * completes only later, on that context), otherwise completed with its outcome, its failure
     * unwrapped. Cancelling the stage does not cancel {@code future} (Vert.x futures cannot be
     * cancelled); the await of it is.
     */
    public static <T> CompletableFuture<T> stage(Future<T> future) {
        Objects.requireNonNull(future, "future");
        if (future.isComplete()) {
            return future.succeeded() ? CompletableFuture.completedFuture(future.result())
                    : CompletableFuture.failedFuture(future.cause());
        }
        CompletableFuture<T> stage = new CompletableFuture<>();
        future.onComplete(stage::complete, stage::completeExceptionally);
        return stage;
    }
}
