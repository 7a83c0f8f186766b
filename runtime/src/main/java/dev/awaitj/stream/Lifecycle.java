package dev.awaitj.stream;

import dev.awaitj.internal.Cancellation;
import dev.awaitj.internal.DebugHooks;
import dev.awaitj.internal.Home;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The producers of the operators about a stream's end: {@code onCompletion}, {@code catchError},
 * {@code retryWhen}. Each runs the upstream collection, then, once it has settled (its producer's
 * {@code finally} blocks run), a follow-up chosen from its outcome, as one stage ({@link Sequel})
 * that cancelling cancels where it runs. Failures of the downstream and cancellations pass through
 * {@code catchError} and {@code retryWhen} untouched, as they do through Kotlin's {@code catch}
 * and {@code retryWhen}: only the upstream's own failures are theirs to handle.
 */
final class Lifecycle {
    private Lifecycle() {
    }

    /** Every user function of this file is called through here: the one place that would confine it. */
    private static <A, B, C> C call(BiFunction<? super A, ? super B, ? extends C> function, A first, B second) {
        return function.apply(first, second);
    }

    /** What {@code onCompletion}'s action emits through after a failure: nothing may be emitted then. */
    private static <T> Emitter<T> refusing(Throwable cause) {
        return value -> Stages.failed(new IllegalStateException(
                "onCompletion's action emitted after the stream failed or was stopped; it may emit only"
                        + " after a normal end", cause));
    }

    static <T> Producer<T> onCompletion(AsyncStream<T> upstream,
            BiFunction<? super Throwable, ? super Emitter<T>, ? extends CompletionStage<?>> action) {
        return out -> new Sequel(upstream.collect(out), cause -> {
            CompletableFuture<Void> ran = AsyncStream.<T>of(inner -> call(action, cause, inner))
                    .collect(cause == null ? out : refusing(cause));
            if (cause == null) {
                return ran;
            }
            return new Sequel(ran, actionFailure -> {
                if (actionFailure != null && actionFailure != cause && Cancellation.carriesFailure(actionFailure)) {
                    cause.addSuppressed(actionFailure);
                }
                return Stages.failed(cause);
            });
        });
    }

    /** The emitter that remembers the downstream's last answer, to tell its failures from the upstream's. */
    private static final class Watching<T> implements Emitter<T> {
        private final Emitter<T> out;
        private volatile CompletionStage<Void> last;

        Watching(Emitter<T> out) {
            this.out = out;
        }

        @Override
        public CompletionStage<Void> emit(T value) {
            CompletionStage<Void> answer = out.emit(value);
            last = answer;
            return answer;
        }

        /**
         * Collects {@code upstream} through this emitter; then, if it failed on its own (not by the
         * downstream, not cancelled), the stage {@code handle} makes of the failure.
         */
        Sequel thenOnUpstreamFailure(AsyncStream<T> upstream,
                Function<? super Throwable, ? extends CompletionStage<?>> handle) {
            return new Sequel(upstream.collect(this), cause -> {
                if (cause == null) {
                    return Stages.DONE;
                }
                return passesThrough(cause) ? Stages.failed(cause) : handle.apply(cause);
            });
        }

        /** Whether {@code cause} is the downstream's (or a cancellation): not the upstream's to handle. */
        private boolean passesThrough(Throwable cause) {
            if (cause instanceof CancellationException) {
                return true;
            }
            CompletableFuture<?> done = Stages.doneOrNull(last);
            return done != null && Stages.failureOf(done) == cause;
        }
    }

    static <T> Producer<T> catchError(AsyncStream<T> upstream,
            BiFunction<? super Throwable, ? super Emitter<T>, ? extends CompletionStage<?>> handler) {
        return out -> {
            Watching<T> watching = new Watching<>(out);
            return watching.thenOnUpstreamFailure(upstream,
                    cause -> AsyncStream.<T>of(inner -> call(handler, cause, inner)).collect(out));
        };
    }

    static <T> Producer<T> retryWhen(AsyncStream<T> upstream,
            BiFunction<? super Throwable, ? super Long, ? extends CompletionStage<Boolean>> decide) {
        return out -> attempt(upstream, decide, out, 0);
    }

    private static <T> CompletionStage<?> attempt(AsyncStream<T> upstream,
            BiFunction<? super Throwable, ? super Long, ? extends CompletionStage<Boolean>> decide, Emitter<T> out,
            long attempt) {
        return new Watching<>(out).thenOnUpstreamFailure(upstream, cause -> {
            CompletionStage<Boolean> again = Objects.requireNonNull(call(decide, cause, attempt),
                    "retryWhen's function returned null instead of a CompletionStage");
            return Stages.compose(again, retry -> Boolean.TRUE.equals(retry)
                    ? attempt(upstream, decide, out, attempt + 1) : Stages.failed(cause));
        });
    }

    /**
     * {@code first}, then, once it has settled, the stage {@code then} makes of its failure
     * ({@code null} for success), as one stage with the second's outcome. Cancelling it cancels
     * the stage that runs and completes it with a {@link Cancellation} finished once the whole has
     * settled; a follow-up that starts after the cancel (an {@code onCompletion} action) runs as a
     * {@code finally} block does, and learns of it from the cancellation it is given.
     */
    static final class Sequel extends CompletableFuture<Void> {
        private CompletionStage<?> running;
        private Cancellation cancelled;

        @SuppressWarnings("unchecked")
        Sequel(CompletionStage<?> first, Function<? super Throwable, ? extends CompletionStage<?>> then) {
            running = first;
            // the follow-up is user code (onCompletion, catchError, retryWhen): at the consumer's home
            Home.current().whenSettled(first, (ignored, failure) -> {
                Throwable cause = failure == null ? null : Stages.unwrap(failure);
                Cancellation early;
                synchronized (this) {
                    early = cancelled;
                }
                if (early != null && cause == null) {
                    cause = early;
                }
                CompletionStage<?> next;
                try {
                    next = then.apply(cause);
                } catch (Throwable thrown) {
                    next = Stages.failed(thrown);
                }
                Cancellation late;
                synchronized (this) {
                    running = next;
                    late = cancelled;
                }
                if (early == null && late != null) {
                    Stages.cancel(next);
                }
                Cancellation.whenSettled(next, (value, last) -> settle(last == null ? null : Stages.unwrap(last)));
            });
        }

        private void settle(Throwable failure) {
            Cancellation cancellation;
            synchronized (this) {
                cancellation = cancelled;
            }
            if (cancellation != null) {
                if (!cancellation.finish(failure) && cancellation.hasFailures()) {
                    DebugHooks.reportLostFailure("a stream failed in its cleanup after its consumer was"
                            + " cancelled, so nobody can see the exception", cancellation);
                }
            } else if (failure == null) {
                complete(null);
            } else {
                completeExceptionally(failure);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            Cancellation cancellation = new Cancellation("the stream's consumer was cancelled");
            if (!completeExceptionally(cancellation)) {
                return isCancelled();
            }
            CompletionStage<?> stage;
            synchronized (this) {
                cancelled = cancellation;
                stage = running;
            }
            Stages.cancel(stage);
            return true;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
