package dev.awaitj;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import dev.awaitj.internal.Handoff;

/** Small helpers on stages and their failures. */
final class Failures {
    private Failures() {
    }

    /** The failure without {@code CompletionException}/{@code ExecutionException} wrappers. */
    static Throwable unwrap(Throwable failure) {
        while ((failure instanceof CompletionException || failure instanceof ExecutionException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    static boolean isCancellation(Throwable failure) {
        return unwrap(failure) instanceof CancellationException;
    }

    /** Cancels {@code stage} if it can be cancelled; returns whether it was. */
    static boolean cancel(CompletionStage<?> stage) {
        CompletableFuture<?> future;
        try {
            future = stage.toCompletableFuture();
        } catch (UnsupportedOperationException notConvertible) {
            return false;
        }
        return future.cancel(true);
    }

    /**
     * Cancels a stage whose result nobody will use. If it had already handed over a value (a
     * permit, a channel item) or hands one over despite the cancellation, the value is given back.
     */
    static void discard(CompletionStage<?> stage) {
        cancel(stage);
        if (stage instanceof Handoff) {
            stage.whenComplete((value, failure) -> {
                if (failure == null) {
                    ((Handoff) stage).refused(value); // an accepted send stays sent
                }
            });
        }
    }

    /**
     * {@code Future.exceptionNow()} (JDK 19+) for {@code future}, on every JDK: its failure,
     * unwrapped.
     *
     * @throws IllegalStateException if it is not done, completed normally or was cancelled
     */
    static Throwable exceptionNow(CompletableFuture<?> future) {
        if (!future.isDone()) {
            throw new IllegalStateException("the future is not done");
        }
        if (future.isCancelled()) {
            throw new IllegalStateException("the future was cancelled");
        }
        if (!future.isCompletedExceptionally()) {
            throw new IllegalStateException("the future completed with a result");
        }
        try {
            future.toCompletableFuture().getNow(null);
        } catch (Throwable failure) {
            return unwrap(failure);
        }
        throw new IllegalStateException("the future completed with a result");
    }

    @SuppressWarnings("unchecked")
    static <X extends Throwable> RuntimeException sneakyThrow(Throwable failure) throws X {
        throw (X) failure;
    }
}
