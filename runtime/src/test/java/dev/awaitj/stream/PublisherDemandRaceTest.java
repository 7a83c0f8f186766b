package dev.awaitj.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code toPublisher()}'s demand under concurrency: the subscriber requests from another thread,
 * a few at a time, while the producer emits. The producer's emit counts against the total
 * requested without an atomic of its own, so this pins that no value is lost, doubled, reordered
 * or delivered beyond demand, and that the run completes, over 1,000 runs.
 */
class PublisherDemandRaceTest {
    private static final int RUNS = Integer.getInteger("awaitj.stress.publisherRuns", 1_000);
    private static final int VALUES = 200;

    @Test
    void demandFromAnotherThreadNeverLosesDoublesOrExceedsRequests() throws Exception {
        List<Integer> expected = IntStream.range(0, VALUES).boxed().toList();
        for (int run = 0; run < RUNS; run++) {
            RaceSubscriber subscriber = new RaceSubscriber();
            AsyncStream.from(expected).toPublisher().subscribe(subscriber);
            Flow.Subscription subscription = subscriber.subscription.get(5, TimeUnit.SECONDS);
            Thread requester = new Thread(() -> {
                while (!subscriber.done.isDone()) {
                    int n = 1 + ThreadLocalRandom.current().nextInt(3);
                    subscriber.requested.addAndGet(n); // counted before the request: onNext may follow at once
                    subscription.request(n);
                    Thread.onSpinWait();
                }
            });
            requester.start();
            subscriber.done.get(5, TimeUnit.SECONDS);
            requester.join();
            assertEquals(expected, subscriber.received, "run " + run);
            assertTrue(subscriber.beyondDemand.isEmpty(), "run " + run + ": delivered beyond demand at "
                    + subscriber.beyondDemand);
        }
    }

    private static final class RaceSubscriber implements Flow.Subscriber<Integer> {
        final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final AtomicLong requested = new AtomicLong();
        final List<Integer> received = new ArrayList<>();
        final List<Integer> beyondDemand = new ArrayList<>();

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.complete(s);
        }

        @Override
        public void onNext(Integer item) {
            received.add(item);
            if (received.size() > requested.get()) {
                beyondDemand.add(item);
            }
        }

        @Override
        public void onError(Throwable failure) {
            done.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }
}
