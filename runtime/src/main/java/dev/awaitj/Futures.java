package dev.awaitj;

import dev.awaitj.internal.Cancellation;
import dev.awaitj.internal.DebugHooks;
import dev.awaitj.internal.Handoff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Combinators over stages, typed ({@code asyncio.gather}, {@code wait}, {@code as_completed},
 * {@code shield}). Every result is a {@link CompletableFuture}; cancelling it cancels the input
 * stages still running. Failures come out unwrapped (never {@code CompletionException}).
 *
 * <pre>{@code
 * List<String> pages = await(Futures.all(urls.stream().map(this::fetch).toList()));
 * String fastest = await(Futures.race(List.of(mirrorA.get(key), mirrorB.get(key))));
 * for (CompletableFuture<String> next : Futures.asCompleted(fetches)) {
 *     show(await(next));                                   // in the order they finish
 * }
 * }</pre>
 *
 * <p>Unlike {@code asyncio.gather}, {@link #all} cancels the other stages as soon as one fails, so
 * none keeps running unobserved. A loser that had already handed over a resource (a lock permit,
 * a channel item) gives it back, so racing two {@code channel.receive()} calls loses no item. A
 * loser whose handover cannot be undone — a send the channel accepted — becomes the outcome of
 * {@link #race}/{@link #any} in place of a winner that can give way (a value given back, a
 * failure), so a caller never retries a send that went through; if it cannot (both were accepted
 * sends), it is reported through the loop's exception handler rather than dropped.
 */
public final class Futures {
    private Futures() {
    }

    /**
     * All values, in input order, once every stage has succeeded; fails fast with the first
     * failure, cancelling the others ({@code asyncio.gather} / {@code TaskGroup}, JavaScript's
     * {@code Promise.all}). An empty input gives an empty list at once.
     */
    public static <T> CompletableFuture<List<T>> all(
            Collection<? extends CompletionStage<? extends T>> stages) {
        List<CompletionStage<? extends T>> inputs = List.copyOf(stages);
        Combined<List<T>> result = new Combined<>(inputs, false);
        int count = inputs.size();
        if (count == 0) {
            result.complete(List.of());
            return result;
        }
        AtomicInteger remaining = new AtomicInteger(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            result.<T>onSettled(index, (value, failure) -> {
                if (failure != null) {
                    Throwable cause = Failures.unwrap(failure);
                    result.decide(-1, false, () -> result.completeExceptionally(cause));
                    return;
                }
                if (remaining.decrementAndGet() == 0) {
                    @SuppressWarnings("unchecked")
                    List<T> list = (List<T>) result.values(); // every input succeeded
                    result.decide(-1, true, () -> result.complete(list));
                }
            });
        }
        return result;
    }

    /** {@link #all(Collection)} for a fixed number of stages. */
    @SafeVarargs
    @SuppressWarnings("varargs")
    public static <T> CompletableFuture<List<T>> all(CompletionStage<? extends T>... stages) {
        return all(Arrays.asList(stages));
    }

    /**
     * The outcome of every stage, in input order, once all are done; never fails
     * ({@code gather(return_exceptions=True)}, {@code Promise.allSettled}).
     */
    public static <T> CompletableFuture<List<Outcome<T>>> allSettled(
            Collection<? extends CompletionStage<? extends T>> stages) {
        List<CompletionStage<? extends T>> inputs = List.copyOf(stages);
        Combined<List<Outcome<T>>> result = new Combined<>(inputs, false);
        int count = inputs.size();
        if (count == 0) {
            result.complete(List.of());
            return result;
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Outcome<T>[] outcomes = new Outcome[count];
        AtomicInteger remaining = new AtomicInteger(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            result.<T>onSettled(index, (value, failure) -> {
                outcomes[index] = failure == null ? Outcome.success(value) : Outcome.failure(failure);
                if (remaining.decrementAndGet() == 0) {
                    result.decide(-1, true, () -> result.complete(List.of(outcomes)));
                }
            });
        }
        return result;
    }

    /** {@link #allSettled(Collection)} for a fixed number of stages. */
    @SafeVarargs
    @SuppressWarnings("varargs")
    public static <T> CompletableFuture<List<Outcome<T>>> allSettled(
            CompletionStage<? extends T>... stages) {
        return allSettled(Arrays.asList(stages));
    }

    /**
     * The outcome of the first stage to complete, value or failure; the others are cancelled
     * ({@code wait(FIRST_COMPLETED)}, {@code Promise.race}).
     *
     * @throws IllegalArgumentException if {@code stages} is empty
     */
    public static <T> CompletableFuture<T> race(
            Collection<? extends CompletionStage<? extends T>> stages) {
        List<CompletionStage<? extends T>> inputs = nonEmpty(stages, "race");
        Combined<T> result = new Combined<>(inputs, true);
        for (int i = 0; i < inputs.size(); i++) {
            int index = i;
            result.<T>onSettled(index, (value, failure) -> result.decide(index, false, failure == null
                    ? () -> result.complete(value)
                    : () -> result.completeExceptionally(Failures.unwrap(failure))));
        }
        return result;
    }

    /** {@link #race(Collection)} for a fixed number of stages. */
    @SafeVarargs
    @SuppressWarnings("varargs")
    public static <T> CompletableFuture<T> race(CompletionStage<? extends T>... stages) {
        return race(Arrays.asList(stages));
    }

    /**
     * The value of the first stage to succeed; the others are then cancelled
     * ({@code Promise.any}). If all fail, fails with the first failure, the others added to it as
     * suppressed exceptions.
     *
     * @throws IllegalArgumentException if {@code stages} is empty
     */
    public static <T> CompletableFuture<T> any(
            Collection<? extends CompletionStage<? extends T>> stages) {
        List<CompletionStage<? extends T>> inputs = nonEmpty(stages, "any");
        Combined<T> result = new Combined<>(inputs, true);
        Throwable[] failures = new Throwable[inputs.size()];
        AtomicInteger remaining = new AtomicInteger(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            int index = i;
            result.<T>onSettled(index, (value, failure) -> {
                if (failure == null) {
                    result.decide(index, false, () -> result.complete(value));
                    return;
                }
                failures[index] = Failures.unwrap(failure);
                if (remaining.decrementAndGet() == 0) {
                    Throwable first = failures[0];
                    for (int j = 1; j < failures.length; j++) {
                        if (failures[j] != first) {
                            first.addSuppressed(failures[j]);
                        }
                    }
                    result.decide(-1, false, () -> result.completeExceptionally(first));
                }
            });
        }
        return result;
    }

    /** {@link #any(Collection)} for a fixed number of stages. */
    @SafeVarargs
    @SuppressWarnings("varargs")
    public static <T> CompletableFuture<T> any(CompletionStage<? extends T>... stages) {
        return any(Arrays.asList(stages));
    }

    /**
     * One future per input, completing in the order the inputs finish: the first completes with
     * the outcome of whichever input finishes first, and so on ({@code asyncio.as_completed}).
     */
    public static <T> List<CompletableFuture<T>> asCompleted(
            Collection<? extends CompletionStage<? extends T>> stages) {
        List<CompletionStage<? extends T>> inputs = List.copyOf(stages);
        List<CompletableFuture<T>> slots = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            slots.add(new CompletableFuture<>());
        }
        AtomicInteger next = new AtomicInteger();
        for (CompletionStage<? extends T> input : inputs) {
            input.whenComplete((value, failure) -> {
                CompletableFuture<T> slot = slots.get(next.getAndIncrement());
                if (failure == null) {
                    slot.complete(value);
                } else {
                    slot.completeExceptionally(Failures.unwrap(failure));
                }
            });
        }
        return Collections.unmodifiableList(slots);
    }

    /**
     * A stage with {@code stage}'s outcome that shields it from cancellation
     * ({@code asyncio.shield}): cancelling the returned stage — or cancelling the task awaiting
     * it — leaves {@code stage} running.
     *
     * <pre>{@code
     * await(Futures.shield(db.commit()));   // a cancelled request still commits
     * }</pre>
     */
    public static <T> CompletableFuture<T> shield(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage");
        CompletableFuture<T> shielded = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                shielded.complete(value);
            } else {
                shielded.completeExceptionally(Failures.unwrap(failure));
            }
        });
        return shielded;
    }

    private static <T> List<CompletionStage<? extends T>> nonEmpty(
            Collection<? extends CompletionStage<? extends T>> stages, String what) {
        List<CompletionStage<? extends T>> inputs = List.copyOf(stages);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException(what + "() of no stages would never complete");
        }
        return inputs;
    }

    /**
     * A combined result: cancelling it cancels the inputs. Once its outcome is decided, the other
     * inputs are cancelled and the outcome is given only when every input has settled, cleanup
     * included, so nothing the combinator cancelled still runs when its caller resumes.
     *
     * <p>Then every value handed over ({@link Handoff}: a permit, a received item) that the outcome
     * does not use is given back. A value that cannot be given back (a send the channel accepted)
     * must not vanish either: a single-valued combinator ({@code race}, {@code any}) reports it as
     * its outcome in place of the decided one, if that one can be given back or is a failure, so
     * the caller knows the send went through; any other such value is reported as lost.
     */
    private static final class Combined<R> extends CompletableFuture<R> {
        private final List<? extends CompletionStage<?>> inputs;
        private final boolean singleValued;
        private final AtomicInteger unsettled;
        /** Each input's value once it succeeded ({@code NONE} until then, and for failures). */
        private final Object[] values;
        /** The outcome once fixed; written under the lock on {@code values}. */
        private volatile Runnable decision;
        /** The input whose value the decision uses (-1: none), and whether it uses them all. */
        private volatile int kept = -1;
        private volatile boolean keepsAll;
        private final AtomicBoolean given = new AtomicBoolean();
        private volatile Cancellation cancellation;

        private static final Object NONE = new Object();

        Combined(List<? extends CompletionStage<?>> inputs, boolean singleValued) {
            this.inputs = inputs;
            this.singleValued = singleValued;
            this.unsettled = new AtomicInteger(inputs.size());
            this.values = new Object[inputs.size()];
            Arrays.fill(values, NONE);
        }

        /** The inputs' values in input order, as an unmodifiable list ({@code all}, once all succeeded). */
        List<Object> values() {
            synchronized (values) {
                return Collections.unmodifiableList(Arrays.asList(values.clone()));
            }
        }

        /** Calls {@code action} when input {@code index} has settled, then counts it settled. */
        @SuppressWarnings("unchecked")
        <T> void onSettled(int index, BiConsumer<? super T, ? super Throwable> action) {
            CompletionStage<T> input = (CompletionStage<T>) inputs.get(index);
            Cancellation.whenSettled(input, (value, failure) -> {
                try {
                    if (failure == null) {
                        synchronized (values) {
                            values[index] = value;
                        }
                    }
                    action.accept(value, failure);
                } finally {
                    if (unsettled.decrementAndGet() == 0) {
                        giveDecision();
                    }
                }
            });
        }

        /**
         * Fixes the outcome ({@code complete}), unless one was fixed already, and cancels the
         * inputs other than {@code keep} (-1: none); {@code all}: the outcome uses every value.
         * The outcome is given once all inputs have settled.
         */
        void decide(int keep, boolean all, Runnable complete) {
            if (isDone() || decision != null) {
                return;
            }
            synchronized (values) {
                if (decision != null) {
                    return;
                }
                kept = keep;
                keepsAll = all;
                decision = complete;
            }
            cancelInputsExcept(keep);
            if (unsettled.get() == 0) {
                giveDecision();
            }
        }

        private void giveDecision() {
            if (!given.compareAndSet(false, true)) {
                return;
            }
            Runnable decided = decision;
            Cancellation cancelled = cancellation;
            boolean usesAll = cancelled == null && keepsAll;
            int keep = cancelled == null ? kept : -1;
            List<Object> irrevocable = new ArrayList<>(0);
            for (int i = 0; i < inputs.size(); i++) {
                Object value;
                synchronized (values) {
                    value = values[i];
                }
                if (value != NONE && !usesAll && i != keep && inputs.get(i) instanceof Handoff
                        && !((Handoff) inputs.get(i)).refused(value)) {
                    irrevocable.add(value);
                }
            }
            if (cancelled != null) {
                cancelled.finish(null);
            } else if (!irrevocable.isEmpty() && singleValued && replaceable(keep)) {
                complete(irrevocableValue(irrevocable.remove(0)));
            } else if (decided != null) {
                decided.run();
            }
            for (Object value : irrevocable) {
                DebugHooks.reportLostFailure("a stage that lost a Futures combinator had handed over"
                        + " a value that cannot be given back (a send a channel accepted)",
                        new IllegalStateException("handed over irrevocably and not reported to the"
                                + " caller: " + value));
            }
        }

        /** Whether the decided outcome may give way: a failure, or a value that can be given back. */
        private boolean replaceable(int keep) {
            if (keep < 0) {
                return true;
            }
            Object value;
            synchronized (values) {
                value = values[keep];
            }
            if (value == NONE) {
                return true; // the decision is the kept input's failure
            }
            CompletionStage<?> winner = inputs.get(keep);
            return winner instanceof Handoff ? ((Handoff) winner).refused(value) : true;
        }

        @SuppressWarnings("unchecked")
        private R irrevocableValue(Object value) {
            return (R) value;
        }

        void cancelInputs() {
            cancelInputsExcept(-1);
        }

        void cancelInputsExcept(int keep) {
            for (int i = 0; i < inputs.size(); i++) {
                if (i != keep) {
                    Failures.cancel(inputs.get(i));
                }
            }
        }

        /** Reports the cancellation at once; awaitj's waiting sees it once every input settled. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            Cancellation cancelled = new Cancellation("the combined stage was cancelled");
            boolean won = super.completeExceptionally(cancelled);
            if (won) {
                cancellation = cancelled;
                cancelInputs();
                if (unsettled.get() == 0) {
                    giveDecision();
                }
            }
            return won || isCancelled();
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
