package dev.awaitj.it.stream;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.stream.AsyncStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Random runs with real threads through the operators that listen to several streams at once
 * (merge, flatMapMerge, flatMapLatest, zip, combine, share): producers whose stages two other
 * threads complete at random, consumers that take everything, stop early, fail or are cancelled.
 * Each run must end, deliver what the operator promises, and have every producer that started
 * enter its finally exactly once before the consumer's await resumes.
 */
class StreamJunctionStressTest {
    private static final int RUNS = 300;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final Random random = new Random(19);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private <T> CompletableFuture<T> maybeLater(T value) {
        return random.nextBoolean() ? CompletableFuture.completedFuture(value) : CompletableFuture.supplyAsync(() -> value, pool);
    }

    /** from..from+n-1; counts starts and finally entries. */
    private AsyncStream<Integer> source(int from, int n, AtomicInteger started, AtomicInteger finallies) {
        return AsyncStream.of(out -> {
            started.incrementAndGet();
            try {
                for (int i = from; i < from + n; i++) {
                    await(out.emit(await(maybeLater(i))));
                }
            } finally {
                finallies.incrementAndGet();
            }
            return AsyncStream.done();
        });
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    /** Runs {@code stream} to an end chosen at random; returns the values, or null if it did not take them all. */
    private List<Integer> consume(AsyncStream<Integer> stream) throws Exception {
        switch (random.nextInt(4)) {
            case 0:
                return get(stream.toList());
            case 1:
                get(stream.take(random.nextInt(5)).toList());
                return null;
            case 2: {
                IllegalStateException mine = new IllegalStateException("consumer");
                int at = random.nextInt(6);
                AtomicInteger seen = new AtomicInteger();
                try {
                    get(stream.forEach(v -> {
                        if (seen.getAndIncrement() == at) {
                            throw mine;
                        }
                    }));
                } catch (ExecutionException e) {
                    assertEquals(mine, e.getCause());
                }
                return null;
            }
            default: {
                CompletableFuture<Void> never = new CompletableFuture<>();
                CompletableFuture<Void> consumer = stream.forEachAsync(v -> random.nextInt(3) == 0 ? never : maybeLater(null));
                Thread.sleep(0, 200_000);
                consumer.cancel(true);
                try {
                    get(consumer);
                } catch (CancellationException | ExecutionException expected) {
                    // cancelled, or it had ended first
                }
                // awaitj's waiting (not a plain get) is what waits for the cleanup: await it
                get(awaitSettled(consumer));
                return null;
            }
        }
    }

    @dev.awaitj.annotation.Async
    private static CompletableFuture<Void> awaitSettled(CompletableFuture<Void> consumer) {
        try {
            await(consumer);
        } catch (RuntimeException ended) {
            // its outcome does not matter here, only that the await resumes after the cleanup
        }
        return CompletableFuture.completedFuture(null);
    }

    private void check(String what, int run, AtomicInteger started, AtomicInteger finallies) {
        assertEquals(started.get(), finallies.get(), what + " run " + run + ": every started producer ran its finally first");
    }

    @Test
    void mergeAndFlatMapMerge() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            AtomicInteger started = new AtomicInteger();
            AtomicInteger finallies = new AtomicInteger();
            AsyncStream<Integer> merged = random.nextBoolean()
                    ? AsyncStream.merge(source(0, 5, started, finallies), source(100, 5, started, finallies),
                            source(200, 5, started, finallies))
                    : source(0, 4, started, finallies).flatMapMerge(1 + random.nextInt(3),
                            v -> source(v * 100, 3, started, finallies));
            List<Integer> all = consume(merged);
            check("merge", run, started, finallies);
            if (all != null) {
                assertTrue(all.size() == 15 || all.size() == 12, all.toString());
            }
        }
    }

    @Test
    void flatMapLatest() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            AtomicInteger started = new AtomicInteger();
            AtomicInteger finallies = new AtomicInteger();
            List<Integer> all = consume(source(0, 5, started, finallies).flatMapLatest(v -> source(v * 10, 3, started, finallies)));
            check("flatMapLatest", run, started, finallies);
            if (all != null) {
                assertEquals(List.of(40, 41, 42), all.subList(all.size() - 3, all.size()), all.toString());
            }
        }
    }

    @Test
    void zipAndCombine() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            AtomicInteger started = new AtomicInteger();
            AtomicInteger finallies = new AtomicInteger();
            boolean zip = random.nextBoolean();
            AsyncStream<Integer> a = source(0, 4, started, finallies);
            AsyncStream<Integer> b = source(100, 6, started, finallies);
            List<Integer> all = consume(zip ? a.zip(b, Integer::sum) : a.combine(b, (x, y) -> x * 1000 + y));
            check(zip ? "zip" : "combine", run, started, finallies);
            if (all != null && zip) {
                assertEquals(List.of(100, 102, 104, 106), all);
            } else if (all != null) {
                assertEquals(Integer.valueOf(3105), all.get(all.size() - 1), "the last combination is of the last values");
            }
        }
    }

    @Test
    void shareWithConsumersJoiningAndLeavingOnOtherThreads() throws Exception {
        ExecutorService consumers = Executors.newFixedThreadPool(3);
        try {
            for (int run = 0; run < RUNS / 3; run++) {
                AtomicInteger started = new AtomicInteger();
                AtomicInteger finallies = new AtomicInteger();
                AsyncStream<Integer> shared = source(0, 30, started, finallies).share(random.nextInt(3), random.nextInt(3));
                List<CompletableFuture<Object>> all = new ArrayList<>();
                for (int c = 0; c < 3; c++) {
                    int take = random.nextInt(40);
                    all.add(CompletableFuture.supplyAsync(() -> shared.take(take).toList(), consumers)
                            .thenCompose(list -> list.thenApply(values -> (Object) values)));
                }
                for (CompletableFuture<Object> each : all) {
                    @SuppressWarnings("unchecked")
                    List<Integer> values = (List<Integer>) get(each);
                    for (int i = 1; i < values.size(); i++) {
                        assertTrue(values.get(i) > values.get(i - 1), "in order: " + values);
                    }
                }
                check("share", run, started, finallies);
            }
        } finally {
            consumers.shutdownNow();
        }
    }

    @Test
    void twoHundredThousandValuesThroughMergeDoNotGrowTheStack() throws Exception {
        List<Integer> many = IntStream.range(0, 100_000).boxed().collect(Collectors.toList());
        CompletableFuture<Long> counted = new CompletableFuture<>();
        Thread small = new Thread(null, () -> {
            try {
                counted.complete(get(AsyncStream.merge(AsyncStream.from(many), AsyncStream.from(many)).count()));
            } catch (Throwable e) {
                counted.completeExceptionally(e);
            }
        }, "small-stack", 256 * 1024);
        small.start();
        assertEquals(200_000L, get(counted));
    }
}
