package dev.awaitj.it.stream;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.annotation.Async;
import dev.awaitj.stream.AsyncIterator;
import dev.awaitj.stream.AsyncStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Back-pressure and memory: a fast producer never runs ahead of a slow consumer by more than the
 * one value the consumer holds, and a 10,000,000-element stream runs in flat memory and stack.
 */
class StreamBackPressureTest {
    /** Emits as fast as it can, counting the values it has handed over. */
    private static AsyncStream<Long> fast(long n, AtomicLong emitted) {
        return AsyncStream.of(out -> {
            for (long i = 0; i < n; i++) {
                emitted.incrementAndGet();
                await(out.emit(i));
            }
            return AsyncStream.done();
        });
    }

    @Async
    static CompletableFuture<Long> slowPull(AsyncStream<Long> stream, AtomicLong emitted, Path path) {
        long taken = 0;
        long mostAhead = 0;
        try (AsyncIterator<Long> it = stream.iterator()) {
            while (await(it.hasNext())) {
                it.next();
                taken++;
                await(path.step()); // the slow part
                mostAhead = Math.max(mostAhead, emitted.get() - taken);
            }
        }
        return CompletableFuture.completedFuture(mostAhead);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aSlowConsumerIsNeverMoreThanOneValueBehind(Path path) throws Exception {
        AtomicLong emitted = new AtomicLong();
        assertEquals(0L, slowPull(fast(200, emitted), emitted, path).get(20, TimeUnit.SECONDS),
                "pulled: values emitted beyond those taken");
        assertEquals(200, emitted.get());

        AtomicLong pushed = new AtomicLong();
        AtomicLong taken = new AtomicLong();
        AtomicLong mostAhead = new AtomicLong();
        fast(200, pushed).map(v -> v + 1).filter(v -> v > 0).forEachAsync(v -> {
            taken.incrementAndGet();
            return path.step().thenRun(() -> mostAhead.accumulateAndGet(pushed.get() - taken.get(), Math::max));
        }).get(20, TimeUnit.SECONDS);
        assertEquals(0, mostAhead.get(), "pushed through map and filter: values emitted beyond those taken");
        assertEquals(200, taken.get());
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static final long TEN_MILLION = 10_000_000;
    private static final long MEGABYTE = 1 << 20;

    /** 10,000,000 values; every {@code suspendEvery}-th it really suspends (0: never). */
    private static AsyncStream<Long> tenMillion(ExecutorService other, long suspendEvery) {
        return counting(TEN_MILLION, other, suspendEvery);
    }

    /** 1..n; every {@code suspendEvery}-th it really suspends (0: never). */
    private static AsyncStream<Long> counting(long n, ExecutorService other, long suspendEvery) {
        return AsyncStream.of(out -> {
            for (long i = 1; i <= n; i++) {
                if (suspendEvery > 0 && i % suspendEvery == 0) {
                    await(CompletableFuture.runAsync(() -> { }, other));
                }
                await(out.emit(i));
            }
            return AsyncStream.done();
        });
    }

    @Test
    void tenMillionValuesInFlatMemory() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            for (long suspendEvery : new long[] {0, 10_000}) {
                long[] heap = new long[2];
                long sum = tenMillion(other, suspendEvery).fold(0L, (acc, v) -> {
                    if (v == TEN_MILLION / 10) {
                        heap[0] = usedHeapAfterGc();
                    } else if (v == TEN_MILLION) {
                        heap[1] = usedHeapAfterGc();
                    }
                    return acc + v;
                }).get(60, TimeUnit.SECONDS);
                assertEquals(TEN_MILLION * (TEN_MILLION + 1) / 2, sum);
                long growth = heap[1] - heap[0];
                System.out.printf("10M-element stream (suspending every %d): used heap after GC %d MB at 1M,"
                        + " %d MB at 10M%n", suspendEvery, heap[0] / MEGABYTE, heap[1] / MEGABYTE);
                assertTrue(growth < 8 * MEGABYTE, "heap grew by " + growth / MEGABYTE + " MB from 1M to 10M");
            }
        } finally {
            other.shutdownNow();
        }
    }

    @Async
    static CompletableFuture<long[]> pullAll(AsyncStream<Long> stream, long measureAt) {
        long sum = 0;
        long[] heap = new long[3];
        try (AsyncIterator<Long> it = stream.iterator()) {
            while (await(it.hasNext())) {
                long v = it.next();
                sum += v;
                if (v == measureAt) {
                    heap[0] = usedHeapAfterGc();
                }
            }
        }
        heap[1] = usedHeapAfterGc();
        heap[2] = sum;
        return CompletableFuture.completedFuture(heap);
    }

    /** Pulled: 2,000,000 values (the pull path is a handshake per value, ~0.5 µs here). */
    @Test
    void twoMillionValuesPulledInFlatMemory() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            long n = 2_000_000;
            long[] heap = pullAll(counting(n, other, 100_000), n / 10).get(60, TimeUnit.SECONDS);
            assertEquals(n * (n + 1) / 2, heap[2]);
            System.out.printf("2M-element stream pulled: used heap after GC %d MB at 200k, %d MB at 2M%n",
                    heap[0] / MEGABYTE, heap[1] / MEGABYTE);
            assertTrue(heap[1] - heap[0] < 8 * MEGABYTE, "heap grew by " + (heap[1] - heap[0]) / MEGABYTE + " MB");
        } finally {
            other.shutdownNow();
        }
    }
}
