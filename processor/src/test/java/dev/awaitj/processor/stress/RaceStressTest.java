package dev.awaitj.processor.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.processor.verify.CompiledProgram;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Completion racing registration: a stage completed on another thread at the very moment the
 * async method checks it and registers its callback. Every resumption happens exactly once —
 * none lost (the method would never finish), none doubled (the counter and sums would be off).
 * {@code -Dawaitj.stress.races=N} sets the number of races per test (CI: 1,000,000 each).
 */
class RaceStressTest {
    private static final int RACES = Integer.getInteger("awaitj.stress.races", 1_000_000);
    private static CompiledProgram program;

    @BeforeAll
    static void compile() {
        program = CompiledProgram.rewritten("s.Race", """
                package s;

                import static dev.awaitj.Await.await;
                import static java.util.concurrent.CompletableFuture.completedFuture;

                import dev.awaitj.annotation.Async;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.atomic.AtomicInteger;
                import java.util.function.BiFunction;

                public class Race implements BiFunction<CompletableFuture<Integer>, AtomicInteger, CompletableFuture<Integer>> {
                    @Async
                    public CompletableFuture<Integer> apply(CompletableFuture<Integer> stage, AtomicInteger resumed) {
                        long wide = 40L;
                        String text = "x";
                        int value = await(stage);
                        resumed.incrementAndGet();
                        return completedFuture(value + (int) wide + text.length() - 41);
                    }
                }
                """, "s.Loop", """
                package s;

                import static dev.awaitj.Await.await;
                import static java.util.concurrent.CompletableFuture.completedFuture;

                import dev.awaitj.annotation.Async;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.atomic.AtomicInteger;
                import java.util.function.BiFunction;

                public class Loop implements BiFunction<CompletableFuture<Long>[], AtomicInteger, CompletableFuture<Long>> {
                    @Async
                    public CompletableFuture<Long> apply(CompletableFuture<Long>[] stages, AtomicInteger progress) {
                        long sum = 0;
                        double check = 0.5;
                        for (int i = 0; i < stages.length; i++) {
                            sum += await(stages[i]);
                            check += 1;
                            progress.set(i);
                        }
                        return completedFuture(sum + (long) (check - 0.5) - stages.length);
                    }
                }
                """);
    }

    /** Fresh invocations, each racing its stage's completion on another thread. */
    @Test
    void eachInvocationResumesExactlyOnce() throws Exception {
        BiFunction<CompletableFuture<Integer>, AtomicInteger, CompletableFuture<Integer>> race = program.instance("s.Race");
        @SuppressWarnings("unchecked")
        CompletableFuture<Integer>[] stages = new CompletableFuture[RACES];
        @SuppressWarnings("unchecked")
        CompletableFuture<Integer>[] results = new CompletableFuture[RACES];
        for (int i = 0; i < RACES; i++) {
            stages[i] = new CompletableFuture<>();
        }
        AtomicInteger resumed = new AtomicInteger();
        AtomicInteger called = new AtomicInteger(-1);
        AtomicInteger completed = new AtomicInteger(-1);
        Thread completer = new Thread(() -> {
            for (int i = 0; i < RACES; i++) {
                int index = i;
                Spin.until(() -> called.get() >= index);
                Spin.jitter(i);
                stages[i].complete(i);
                completed.set(i);
            }
        }, "race-completer");
        long started = System.nanoTime();
        completer.start();
        int alreadyDone = 0;
        for (int i = 0; i < RACES; i++) {
            int index = i;
            Spin.until(() -> completed.get() >= index - 1);
            called.set(i);
            Spin.jitter(i * 7 + 3);
            alreadyDone += stages[i].isDone() ? 1 : 0;
            results[i] = race.apply(stages[i], resumed);
        }
        completer.join(TimeUnit.MINUTES.toMillis(5));
        assertTrue(!completer.isAlive(), "completer finished");
        for (int i = 0; i < RACES; i++) {
            assertTrue(results[i].isDone(), "invocation " + i + " lost its resumption");
            assertEquals(i, results[i].join(), "invocation " + i);
        }
        assertEquals(RACES, resumed.get(), "resumptions: one per invocation");
        System.out.printf("race: %,d invocations raced against completion in %.1f s;"
                        + " %,d found their stage complete before the call, %,d did not%n",
                RACES, (System.nanoTime() - started) / 1e9, alreadyDone, RACES - alreadyDone);
    }

    /**
     * One invocation awaiting {@code RACES} stages in a loop; two threads complete the even and
     * the odd ones, so each await races the thread that did not resume the method.
     */
    @Test
    void oneInvocationThroughALongLoopOfRacedAwaits() throws Exception {
        BiFunction<CompletableFuture<Long>[], AtomicInteger, CompletableFuture<Long>> loop = program.instance("s.Loop");
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] stages = new CompletableFuture[RACES];
        for (int i = 0; i < RACES; i++) {
            stages[i] = new CompletableFuture<>();
        }
        AtomicInteger progress = new AtomicInteger(-1);
        AtomicLong completions = new AtomicLong();
        Thread[] completers = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int parity = t;
            completers[t] = new Thread(() -> {
                for (int i = parity; i < RACES; i += 2) {
                    int index = i;
                    Spin.until(() -> progress.get() >= index - 1);
                    Spin.jitter(i);
                    stages[i].complete((long) i);
                    completions.incrementAndGet();
                }
            }, "loop-completer-" + t);
        }
        long started = System.nanoTime();
        CompletableFuture<Long> result = loop.apply(stages, progress);
        for (Thread completer : completers) {
            completer.start();
        }
        long expected = (long) RACES * (RACES - 1) / 2;
        assertEquals(expected, result.get(5, TimeUnit.MINUTES), "sum of every stage, each awaited once");
        for (Thread completer : completers) {
            completer.join();
        }
        assertEquals(RACES, completions.get());
        System.out.printf("race: one invocation through %,d awaits completed by two racing threads in %.1f s%n",
                RACES, (System.nanoTime() - started) / 1e9);
    }
}
