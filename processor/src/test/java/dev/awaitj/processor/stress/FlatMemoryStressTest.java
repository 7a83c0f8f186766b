package dev.awaitj.processor.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.processor.verify.CompiledProgram;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A loop with 10,000,000 real suspensions keeps its memory flat: the frame is reused, and nothing
 * accumulates per suspension. Measured as the heap retained after a full GC, sampled every
 * million suspensions (not time). {@code -Dawaitj.stress.suspensions=N} changes the count.
 */
class FlatMemoryStressTest {
    private static final long SUSPENSIONS = Long.getLong("awaitj.stress.suspensions", 10_000_000L);
    private static final long SAMPLE_EVERY = Math.max(1, SUSPENSIONS / 10);
    /** A leak of even one small object per suspension would retain hundreds of megabytes. */
    private static final long ALLOWED_GROWTH = 8L << 20;

    @Test
    void tenMillionSuspensionsRetainNoMemory() {
        BiFunction<Long, Supplier<CompletableFuture<Long>>, CompletableFuture<Long>> loop =
                CompiledProgram.rewritten("s.Loop", """
                        package s;

                        import static dev.awaitj.Await.await;
                        import static java.util.concurrent.CompletableFuture.completedFuture;

                        import dev.awaitj.annotation.Async;
                        import java.util.concurrent.CompletableFuture;
                        import java.util.function.BiFunction;
                        import java.util.function.Supplier;

                        public class Loop implements BiFunction<Long, Supplier<CompletableFuture<Long>>, CompletableFuture<Long>> {
                            @Async
                            public CompletableFuture<Long> apply(Long count, Supplier<CompletableFuture<Long>> next) {
                                long sum = 0;
                                double half = 0.5;
                                String name = "loop";
                                Object[] box = {name};
                                for (long i = 0; i < count; i++) {
                                    sum += await(next.get()) + (long) (half * 2) - 1 + name.length() - box.length - 3;
                                }
                                return completedFuture(sum);
                            }
                        }
                        """).instance("s.Loop");
        ArrayDeque<CompletableFuture<Long>> waiting = new ArrayDeque<>();
        Supplier<CompletableFuture<Long>> next = () -> {
            CompletableFuture<Long> stage = new CompletableFuture<>();
            waiting.add(stage);
            return stage;
        };
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<Long> retained = new ArrayList<>();
        long started = System.nanoTime();
        CompletableFuture<Long> result = loop.apply(SUSPENSIONS, next);
        long suspensions = 0;
        CompletableFuture<Long> stage;
        while ((stage = waiting.poll()) != null) {
            suspensions++;
            if (suspensions % SAMPLE_EVERY == 0) {
                retained.add(retainedHeap(memory));
            }
            stage.complete(1L); // resumes the method on this thread, up to its next suspension
        }
        long elapsed = System.nanoTime() - started;
        assertEquals(SUSPENSIONS, suspensions, "every await really suspended");
        assertEquals(SUSPENSIONS, result.join(), "every resumption delivered its value once");
        // The first sample is taken during warm-up (class loading, JIT); growth is measured after it.
        long first = retained.get(1);
        long max = retained.subList(1, retained.size()).stream().mapToLong(Long::longValue).max().orElseThrow();
        StringBuilder samples = new StringBuilder();
        for (long bytes : retained) {
            samples.append(String.format(" %.1f", bytes / 1048576.0));
        }
        System.out.printf("flat memory: %,d suspensions in %.1f s; heap retained after GC every %,d (MB):%s%n",
                SUSPENSIONS, elapsed / 1e9, SAMPLE_EVERY, samples);
        assertTrue(max - first < ALLOWED_GROWTH,
                "retained heap grew by " + (max - first) + " bytes over the loop:" + samples);
    }

    private static long retainedHeap(MemoryMXBean memory) {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
