package dev.awaitj.frameworks;

import static dev.awaitj.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.Dispatch;
import dev.awaitj.Task;
import dev.awaitj.TaskScope;
import dev.awaitj.Time;
import dev.awaitj.annotation.Async;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime on a Vert.x 5 context: timers scheduled with Vert.x's own {@code setTimer} through
 * {@link Dispatch#withTimer}, and a Vert.x timer's future completed on the context, resume on the
 * context with no task submitted through {@code runOnContext} (counted); a {@code TaskScope}'s
 * forks run on the context.
 */
class VertxRuntimeTest {
    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final AtomicInteger submitted = new AtomicInteger();
    private final AtomicInteger timers = new AtomicInteger();
    private final Dispatch onContext = Dispatch.on(task -> {
        submitted.incrementAndGet();
        context.runOnContext(ignored -> task.run());
    }, () -> Vertx.currentContext() == context).withTimer((delay, action) -> {
        timers.incrementAndGet();
        long id = vertx.setTimer(Math.max(1, (delay.toNanos() + 999_999) / 1_000_000), ignored -> action.run());
        return () -> vertx.cancelTimer(id);
    });
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void check(String where) {
        if (Vertx.currentContext() != context || !onContext.isCurrent()) {
            problems.add(where + ": on " + Thread.currentThread().getName() + ", not on the context");
        }
    }

    /** Starts {@code work} the way Vert.x runs a handler: on the context, where call starts inline. */
    private <T> T onTheContext(Supplier<CompletableFuture<T>> work) throws Exception {
        CompletableFuture<CompletableFuture<T>> started = new CompletableFuture<>();
        context.runOnContext(ignored -> started.complete(onContext.call(work)));
        T result = started.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
        assertTrue(problems.isEmpty(), problems.toString());
        return result;
    }

    @Async
    CompletableFuture<String> sleeps() {
        await(Time.sleep(Duration.ofMillis(2)));
        check("after a sleep");
        await(vertx.timer(2).toCompletionStage()); // completed by Vert.x on this context
        check("after a Vert.x timer");
        String timed = await(Time.withTimeout(new CompletableFuture<String>(), Duration.ofMillis(2), "fallback"));
        check("after a timeout");
        return completedFuture(timed);
    }

    @Test
    void timersAndVertxFuturesCompletedOnTheContextResumeThereWithNoSubmission() throws Exception {
        assertEquals("fallback", onTheContext(this::sleeps));
        assertEquals(2, timers.get()); // the sleep and the timeout, both on Vert.x's setTimer
        assertEquals(0, submitted.get()); // every resumption ran inline on the context
    }

    @Async
    CompletableFuture<String> napThenName(String name) {
        await(Time.sleep(Duration.ofMillis(2)));
        check("after the sleep in " + name);
        return completedFuture(name);
    }

    @Async
    CompletableFuture<String> scope() {
        try (TaskScope scope = TaskScope.open()) {
            Task<String> first = scope.fork(() -> napThenName("first"));
            Task<String> second = scope.fork(() -> napThenName("second"));
            await(scope.join());
            check("after the join");
            return completedFuture(await(first) + "+" + await(second));
        }
    }

    @Test
    void aScopesForksRunOnTheContext() throws Exception {
        assertEquals("first+second", onTheContext(this::scope));
        // each fork is a task of its own: its start and its settling are submitted, its resumptions are not
        assertEquals(4, submitted.get());
    }
}
