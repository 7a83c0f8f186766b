package dev.awaitj.stream;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The producer of a stream that consumes a {@link Flow.Publisher}: one subscription per run,
 * values held in a buffer of at most {@code capacity} (requested in batches: {@code capacity} at
 * first, then more each time the consumer has taken half of it), emitted one at a time, each emit
 * awaited before the next. When the consumer stops early, fails or is cancelled, the subscription
 * is cancelled; an upstream {@code onError} ends the stream with that exception as it is.
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
        /** The producer's stage; cancelling or failing it cancels the subscription. */
        final CompletableFuture<Void> result = new CompletableFuture<>();
        private final ArrayDeque<T> buffer;
        private final AtomicInteger wip = new AtomicInteger();
        private Flow.Subscription subscription;
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
            result.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    Flow.Subscription s;
                    synchronized (this) {
                        s = subscription;
                    }
                    if (s != null) {
                        s.cancel(); // consumer stopped, failed or was cancelled
                    }
                }
            });
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            Objects.requireNonNull(s, "subscription");
            synchronized (this) {
                if (subscription != null) {
                    s.cancel(); // §2.5: one subscription at a time
                    return;
                }
                subscription = s;
            }
            if (result.isDone()) {
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

        /** Emits buffered values while the consumer takes them at once; serial across threads. */
        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
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
                            result.completeExceptionally(failure);
                        }
                    } else {
                        emitPending = true;
                        emitted.whenComplete((ignored, failure) -> {
                            if (failure != null) {
                                result.completeExceptionally(Stages.unwrap(failure));
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
