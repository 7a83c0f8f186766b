package dev.awaitj;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The outcome of async work started elsewhere: it completes as the followed stage does (a failure
 * unwrapped), and cancelling it cancels that stage. Used by {@link Dispatch} and {@link OffLoop}.
 */
class ForwardingFuture<T> extends CompletableFuture<T> {
    private volatile CompletionStage<T> stage;

    /** Follows the stage the work returned; null fails this future, and if this is already done it is cancelled. */
    final void follow(CompletionStage<T> started) {
        if (started == null) {
            completeExceptionally(new NullPointerException("the work returned null"));
            return;
        }
        stage = started;
        if (isDone()) {
            Failures.cancel(started);
            return;
        }
        started.whenComplete((value, failure) -> {
            if (failure == null) {
                complete(value);
            } else {
                completeExceptionally(Failures.unwrap(failure));
            }
        });
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        CompletionStage<T> started = stage;
        if (cancelled && started != null) {
            Failures.cancel(started);
        }
        return cancelled;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
