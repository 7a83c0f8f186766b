package dev.awaitj.benchmarks.streams;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hand-written Flow.Publisher of {@code count} boxed ints (each through an already-complete
 * stage, as the stream's producer does) and a request(1) Subscriber: one CAS on the demand per
 * element, with a drain loop so request from onNext does not recurse.
 */
final class HandWrittenFlow {
    private HandWrittenFlow() {
    }

    static final class RangePublisher implements Flow.Publisher<Integer> {
        private final int count;
        private final Integer[] boxes;

        RangePublisher(int count, Integer[] boxes) {
            this.count = count;
            this.boxes = boxes;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super Integer> subscriber) {
            Sub sub = new Sub(subscriber, count, boxes);
            subscriber.onSubscribe(sub);
        }
    }

    static final class Sub extends AtomicLong implements Flow.Subscription {
        private final Flow.Subscriber<? super Integer> subscriber;
        private final int count;
        private final Integer[] boxes;
        private int index;
        private volatile boolean cancelled;

        Sub(Flow.Subscriber<? super Integer> subscriber, int count, Integer[] boxes) {
            this.subscriber = subscriber;
            this.count = count;
            this.boxes = boxes;
        }

        @Override
        public void request(long n) {
            long previous = getAndAdd(n); // overflow ignored: the benchmark requests 1 at a time
            if (previous != 0) {
                return; // the running drain takes the new demand
            }
            long demand = n;
            for (;;) {
                long emitted = 0;
                while (emitted != demand) {
                    if (cancelled) {
                        return;
                    }
                    if (index == count) {
                        subscriber.onComplete();
                        return;
                    }
                    Integer value = CompletableFuture.completedFuture(boxes[index++ & 1023]).join();
                    subscriber.onNext(value);
                    emitted++;
                }
                demand = addAndGet(-emitted);
                if (demand == 0) {
                    return;
                }
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** Sums with request(1) per element; the result completes on onComplete. */
    static final class SumSubscriber implements Flow.Subscriber<Integer> {
        final CompletableFuture<Long> result = new CompletableFuture<>();
        private Flow.Subscription subscription;
        private long sum;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(Integer item) {
            sum += item;
            subscription.request(1);
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            result.complete(sum);
        }
    }
}
