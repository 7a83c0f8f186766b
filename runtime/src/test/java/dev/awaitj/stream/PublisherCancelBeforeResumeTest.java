package dev.awaitj.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code fromPublisher}: when the consumer stops early ({@code take}, {@code first}), fails or is
 * cancelled, the subscription's {@code cancel()} has been called by the time the consumer's
 * future completes: the cancel is the cleanup the consumer waits for, as a producer's
 * {@code finally} is. Off any loop, with a publisher that signals from its own thread, over many
 * runs (before the fix, most runs of {@code take(5)} completed first).
 */
class PublisherCancelBeforeResumeTest {
    private static final int RUNS = Integer.getInteger("awaitj.stress.publisherRuns", 1_000);
    private static final ExecutorService SIGNALS = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "publisher");
        thread.setDaemon(true);
        return thread;
    });

    @AfterAll
    static void stop() {
        SIGNALS.shutdownNow();
    }

    /** Counts 0, 1, 2... forever, on its own thread, as far as requested; records its cancel. */
    static final class Counting implements Flow.Publisher<Integer> {
        final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void subscribe(Flow.Subscriber<? super Integer> subscriber) {
            AtomicLong demand = new AtomicLong();
            AtomicLong next = new AtomicLong();
            AtomicBoolean draining = new AtomicBoolean();
            SIGNALS.execute(() -> subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    demand.addAndGet(n);
                    SIGNALS.execute(this::drain);
                }

                private void drain() {
                    if (!draining.compareAndSet(false, true)) {
                        return;
                    }
                    while (!cancelled.get() && demand.get() > 0) {
                        demand.decrementAndGet();
                        subscriber.onNext((int) next.getAndIncrement());
                    }
                    draining.set(false);
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                }
            }));
        }
    }

    private static void repeat(String what, Executable run) throws Throwable {
        for (int i = 0; i < RUNS; i++) {
            try {
                run.execute();
            } catch (AssertionError failed) {
                throw new AssertionError(what + ", run " + i + ": " + failed.getMessage(), failed);
            }
        }
    }

    @Test
    void takeResumesAfterTheCancel() throws Throwable {
        repeat("take(5)", () -> {
            Counting publisher = new Counting();
            List<Integer> five = AsyncStream.fromPublisher(publisher, 4).take(5).toList().get(5, TimeUnit.SECONDS);
            assertTrue(publisher.cancelled.get(), "the consumer resumed before cancel()");
            assertEquals(List.of(0, 1, 2, 3, 4), five);
        });
    }

    @Test
    void firstResumesAfterTheCancel() throws Throwable {
        repeat("first()", () -> {
            Counting publisher = new Counting();
            assertEquals(0, AsyncStream.fromPublisher(publisher).first().get(5, TimeUnit.SECONDS).orElseThrow());
            assertTrue(publisher.cancelled.get(), "the consumer resumed before cancel()");
        });
    }

    @Test
    void aFailingConsumerEndsAfterTheCancel() throws Throwable {
        repeat("forEach throws", () -> {
            Counting publisher = new Counting();
            CompletableFuture<Void> run = AsyncStream.fromPublisher(publisher).forEach(v -> {
                if (v == 3) {
                    throw new IllegalStateException("enough");
                }
            });
            ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> run.get(5, TimeUnit.SECONDS));
            assertEquals("enough", failed.getCause().getMessage());
            assertTrue(publisher.cancelled.get(), "the consumer resumed before cancel()");
        });
    }

    @Test
    void aCancelledConsumerHasCancelledTheSubscription() throws Throwable {
        repeat("cancel", () -> {
            Counting publisher = new Counting();
            CompletableFuture<Void> started = new CompletableFuture<>();
            CompletableFuture<Void> run = AsyncStream.fromPublisher(publisher).forEach(v -> started.complete(null));
            started.get(5, TimeUnit.SECONDS);
            run.cancel(true);
            assertTrue(publisher.cancelled.get(), "cancel() returned before the subscription's cancel");
        });
    }
}
