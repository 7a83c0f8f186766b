package dev.awaitj.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The future an {@code @Async} method returns. A plain {@link CompletableFuture} in behaviour;
 * its own type only so that the runtime can recognise futures of async methods.
 *
 * @param <T> the value type
 */
public class AsyncFuture<T> extends CompletableFuture<T> {

    /** Creates an incomplete future. */
    public AsyncFuture() {
    }

    /** Completes this future with the outcome of {@code stage}, failures unwrapped. */
    @SuppressWarnings("unchecked")
    final void completeFrom(CompletionStage<?> stage) {
        if (stage == null) {
            completeExceptionally(new NullPointerException(
                    "an @Async method returned null instead of a CompletionStage"));
            return;
        }
        if (stage.getClass() == CompletableFuture.class || stage instanceof AsyncFuture) {
            CompletableFuture<?> done = (CompletableFuture<?>) stage;
            if (done.isDone()) {
                try {
                    complete((T) done.getNow(null));
                } catch (Throwable failure) {
                    completeExceptionally(Outcomes.unwrap(failure));
                }
                return;
            }
        }
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                complete((T) value);
            } else {
                completeExceptionally(Outcomes.unwrap(failure));
            }
        });
    }

    @Override
    public String toString() {
        return "AsyncFuture" + super.toString().substring(super.toString().indexOf('@'));
    }
}
