package dev.awaitj.it.stream;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.TestEventLoop;
import dev.awaitj.Time;
import dev.awaitj.stream.AsyncStream;
import dev.awaitj.stream.Indexed;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kotlin Flow's sequential operators and terminals on both paths: values, failures as the original
 * exception, and early stops whose producer {@code finally} runs before the consumer continues.
 * (The concurrent and timed operators: {@link StreamConcurrentOperatorsTest}.)
 */
class StreamFlowOperatorsTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> get(future)).getCause();
    }

    /** The given values, each awaiting {@code path}; the finally awaits too, then logs "finally". */
    @SafeVarargs
    private <T> AsyncStream<T> values(Path path, T... values) {
        return AsyncStream.of(out -> {
            try {
                for (T v : values) {
                    await(out.emit(await(path.of(v))));
                }
            } finally {
                await(path.step());
                log.add("finally");
            }
            return AsyncStream.done();
        });
    }

    /** 0..n-1 on {@code path}, then {@code failure}; the finally logs. */
    private AsyncStream<Integer> failing(Path path, int n, Exception failure) {
        return AsyncStream.of(out -> {
            try {
                for (int i = 0; i < n; i++) {
                    await(out.emit(await(path.of(i))));
                }
                await(path.step());
                throw failure;
            } finally {
                log.add("finally");
            }
        });
    }

    private AsyncStream<Integer> range(Path path, int n) {
        return values(path, IntStream.range(0, n).boxed().toArray(Integer[]::new));
    }

    /** {@code result}, after checking the producer's finally already ran. */
    private <T> T afterFinally(CompletableFuture<T> future) throws Exception {
        T result = get(future);
        assertEquals(List.of("finally"), log, "the producer's finally ran before the consumer continued");
        log.clear();
        return result;
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void transforms(Path path) throws Exception {
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        assertEquals(List.of(1, 2, 3), afterFinally(values(path, 1, 2, 3).onEach(seen::add).toList()));
        assertEquals(List.of(1, 2, 3), seen);
        seen.clear();
        assertEquals(List.of(1, 2), afterFinally(values(path, 1, 2, 3)
                .onEachAsync(v -> path.step().thenRun(() -> seen.add(v))).take(2).toList()));
        assertEquals(List.of(1, 2), seen);
        assertEquals(List.of(0, 1, 3, 6), afterFinally(values(path, 1, 2, 3).scan(0, Integer::sum).toList()));
        assertEquals(List.of("", "a", "ab"), afterFinally(values(path, "a", "b", "c").scan("", String::concat).take(3).toList()));
        assertEquals(List.of(3, 1, 4), afterFinally(values(path, 1, 2, 3, 1, 4).dropWhile(v -> v < 3).toList()));
        assertEquals(List.of(1, 2, 1, 3), afterFinally(values(path, 1, 1, 2, 2, 2, 1, 3, 3).distinctUntilChanged().toList()));
        assertEquals(List.of("a", "bb", "c"), afterFinally(values(path, "a", "b", "bb", "cc", "c")
                .distinctUntilChanged(String::length).toList()));
        assertEquals(List.of(2, 4), afterFinally(values(path, 1, 2, 3, 4, 5).filterAsync(v -> path.of(v % 2 == 0)).toList()));
        assertEquals(List.of(new Indexed<>(0, "a"), new Indexed<>(1, "b")),
                afterFinally(values(path, "a", "b").withIndex().toList()));
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6)), afterFinally(range(path, 7).chunked(3).toList()));
        assertEquals(List.of(List.of(0, 1), List.of(2, 3)), afterFinally(range(path, 4).chunked(2).toList()));
        assertEquals(List.of(List.of(0, 1)), afterFinally(range(path, 100).chunked(2).take(1).toList()),
                "an early stop in the middle of the second chunk");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aFailingUserFunctionFailsTheStreamAfterTheProducersFinally(Path path) throws Exception {
        IllegalStateException mine = new IllegalStateException("mine");
        assertSame(mine, failureOf(range(path, 10).scan(0, (a, v) -> {
            if (v == 3) {
                throw mine;
            }
            return a + v;
        }).toList()));
        assertEquals(List.of("finally"), log);
        log.clear();
        assertSame(mine, failureOf(range(path, 10).filterAsync(v -> v == 2 ? CompletableFuture.failedFuture(mine)
                : path.of(true)).toList()));
        assertEquals(List.of("finally"), log);
        log.clear();
        Throwable nulls = failureOf(range(path, 10).onEachAsync(v -> null).toList());
        assertTrue(nulls.getMessage().contains("onEachAsync's action returned null"), nulls.getMessage());
    }

    // ---- lifecycle ----

    @ParameterizedTest
    @EnumSource(Path.class)
    void onStartAndOnCompletion(Path path) throws Exception {
        List<String> ends = Collections.synchronizedList(new ArrayList<>());
        assertEquals(List.of(0, 1, 2, -1), afterFinally(values(path, 1, 2)
                .onStart(out -> out.emit(0))
                .onCompletion((failure, out) -> {
                    ends.add(String.valueOf(failure));
                    return out.emit(-1);
                }).toList()));
        assertEquals(List.of("null"), ends);

        ends.clear();
        IOException boom = new IOException("boom");
        Throwable failed = failureOf(failing(path, 2, boom).onCompletion((failure, out) -> {
            ends.add(log.toString() + " " + failure.getMessage());
            return out.emit(-1); // refused after a failure
        }).toList());
        assertSame(boom, failed);
        assertEquals(List.of("[finally] boom"), ends, "the action runs after the producer's finally, with the failure");
        assertEquals(1, boom.getSuppressed().length, "the action's refused emit is kept");
        log.clear();

        ends.clear();
        assertEquals(List.of(0, 1), afterFinally(range(path, 100).onCompletion((failure, out) -> {
            ends.add(failure.getClass().getSuperclass().getSimpleName());
            return AsyncStream.done();
        }).take(2).toList()));
        assertEquals(List.of("CancellationException"), ends, "a stop downstream is a cancellation for the action");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void catchErrorHandlesTheUpstreamsFailuresOnly(Path path) throws Exception {
        IOException boom = new IOException("boom");
        List<Throwable> caught = Collections.synchronizedList(new ArrayList<>());
        assertEquals(List.of(0, 1, -1), afterFinally(failing(path, 2, boom).catchError((e, out) -> {
            caught.add(e);
            return out.emit(-1);
        }).toList()));
        assertEquals(List.of(boom), caught);

        IllegalStateException downstream = new IllegalStateException("downstream");
        assertSame(downstream, failureOf(range(path, 5).catchError((e, out) -> {
            caught.add(e);
            return AsyncStream.done();
        }).forEach(v -> {
            if (v == 2) {
                throw downstream;
            }
        })));
        assertEquals(1, caught.size(), "a failure downstream passes through");
        assertEquals(List.of("finally"), log);
        log.clear();

        IOException again = new IOException("again");
        assertSame(again, failureOf(failing(path, 0, boom).catchError((e, out) -> CompletableFuture.failedFuture(again)).toList()));
        log.clear();
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void retryStartsTheUpstreamAgain(Path path) throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AsyncStream<Integer> flaky = AsyncStream.of(out -> {
            int run = runs.getAndIncrement();
            try {
                await(out.emit(await(path.of(run * 10))));
                if (run < 2) {
                    throw new IOException("run " + run);
                }
                await(out.emit(await(path.of(run * 10 + 1))));
            } finally {
                log.add("finally " + run);
            }
            return AsyncStream.done();
        });
        assertEquals(List.of(0, 10, 20, 21), get(flaky.retry(5).toList()));
        assertEquals(List.of("finally 0", "finally 1", "finally 2"), log);
        log.clear();
        runs.set(0);
        Throwable exhausted = failureOf(flaky.retry(1).toList());
        assertEquals("run 1", exhausted.getMessage());
        runs.set(0);
        assertEquals("run 0", failureOf(flaky.retry(3, e -> !e.getMessage().equals("run 0")).toList()).getMessage());
        runs.set(0);
        List<Long> attempts = Collections.synchronizedList(new ArrayList<>());
        assertEquals(List.of(0, 10, 20, 21), get(flaky.retryWhen((e, attempt) -> {
            attempts.add(attempt);
            return path.of(true);
        }).toList()));
        assertEquals(List.of(0L, 1L), attempts);
        runs.set(0);
        log.clear();
        IllegalStateException downstream = new IllegalStateException("downstream");
        assertSame(downstream, failureOf(flaky.retry(5).forEach(v -> {
            throw downstream;
        })));
        assertEquals(List.of("finally 0"), log, "a downstream failure is not retried");
    }

    // ---- terminals ----

    @ParameterizedTest
    @EnumSource(Path.class)
    void terminals(Path path) throws Exception {
        assertEquals(Optional.of(3), afterFinally(values(path, 1, 2, 3).last()));
        assertEquals(Optional.empty(), afterFinally(values(path).last()));
        assertEquals(7, afterFinally(values(path, 7).single()));
        assertTrue(failureOf(values(path).single()) instanceof NoSuchElementException);
        log.clear();
        Throwable two = failureOf(range(path, 100).single());
        assertTrue(two instanceof IllegalArgumentException, two.toString());
        assertEquals(List.of("finally"), log, "single stops the producer at the second value");
        log.clear();
        assertEquals(5, afterFinally(values(path, 5, 6).firstOrNull()));
        assertNull(afterFinally(values(path).firstOrNull()));
        assertEquals(Optional.of(4), afterFinally(range(path, 100).first(v -> v > 3)));
        assertEquals(Optional.empty(), afterFinally(range(path, 3).first(v -> v > 3)));
        assertTrue(afterFinally(range(path, 100).any(v -> v == 4)));
        assertFalse(afterFinally(range(path, 5).any(v -> v > 10)));
        assertFalse(afterFinally(range(path, 100).all(v -> v < 4)));
        assertTrue(afterFinally(range(path, 5).all(v -> v < 10)));
        assertFalse(afterFinally(range(path, 100).none(v -> v == 4)));
        assertTrue(afterFinally(values(path).none(v -> true)));
        assertEquals(List.of(3, 1, 2), new ArrayList<>(afterFinally(values(path, 3, 1, 3, 2, 1).toSet())));
        Map<Integer, String> byLength = afterFinally(values(path, "a", "bb", "c").toMap(String::length, s -> s));
        assertEquals(Map.of(1, "c", 2, "bb"), byLength, "a later value replaces an earlier one");
        assertEquals(Map.of(true, List.of(0, 2, 4), false, List.of(1, 3)),
                afterFinally(range(path, 5).collect(Collectors.partitioningBy(v -> v % 2 == 0))));
        assertEquals("0,1,2", afterFinally(range(path, 3).map(String::valueOf).collect(Collectors.joining(","))));
        Set<Integer> set = afterFinally(range(path, 3).toSet());
        assertEquals(Set.of(0, 1, 2), set);
        IOException boom = new IOException("boom");
        assertSame(boom, failureOf(failing(path, 3, boom).collect(Collectors.toList())));
    }

    // ---- generate ----

    @ParameterizedTest
    @EnumSource(Path.class)
    void generateCallsOncePerValue(Path path) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertEquals(List.of(0, 1, 2), get(AsyncStream.generate(() -> path.of(calls.getAndIncrement())).take(3).toList()));
        assertEquals(3, calls.get());
        Throwable nulls = failureOf(AsyncStream.<Integer>generate(() -> null).toList());
        assertTrue(nulls.getMessage().contains("generate's function returned null"), nulls.getMessage());
    }

    // ---- cancellation of a consumer waiting downstream of the new operators ----

    @Test
    void cancellingAConsumerRunsTheProducersFinallyFirst() throws Exception {
        cancelAWaitingConsumer(range(Path.SUSPENDED, 1000).scan(0, Integer::sum));
        cancelAWaitingConsumer(range(Path.SUSPENDED, 1000).onCompletion((e, out) -> {
            log.add("completion " + (e instanceof CancellationException));
            return AsyncStream.done();
        }), "finally", "completion true");
        cancelAWaitingConsumer(range(Path.SUSPENDED, 1000).retry(3).catchError((e, out) -> out.emit(-1)));
    }

    private void cancelAWaitingConsumer(AsyncStream<Integer> stream, String... cleanup) throws Exception {
        log.clear();
        List<String> expected = new ArrayList<>(cleanup.length == 0 ? List.of("finally") : List.of(cleanup));
        expected.add("consumer resumed");
        CompletableFuture<Void> never = WaitingConsumer.cancelAtThird(stream, log, expected.size());
        assertEquals(expected, log);
        assertTrue(never.isCancelled(), "the pending body is cancelled");
        log.clear();
    }

    @Test
    void intervalTicksInVirtualTime() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        List<String> ticks = new ArrayList<>();
        loop.runUntilComplete(() -> AsyncStream.interval(Duration.ofSeconds(1)).take(3)
                .forEach(v -> ticks.add(v + "@" + loop.elapsed().toSeconds())));
        assertEquals(List.of("0@1", "1@2", "2@3"), ticks);
        ticks.clear();
        TestEventLoop slow = TestEventLoop.create();
        slow.runUntilComplete(() -> AsyncStream.interval(Duration.ofMillis(500), Duration.ofSeconds(1)).take(3)
                .forEachAsync(v -> {
                    ticks.add(v + "@" + slow.elapsed().toMillis());
                    return Time.sleep(Duration.ofSeconds(2)); // a slow consumer delays the next tick
                }));
        assertEquals(List.of("0@500", "1@3500", "2@6500"), ticks);
    }
}
