package dev.awaitj.it.stream;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.TestEventLoop;
import dev.awaitj.Time;
import dev.awaitj.annotation.Async;
import dev.awaitj.stream.AsyncStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * share(replay, buffer): one upstream run for the consumers collecting at once, replay for late
 * ones, the slowest consumer's pace, the end and failures to all, and the last consumer to leave
 * cancelling the run and resuming after its finally.
 */
class StreamShareTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger runs = new AtomicInteger();

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    /** 0..n-1, one every 100 ms of virtual time; counts runs; the finally logs. */
    private AsyncStream<Integer> ticking(int n) {
        return AsyncStream.of(out -> {
            runs.incrementAndGet();
            try {
                for (int i = 0; i < n; i++) {
                    await(Time.sleep(Duration.ofMillis(100)));
                    await(out.emit(i));
                }
            } finally {
                log.add("finally");
            }
            return AsyncStream.done();
        });
    }

    @Test
    void consumersShareOneRunAndLateOnesGetTheReplayInVirtualTime() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        List<String> seen = new ArrayList<>();
        AsyncStream<Integer> shared = ticking(10).share(2, 0);
        loop.runUntilComplete(() -> scenario(shared, loop, seen));
        assertEquals(List.of("B [1, 2, 3] at 400", "A 0..9 at 1000", "C [0, 1] at 1700 after [finally, finally]"), seen);
        assertEquals(2, runs.get(), "A and B shared a run; C, after the end, started a new one");
    }

    @Async
    CompletableFuture<Void> scenario(AsyncStream<Integer> shared, TestEventLoop loop, List<String> seen) {
        CompletableFuture<List<Integer>> a = shared.toList();
        await(Time.sleep(Duration.ofMillis(350)));
        List<Integer> b = await(shared.take(3).toList()); // joins after 0, 1, 2: the replay is 1, 2
        seen.add("B " + b + " at " + loop.elapsed().toMillis());
        List<Integer> all = await(a);
        seen.add("A " + all.get(0) + ".." + all.get(all.size() - 1) + " at " + loop.elapsed().toMillis());
        assertEquals(IntStream.range(0, 10).boxed().collect(Collectors.toList()), all);
        await(Time.sleep(Duration.ofMillis(500)));
        List<Integer> c = await(shared.take(2).toList()); // the last to leave: resumes after the finally
        seen.add("C " + c + " at " + loop.elapsed().toMillis() + " after " + log);
        return CompletableFuture.completedFuture(null);
    }

    /** Completed once the consumers of a test have joined: the upstreams wait for it before emitting. */
    private final CompletableFuture<Void> joined = new CompletableFuture<>();

    /** 0..n-1 on {@code path} once {@link #joined}, counting emits; the finally awaits, then logs. */
    private AsyncStream<Integer> counted(Path path, int n, AtomicLong emitted) {
        return AsyncStream.of(out -> {
            runs.incrementAndGet();
            await(joined);
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

    @ParameterizedTest
    @EnumSource(Path.class)
    void theSlowestConsumerSetsThePace(Path path) throws Exception {
        joined.complete(null); // each consumer pair below joins before the slow one lets the run go on
        for (int buffer : new int[] {0, 3}) {
            AtomicLong emitted = new AtomicLong();
            AtomicLong mostAhead = new AtomicLong();
            AtomicLong taken = new AtomicLong();
            CompletableFuture<Void> gate = new CompletableFuture<>();
            AsyncStream<Integer> shared = counted(path, 100, emitted).share(0, buffer);
            // the slow consumer joins first (it starts the run) and waits at the gate for its first value
            CompletableFuture<Void> slow = shared.forEachAsync(v -> {
                mostAhead.accumulateAndGet(emitted.get() - taken.incrementAndGet(), Math::max);
                return gate.thenCompose(x -> Path.SUSPENDED.step());
            });
            CompletableFuture<List<Integer>> fast = shared.toList();
            gate.complete(null);
            get(slow);
            List<Integer> fastValues = get(fast);
            assertTrue(fastValues.size() >= 100 - buffer - 1, "the fast consumer joined at once: " + fastValues.size());
            assertTrue(mostAhead.get() <= buffer + 1, "buffer " + buffer + ": ran ahead of the slow consumer by " + mostAhead.get());
            assertEquals(List.of("finally"), log);
            log.clear();
        }
        assertEquals(2, runs.get());
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void theEndAndFailuresReachEveryConsumer(Path path) throws Exception {
        IOException boom = new IOException("boom");
        AsyncStream<Integer> failing = AsyncStream.<Integer>of(out -> {
            await(joined);
            for (int i = 0; i < 3; i++) {
                await(out.emit(await(path.of(i))));
            }
            await(Path.SUSPENDED.step());
            throw boom;
        }).share(0, 0);
        List<Integer> seenA = Collections.synchronizedList(new ArrayList<>());
        List<Integer> seenB = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> a = failing.forEach(seenA::add);
        CompletableFuture<Void> b = failing.forEach(seenB::add);
        joined.complete(null);
        assertSame(boom, assertThrows(ExecutionException.class, () -> get(a)).getCause());
        assertSame(boom, assertThrows(ExecutionException.class, () -> get(b)).getCause());
        assertEquals(List.of(0, 1, 2), seenA);
        assertEquals(List.of(0, 1, 2), seenB);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void oneConsumerStoppingEarlyLeavesTheRunToTheOthers(Path path) throws Exception {
        AsyncStream<Integer> shared = counted(path, 50, new AtomicLong()).share(0, 0);
        CompletableFuture<List<Integer>> all = shared.toList();
        CompletableFuture<List<Integer>> three = shared.take(3).toList();
        joined.complete(null);
        assertEquals(List.of(0, 1, 2), get(three));
        assertEquals(IntStream.range(0, 50).boxed().collect(Collectors.toList()), get(all));
        assertEquals(List.of("finally"), log);
        assertEquals(1, runs.get());
    }

    @Test
    void theLastConsumerCancelledResumesAfterTheUpstreamsFinally() throws Exception {
        joined.complete(null);
        CompletableFuture<Void> never = WaitingConsumer.cancelAtThird(counted(Path.SUSPENDED, 1000, new AtomicLong())
                .share(1, 0), log, 2);
        assertEquals(List.of("finally", "consumer resumed"), log);
        assertTrue(never.isCancelled());
    }

    @Test
    void theArgumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> AsyncStream.values(1).share(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> AsyncStream.values(1).share(0, -1));
    }
}
