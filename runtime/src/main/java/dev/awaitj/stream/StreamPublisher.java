package dev.awaitj.stream;

import dev.awaitj.internal.DebugHooks;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** One subscription: the emitter of one producer run and the subscriber's subscription. */
    static final class Run<T> implements Flow.Subscription, Emitter<T> {
        private static final int IDLE = 0, IN_NEXT = 1, TERMINAL_PENDING = 2, TERMINATED = 3;

        private final AsyncStream<T> stream;
        private final Flow.Subscriber<? super T> subscriber;
        private final AtomicLong demand = new AtomicLong();
        /** The pending emit's stage while the producer waits for demand. */
        private final AtomicReference<CompletableFuture<Void>> waiting = new AtomicReference<>();
        /** Keeps onNext and the terminal signal serial (§1.3) when the terminal comes from cancel or a bad request. */
        private final AtomicInteger signal = new AtomicInteger(IDLE);
        private volatile CompletableFuture<Void> collection;
        private volatile boolean started;
        private volatile boolean cancelled;
        private volatile Throwable pendingFailure;

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
                previous = demand.get();
                if (previous == Long.MAX_VALUE) {
                    return;
                }
                next = previous + n;
                if (next < 0) {
                    next = Long.MAX_VALUE; // §3.17: overflow means unbounded
                }
            } while (!demand.compareAndSet(previous, next));
            if (cancelled) {
                return;
            }
            if (previous == 0) {
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
            run.whenComplete((ignored, failure) -> {
                if (cancelled) {
                    return;
                }
                if (failure == null) {
                    terminate(null);
                } else {
                    terminate(Stages.unwrap(failure));
                }
            });
            if (cancelled) {
                run.cancel(false);
            }
        }

        @Override
        public CompletionStage<Void> emit(T value) {
            if (cancelled) {
                return Stages.failed(new CancellationException("the subscriber cancelled"));
            }
            long d = demand.get();
            if (d == 0) {
                // No demand: hold the producer (and its value) until request(n) completes w.
                CompletableFuture<Void> w = new CompletableFuture<>();
                waiting.set(w);
                if (!((demand.get() > 0 || cancelled) && waiting.compareAndSet(w, null))) {
                    return w.thenCompose(ignored -> emit(value));
                }
                if (cancelled) {
                    return Stages.failed(new CancellationException("the subscriber cancelled"));
                }
                d = demand.get();
            }
            while (d != Long.MAX_VALUE && !demand.compareAndSet(d, d - 1)) {
                d = demand.get();
            }
            if (!signal.compareAndSet(IDLE, IN_NEXT)) {
                return Stages.failed(new CancellationException("the subscriber's subscription ended"));
            }
            try {
                subscriber.onNext(value);
            } catch (Throwable thrown) {
                // §2.13: a throwing onNext; the subscription is void, end the producer
                cancelled = true;
                signal.set(TERMINATED);
                return Stages.failed(thrown);
            }
            if (!signal.compareAndSet(IN_NEXT, IDLE)) {
                deliverTerminal(); // a terminal signal arrived during onNext
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

        private void fail(Throwable failure) {
            if (cancelled) {
                return;
            }
            cancel();
            terminate(failure);
        }

        /** Signals onComplete (failure null) or onError once, never while onNext runs. */
        private void terminate(Throwable failure) {
            pendingFailure = failure;
            for (;;) {
                int s = signal.get();
                if (s == IDLE) {
                    if (signal.compareAndSet(IDLE, TERMINATED)) {
                        signalTerminal(failure);
                        return;
                    }
                } else if (s == IN_NEXT) {
                    if (signal.compareAndSet(IN_NEXT, TERMINAL_PENDING)) {
                        return; // the running onNext delivers it
                    }
                } else {
                    return;
                }
            }
        }

        private void deliverTerminal() {
            if (signal.compareAndSet(TERMINAL_PENDING, TERMINATED)) {
                signalTerminal(pendingFailure);
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
