package dev.awaitj.frameworks.streams;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.Channel;
import dev.awaitj.annotation.Async;
import dev.awaitj.stream.AsyncIterator;
import dev.awaitj.stream.AsyncStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Streams to and from Reactor (through {@link JdkFlowAdapter}), channels and
 * {@code Futures.asCompleted}, consumed by {@code @Async} loops. "Suspended" cases have the values
 * produced later on another thread, so the consumer really waits.
 */
class StreamInteropTest {
    private final ScheduledExecutorService other = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        other.shutdownNow();
    }

    /** Sums the stream in an @Async loop, checking that the source never ran more than {@code bound} ahead. */
    @Async
    static CompletableFuture<Long> sum(AsyncStream<Integer> stream, AtomicLong requested, long bound) {
        long total = 0;
        long received = 0;
        try (AsyncIterator<Integer> it = stream.iterator()) {
            while (await(it.hasNext())) {
                total += it.next();
                received++;
                if (requested != null && requested.get() - received > bound) {
                    throw new AssertionError("requested " + requested.get() + " with " + received + " taken");
                }
            }
        }
        return CompletableFuture.completedFuture(total);
    }

    @Test
    void reactorFluxConsumedAsStreamWithBoundedDemand_alreadyComplete() throws Exception {
        AtomicLong requested = new AtomicLong();
        Flux<Integer> flux = Flux.range(0, 10_000).doOnRequest(requested::addAndGet);
        long total = sum(AsyncStream.fromPublisher(JdkFlowAdapter.publisherToFlowPublisher(flux), 16), requested, 16)
                .get(10, TimeUnit.SECONDS);
        assertEquals(10_000L * 9_999 / 2, total);
    }

    @Test
    void reactorFluxConsumedAsStreamWithBoundedDemand_suspended() throws Exception {
        AtomicLong requested = new AtomicLong();
        Flux<Integer> flux = Flux.range(0, 10_000).doOnRequest(requested::addAndGet)
                .publishOn(Schedulers.single(), 4); // values arrive later, from Reactor's thread
        long total = sum(AsyncStream.fromPublisher(JdkFlowAdapter.publisherToFlowPublisher(flux), 8), null, 0)
                .get(10, TimeUnit.SECONDS);
        assertEquals(10_000L * 9_999 / 2, total);
    }

    @Test
    void slowConsumerHoldsNoMoreThanTheBuffer() throws Exception {
        AtomicLong requested = new AtomicLong();
        Flux<Integer> flux = Flux.range(0, 200).publishOn(Schedulers.single(), 1).doOnRequest(requested::addAndGet);
        AtomicLong maxAhead = new AtomicLong();
        AtomicLong taken = new AtomicLong();
        AsyncStream.fromPublisher(JdkFlowAdapter.publisherToFlowPublisher(flux), 4)
                .forEachAsync(v -> CompletableFuture.runAsync(() -> {
                    long ahead = requested.get() - taken.incrementAndGet();
                    maxAhead.accumulateAndGet(ahead, Math::max);
                }, CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS, other)))
                .get(20, TimeUnit.SECONDS);
        assertEquals(200, taken.get());
        // requested but not yet processed: at most the buffer (4) plus the value the consumer holds
        assertTrue(maxAhead.get() <= 5, "ran ahead by " + maxAhead.get());
        assertTrue(maxAhead.get() >= 1);
    }

    @Test
    void upstreamErrorSurfacesAsTheOriginalException() throws Exception {
        IOException boom = new IOException("upstream failed");
        Flux<Integer> flux = Flux.range(0, 3).concatWith(Flux.error(boom)).publishOn(Schedulers.single());
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> catchAt(AsyncStream.fromPublisher(JdkFlowAdapter.publisherToFlowPublisher(flux))).get(10, TimeUnit.SECONDS));
        assertSame(boom, failed.getCause());
    }

    /** Awaits the values one by one, so a failure is thrown at the consumer's await. */
    @Async
    static CompletableFuture<Integer> catchAt(AsyncStream<Integer> stream) throws IOException {
        int seen = 0;
        try (AsyncIterator<Integer> it = stream.iterator()) {
            while (await(it.hasNext())) {
                it.next();
                seen++;
            }
        }
        return CompletableFuture.completedFuture(seen);
    }

    @Test
    void earlyExitCancelsUpstream() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        Flux<Integer> flux = Flux.range(0, Integer.MAX_VALUE).doOnCancel(() -> cancelled.set(true));
        List<Integer> first = AsyncStream.fromPublisher(JdkFlowAdapter.publisherToFlowPublisher(flux))
                .take(5).toList().get(10, TimeUnit.SECONDS);
        assertEquals(List.of(0, 1, 2, 3, 4), first);
        assertTrue(cancelled.get());
    }

    @Test
    void consumerFailureCancelsUpstream() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        Flux<Integer> flux = Flux.range(0, Integer.MAX_VALUE).doOnCancel(() -> cancelled.set(true))
                .publishOn(Schedulers.single());
        IllegalStateException mine = new IllegalStateException("consumer failed");
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> AsyncStream.fromPublisher(JdkFlowAdapter.publisherToFlowPublisher(flux)).forEach(v -> {
                    if (v == 7) {
                        throw mine;
                    }
                }).get(10, TimeUnit.SECONDS));
        assertSame(mine, failed.getCause());
        awaitTrue(cancelled);
    }

    @Test
    void cancelledConsumerCancelsUpstream() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        CountDownLatch subscribed = new CountDownLatch(1);
        Flux<Integer> never = Flux.<Integer>never().doOnSubscribe(s -> subscribed.countDown())
                .doOnCancel(() -> cancelled.set(true));
        CompletableFuture<Integer> consumer = catchAt(AsyncStream.fromPublisher(JdkFlowAdapter.publisherToFlowPublisher(never)));
        assertTrue(subscribed.await(5, TimeUnit.SECONDS));
        consumer.cancel(true);
        assertThrows(CancellationException.class, () -> consumer.get(5, TimeUnit.SECONDS));
        awaitTrue(cancelled);
    }

    @Test
    void streamHandedToReactor_cancelRunsTheProducersFinally() throws Exception {
        AtomicInteger finallies = new AtomicInteger();
        Flow.Publisher<Long> publisher = Producers.counting(1_000_000, other, finallies).toPublisher();
        List<Long> first = JdkFlowAdapter.flowPublisherToFlux(publisher).take(10).collectList()
                .block(java.time.Duration.ofSeconds(10));
        assertEquals(LongStream.range(0, 10).boxed().collect(Collectors.toList()), first);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (finallies.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(1, finallies.get());
    }

    @Test
    void streamHandedToReactor_allValuesWithReactorsOwnBackpressure() {
        for (Executor executorOrNull : new Executor[] {null, other}) {
            List<Long> all = JdkFlowAdapter.flowPublisherToFlux(Producers.counting(5_000, executorOrNull).toPublisher())
                    .limitRate(7).publishOn(Schedulers.single(), 3).collectList().block(java.time.Duration.ofSeconds(20));
            assertEquals(LongStream.range(0, 5_000).boxed().collect(Collectors.toList()), all);
        }
    }

    @Test
    void publisherFailureReachesReactorAsTheOriginalException() {
        IOException boom = new IOException("producer failed");
        AsyncStream<Long> failing = Producers.counting(3, other).concat(AsyncStream.of(out -> CompletableFuture.failedFuture(boom)));
        Throwable seen = assertThrows(RuntimeException.class,
                () -> JdkFlowAdapter.flowPublisherToFlux(failing.toPublisher()).blockLast(java.time.Duration.ofSeconds(10)));
        assertSame(boom, reactor.core.Exceptions.unwrap(seen));
    }

    @Test
    void roundTripThroughReactor() throws Exception {
        AsyncStream<Long> back = AsyncStream.fromPublisher(JdkFlowAdapter.publisherToFlowPublisher(
                JdkFlowAdapter.flowPublisherToFlux(Producers.counting(1_000, other).toPublisher()).map(v -> v * 2)), 5);
        assertEquals(999L * 1_000, (long) back.fold(0L, Long::sum).get(10, TimeUnit.SECONDS));
    }

    // ---- Channel <-> stream ----

    @Test
    void channelDrainedAsStream_alreadyComplete() throws Exception {
        Channel<Integer> channel = Channel.withCapacity(10);
        for (int i = 0; i < 5; i++) {
            assertTrue(channel.trySend(i));
        }
        channel.close();
        assertEquals(List.of(0, 1, 2, 3, 4), AsyncStream.drain(channel).toList().get(5, TimeUnit.SECONDS));
    }

    @Test
    void channelDrainedAsStream_suspended() throws Exception {
        Channel<Integer> channel = Channel.withCapacity(1);
        CompletableFuture<List<Integer>> drained = AsyncStream.drain(channel).toList();
        other.execute(() -> {
            for (int i = 0; i < 100; i++) {
                channel.send(i).join();
            }
            channel.close();
        });
        assertEquals(IntStream.range(0, 100).boxed().collect(Collectors.toList()), drained.get(10, TimeUnit.SECONDS));
    }

    @Test
    void channelStreamEarlyExitLeavesTheRest() throws Exception {
        Channel<Integer> channel = Channel.withCapacity(10);
        for (int i = 0; i < 6; i++) {
            channel.trySend(i);
        }
        assertEquals(List.of(0, 1), AsyncStream.drain(channel).take(2).toList().get(5, TimeUnit.SECONDS));
        channel.close();
        assertEquals(List.of(2, 3, 4, 5), AsyncStream.drain(channel).toList().get(5, TimeUnit.SECONDS));
    }

    @Test
    void cancelledChannelConsumerTakesNothingMore() throws Exception {
        Channel<Integer> channel = Channel.withCapacity(4);
        CompletableFuture<Integer> consumer = catchAt(AsyncStream.drain(channel));
        consumer.cancel(true);
        assertThrows(CancellationException.class, () -> consumer.get(5, TimeUnit.SECONDS));
        channel.trySend(42);
        assertEquals(java.util.Optional.of(42), channel.tryReceive(), "a cancelled receive must not swallow an item");
    }

    @Test
    void streamSentIntoChannelWithItsBackpressure() throws Exception {
        Channel<Long> channel = Channel.withCapacity(2);
        CompletableFuture<Void> sent = Producers.counting(50, other).sendTo(channel);
        List<Long> got = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            got.add(channel.receive().get(5, TimeUnit.SECONDS));
            assertTrue(channel.size() <= 2);
        }
        sent.get(5, TimeUnit.SECONDS);
        assertEquals(LongStream.range(0, 50).boxed().collect(Collectors.toList()), got);
    }

    @Test
    void sendIntoClosedChannelFailsTheSend() {
        Channel<Long> channel = Channel.withCapacity(2);
        channel.close();
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> Producers.counting(5, null).sendTo(channel).get(5, TimeUnit.SECONDS));
        assertEquals(dev.awaitj.ChannelClosedException.class, failed.getCause().getClass());
    }

    // ---- Futures.asCompleted as a stream ----

    @Test
    void asCompletedStreamYieldsInFinishingOrder_suspended() throws Exception {
        List<CompletableFuture<String>> stages = List.of(new CompletableFuture<>(), new CompletableFuture<>(),
                new CompletableFuture<>());
        CompletableFuture<List<String>> order = AsyncStream.asCompleted(stages).toList();
        other.execute(() -> {
            stages.get(2).complete("c");
            stages.get(0).complete("a");
            stages.get(1).complete("b");
        });
        assertEquals(List.of("c", "a", "b"), order.get(5, TimeUnit.SECONDS));
    }

    @Test
    void asCompletedStream_alreadyComplete_andFailure() throws Exception {
        assertEquals(List.of("x", "y"), AsyncStream.asCompleted(List.of(CompletableFuture.completedFuture("x"),
                CompletableFuture.completedFuture("y"))).toList().get(5, TimeUnit.SECONDS));
        IOException boom = new IOException("one failed");
        CompletableFuture<String> late = new CompletableFuture<>();
        CompletableFuture<List<String>> all = AsyncStream.asCompleted(List.of(CompletableFuture.completedFuture("x"),
                CompletableFuture.<String>failedFuture(boom), late)).toList();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> all.get(5, TimeUnit.SECONDS));
        assertSame(boom, failed.getCause());
    }

    @Test
    void asCompletedStreamEarlyExit() throws Exception {
        CompletableFuture<String> never = new CompletableFuture<>();
        CompletableFuture<String> late = new CompletableFuture<>();
        CompletableFuture<java.util.Optional<String>> first = AsyncStream.asCompleted(List.of(never, late)).first();
        other.schedule(() -> late.complete("late"), 20, TimeUnit.MILLISECONDS);
        assertEquals(java.util.Optional.of("late"), first.get(5, TimeUnit.SECONDS));
    }

    private static void awaitTrue(AtomicBoolean flag) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!flag.get() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(flag.get());
    }
}
