package dev.awaitj.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.internal.Dispatcher;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Where code runs: the caller's thread until the first suspension, then where DESIGN.md says. */
class ResumptionTest {
    private static Class<?> program;
    private static final ExecutorService OTHER = Executors.newSingleThreadExecutor(r -> new Thread(r, "completer"));

    @BeforeAll
    static void compile() throws Exception {
        program = Programs.load("t.Where", """
                package t;

                import static dev.awaitj.Await.await;
                import static java.util.concurrent.CompletableFuture.completedFuture;

                import dev.awaitj.annotation.Async;
                import java.util.*;
                import java.util.concurrent.*;

                public class Where {
                    @Async static CompletableFuture<String> record(List<String> threads, CompletableFuture<String> done,
                            CompletableFuture<String> first, CompletableFuture<String> second) {
                        threads.add("start " + Thread.currentThread().getName());
                        await(done);
                        threads.add("after completed await " + Thread.currentThread().getName());
                        await(first);
                        threads.add("after first " + Thread.currentThread().getName());
                        await(second);
                        threads.add("after second " + Thread.currentThread().getName());
                        return completedFuture("ok");
                    }
                }
                """).loadClass("t.Where");
    }

    @AfterAll
    static void stop() {
        OTHER.shutdownNow();
    }

    private static CompletableFuture<?> record(List<String> threads, CompletableFuture<String> first,
            CompletableFuture<String> second) throws Exception {
        Method method = AsyncRun.find(program, "record");
        method.setAccessible(true);
        return (CompletableFuture<?>) method.invoke(null, threads, CompletableFuture.completedFuture("x"), first, second);
    }

    @Test
    void runsInTheCallersThreadThenResumesOnTheCompletingThread() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        String caller = Thread.currentThread().getName();
        CompletableFuture<?> result = record(threads, first, second);
        assertEquals(List.of("start " + caller, "after completed await " + caller), threads,
                "synchronous in the caller's thread until the first real suspension");
        assertFalse(result.isDone());
        OTHER.submit(() -> first.complete("1")).get();
        assertEquals("after first completer", threads.get(2));
        second.complete("2");
        assertEquals("after second " + caller, threads.get(3), "resumed by whoever completed the stage");
        assertEquals("ok", result.join());
    }

    @Test
    void startedUnderADispatcherItResumesThroughThatDispatcher() throws Exception {
        ExecutorService loopThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "loop"));
        Dispatcher loop = new Dispatcher() {
            @Override
            public boolean isCurrent() {
                return Thread.currentThread().getName().equals("loop");
            }

            @Override
            public void execute(Runnable command) {
                loopThread.execute(command);
            }
        };
        try {
            List<String> threads = new CopyOnWriteArrayList<>();
            CompletableFuture<String> first = new CompletableFuture<>();
            CompletableFuture<String> second = new CompletableFuture<>();
            CompletableFuture<?> result = loopThread.submit(() -> {
                Dispatcher previous = Dispatcher.install(loop);
                try {
                    return record(threads, first, second);
                } finally {
                    Dispatcher.install(previous);
                }
            }).get();
            OTHER.submit(() -> first.complete("1")).get();
            second.complete("2");
            assertEquals("ok", result.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("start loop", "after completed await loop", "after first loop", "after second loop"),
                    threads);
        } finally {
            loopThread.shutdownNow();
        }
    }

    @Test
    void aStageCompletedWhileRegisteringStillResumesExactlyOnce() throws Exception {
        for (int round = 0; round < 2_000; round++) {
            List<String> threads = new CopyOnWriteArrayList<>();
            CompletableFuture<String> first = new CompletableFuture<>();
            CompletableFuture<String> second = new CompletableFuture<>();
            java.util.concurrent.Future<?> racer = OTHER.submit(() -> {
                first.complete("1");
                second.complete("2");
            });
            CompletableFuture<?> result = record(threads, first, second);
            racer.get();
            assertEquals("ok", result.get(10, TimeUnit.SECONDS));
            assertEquals(4, threads.size(), threads.toString());
        }
        assertTrue(true);
    }
}
