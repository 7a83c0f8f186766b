package dev.awaitj.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cancelling the returned future cancels the awaited stage and throws CancellationException at
 * that await, so finally blocks run; through chains of async callers too.
 */
class CancellationTest {
    private static Class<?> program;

    @BeforeAll
    static void compile() throws Exception {
        program = Programs.load("t.Cancel", """
                package t;

                import static dev.awaitj.Await.await;
                import static java.util.concurrent.CompletableFuture.completedFuture;

                import dev.awaitj.annotation.Async;
                import java.util.*;
                import java.util.concurrent.*;

                public class Cancel {
                    @Async static CompletableFuture<String> waits(List<String> log, CompletionStage<String> stage) {
                        try {
                            log.add("waiting");
                            return completedFuture(await(stage));
                        } catch (CancellationException e) {
                            log.add("cancelled at await");
                            throw e;
                        } finally {
                            log.add("finally");
                        }
                    }

                    @Async static CompletableFuture<String> outer(List<String> log, CompletionStage<String> stage) {
                        try {
                            return completedFuture("outer " + await(waits(log, stage)));
                        } finally {
                            log.add("outer finally");
                        }
                    }

                    @Async static CompletableFuture<String> cleansUpWithAwait(List<String> log, CompletableFuture<String> stage,
                            CompletableFuture<String> cleanup) {
                        try {
                            return completedFuture(await(stage));
                        } finally {
                            log.add("cleanup " + await(cleanup));
                        }
                    }
                }
                """).loadClass("t.Cancel");
    }

    private static CompletableFuture<?> call(String name, Object... args) throws Exception {
        Method method = AsyncRun.find(program, name);
        method.setAccessible(true);
        return (CompletableFuture<?>) method.invoke(null, args);
    }

    @Test
    void cancellingCancelsTheAwaitedStageAndRunsFinally() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<?> future = call("waits", log, stage);
        assertFalse(future.isDone());
        assertTrue(future.cancel(true));
        assertTrue(stage.isCancelled(), "the awaited stage is cancelled");
        assertTrue(future.isCancelled());
        assertEquals(List.of("waiting", "cancelled at await", "finally"), log);
    }

    @Test
    void cancellationTravelsDownAChainOfAwaitingCallers() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<?> future = call("outer", log, stage);
        assertTrue(future.cancel(false));
        assertTrue(stage.isCancelled());
        assertTrue(future.isCancelled());
        assertEquals(List.of("waiting", "cancelled at await", "finally", "outer finally"), log);
    }

    @Test
    void aStageThatCannotBeCancelledStillDeliversCancellationWhenItCompletes() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletableFuture<?> future = call("waits", log, source.minimalCompletionStage());
        assertTrue(future.cancel(true));
        assertTrue(future.isCancelled(), "the future is cancelled at once");
        assertEquals(List.of("waiting"), log, "the method still waits for a stage it could not cancel");
        source.complete("late");
        assertEquals(List.of("waiting", "cancelled at await", "finally"), log);
    }

    @Test
    void finallyBlocksMayAwaitAfterCancellation() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> cleanup = new CompletableFuture<>();
        CompletableFuture<?> future = call("cleansUpWithAwait", log, stage, cleanup);
        assertTrue(future.cancel(true));
        assertTrue(log.isEmpty());
        cleanup.complete("done");
        assertEquals(List.of("cleanup done"), log);
    }

    @Test
    void cancellingACompletedFutureChangesNothing() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<?> future = call("waits", log, CompletableFuture.completedFuture("now"));
        assertFalse(future.cancel(true));
        assertEquals("now", future.join());
    }
}
