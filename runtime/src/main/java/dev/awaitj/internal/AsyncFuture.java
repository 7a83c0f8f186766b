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

    /**
     * The async method (or task) that last suspended waiting for this future, for async stack
     * traces; cleared when it resumes. Written without synchronization: diagnostics only.
     */
    AsyncFuture<?> awaiter;

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
                    if (!complete((T) done.getNow(null))) {
                        cleanedUp(null);
                    }
                } catch (Throwable failure) {
                    if (!completeExceptionally(Outcomes.unwrap(failure))) {
                        cleanedUp(failure);
                    }
                }
                return;
            }
        }
        Cancellation.whenSettled(stage, (value, failure) -> {
            boolean completed = failure == null ? complete((T) value)
                    : completeExceptionally(Outcomes.unwrap(failure));
            if (!completed) {
                cleanedUp(failure);
            }
        });
    }

    /**
     * Called when the work behind this future ended after the future was already complete
     * (cancelled), with what it threw or {@code null}; async methods finish their
     * {@link Cancellation} here.
     */
    void cleanedUp(Throwable thrown) {
    }

    /**
     * How this future appears in an async stack trace or task dump when it is not an async
     * method's frame, or {@code null} to leave it out; tasks return their name.
     */
    protected StackTraceElement describeForTrace() {
        return null;
    }

    /** Records that the body of this future (an async method's frame) is {@code body}. */
    protected final void adoptBody(CompletionStage<?> body) {
        if (body instanceof AsyncFuture) {
            ((AsyncFuture<?>) body).awaiter = this;
        }
    }

    @Override
    public String toString() {
        return "AsyncFuture" + super.toString().substring(super.toString().indexOf('@'));
    }
}
