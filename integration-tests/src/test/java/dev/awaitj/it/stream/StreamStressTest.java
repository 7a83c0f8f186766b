package dev.awaitj.it.stream;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.awaitj.annotation.Async;
import dev.awaitj.stream.AsyncIterator;
import dev.awaitj.stream.AsyncStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Random runs with real threads: producer stages, mapped calls and consumer bodies completed by
 * two other threads at random, through every operator that decouples the two sides (buffer,
 * mapConcurrent) or stops them (take, timeouts, cancellation), pulled and pushed. Each run must
 * end, see a prefix of the reference values in order, and enter the producer's finally exactly
 * once, before the consumer's await resumes.
 */
class StreamStressTest {
    private static final int RUNS = 400;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Now (half the time), or later from the pool. */
    private <T> CompletableFuture<T> maybeLater(T value) {
        return ThreadLocalRandom.current().nextBoolean() ? CompletableFuture.completedFuture(value)
                : CompletableFuture.supplyAsync(() -> value, pool);
    }

    private AsyncStream<Integer> source(int n, AtomicInteger finallies, List<String> order) {
        return AsyncStream.of(out -> {
            try {
                for (int i = 0; i < n; i++) {
                    await(out.emit(await(maybeLater(i))));
                }
            } finally {
                // counted on entry: a producer stopped while already in this block (it had emitted
                // its last value) is cancelled here like any other, and this await then throws
                finallies.incrementAndGet();
                order.add("finally");
                await(maybeLater(0));
            }
            return AsyncStream.done();
        });
    }

    @Async
    static CompletableFuture<List<Integer>> pull(AsyncStream<Integer> stream, int stopAfter) {
        List<Integer> seen = new ArrayList<>();
        AsyncIterator<Integer> it = stream.iterator();
        try {
            while (seen.size() < stopAfter && await(it.hasNext())) {
                seen.add(it.next());
            }
        } finally {
            await(it.closeAsync());
        }
        return CompletableFuture.completedFuture(seen);
    }

    @Test
    void randomRunsEndInOrderAndRunTheProducersFinallyOnce() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int run = 0; run < RUNS; run++) {
            int n = random.nextInt(60);
            AtomicInteger finallies = new AtomicInteger();
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            AsyncStream<Integer> stream = source(n, finallies, order);
            int shape = random.nextInt(4);
            int k = 1 + random.nextInt(6);
            Function<Integer, Integer> expectedMap = v -> v;
            switch (shape) {
                case 0:
                    stream = stream.buffer(k);
                    break;
                case 1:
                    stream = stream.mapConcurrent(k, this::maybeLater);
                    break;
                case 2:
                    stream = stream.buffer(k).mapConcurrent(1 + random.nextInt(3), v -> maybeLater(v * 2));
                    expectedMap = v -> v * 2;
                    break;
                default:
                    stream = stream.timeoutEach(java.time.Duration.ofSeconds(30)).map(v -> v + 1);
                    expectedMap = v -> v + 1;
            }
            int stopAfter = random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt(n + 1);
            boolean pulled = random.nextBoolean();
            boolean cancel = random.nextInt(5) == 0;
            String what = "seed " + seed + " run " + run + ": n=" + n + " shape=" + shape + " k=" + k
                    + " stopAfter=" + stopAfter + " pulled=" + pulled + " cancel=" + cancel;
            CompletableFuture<List<Integer>> consumer;
            if (pulled) {
                consumer = pull(stream, stopAfter);
            } else if (stopAfter == Integer.MAX_VALUE) {
                List<Integer> pushed = Collections.synchronizedList(new ArrayList<>());
                consumer = stream.forEachAsync(v -> maybeLater(v).thenAccept(pushed::add)).thenApply(ignored -> pushed);
            } else {
                consumer = stream.take(stopAfter).toList();
            }
            if (cancel) {
                consumer.cancel(true);
            }
            List<Integer> seen;
            try {
                seen = consumer.get(20, TimeUnit.SECONDS);
            } catch (CancellationException e) {
                seen = null;
            } catch (TimeoutException e) {
                fail("hung: " + what);
                return;
            } catch (ExecutionException e) {
                throw new AssertionError(what, e.getCause());
            }
            if (stopAfter == 0) { // take(0), or a loop that never asks: the producer never starts
                assertEquals(0, finallies.get(), what);
                continue;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (finallies.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            Thread.sleep(random.nextInt(2)); // a second finally would show up here
            if (!cancel || seen != null) {
                assertEquals(1, finallies.get(), what);
            } else {
                assertTrue(finallies.get() <= 1, what); // cancelled before it started: may never have run
            }
            if (seen != null) {
                int expectedSize = Math.min(n, stopAfter);
                List<Integer> expected = new ArrayList<>();
                for (int i = 0; i < expectedSize; i++) {
                    expected.add(expectedMap.apply(i));
                }
                assertEquals(expected, seen, what);
                if (!pulled && stopAfter != Integer.MAX_VALUE) {
                    assertEquals(List.of("finally"), order, "take completes after the producer's finally: " + what);
                }
            }
        }
    }
}
