package dev.awaitj.it.stream;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.TimedOutException;
import dev.awaitj.Task;
import dev.awaitj.TestEventLoop;
import dev.awaitj.Time;
import dev.awaitj.annotation.Async;
import dev.awaitj.stream.AsyncIterator;
import dev.awaitj.stream.AsyncStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * reduce, buffer(n), mapConcurrent(n, f), timeoutEach and withTimeout: values on both paths,
 * their bounds counted, failures as the original exception, and cancellation or early exit
 * cancelling upstream and running the producer's finally before the consumer resumes.
 */
class StreamOperatorsTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    /** 0..n-1, counting emits; each value awaits {@code path}; the finally awaits too, then logs. */
    private AsyncStream<Integer> counted(Path path, int n, AtomicLong emitted) {
        return AsyncStream.of(out -> {
            try {
                for (int i = 0; i < n; i++) {
                    int v = await(path.of(i));
                    emitted.incrementAndGet();
                    await(out.emit(v));
                }
            } finally {
                await(path.step());
                log.add("finally");
            }
            return AsyncStream.done();
        });
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void reduce(Path path) throws Exception {
        assertEquals(Optional.of(45), get(counted(path, 10, new AtomicLong()).reduce(Integer::sum)));
        assertEquals(Optional.of(9), get(counted(path, 10, new AtomicLong()).reduce(Math::max)));
        assertEquals(Optional.empty(), get(counted(path, 0, new AtomicLong()).reduce(Integer::sum)));
        assertEquals(Optional.of(7), get(counted(path, 10, new AtomicLong()).drop(7).take(1).reduce(Integer::sum)));
    }

    // ---- buffer ----

    @ParameterizedTest
    @EnumSource(Path.class)
    void bufferLetsTheProducerRunAheadByAtMostItsCapacity(Path path) throws Exception {
        AtomicLong emitted = new AtomicLong();
        AtomicLong taken = new AtomicLong();
        AtomicLong mostAhead = new AtomicLong();
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        get(counted(path, 300, emitted).buffer(5).forEachAsync(v -> {
            seen.add(v);
            long ahead = emitted.get() - taken.incrementAndGet();
            mostAhead.accumulateAndGet(ahead, Math::max);
            // a slower consumer on both paths (three steps to the producer's one), so the producer gets ahead
            return Path.SUSPENDED.step().thenCompose(x -> Path.SUSPENDED.step()).thenCompose(x -> Path.SUSPENDED.step());
        }));
        assertEquals(range(300), seen);
        assertTrue(mostAhead.get() <= 5, "ran ahead by " + mostAhead.get());
        assertTrue(mostAhead.get() >= 1, "never ran ahead");
        assertEquals(List.of("finally"), log);
        assertEquals(range(50), get(counted(path, 50, new AtomicLong()).buffer(1).toList()));
        assertEquals(range(50), get(pullAll(counted(path, 50, new AtomicLong()).buffer(3).map(v -> v))));
    }

    @Async
    static CompletableFuture<List<Integer>> pullAll(AsyncStream<Integer> stream) {
        List<Integer> all = new ArrayList<>();
        try (AsyncIterator<Integer> it = stream.iterator()) {
            while (await(it.hasNext())) {
                all.add(it.next());
            }
        }
        return CompletableFuture.completedFuture(all);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void bufferDeliversTheValuesBeforeTheProducersFailure(Path path) throws Exception {
        IOException boom = new IOException("boom");
        AsyncStream<Integer> failing = AsyncStream.of(out -> {
            for (int i = 0; i < 3; i++) {
                await(out.emit(await(path.of(i))));
            }
            throw boom;
        });
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> get(failing.buffer(10).forEachAsync(v -> Path.SUSPENDED.step().thenRun(() -> seen.add(v)))));
        assertSame(boom, failed.getCause());
        assertEquals(List.of(0, 1, 2), seen);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void stoppingABufferedStreamRunsTheProducersFinallyFirst(Path path) throws Exception {
        assertEquals(range(4), get(counted(path, 1000, new AtomicLong()).buffer(8).take(4).toList()));
        assertEquals(List.of("finally"), log, "take completes after the producer's finally");
        log.clear();
        assertEquals(Optional.of(0), get(counted(path, 1000, new AtomicLong()).buffer(8).first()));
        assertEquals(List.of("finally"), log, "first");
        log.clear();
        IllegalStateException mine = new IllegalStateException("consumer failed");
        ExecutionException failed = assertThrows(ExecutionException.class, () -> get(
                counted(path, 1000, new AtomicLong()).buffer(8).forEach(v -> {
                    if (v == 20) {
                        throw mine;
                    }
                })));
        assertSame(mine, failed.getCause());
        assertEquals(List.of("finally"), log, "a failing consumer");
        log.clear();
        cancelAWaitingConsumer(counted(path, 1000, new AtomicLong()).buffer(8));
    }

    /** A consumer waiting in its body at the 3rd value is cancelled: it resumes after the producer's finally. */
    private void cancelAWaitingConsumer(AsyncStream<Integer> stream) throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        CompletableFuture<Void> consumer = waitAtThird(stream, never);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (never.getNumberOfDependents() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        consumer.cancel(true);
        while (log.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(List.of("finally", "consumer resumed"), log);
        assertTrue(never.isCancelled(), "the pending body is cancelled");
    }

    @Async
    CompletableFuture<Void> waitAtThird(AsyncStream<Integer> stream, CompletableFuture<Void> never) {
        try {
            await(stream.forEachAsync(v -> v == 2 ? never : CompletableFuture.completedFuture(null)));
        } finally {
            log.add("consumer resumed");
        }
        return CompletableFuture.completedFuture(null);
    }

    // ---- mapConcurrent ----

    @ParameterizedTest
    @EnumSource(Path.class)
    void mapConcurrentRunsUpToNCallsAndKeepsTheOrder(Path path) throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        List<String> results = get(counted(path, 40, new AtomicLong()).mapConcurrent(4, v -> {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            // later values finish first within each group of four
            return CompletableFuture.supplyAsync(() -> "r" + v,
                    CompletableFuture.delayedExecutor(4 - v % 4, TimeUnit.MILLISECONDS))
                    .whenComplete((r, e) -> running.decrementAndGet());
        }).toList());
        assertEquals(range(40).stream().map(v -> "r" + v).collect(Collectors.toList()), results);
        assertTrue(mostRunning.get() <= 4, mostRunning.get() + " calls at once");
        assertTrue(mostRunning.get() >= 2, "never concurrent: " + mostRunning.get());
        assertEquals(range(10), get(counted(path, 10, new AtomicLong()).mapConcurrent(3, path::of).toList()),
                "results already complete, or later from another thread");
        assertEquals(range(10), get(counted(path, 10, new AtomicLong()).mapConcurrent(1, path::of).toList()));
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aFailedCallFailsTheStreamAfterTheResultsBeforeItAndCancelsTheOthers(Path path) throws Exception {
        IOException boom = new IOException("call failed");
        List<CompletableFuture<Integer>> started = Collections.synchronizedList(new ArrayList<>());
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        ExecutionException failed = assertThrows(ExecutionException.class, () -> get(
                counted(path, 100, new AtomicLong()).mapConcurrent(3, v -> {
                    CompletableFuture<Integer> call = v == 5 ? CompletableFuture.failedFuture(boom)
                            : v > 5 ? new CompletableFuture<>() : path.of(v);
                    started.add(call);
                    return call;
                }).forEach(seen::add)));
        assertSame(boom, failed.getCause());
        assertEquals(range(5), seen);
        assertEquals(List.of("finally"), log);
        for (CompletableFuture<Integer> call : started.subList(6, started.size())) {
            assertTrue(call.isCancelled(), "a running call was cancelled");
        }
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void stoppingMapConcurrentCancelsTheRunningCallsAndTheProducer(Path path) throws Exception {
        List<CompletableFuture<Integer>> started = Collections.synchronizedList(new ArrayList<>());
        assertEquals(range(3), get(counted(path, 1000, new AtomicLong()).mapConcurrent(4, v -> {
            CompletableFuture<Integer> call = v < 3 ? path.of(v) : new CompletableFuture<>();
            started.add(call);
            return call;
        }).take(3).toList()));
        assertEquals(List.of("finally"), log);
        assertTrue(started.size() <= 3 + 4, started.size() + " calls started");
        for (CompletableFuture<Integer> call : started.subList(3, started.size())) {
            assertTrue(call.isCancelled());
        }
        log.clear();
        cancelAWaitingConsumer(counted(path, 1000, new AtomicLong()).mapConcurrent(2, path::of));
    }

    // ---- timeouts ----

    /** Emits 1..n, sleeping {@code gaps[i]} seconds before value i+1; the finally logs. */
    private AsyncStream<Integer> sleepy(int... gaps) {
        return AsyncStream.of(out -> {
            try {
                for (int i = 0; i < gaps.length; i++) {
                    await(Time.sleep(Duration.ofSeconds(gaps[i])));
                    await(out.emit(i + 1));
                }
            } finally {
                log.add("finally");
            }
            return AsyncStream.done();
        });
    }

    @Async
    static CompletableFuture<String> collectOrTimeout(AsyncStream<Integer> stream, List<Integer> seen, int consumerSeconds) {
        try {
            await(stream.forEachAsync(v -> {
                seen.add(v);
                return Time.sleep(Duration.ofSeconds(consumerSeconds));
            }));
            return CompletableFuture.completedFuture("ended");
        } catch (TimedOutException e) {
            return CompletableFuture.completedFuture("timed out: " + e.getMessage());
        }
    }

    @Test
    void timeoutEachCountsEachWaitForAValueAndNotTheConsumersTime() {
        TestEventLoop loop = TestEventLoop.create();
        List<Integer> seen = new ArrayList<>();
        // the consumer takes 10 s per value; the producer never needs more than 2 s per value
        Task<String> patient = loop.spawn(() -> collectOrTimeout(sleepy(2, 1, 2, 0).timeoutEach(Duration.ofSeconds(3)), seen, 10));
        loop.advance(Duration.ofSeconds(60));
        assertEquals("ended", patient.join());
        assertEquals(List.of(1, 2, 3, 4), seen);
        assertEquals(List.of("finally"), log);

        seen.clear();
        log.clear();
        Task<String> late = loop.spawn(() -> collectOrTimeout(sleepy(1, 1, 5, 1).timeoutEach(Duration.ofSeconds(3)), seen, 0));
        loop.advance(Duration.ofSeconds(4));
        assertEquals(List.of(1, 2), seen);
        assertEquals(List.of(), log);
        loop.advance(Duration.ofSeconds(1)); // 3 s after the consumer asked for the third value
        assertEquals("timed out: no value within PT3S", late.join());
        assertEquals(List.of("finally"), log, "the producer was cancelled at its sleep");
    }

    @Test
    void withTimeoutBoundsTheWholeStreamConsumerIncluded() {
        TestEventLoop loop = TestEventLoop.create();
        List<Integer> seen = new ArrayList<>();
        Task<String> task = loop.spawn(() -> collectOrTimeout(sleepy(1, 1, 1, 1, 1).withTimeout(Duration.ofMillis(4500)), seen, 0));
        loop.advance(Duration.ofSeconds(10));
        assertEquals("timed out: timed out after PT4.5S", task.join());
        assertEquals(List.of(1, 2, 3, 4), seen);
        assertEquals(List.of("finally"), log);

        seen.clear();
        log.clear();
        Task<String> slowConsumer = loop.spawn(() -> collectOrTimeout(sleepy(1, 1, 1).withTimeout(Duration.ofSeconds(5)), seen, 2));
        loop.advance(Duration.ofSeconds(10));
        assertEquals("timed out: timed out after PT5S", slowConsumer.join(), "the consumer's time counts");
        Task<String> inTime = loop.spawn(() -> collectOrTimeout(sleepy(1, 1, 1).withTimeout(Duration.ofSeconds(5)), seen, 0));
        loop.advance(Duration.ofSeconds(10));
        assertEquals("ended", inTime.join());
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void timeoutsOffAnyLoopOnBothPaths(Path path) throws Exception {
        assertEquals(range(20), get(counted(path, 20, new AtomicLong()).timeoutEach(Duration.ofSeconds(5))
                .withTimeout(Duration.ofSeconds(10)).toList()));
        assertEquals(range(3), get(counted(path, 100, new AtomicLong()).timeoutEach(Duration.ofSeconds(5)).take(3).toList()));
        log.clear();
        CompletableFuture<Void> never = new CompletableFuture<>();
        AsyncStream<Integer> stalls = AsyncStream.of(out -> {
            try {
                await(out.emit(await(path.of(1))));
                await(never);
            } finally {
                log.add("finally");
            }
            return AsyncStream.done();
        });
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> get(stalls.timeoutEach(Duration.ofMillis(30)).toList()));
        assertTrue(failed.getCause() instanceof TimedOutException, failed.getCause().toString());
        assertTrue(never.isCancelled());
        assertEquals(List.of("finally"), log);
    }

    @Test
    void cancellingAConsumerOfATimedStreamRunsTheProducersFinallyFirst() throws Exception {
        cancelAWaitingConsumer(counted(Path.SUSPENDED, 1000, new AtomicLong()).timeoutEach(Duration.ofSeconds(30)));
        log.clear();
        cancelAWaitingConsumer(counted(Path.SUSPENDED, 1000, new AtomicLong()).withTimeout(Duration.ofSeconds(30)));
    }
}
