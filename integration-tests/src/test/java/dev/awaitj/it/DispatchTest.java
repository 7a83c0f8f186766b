package dev.awaitj.it;

import static dev.awaitj.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.awaitj.Dispatch;
import dev.awaitj.EventLoop;
import dev.awaitj.annotation.Async;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rewritten {@code @Async} code under a {@link Dispatch}: the thread after every await. */
class DispatchTest {
    private final ExecutorService pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "target"));
    private final Dispatch target = Dispatch.on(pool);

    @AfterEach
    void shutDown() {
        pool.shutdownNow();
    }

    @Async
    CompletableFuture<List<String>> twoAwaits(CompletionStage<String> first, CompletionStage<String> second) {
        List<String> threads = new ArrayList<>();
        threads.add(await(first) + "@" + Thread.currentThread().getName());
        threads.add(await(second) + "@" + Thread.currentThread().getName());
        threads.add(await(inner(second)) + "@" + Thread.currentThread().getName());
        return completedFuture(threads);
    }

    /** Awaits a stage of its own, so its frame is made on the thread that resumed its caller. */
    @Async
    CompletableFuture<String> inner(CompletionStage<String> after) {
        CompletableFuture<String> later = new CompletableFuture<>();
        CompletableFuture.runAsync(() -> later.complete("inner"));
        String value = await(later) + "@" + Thread.currentThread().getName();
        return completedFuture(value + "+" + await(after));
    }

    @Test
    void alreadyCompleteStagesContinueOnTheTargetThread() throws Exception {
        List<String> threads = target.call(() -> twoAwaits(completedFuture("a"), completedFuture("b")))
                .get(5, TimeUnit.SECONDS);
        assertEquals(List.of("a@target", "b@target", "inner@target+b@target"), threads);
    }

    @Test
    void stagesCompletedByAnotherThreadResumeOnTheTargetThread() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletableFuture<List<String>> result = target.call(() -> twoAwaits(first, second));
        Thread completer = new Thread(() -> {
            first.complete("a");
            second.complete("b");
        }, "completer");
        pool.submit(() -> null).get(); // started and waiting at its first await
        assertFalse(result.isDone());
        completer.start();
        assertEquals(List.of("a@target", "b@target", "inner@target+b@target"), result.get(5, TimeUnit.SECONDS));
    }

    @Async
    CompletableFuture<String> offAndBack(CompletableFuture<String> later) {
        String there = await(target.call(() -> inner(later)));
        return completedFuture(there + ", then " + Thread.currentThread().getName());
    }

    @Test
    void aBlockOnTheTargetReturnsToTheCallersLoop() throws Exception {
        CompletableFuture<String> later = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS).execute(() -> later.complete("x"));
        String result;
        try (EventLoop loop = EventLoop.startThread("caller")) {
            result = loop.spawn(() -> offAndBack(later)).get(5, TimeUnit.SECONDS);
        }
        assertEquals("inner@target+x, then awaitj-caller", result);
    }
}
