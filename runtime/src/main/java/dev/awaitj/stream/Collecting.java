package dev.awaitj.stream;

import dev.awaitj.internal.AsyncFuture;
import dev.awaitj.internal.Cancellation;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One run of a producer into a downstream emitter, in one object: the emitter the producer sees
 * (it checks each emit and passes it on), the callback on the producer's stage, and the future of
 * the whole collection, which completes with {@code result} once the producer is done.
 *
 * <p>Why a checking emitter between the producer and its consumer: a producer is user code, and
 * the stream's contract depends on it awaiting each emit, never emitting {@code null}, and not
 * carrying on after the consumer has stopped. Each emit reads one volatile field on the way
 * through; the consumer's stage is returned as it is, so a consumer that took the value at once
 * costs the producer nothing more.
 *
 * <p>Outcome: if the consumer failed (an emit's stage failed or the consumer threw), the
 * collection fails with that failure even if the producer caught it; otherwise with the
 * producer's outcome. Cancelling the collection refuses later emits and cancels the producer's
 * stage, which for an async producer cancels the await it waits at, so its {@code finally} blocks
 * run.
 *
 * @param <T> the value type
 * @param <R> the collection's result type
 */
final class Collecting<T, R> extends AsyncFuture<R>
        implements Emitter<T>, BiConsumer<Object, Throwable> {
    private final Emitter<? super T> downstream;
    /**
     * The downstream is an iterator, whose pending emits fail only when it was closed and which
     * ignores that ending itself: its stages go to the producer as they are, with no follower
     * (one stage and one callback fewer per value on the pull path).
     */
    private final boolean toIterator;
    private final Supplier<? extends R> result;
    /** The abort of the operator that collects, which ends the collection as a success. */
    private final Throwable endsWell;
    /** Null while the producer may emit; afterwards, what emit fails with. */
    private volatile Throwable refusal;
    /** The first failure of the consumer; it is the collection's outcome. */
    private volatile Throwable consumerFailure;
    /** The producer's stage, once its synchronous part has returned. */
    private volatile CompletionStage<?> body;
    /** What a cancelled collection completed with, finished once the producer has settled. */
    private volatile Cancellation cancelled;
    /** The producer's stage has been cancelled (not only this collection). */
    private volatile boolean cancelIssued;
    /** A refusal handed out before the producer's cancel was issued; armed after it. */
    private volatile RefusedEmit parked;
    /** The stage the last emit returned; read and written only by the producer's sequential emits. */
    private CompletionStage<?> lastEmit;

    private Collecting(Emitter<? super T> downstream, Supplier<? extends R> result, Throwable endsWell) {
        this.downstream = downstream;
        this.toIterator = downstream instanceof PullIterator;
        this.result = result;
        this.endsWell = endsWell;
    }

    /**
     * Runs {@code producer} into {@code downstream}; the future completes with {@code result}.
     * If {@code endsWell} is not null, a consumer that stops the producer by failing an emit with
     * it (an operator that has enough values) ends the collection with {@code result} too.
     */
    static <T, R> Collecting<T, R> start(Producer<T> producer, Emitter<? super T> downstream,
            Supplier<? extends R> result, Throwable endsWell) {
        Collecting<T, R> collecting = new Collecting<>(downstream, result, endsWell);
        CompletionStage<?> body;
        try {
            body = producer.produce(collecting);
            if (body == null) {
                body = Stages.failed(new NullPointerException(
                        "a stream's producer returned null instead of a CompletionStage"));
            }
        } catch (Throwable thrown) {
            body = Stages.failed(thrown);
        }
        collecting.body = body;
        Cancellation cancelled = collecting.cancelled;
        if (cancelled != null) { // cancelled while the producer's synchronous part ran
            Stages.cancel(body);
            collecting.cancelIssued();
            Stages.finishWhenSettled(cancelled, body);
        }
        CompletableFuture<?> done = Stages.doneOrNull(body);
        if (done != null) {
            collecting.accept(null, Stages.failureOf(done)); // no callback for a finished producer
        } else {
            body.whenComplete(collecting);
        }
        return collecting;
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<Void> emit(T value) {
        Throwable refused = refusal;
        if (refused != null) {
            if (!(refused instanceof CancellationException)) {
                return Stages.failed(refused);
            }
            RefusedEmit refusedEmit = new RefusedEmit(refused, cancelIssued);
            if (!refusedEmit.isArmed()) { // this collection is being cancelled, its producer not yet
                parked = refusedEmit;
                if (cancelIssued) {
                    refusedEmit.arm();
                }
            }
            return refusedEmit;
        }
        if (value == null) {
            return Stages.failed(new NullPointerException("emit(null): stream values must not be null"));
        }
        CompletionStage<?> previous = lastEmit;
        if (previous != null && previous != Stages.DONE && Stages.doneOrNull(previous) == null) {
            return Stages.failed(new IllegalStateException(
                    "emit before the previous emit's stage completed: await each emit before the"
                            + " next (a stream's values are sent one at a time)"));
        }
        CompletionStage<Void> next;
        try {
            next = ((Emitter<T>) downstream).emit(value);
            if (next == null) {
                next = Stages.failed(new NullPointerException(
                        "a stream's consumer returned null instead of a CompletionStage"));
            }
        } catch (Throwable thrown) {
            next = Stages.failed(thrown);
        }
        lastEmit = next;
        if (next != Stages.DONE) {
            CompletableFuture<?> done = Stages.doneOrNull(next);
            if (done != null) {
                Throwable failure = Stages.failureOf(done);
                if (failure != null) {
                    consumerFailed(failure);
                    if (failure instanceof CancellationException) {
                        return new RefusedEmit(failure, true); // the producer stops at a real suspension
                    }
                }
            } else if (!toIterator) {
                PendingEmit pending = new PendingEmit(next);
                next.whenComplete(pending);
                lastEmit = pending;
                if (pending.isDone()) { // the consumer's stage failed as it was registered
                    Throwable failure = Stages.failureOf(pending);
                    if (failure instanceof CancellationException) {
                        return new RefusedEmit(failure, true);
                    }
                }
                return pending;
            }
        }
        return next;
    }

    private void consumerFailed(Throwable failure) {
        if (consumerFailure == null) {
            consumerFailure = failure;
        }
        if (refusal == null) {
            refusal = new IllegalStateException("emit after the consumer stopped or failed ("
                    + (failure instanceof StreamAbort ? failure.getMessage() : failure.toString())
                    + "): a producer must let the exception of an emit propagate (its finally blocks"
                    + " still run), not catch it and emit again; the consumer fails with this"
                    + " exception, so that the mistake is seen", failure);
        }
    }

    /** The producer's stage completed. */
    @Override
    public void accept(Object ignored, Throwable failure) {
        if (refusal == null) {
            refusal = new IllegalStateException(
                    "emit after the producer's stage completed: await each emit inside the producer");
        }
        Throwable consumer = consumerFailure;
        Throwable producer = failure == null ? null : Stages.unwrap(failure);
        if (consumer != null && consumer == endsWell) {
            consumer = null;
            if (producer == endsWell || producer instanceof CancellationException) {
                producer = null; // unwound from the emit that was refused: the expected ending
            }
        }
        if (consumer != null) {
            if (producer != null && producer != consumer && !(producer instanceof CancellationException)) {
                consumer.addSuppressed(producer);
            }
            completeExceptionally(consumer);
        } else if (producer != null) {
            completeExceptionally(producer);
        } else {
            R value;
            try {
                value = result.get();
            } catch (Throwable thrown) {
                completeExceptionally(thrown);
                return;
            }
            complete(value);
        }
    }

    /**
     * Cancels the collection: later emits fail with {@link CancellationException} and the
     * producer's stage is cancelled. The collection completes at once with a {@link Cancellation}
     * that is finished when the producer has settled, so an {@code await} of the collection
     * resumes only after the producer's {@code finally} blocks have run.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (refusal == null) {
            refusal = new CancellationException("the stream's consumer was cancelled");
        }
        Cancellation cancellation = new Cancellation("the stream's consumer was cancelled");
        if (!completeExceptionally(cancellation)) {
            return isCancelled();
        }
        cancelled = cancellation;
        CompletionStage<?> producing = body;
        if (producing != null) { // else start() finishes it once the producer's stage exists
            Stages.cancel(producing);
            cancelIssued();
            Stages.finishWhenSettled(cancellation, producing);
        }
        return true;
    }

    /** The producer's stage has been cancelled: refusals from now on fail when awaited. */
    private void cancelIssued() {
        cancelIssued = true;
        RefusedEmit waiting = parked;
        if (waiting != null) {
            waiting.arm();
        }
    }

    /**
     * What the producer awaits for an emit the consumer has not taken at once: it follows the
     * consumer's stage and records the consumer's failure. Cancelling it (the producer was
     * cancelled while it waited: a timeout, its own consumer's cancellation) cancels the
     * consumer's stage, and the cancellation that comes back is the producer's doing, not a
     * failure of the consumer; the producer resumes once the consumer's side has settled.
     */
    private final class PendingEmit extends CompletableFuture<Void> implements BiConsumer<Object, Throwable> {
        private final CompletionStage<Void> next;
        private volatile boolean cancelledByProducer;

        PendingEmit(CompletionStage<Void> next) {
            this.next = next;
        }

        @Override
        public void accept(Object ignored, Throwable failure) {
            if (failure == null) {
                complete(null);
                return;
            }
            Throwable cause = Stages.unwrap(failure);
            if (!(cancelledByProducer && cause instanceof CancellationException)) {
                consumerFailed(cause);
            }
            completeExceptionally(cause);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelledByProducer = true;
            Cancellation cancellation = new Cancellation("the stream's producer was cancelled at its emit");
            if (!completeExceptionally(cancellation)) {
                return isCancelled();
            }
            Stages.cancel(next);
            Stages.finishWhenSettled(cancellation, next);
            return true;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }

    /**
     * In a task dump, a consumer waiting for this collection shows where the producer waits (an
     * {@code AsyncFuture} so that the dump asks): its innermost await.
     */
    @Override
    protected StackTraceElement describeForTrace() {
        return Stages.whereItWaits(body);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
