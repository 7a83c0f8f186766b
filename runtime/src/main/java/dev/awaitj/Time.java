package dev.awaitj;

import dev.awaitj.internal.Cancellation;
import dev.awaitj.internal.Handoff;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sleeping, yielding and timeouts ({@code asyncio.sleep}, {@code asyncio.wait_for},
 * {@code asyncio.timeout}). Timers run on the event loop of the calling thread (virtual time on a
 * {@link TestEventLoop}) or under its {@link Dispatch}, on the executor's own scheduler where it
 * has one; elsewhere, on one runtime-owned timer thread.
 *
 * <pre>{@code
 * await(Time.sleep(Duration.ofSeconds(1)));                               // blocks no thread
 * try {
 *     page = await(Time.withTimeout(fetch(uri), Duration.ofSeconds(5)));
 * } catch (TimedOutException e) {                                         // unchecked
 *     page = "(timed out)";
 * }
 * String cached = await(Time.withTimeout(fetch(uri), Duration.ofMillis(200), "(stale)"));
 * }</pre>
 *
 * <p>A timeout fails with the unchecked {@link TimedOutException} — deliberately not a
 * {@link CancellationException}, so it cannot be mistaken for (or swallowed as) the caller's own
 * cancellation. The stage that ran out of time is cancelled.
 */
public final class Time {
    private Time() {
    }

    /**
     * A stage that completes (with {@code null}) after {@code delay}. Blocks no thread; cancelling
     * it cancels the timer. A zero or negative delay is {@link #yieldNow()}.
     */
    public static CompletableFuture<Void> sleep(Duration delay) {
        return sleep(delay, null);
    }

    /** Like {@link #sleep(Duration)}, completing with {@code value} ({@code asyncio.sleep(d, result)}). */
    public static <T> CompletableFuture<T> sleep(Duration delay, T value) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isZero() || delay.isNegative()) {
            return yieldNow().thenApply(ignored -> value);
        }
        TimerFuture<T> future = new TimerFuture<>();
        future.timer = Timers.schedule(delay, () -> future.complete(value));
        return future;
    }

    /**
     * Lets the other ready work on the loop run before continuing ({@code asyncio.sleep(0)}): a
     * stage that completes at the loop's next iteration; under a {@link Dispatch}, in a task
     * submitted to its executor. Elsewhere it is already complete.
     */
    public static CompletableFuture<Void> yieldNow() {
        Place place = Place.current();
        if (place == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        place.runLater(() -> future.complete(null));
        return future;
    }

    /**
     * {@code stage}'s outcome, or {@link TimedOutException} (unchecked) if it takes longer than
     * {@code timeout}, in which case {@code stage} is cancelled and the failure comes once it has
     * cleaned up ({@code asyncio.wait_for}). Cancelling the returned stage cancels {@code stage}
     * too. Catch the timeout with {@code catch (TimedOutException e)} around the {@code await}.
     */
    public static <T> CompletableFuture<T> withTimeout(CompletionStage<T> stage, Duration timeout) {
        return timeout(stage, timeout, false, null);
    }

    /**
     * {@code stage}'s outcome, or {@code fallback} if it takes longer than {@code timeout}, in
     * which case {@code stage} is cancelled (Kotlin's {@code withTimeoutOrNull}, with a value).
     */
    public static <T> CompletableFuture<T> withTimeout(CompletionStage<T> stage, Duration timeout,
            T fallback) {
        return timeout(stage, timeout, true, fallback);
    }

    private static <T> CompletableFuture<T> timeout(CompletionStage<T> stage, Duration timeout,
            boolean useFallback, T fallback) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(timeout, "timeout");
        CompletableFuture<T> done = alreadyComplete(stage);
        if (done != null) {
            return done;
        }
        TimeoutFuture<T> result = new TimeoutFuture<>(stage);
        boolean expired = timeout.isZero() || timeout.isNegative();
        if (!expired) {
            result.timer = Timers.schedule(timeout,
                    () -> result.expire(timeout, useFallback, fallback));
        }
        Cancellation.whenSettled(stage, (value, failure) -> {
            Timers.Cancellable timer = result.timer;
            if (timer != null) {
                timer.cancel();
            }
            result.settle(value, failure);
        });
        if (expired) {
            result.expire(timeout, useFallback, fallback);
        }
        return result;
    }

    /** A copy of {@code stage} if it is a complete future, else {@code null}. */
    private static <T> CompletableFuture<T> alreadyComplete(CompletionStage<T> stage) {
        if (!(stage instanceof CompletableFuture)) {
            return null;
        }
        CompletableFuture<T> future = (CompletableFuture<T>) stage;
        try {
            if (!future.isDone()) {
                return null;
            }
        } catch (UnsupportedOperationException minimal) {
            return null;
        }
        CompletableFuture<T> copy = new CompletableFuture<>();
        try {
            copy.complete(future.getNow(null));
        } catch (Throwable failure) {
            copy.completeExceptionally(Failures.unwrap(failure));
        }
        return copy;
    }

    /** A sleep: cancelling it cancels its timer. */
    private static final class TimerFuture<T> extends CompletableFuture<T> {
        volatile Timers.Cancellable timer;

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            Timers.Cancellable scheduled = timer;
            if (cancelled && scheduled != null) {
                scheduled.cancel();
            }
            return cancelled;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }

    /**
     * A stage with a deadline: cancelling it cancels the stage and the timer. When the deadline
     * passes, the stage is cancelled and this future completes only once the stage has settled,
     * cleanup included (a condition wait holds its lock again, a cancelled async method has run
     * its {@code finally} blocks), as {@code asyncio.wait_for} does. If the stage ends with a
     * value it could not give back (an accepted send), that value is the result: the work was done.
     */
    private static final class TimeoutFuture<T> extends CompletableFuture<T> {
        private final CompletionStage<T> stage;
        volatile Timers.Cancellable timer;
        /** The outcome to give once the stage settles after the deadline; set by expire. */
        private volatile Expiry<T> expiry;

        TimeoutFuture(CompletionStage<T> stage) {
            this.stage = stage;
        }

        private static final class Expiry<T> {
            final Duration timeout;
            final boolean useFallback;
            final T fallback;

            Expiry(Duration timeout, boolean useFallback, T fallback) {
                this.timeout = timeout;
                this.useFallback = useFallback;
                this.fallback = fallback;
            }
        }

        void expire(Duration timeout, boolean useFallback, T fallback) {
            synchronized (this) {
                if (isDone() || expiry != null) {
                    return;
                }
                expiry = new Expiry<>(timeout, useFallback, fallback);
            }
            Failures.cancel(stage);
            if (!(stage instanceof CompletableFuture)) {
                // a foreign stage may ignore cancellation: the deadline stands without it
                settleExpired(null, new CancellationException());
            }
        }

        /** The stage settled (cleanup included): its outcome, or the timeout if it expired. */
        void settle(T value, Throwable failure) {
            if (expiry == null) {
                if (failure == null) {
                    complete(value);
                } else {
                    completeExceptionally(Failures.unwrap(failure));
                }
                return;
            }
            settleExpired(value, failure);
        }

        private void settleExpired(T value, Throwable failure) {
            Expiry<T> expired = expiry;
            if (failure == null) {
                if (!(stage instanceof Handoff) || !((Handoff) stage).refused(value)) {
                    complete(value); // done despite the deadline: the work happened
                    return;
                }
            } else if (!Failures.isCancellation(failure)) {
                completeExceptionally(Failures.unwrap(failure));
                return;
            }
            if (expired.useFallback) {
                complete(expired.fallback);
                return;
            }
            TimedOutException timedOut = TimedOutException.after(expired.timeout);
            if (failure != null) {
                for (Throwable cleanup : Failures.unwrap(failure).getSuppressed()) {
                    timedOut.addSuppressed(cleanup); // thrown by the cancelled stage's cleanup
                }
            }
            completeExceptionally(timedOut);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            Cancellation cancellation = new Cancellation("the timed stage was cancelled");
            boolean cancelled = super.completeExceptionally(cancellation);
            if (cancelled) {
                Timers.Cancellable scheduled = timer;
                if (scheduled != null) {
                    scheduled.cancel();
                }
                Failures.discard(stage);
                cancellation.finishWhenSettled(stage);
            }
            return cancelled || isCancelled();
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
