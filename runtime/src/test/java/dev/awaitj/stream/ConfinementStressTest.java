package dev.awaitj.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.awaitj.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The hops back to the consumer's loop under contention: stages completed by a pool of four
 * threads at random moments, through mapConcurrent, buffer and fromPublisher, with the consumer
 * on an EventLoop. Over many runs every value arrives once, in order, and every user callback ran
 * on the loop thread (a hop that ran inline off the loop, or was lost, or reordered, shows here).
 */
class ConfinementStressTest {
    private static final int RUNS = Integer.getInteger("awaitj.stress.confinementRuns", 40);
    private static final int VALUES = 300;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(4, r -> {
        Thread thread = new Thread(r, "pool");
        thread.setDaemon(true);
        return thread;
    });

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    private static CompletableFuture<Integer> later(int value) {
        return CompletableFuture.supplyAsync(() -> {
            if (value % 7 == 0) {
                Thread.yield();
            }
            return value;
        }, POOL);
    }

    @Test
    void everyValueOnceInOrderAndEveryCallbackOnTheLoop() throws Exception {
        List<Integer> expected = IntStream.range(0, VALUES).boxed().toList();
        for (int run = 0; run < RUNS; run++) {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            List<Integer> viaMapConcurrent;
            List<Integer> viaPublisher;
            try (EventLoop loop = EventLoop.startThread("stress")) {
                viaMapConcurrent = loop.spawn(() -> AsyncStream.from(expected)
                        .mapConcurrent(4, ConfinementStressTest::later)
                        .buffer(3)
                        .mapAsync(ConfinementStressTest::later)
                        .map(v -> {
                            threads.add(Thread.currentThread().getName());
                            return v;
                        })
                        .toList()).get(20, TimeUnit.SECONDS);
                SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>(POOL, 8);
                CompletableFuture<List<Integer>> pulled = new CompletableFuture<>();
                loop.execute(() -> loop.spawn(() -> AsyncStream.fromPublisher(publisher, 4)
                        .filter(v -> threads.add(Thread.currentThread().getName()) || true)
                        .toList()).whenComplete((v, e) -> {
                            if (e == null) {
                                pulled.complete(v);
                            } else {
                                pulled.completeExceptionally(e);
                            }
                        }));
                POOL.execute(() -> {
                    while (publisher.getNumberOfSubscribers() == 0) {
                        Thread.onSpinWait(); // values submitted before the subscription would be dropped
                    }
                    expected.forEach(publisher::submit);
                    publisher.close();
                });
                viaPublisher = pulled.get(20, TimeUnit.SECONDS);
            }
            assertEquals(expected, viaMapConcurrent, "run " + run);
            assertEquals(expected, viaPublisher, "run " + run);
            assertEquals(Set.of("awaitj-stress"), threads, "run " + run);
        }
    }

    @Test
    void aLongRunOfHopsDoesNotGrowTheStack() throws Exception {
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            many.add(i);
        }
        try (EventLoop loop = EventLoop.startThread("deep")) {
            long count = loop.spawn(() -> AsyncStream.from(many).mapAsync(v -> v % 2 == 0 ? later(v)
                    : CompletableFuture.completedFuture(v)).count()).get(30, TimeUnit.SECONDS);
            assertEquals(20_000, count);
        }
    }
}
