package dev.awaitj.stream;

import dev.awaitj.internal.AsyncTraces;
import dev.awaitj.internal.Cancellation;
import dev.awaitj.internal.DebugHooks;
import dev.awaitj.internal.Home;
import dev.awaitj.internal.StoredFailure;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/** Small helpers on stages, for the stream operators. */
final class Stages {
    private Stages() {
    }

    /**
     * The stage an emit returns when the consumer took the value at once. Shared: a complete
     * stage cannot be completed again, and awaiting it continues inline.
     */
    static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** The failure without {@code CompletionException}/{@code ExecutionException} wrappers. */
    static Throwable unwrap(Throwable failure) {
        while ((failure instanceof CompletionException || failure instanceof ExecutionException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    /** {@code stage} if it is a {@code CompletableFuture} that has completed, else {@code null}. */
    static CompletableFuture<?> doneOrNull(CompletionStage<?> stage) {
        if (stage instanceof CompletableFuture) {
            CompletableFuture<?> future = (CompletableFuture<?>) stage;
            try {
                return future.isDone() ? future : null;
            } catch (UnsupportedOperationException minimalStage) {
                return null;
            }
        }
        return null;
    }

    /** The failure of a completed future, unwrapped, or {@code null} if it succeeded. */
    static Throwable failureOf(CompletableFuture<?> done) {
        // the stored failure itself: join() would hide an operator's own StreamAbort on JDK 23+
        Throwable stored = StoredFailure.of(done);
        return stored == null ? null : unwrap(stored);
    }

    /** Cancels {@code stage} if it can be cancelled. */
    static void cancel(CompletionStage<?> stage) {
        if (stage == null) {
            return;
        }
        try {
            stage.toCompletableFuture().cancel(true);
        } catch (UnsupportedOperationException notConvertible) {
            // nothing to cancel through
        }
    }

    /**
     * Finishes {@code cancellation} (what a cancelled stream future completed with) once
     * {@code work}, the cancelled work behind it, has settled, its cleanup included: awaitj's
     * waiting ({@code await}, timeouts, scopes) resumes only then. A failure of that cleanup is
     * added to the cancellation, and reported if nobody waits for it.
     */
    static void finishWhenSettled(Cancellation cancellation, CompletionStage<?> work) {
        Cancellation.whenSettled(work, (ignored, failure) -> {
            if (!cancellation.finish(failure == null ? null : unwrap(failure)) && cancellation.hasFailures()) {
                DebugHooks.reportLostFailure("a stream's producer failed in its cleanup after its"
                        + " consumer was cancelled, so nobody can see the exception", cancellation);
            }
        });
    }

    /**
     * The innermost await the async work behind {@code stage} waits at (a producer's frame, or
     * through a chain of collections), for task dumps; {@code null} if there is none.
     */
    static StackTraceElement whereItWaits(CompletionStage<?> stage) {
        if (stage == null) {
            return null;
        }
        java.util.List<StackTraceElement> chain = AsyncTraces.waitChain(stage);
        return chain.isEmpty() ? null : chain.get(chain.size() - 1);
    }

    static <T> CompletableFuture<T> failed(Throwable failure) {
        return CompletableFuture.failedFuture(failure);
    }

    /**
     * {@code then} applied to {@code first}'s value, as one stage: cancelling it cancels whichever
     * of the two runs. When {@code first} is already complete this is {@code then}'s own stage,
     * with no allocation; otherwise {@code then} runs at the {@link Home} of the caller (its loop
     * or dispatch, its task), whichever thread completes {@code first}.
     */
    @SuppressWarnings("unchecked")
    static <A, B> CompletionStage<B> compose(CompletionStage<A> first,
            Function<? super A, ? extends CompletionStage<B>> then) {
        CompletableFuture<?> done = doneOrNull(first);
        if (done != null) {
            Throwable failure = failureOf(done);
            if (failure != null) {
                return failed(failure);
            }
            try {
                return then.apply((A) done.join());
            } catch (Throwable thrown) {
                return failed(thrown);
            }
        }
        Chained<B> chained = new Chained<>(first);
        Home.current().whenComplete(first, (value, failure) -> { // then runs where compose was called
            if (failure != null) {
                chained.completeExceptionally(unwrap(failure));
                return;
            }
            CompletionStage<B> second;
            try {
                second = then.apply(value);
            } catch (Throwable thrown) {
                chained.completeExceptionally(thrown);
                return;
            }
            chained.follow(second);
        });
        return chained;
    }

    /** A stage made of stages run one after the other; cancelling it cancels the one running. */
    private static final class Chained<T> extends CompletableFuture<T> {
        private volatile CompletionStage<?> running;
        private volatile Cancellation cancelled;

        Chained(CompletionStage<?> first) {
            this.running = first;
        }

        void follow(CompletionStage<T> next) {
            running = next;
            Cancellation cancellation = cancelled;
            if (cancellation != null) {
                Stages.cancel(next);
                finishWhenSettled(cancellation, next);
            }
            next.whenComplete((value, failure) -> {
                if (failure == null) {
                    complete(value);
                } else {
                    completeExceptionally(unwrap(failure));
                }
            });
        }

        /** Completes with a {@link Cancellation} finished once the stage that runs has settled. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            Cancellation cancellation = new Cancellation("the stream's consumer was cancelled");
            if (!completeExceptionally(cancellation)) {
                return isCancelled();
            }
            cancelled = cancellation;
            CompletionStage<?> stage = running;
            Stages.cancel(stage);
            finishWhenSettled(cancellation, stage);
            return true;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
