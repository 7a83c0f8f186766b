package dev.awaitj.stream;

import dev.awaitj.internal.Home;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The producer of a stream that consumes a {@link Flow.Publisher}: one subscription per run,
 * values held in a buffer of at most {@code capacity} (requested in batches: {@code capacity} at
 * first, then more each time the consumer has taken half of it), emitted one at a time, each emit
 * awaited before the next. When the consumer stops early, fails or is cancelled, the subscription
 * is cancelled before the producer's stage completes, so the consumer's {@code await} resumes
 * after the cancel (it is this producer's cleanup, as a {@code finally} block is an async
 * producer's); an upstream {@code onError} ends the stream with that exception as it is. The
 * values are emitted at the consumer's {@link Home} (its loop or dispatch, its task), whichever
 * thread the publisher signals on.
 */
final class PublisherProducer<T> implements Producer<T> {
    private final Flow.Publisher<? extends T> publisher;
    private final int capacity;

    PublisherProducer(Flow.Publisher<? extends T> publisher, int capacity) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        if (capacity < 1) {
            throw new IllegalArgumentException("buffer capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public CompletionStage<?> produce(Emitter<T> out) {
        Run<T> run = new Run<>(out, capacity);
        publisher.subscribe(run);
        return run.result;
    }

    static final class Run<T> implements Flow.Subscriber<T> {
        private final Emitter<T> out;
        private final int capacity;
        private final int batch;
        /** The producer's stage; it completes early only after the subscription was cancelled. */
        final Result result = new Result();
        private final ArrayDeque<T> buffer;
        private final AtomicInteger wip = new AtomicInteger();
        /** Where the consumer runs: the drain emits there, whichever thread signals. */
        private final Home home = Home.current();
        private final Runnable drainLoop = this::drainLoop;
        private Flow.Subscription subscription;
        /** The run stops before the publisher ended it: the subscription is to be cancelled. */
        private boolean stopping;
        private volatile boolean upstreamDone;
        private volatile Throwable upstreamFailure;
        /** Set while an emit's stage is pending; touched only by the drain loop. */
        private boolean emitPending;
        private int taken;

        Run(Emitter<T> out, int capacity) {
            this.out = out;
            this.capacity = capacity;
            this.batch = Math.max(1, capacity / 2);
            this.buffer = new ArrayDeque<>(Math.min(capacity, 1024));
        }

        /**
         * The producer's stage. Cancelling it (the consumer was cancelled) cancels the
         * subscription first, so whoever waits for this stage's end sees the cancel made.
         */
        final class Result extends CompletableFuture<Void> {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                if (!isDone()) {
                    cancelSubscription();
                }
                return super.cancel(mayInterruptIfRunning);
            }

            @Override
            public <U> CompletableFuture<U> newIncompleteFuture() {
                return new CompletableFuture<>();
            }
        }

        /** The consumer stopped early or failed: cancel the subscription, then end with {@code failure}. */
        private void stop(Throwable failure) {
            cancelSubscription();
            result.completeExceptionally(failure);
        }

        private void cancelSubscription() {
            Flow.Subscription s;
            synchronized (this) {
                stopping = true;
                s = subscription;
            }
            if (s != null) {
                s.cancel(); // idempotent (§3.5); onSubscribe cancels one that arrives later
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            Objects.requireNonNull(s, "subscription");
            boolean stop;
            synchronized (this) {
                if (subscription != null) {
                    s.cancel(); // §2.5: one subscription at a time
                    return;
                }
                subscription = s;
                stop = stopping || result.isDone();
            }
            if (stop) {
                s.cancel();
                return;
            }
            s.request(capacity);
        }

        @Override
        public void onNext(T item) {
            if (item == null) {
                onError(new NullPointerException("the publisher signalled onNext(null) (§2.13)"));
                return;
            }
            boolean overflow;
            synchronized (this) {
                overflow = buffer.size() >= capacity;
                if (!overflow) {
                    buffer.add(item);
                }
            }
            if (overflow) {
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.cancel();
                }
                onError(new IllegalStateException(
                        "the publisher sent more values than were requested (§1.1)"));
                return;
            }
            drain();
        }

        @Override
        public void onError(Throwable failure) {
            upstreamFailure = Objects.requireNonNull(failure, "failure");
            upstreamDone = true;
            drain();
        }

        @Override
        public void onComplete() {
            upstreamDone = true;
            drain();
        }

        /** Emits buffered values at the consumer's home; one drain at a time, whichever thread signals. */
        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            try {
                home.run(drainLoop);
            } catch (RejectedExecutionException closed) {
                stop(closed); // the consumer's loop is closed; wip stays up: no drain runs again
            }
        }

        private void drainLoop() {
            int missed = 1;
            for (;;) {
                while (!emitPending && !result.isDone()) {
                    T next;
                    synchronized (this) {
                        next = buffer.poll();
                    }
                    if (next == null) {
                        if (upstreamDone) {
                            Throwable failure = upstreamFailure;
                            if (failure == null) {
                                result.complete(null);
                            } else {
                                result.completeExceptionally(failure);
                            }
                        }
                        break;
                    }
                    CompletionStage<Void> emitted;
                    try {
                        emitted = out.emit(next);
                    } catch (Throwable thrown) {
                        emitted = Stages.failed(thrown);
                    }
                    if (++taken == batch) {
                        taken = 0;
                        subscription.request(batch);
                    }
                    CompletableFuture<?> done = Stages.doneOrNull(emitted);
                    if (done != null) {
                        Throwable failure = Stages.failureOf(done);
                        if (failure != null) {
                            stop(failure);
                        }
                    } else {
                        emitPending = true;
                        home.whenComplete(emitted, (ignored, failure) -> {
                            if (failure != null) {
                                stop(Stages.unwrap(failure));
                            }
                            emitPending = false; // published to the next drain by the wip counter
                            drain();
                        });
                    }
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        }
    }

}
