package dev.awaitj.stream;

import dev.awaitj.internal.AsyncFuture;
import dev.awaitj.internal.Cancellation;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * The {@link AsyncIterator} of a stream: the stream is collected into this object, whose emit
 * parks the value and returns a stage that {@link #hasNext()} completes when the consumer asks for
 * the next one. Producer and consumer take turns, so at most one value is held.
 *
 * <p>State is guarded by this object's monitor, held only for a few field accesses and never
 * while completing a stage (a completion runs the other side's code). Uncontended when producer
 * and consumer take turns on one thread, which is the usual case: the producer resumes on the
 * consumer's thread or loop.
 */
final class PullIterator<T> implements AsyncIterator<T>, Emitter<T>, BiConsumer<Object, Throwable> {
    private static final CompletableFuture<Boolean> TRUE = CompletableFuture.completedFuture(true);
    private static final CompletableFuture<Boolean> FALSE = CompletableFuture.completedFuture(false);

    private final AsyncStream<T> stream;
    private final StreamAbort closedEarly = new StreamAbort("the stream's iterator was closed");
    private final CompletableFuture<Void> producerDone = new CompletableFuture<>();

    private boolean started;
    private boolean finished;
    private boolean closed;
    private Throwable failure;
    /** The value the producer emitted and the consumer has not taken; null when none. */
    private T value;
    /** The consumer's pending hasNext(), when it waits. */
    private Waiting waiting;
    /** The stage the producer's pending emit returned, when it waits for the consumer. */
    private EmitTurn resume;
    /** The collection of the stream into this iterator, once started. */
    private CompletableFuture<Void> run;

    PullIterator(AsyncStream<T> stream) {
        this.stream = stream;
    }

    @Override
    public CompletionStage<Boolean> hasNext() {
        CompletableFuture<Void> release;
        boolean start;
        synchronized (this) {
            CompletionStage<Boolean> known = knownAnswer();
            if (known != null) {
                return known;
            }
            if (waiting != null) {
                return Stages.failed(new IllegalStateException(
                        "hasNext() while an earlier hasNext() is pending: await each before the next"));
            }
            release = resume;
            resume = null;
            start = !started;
            started = true;
        }
        if (release != null) {
            release.complete(null); // the producer continues to its next emit, here if it can
        } else if (start) {
            CompletableFuture<Void> collection = stream.collect(this);
            synchronized (this) {
                run = collection;
            }
            Cancellation.whenSettled(collection, this); // ends once a cancelled producer cleaned up
        }
        synchronized (this) {
            CompletionStage<Boolean> known = knownAnswer();
            if (known != null) {
                return known;
            }
            waiting = new Waiting();
            return waiting;
        }
    }

    /** The answer to hasNext() if it is known without the producer; holds the monitor. */
    private CompletionStage<Boolean> knownAnswer() {
        if (value != null) {
            return TRUE;
        }
        if (closed) {
            return FALSE;
        }
        if (finished) {
            return failure == null ? FALSE : Stages.failed(failure);
        }
        return null;
    }

    @Override
    public synchronized T next() {
        T next = value;
        if (next == null) {
            throw new NoSuchElementException(
                    "next() without a value: call it once after each hasNext() that completed true");
        }
        value = null;
        return next;
    }

    /** The producer's emit. */
    @Override
    public CompletionStage<Void> emit(T emitted) {
        EmitTurn next;
        Waiting consumer;
        synchronized (this) {
            if (closed) {
                return Stages.failed(closedEarly);
            }
            value = emitted;
            next = new EmitTurn();
            resume = next;
            consumer = waiting;
            waiting = null;
        }
        if (consumer != null) {
            consumer.complete(true);
        }
        return next;
    }

    /** The collection ended: the producer is done. */
    @Override
    public void accept(Object ignored, Throwable thrown) {
        Waiting consumer;
        Throwable cause = thrown == null ? null : Stages.unwrap(thrown);
        synchronized (this) {
            finished = true;
            if (cause != null && cause != closedEarly && !closed) {
                failure = cause;
            }
            consumer = waiting;
            waiting = null;
        }
        producerDone.complete(null);
        if (consumer != null) {
            if (failure == null) {
                consumer.complete(false);
            } else {
                consumer.completeExceptionally(failure);
            }
        }
    }

    @Override
    public void close() {
        CompletableFuture<Void> release;
        CompletableFuture<Void> collection;
        Waiting consumer;
        boolean neverStarted;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            value = null;
            release = resume;
            resume = null;
            consumer = waiting;
            waiting = null;
            collection = run;
            neverStarted = !started;
            started = true;
        }
        if (consumer != null) {
            consumer.complete(false);
        }
        if (neverStarted) {
            producerDone.complete(null);
        } else if (release != null) {
            // waits at its emit: fail that emit, so it unwinds from there, here if it can
            release.completeExceptionally(closedEarly);
        } else if (collection != null) {
            collection.cancel(true); // waits at some other await: cancel it there
        }
    }

    @Override
    public CompletionStage<Void> closeAsync() {
        close();
        return producerDone.thenApply(ignored -> null);
    }

    /**
     * A pending hasNext(): cancelling it (the consumer was cancelled) closes the iterator, and
     * the consumer's await resumes once the producer has finished its cleanup.
     */
    private final class Waiting extends AsyncFuture<Boolean> {
        /** In a task dump, a consumer waiting at hasNext() shows where the producer waits. */
        @Override
        protected StackTraceElement describeForTrace() {
            CompletableFuture<Void> collection;
            synchronized (PullIterator.this) {
                collection = run;
            }
            return Stages.whereItWaits(collection);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            Cancellation cancellation = new Cancellation("the stream's consumer was cancelled");
            if (!completeExceptionally(cancellation)) {
                return isCancelled();
            }
            close();
            Stages.finishWhenSettled(cancellation, producerDone);
            return true;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
