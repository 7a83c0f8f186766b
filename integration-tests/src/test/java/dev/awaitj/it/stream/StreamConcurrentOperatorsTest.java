package dev.awaitj.it.stream;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.TestEventLoop;
import dev.awaitj.Time;
import dev.awaitj.annotation.Async;
import dev.awaitj.stream.AsyncStream;
import dev.awaitj.stream.CallbackSink;
import dev.awaitj.stream.Overflow;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * merge, flatMapMerge, flatMapLatest, mapLatest, collectLatest, zip, combine, conflate, debounce,
 * sample, chunked(n, window), fromCallbacks: values on both paths (and in virtual time for the
 * timed ones, with Kotlin's documented examples), bounds counted, failures as the original
 * exception with every producer's finally run first, early stops and cancellation.
 */
class StreamConcurrentOperatorsTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> get(future)).getCause();
    }

    /** from..from+n-1 on {@code path}; the finally awaits, then logs "finally <name>". */
    private AsyncStream<Integer> range(Path path, String name, int from, int n) {
        return AsyncStream.of(out -> {
            try {
                for (int i = from; i < from + n; i++) {
                    await(out.emit(await(path.of(i))));
                }
            } finally {
                await(path.step());
                log.add("finally " + name);
            }
            return AsyncStream.done();
        });
    }

    private static List<Integer> ints(int from, int n) {
        return IntStream.range(from, from + n).boxed().collect(Collectors.toList());
    }

    private static <T extends Comparable<T>> List<T> sorted(List<T> values) {
        List<T> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }

    private List<String> sortedLog() {
        List<String> copy = sorted(new ArrayList<>(log));
        log.clear();
        return copy;
    }

    // ---- merge, flatMapMerge ----

    @ParameterizedTest
    @EnumSource(Path.class)
    void mergeDeliversEveryValueOfEveryStream(Path path) throws Exception {
        List<Integer> all = get(AsyncStream.merge(range(path, "a", 0, 20), range(path, "b", 100, 20), AsyncStream.values(1000))
                .toList());
        List<Integer> expected = new ArrayList<>(ints(0, 20));
        expected.addAll(ints(100, 20));
        expected.add(1000);
        assertEquals(sorted(expected), sorted(all));
        assertEquals(ints(0, 20), all.stream().filter(v -> v < 20).collect(Collectors.toList()), "each stream's order is kept");
        assertEquals(List.of("finally a", "finally b"), sortedLog());
        assertEquals(List.of(), get(AsyncStream.<Integer>merge().toList()));
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void flatMapMergeRunsAtMostConcurrencyInnerStreams(Path path) throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> all = get(range(path, "outer", 0, 10).flatMapMerge(3, v -> AsyncStream.<Integer>of(out -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                for (int i = 0; i < 3; i++) {
                    await(Path.SUSPENDED.step());
                    await(out.emit(v * 10 + i));
                }
            } finally {
                running.decrementAndGet();
            }
            return AsyncStream.done();
        })).toList());
        List<Integer> expected = new ArrayList<>();
        for (int v = 0; v < 10; v++) {
            for (int i = 0; i < 3; i++) {
                expected.add(v * 10 + i);
            }
        }
        assertEquals(expected, sorted(all));
        assertTrue(most.get() <= 3, most.get() + " inner streams at once");
        assertTrue(most.get() >= 2, "never concurrent");
        assertEquals(List.of("finally outer"), log);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aFailureInOneMergedStreamCancelsTheOthersAfterTheirFinally(Path path) throws Exception {
        IOException boom = new IOException("boom");
        AsyncStream<Integer> failing = AsyncStream.of(out -> {
            try {
                await(out.emit(await(path.of(-1))));
                await(Path.SUSPENDED.step());
                throw boom;
            } finally {
                log.add("finally failing");
            }
        });
        CompletableFuture<Void> never = new CompletableFuture<>();
        AsyncStream<Integer> stuck = AsyncStream.of(out -> {
            try {
                await(out.emit(await(path.of(1))));
                await(never);
            } finally {
                await(path.step());
                log.add("finally stuck");
            }
            return AsyncStream.done();
        });
        assertSame(boom, failureOf(AsyncStream.merge(stuck, failing).toList()));
        assertEquals(List.of("finally failing", "finally stuck"), sortedLog(), "both finally blocks ran before the failure arrived");
        assertTrue(never.isCancelled());

        IllegalStateException downstream = new IllegalStateException("downstream");
        assertSame(downstream, failureOf(AsyncStream.merge(range(path, "a", 0, 1000), range(path, "b", 0, 1000))
                .forEach(v -> {
                    if (v == 5) {
                        throw downstream;
                    }
                })));
        assertEquals(List.of("finally a", "finally b"), sortedLog());

        assertEquals(3, get(AsyncStream.merge(range(path, "a", 0, 1000), range(path, "b", 0, 1000)).take(3).count()));
        assertEquals(List.of("finally a", "finally b"), sortedLog(), "take stopped both before it completed");
    }

    @Test
    void cancellingAMergeConsumerWaitsForEveryProducersFinally() throws Exception {
        CompletableFuture<Void> never = WaitingConsumer.cancelAtThird(AsyncStream.merge(range(Path.SUSPENDED, "a", 0, 1000),
                range(Path.SUSPENDED, "b", 0, 1000)), log, 3);
        assertEquals(3, log.size(), log.toString());
        assertEquals("consumer resumed", log.get(2), log.toString());
        assertEquals(List.of("finally a", "finally b"), sorted(log.subList(0, 2)));
        assertTrue(never.isCancelled());
    }

    @Test
    void cancellingAConsumerOfEachConcurrentOperatorWaitsForTheFinallyBlocks() throws Exception {
        for (String name : List.of("zip", "combine", "flatMapLatest", "mapLatest", "conflate", "chunked", "debounce",
                "flatMapMerge")) {
            log.clear();
            AsyncStream<Integer> a = range(Path.SUSPENDED, "a", 0, 1000);
            AsyncStream<Integer> stream;
            switch (name) {
                case "zip":
                    stream = a.zip(range(Path.SUSPENDED, "b", 0, 1000), Integer::sum);
                    break;
                case "combine":
                    stream = a.combine(range(Path.SUSPENDED, "b", 0, 1000), Integer::sum);
                    break;
                case "flatMapLatest":
                    stream = a.flatMapLatest(v -> AsyncStream.values(v, v));
                    break;
                case "mapLatest":
                    stream = a.mapLatest(Path.SUSPENDED::of);
                    break;
                case "conflate":
                    stream = a.conflate();
                    break;
                case "chunked":
                    stream = a.chunked(2, Duration.ofHours(1)).map(List::size);
                    break;
                case "debounce":
                    stream = a.debounce(Duration.ofNanos(1));
                    break;
                default:
                    stream = a.flatMapMerge(2, v -> AsyncStream.values(v));
                    break;
            }
            int producers = name.equals("zip") || name.equals("combine") ? 2 : 1;
            CompletableFuture<Void> never = WaitingConsumer.cancelAtThird(stream, log, producers + 1);
            assertEquals(producers + 1, log.size(), name + ": " + log);
            assertEquals("consumer resumed", log.get(producers), name + ": the consumer resumed last: " + log);
            assertTrue(never.isCancelled(), name);
        }
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void combineMapLatestAndCollectLatestOnBothPaths(Path path) throws Exception {
        List<Integer> combined = get(range(path, "a", 0, 3).combine(range(path, "b", 10, 3), Integer::sum).toList());
        assertEquals(Integer.valueOf(2 + 12), combined.get(combined.size() - 1), "the last is of the two last: " + combined);
        for (int i = 1; i < combined.size(); i++) {
            assertTrue(combined.get(i) > combined.get(i - 1), combined.toString());
        }
        assertEquals(List.of("finally a", "finally b"), sortedLog());
        List<Integer> latest = get(range(path, "a", 0, 5).mapLatest(v -> path.of(v * 2)).toList());
        assertEquals(Integer.valueOf(8), latest.get(latest.size() - 1), "the last value's result is never superseded");
        List<Integer> done = Collections.synchronizedList(new ArrayList<>());
        get(range(path, "a", 0, 5).collectLatest(v -> path.step().thenRun(() -> done.add(v))));
        assertEquals(Integer.valueOf(4), done.get(done.size() - 1), done.toString());
        log.clear();
        IOException boom = new IOException("boom");
        assertSame(boom, failureOf(range(path, "a", 0, 5).combine(AsyncStream.<Integer>of(out -> {
            await(out.emit(await(path.of(1))));
            throw boom;
        }), Integer::sum).toList()));
        assertEquals(List.of("finally a"), sortedLog(), "the other stream was cancelled, its finally run");
        assertSame(boom, failureOf(range(path, "a", 0, 5).collectLatest(v -> CompletableFuture.failedFuture(boom))));
        assertEquals(List.of("finally a"), sortedLog());
    }

    // ---- zip, combine ----

    @ParameterizedTest
    @EnumSource(Path.class)
    void zipPairsInOrderAndStopsTheLongerStream(Path path) throws Exception {
        assertEquals(List.of("0a", "1b", "2c"), get(range(path, "long", 0, 1000)
                .zip(AsyncStream.values("a", "b", "c"), (i, s) -> i + s).toList()));
        assertEquals(List.of("finally long"), log, "the longer stream was cancelled, its finally run");
        log.clear();
        assertEquals(List.of(0, 2, 4), get(range(path, "a", 0, 3).zip(range(path, "b", 0, 5), Integer::sum).toList()));
        assertEquals(List.of("finally a", "finally b"), sortedLog());
        IOException boom = new IOException("boom");
        assertSame(boom, failureOf(range(path, "a", 0, 5).zip(AsyncStream.<Integer>of(out -> {
            await(out.emit(await(path.of(1))));
            throw boom;
        }), Integer::sum).toList()));
        assertEquals(List.of("finally a"), sortedLog());
    }

    @Test
    void combineEmitsTheLatestOfEachInVirtualTime() throws Exception {
        // Kotlin's example: numbers every 300 ms, strings every 400 ms
        TestEventLoop loop = TestEventLoop.create();
        List<String> seen = new ArrayList<>();
        loop.runUntilComplete(() -> timed(300, 1, 2, 3).combine(timed(400, "one", "two", "three"), (n, s) -> n + " -> " + s)
                .forEach(v -> seen.add(v + " at " + loop.elapsed().toMillis())));
        assertEquals(List.of("1 -> one at 400", "2 -> one at 600", "2 -> two at 800", "3 -> two at 900",
                "3 -> three at 1200"), seen);
    }

    @Test
    void zipInVirtualTime() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        List<String> seen = new ArrayList<>();
        loop.runUntilComplete(() -> timed(300, 1, 2, 3).zip(timed(400, "one", "two", "three"), (n, s) -> n + " -> " + s)
                .forEach(v -> seen.add(v + " at " + loop.elapsed().toMillis())));
        assertEquals(List.of("1 -> one at 400", "2 -> two at 800", "3 -> three at 1200"), seen);
    }

    /** The values, each {@code gapMillis} after the previous was taken. */
    @SafeVarargs
    private static <T> AsyncStream<T> timed(long gapMillis, T... values) {
        return AsyncStream.of(out -> {
            for (T v : values) {
                await(Time.sleep(Duration.ofMillis(gapMillis)));
                await(out.emit(v));
            }
            return AsyncStream.done();
        });
    }

    /** value i at time at[i] (ms from the start). */
    private AsyncStream<Integer> at(long... at) {
        return AsyncStream.of(out -> {
            long now = 0;
            try {
                for (int i = 0; i < at.length; i++) {
                    await(Time.sleep(Duration.ofMillis(at[i] - now)));
                    now = at[i];
                    await(out.emit(i + 1));
                }
            } finally {
                log.add("finally");
            }
            return AsyncStream.done();
        });
    }

    // ---- latest ----

    @Test
    void flatMapLatestCancelsTheSupersededInnerStreamInVirtualTime() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        List<String> seen = new ArrayList<>();
        // a new value at 0, 100, 400; each inner stream emits "<v>/first" at once and "<v>/second" 200 ms later
        loop.runUntilComplete(() -> at(0, 100, 400).flatMapLatest(v -> AsyncStream.<String>of(out -> {
            try {
                await(out.emit(v + "/first"));
                await(Time.sleep(Duration.ofMillis(200)));
                await(out.emit(v + "/second"));
            } finally {
                log.add("inner " + v + " ended at " + loop.elapsed().toMillis());
            }
            return AsyncStream.done();
        })).forEach(v -> seen.add(v + " at " + loop.elapsed().toMillis())));
        assertEquals(List.of("1/first at 0", "2/first at 100", "2/second at 300", "3/first at 400", "3/second at 600"), seen);
        assertEquals(List.of("inner 1 ended at 100", "inner 2 ended at 300", "finally", "inner 3 ended at 600"), log);
    }

    @Test
    void mapLatestAndCollectLatestInVirtualTime() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        List<String> seen = new ArrayList<>();
        loop.runUntilComplete(() -> at(0, 100, 400).mapLatest(v -> Time.sleep(Duration.ofMillis(200), "r" + v))
                .forEach(v -> seen.add(v + " at " + loop.elapsed().toMillis())));
        assertEquals(List.of("r2 at 300", "r3 at 600"), seen);
        seen.clear();
        log.clear();
        TestEventLoop second = TestEventLoop.create();
        second.runUntilComplete(() -> at(0, 100, 400).collectLatest(v -> render(v, seen, second)));
        assertEquals(List.of("start 1", "cancelled 1", "start 2", "done 2 at 300", "start 3", "done 3 at 600"), seen);
    }

    @Async
    static CompletableFuture<Void> render(int v, List<String> seen, TestEventLoop loop) {
        seen.add("start " + v);
        try {
            await(Time.sleep(Duration.ofMillis(200)));
        } catch (java.util.concurrent.CancellationException e) {
            seen.add("cancelled " + v);
            throw e;
        }
        seen.add("done " + v + " at " + loop.elapsed().toMillis());
        return CompletableFuture.completedFuture(null);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void flatMapLatestOnBothPaths(Path path) throws Exception {
        List<Integer> all = get(range(path, "outer", 0, 5).flatMapLatest(v -> range(path, "inner", v * 10, 2)).toList());
        assertEquals(List.of(40, 41), all.subList(all.size() - 2, all.size()), "the last inner stream runs to its end");
        assertTrue(log.contains("finally outer"));
        assertEquals(5, log.stream().filter("finally inner"::equals).count(), "every inner stream ended: " + log);
        IOException boom = new IOException("boom");
        assertSame(boom, failureOf(range(path, "outer", 0, 5).flatMapLatest(v -> v == 2
                ? AsyncStream.<Integer>of(out -> {
                    throw boom;
                }) : range(path, "inner", v, 1)).toList()));
    }

    // ---- time and rate ----

    @Test
    void debounceInVirtualTime() throws Exception {
        // Kotlin's example: 1, +90 ms 2, +90 ms 3, +1010 ms 4, +1010 ms 5, debounce(1000) -> 3, 4, 5
        TestEventLoop loop = TestEventLoop.create();
        List<String> seen = new ArrayList<>();
        loop.runUntilComplete(() -> at(0, 90, 180, 1190, 2200).debounce(Duration.ofSeconds(1))
                .forEach(v -> seen.add(v + " at " + loop.elapsed().toMillis())));
        assertEquals(List.of("3 at 1180", "4 at 2190", "5 at 2200"), seen, "the last value is emitted at once at the end");
    }

    @Test
    void sampleInVirtualTime() throws Exception {
        // Kotlin's example: 0..9 every 110 ms, sample(200) -> 1, 3, 5, 7, 9
        TestEventLoop loop = TestEventLoop.create();
        List<Integer> seen = new ArrayList<>();
        loop.runUntilComplete(() -> at(0, 110, 220, 330, 440, 550, 660, 770, 880, 990)
                .concat(AsyncStream.of(out -> Time.sleep(Duration.ofMillis(110)))).map(v -> v - 1)
                .sample(Duration.ofMillis(200)).forEach(seen::add));
        assertEquals(List.of(1, 3, 5, 7, 9), seen);
    }

    @Test
    void chunkedByTimeOrSizeInVirtualTime() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        List<String> seen = new ArrayList<>();
        loop.runUntilComplete(() -> at(0, 10, 20, 30, 500, 2000, 2100).chunked(3, Duration.ofMillis(300))
                .forEach(v -> seen.add(v + " at " + loop.elapsed().toMillis())));
        assertEquals(List.of("[1, 2, 3] at 20", "[4] at 330", "[5] at 800", "[6, 7] at 2100"), seen);
    }

    @Test
    void conflateGivesASlowConsumerTheLatestInVirtualTime() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        List<Integer> seen = new ArrayList<>();
        // a value every 100 ms, a consumer that takes 260 ms per value
        loop.runUntilComplete(() -> at(100, 200, 300, 400, 500, 600, 700).conflate().forEachAsync(v -> {
            seen.add(v);
            return Time.sleep(Duration.ofMillis(260));
        }));
        assertEquals(List.of(1, 3, 6, 7), seen);
        assertEquals(List.of("finally"), log);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void timedOperatorsOffAnyLoopOnBothPaths(Path path) throws Exception {
        assertEquals(List.of(ints(0, 20)), get(range(path, "a", 0, 20).chunked(100, Duration.ofSeconds(10)).toList()),
                "the end flushes the chunk");
        assertEquals(List.of(19), get(range(path, "b", 0, 20).debounce(Duration.ofSeconds(10)).toList()),
                "the end flushes the last value");
        List<Integer> conflated = get(range(path, "c", 0, 100).conflate().take(5).toList());
        assertEquals(5, conflated.size());
        for (int i = 1; i < conflated.size(); i++) {
            assertTrue(conflated.get(i) > conflated.get(i - 1), conflated.toString());
        }
        assertEquals(List.of("finally a", "finally b", "finally c"), sortedLog());
        IOException boom = new IOException("boom");
        assertSame(boom, failureOf(AsyncStream.<Integer>of(out -> {
            await(out.emit(await(path.of(1))));
            throw boom;
        }).debounce(Duration.ofSeconds(1)).toList()));
        assertSame(boom, failureOf(AsyncStream.<Integer>of(out -> {
            await(out.emit(await(path.of(1))));
            throw boom;
        }).sample(Duration.ofMillis(1)).toList()));
    }

    // ---- fromCallbacks ----

    @ParameterizedTest
    @EnumSource(Overflow.class)
    void fromCallbacksFedByAnotherThread(Overflow overflow) throws Exception {
        AtomicReference<Thread> feeder = new AtomicReference<>();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        AsyncStream<Integer> stream = AsyncStream.fromCallbacks(1000, overflow, (CallbackSink<Integer> sink) -> {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    sink.offer(i);
                }
                sink.complete();
            });
            feeder.set(thread);
            thread.start();
            return () -> events.add("unregistered");
        });
        assertEquals(ints(0, 100), get(stream.toList()));
        assertEquals(List.of("unregistered"), events);
        feeder.get().join();
    }

    @Test
    void fromCallbacksUnregistersBeforeAnEarlyStopCompletes() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<CallbackSink<Integer>> sink = new AtomicReference<>();
        AsyncStream<Integer> stream = AsyncStream.fromCallbacks(4, Overflow.SUSPEND, (CallbackSink<Integer> s) -> {
            sink.set(s);
            events.add("registered");
            return () -> events.add("unregistered");
        });
        CompletableFuture<List<Integer>> two = stream.take(2).toList();
        assertEquals(List.of("registered"), events);
        assertTrue(sink.get().offer(1));
        assertFalse(two.isDone());
        assertTrue(sink.get().offer(2));
        assertEquals(List.of(1, 2), get(two));
        assertEquals(List.of("registered", "unregistered"), events);
        assertFalse(sink.get().offer(3), "refused once ended");
        assertTrue(sink.get().send(3).toCompletableFuture().isCompletedExceptionally());
    }

    @Test
    void fromCallbacksOverflowPolicies() throws Exception {
        assertEquals(List.of(1, 2), policy(Overflow.DROP_LATEST, 2));
        assertEquals(List.of(4, 5), policy(Overflow.DROP_OLDEST, 2));
        Throwable failed = assertThrows(ExecutionException.class, () -> policy(Overflow.FAIL, 2)).getCause();
        assertTrue(failed.getMessage().contains("buffer of 2 values overflowed"), failed.getMessage());
        assertEquals(List.of(1, 2), policy(Overflow.SUSPEND, 2), "offer refuses what does not fit");
        // send waits for room under SUSPEND
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        CompletableFuture<List<Integer>> all = AsyncStream.fromCallbacks(1, Overflow.SUSPEND, (CallbackSink<Integer> sink) -> {
            for (int i = 1; i <= 3; i++) {
                sends.add(sink.send(i).toCompletableFuture());
            }
            sends.get(2).thenRun(sink::complete);
            return () -> { };
        }).toList();
        assertEquals(List.of(1, 2, 3), get(all));
        assertTrue(sends.stream().allMatch(s -> s.isDone() && !s.isCompletedExceptionally()));
    }

    /** Offers 1..5 to a stream of {@code capacity} while its registration runs (before the first is taken), then completes. */
    private static List<Integer> policy(Overflow overflow, int capacity) throws Exception {
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        get(AsyncStream.fromCallbacks(capacity, overflow, (CallbackSink<Integer> sink) -> {
            for (int i = 1; i <= 5; i++) {
                sink.offer(i);
            }
            sink.complete();
            return () -> { };
        }).forEach(seen::add));
        return seen;
    }
}
