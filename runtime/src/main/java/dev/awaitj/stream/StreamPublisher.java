package dev.awaitj.stream;

import dev.awaitj.internal.Cancellation;
import dev.awaitj.internal.DebugHooks;
import dev.awaitj.internal.Home;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link AsyncStream} seen as a {@link Flow.Publisher}: each subscriber gets its own run of the
 * stream's producer (streams are cold), started when it subscribes (after {@code onSubscribe}). An
 * emit made while there is demand is delivered with {@code onNext} at once and returns an
 * already-completed stage, so the producer continues inline; an emit made with no demand holds the
 * value and the producer until the next {@code request(n)}: that is the producer's back-pressure. {@code cancel} ends the run like
 * a consumer that stops early: the producer's pending emit fails and its {@code finally} blocks
 * run. {@code request(n)} with {@code n <= 0} cancels the run and signals
 * {@link IllegalArgumentException} (Reactive Streams §3.9); demand adds up to
 * {@code Long.MAX_VALUE}, which means unbounded.
 */
final class StreamPublisher<T> implements Flow.Publisher<T> {
    private final AsyncStream<T> stream;

    StreamPublisher(AsyncStream<T> stream) {
        this.stream = stream;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber"); // §1.9
        Run<T> run = new Run<>(stream, subscriber);
        try {
            subscriber.onSubscribe(run);
        } catch (Throwable thrown) {
            run.cancel(); // §2.13: the subscriber broke the contract; stop
            return;
        }
        run.start(); // runs the producer up to its first emit, which waits for demand
    }

    /**
     * One subscription: the emitter of one producer run and the subscriber's subscription.
     *
     * <p>Signals stay serial (§1.3) without a lock or a state word on the element path: only the
     * producer's own flow signals. {@code onNext} runs inside its emit; the terminal signal runs
     * once the producer's run has settled, which cannot happen while an emit is on its way, and
     * that holds for the error of a bad {@code request} too (it stops the run and is signalled
     * when the run has ended). Demand is the total requested (written by {@code request} with one
     * CAS) against a count of the values emitted that only the producer writes, so an element
     * costs one atomic operation, the one in {@code request}.
     */
    static final class Run<T> implements Flow.Subscription, Emitter<T> {
        private final AsyncStream<T> stream;
        private final Flow.Subscriber<? super T> subscriber;
        /** Everything requested so far, saturating at {@code Long.MAX_VALUE} (unbounded). */
        private final AtomicLong requested = new AtomicLong();
        /** Values given to onNext so far, and the last {@link #requested} read: the producer's own (its emits are serial). */
        private long emitted;
        private long allowed;
        /** The pending emit's stage while the producer waits for demand. */
        private final AtomicReference<CompletableFuture<Void>> waiting = new AtomicReference<>();
        /** Whether the terminal signal was given (or is not to be: the subscriber cancelled). */
        private final AtomicBoolean terminated = new AtomicBoolean();
        private volatile CompletableFuture<Void> collection;
        private volatile boolean started;
        private volatile boolean cancelled;
        /** The error of a bad request (§3.9), signalled once the run has ended. */
        private volatile Throwable badRequest;
        /**
         * Where {@code subscribe} was called: the run's home. A {@code request(n)} from another
         * thread resumes the producer there, and the terminal signal is given there.
         */
        private final Home home = Home.current();

        Run(AsyncStream<T> stream, Flow.Subscriber<? super T> subscriber) {
            this.stream = stream;
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                fail(new IllegalArgumentException(
                        "request(" + n + "): Reactive Streams §3.9 requires a positive number of elements"));
                return;
            }
            long previous;
            long next;
            do {
                previous = requested.get();
                if (previous == Long.MAX_VALUE) {
                    return;
                }
                next = previous + n;
                if (next < 0) {
                    next = Long.MAX_VALUE; // §3.17: overflow means unbounded
                }
            } while (!requested.compareAndSet(previous, next));
            if (!cancelled && waiting.get() != null) {
                // the producer waits for demand (it re-reads the demand after publishing its stage,
                // so one of the two sees the other)
                CompletableFuture<Void> w = waiting.getAndSet(null);
                if (w != null) {
                    w.complete(null); // the producer resumes and emits on this thread
                }
            }
        }

        private synchronized void start() {
            if (started) {
                return;
            }
            started = true;
            CompletableFuture<Void> run = stream.collect(this);
            collection = run;
            // once the producer has settled, cleanup included: no emit can be on its way then
            home.whenSettled(run, (ignored, failure) -> ended(failure));
            if (cancelled) {
                run.cancel(false);
            }
        }

        @Override
        public CompletionStage<Void> emit(T value) {
            if (cancelled) {
                return Stages.failed(new CancellationException("the subscriber cancelled"));
            }
            if (emitted == allowed && emitted == (allowed = requested.get())) {
                // No demand: hold the producer (and its value) until request(n) completes w.
                CompletableFuture<Void> w = new CompletableFuture<>();
                waiting.set(w);
                allowed = requested.get();
                if (!((allowed != emitted || cancelled) && waiting.compareAndSet(w, null))) {
                    return Stages.compose(w, ignored -> emit(value)); // at this run's home
                }
                if (cancelled) {
                    return Stages.failed(new CancellationException("the subscriber cancelled"));
                }
            }
            emitted++; // no atomic on the demand here: only request(n) writes it
            try {
                subscriber.onNext(value);
            } catch (Throwable thrown) {
                // §2.13: a throwing onNext; the subscription is void, end the producer
                cancelled = true;
                terminated.set(true);
                return Stages.failed(thrown);
            }
            if (cancelled) { // cancelled, or a bad request, during onNext: stop the producer here
                return Stages.failed(new CancellationException("the subscriber's subscription ended"));
            }
            return Stages.DONE;
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            CompletableFuture<Void> run = collection;
            if (run != null) {
                run.cancel(false); // fails the pending emit: the producer's finally blocks run
            }
            CompletableFuture<Void> w = waiting.getAndSet(null);
            if (w != null) {
                w.completeExceptionally(new CancellationException("the subscriber cancelled"));
            }
        }

        /** A bad request: stop the run, and signal {@code failure} once it has ended. */
        private void fail(Throwable failure) {
            if (cancelled) {
                return;
            }
            badRequest = failure; // before cancelled, so that ended() sees it
            cancel();
        }

        /** The run has settled: signal onComplete or onError once, unless the subscriber cancelled. */
        private void ended(Throwable failure) {
            if (!terminated.compareAndSet(false, true)) {
                return;
            }
            Throwable bad = badRequest;
            if (bad != null) {
                signalTerminal(bad);
            } else if (!cancelled) {
                signalTerminal(failure == null ? null : Stages.unwrap(failure));
            }
        }

        private void signalTerminal(Throwable failure) {
            try {
                if (failure == null) {
                    subscriber.onComplete();
                } else {
                    subscriber.onError(failure);
                }
            } catch (Throwable thrown) {
                // §2.13: a subscriber that throws from a terminal signal breaks the contract; the
                // subscription is over and nobody can be signalled, so report it rather than drop it
                DebugHooks.reportLostFailure("a Flow.Subscriber threw from "
                        + (failure == null ? "onComplete" : "onError") + ": " + subscriber, thrown);
            }
        }
    }
}
