package dev.awaitj.frameworks;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.awaitj.Dispatch;
import dev.awaitj.annotation.Async;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A handler running on a Vert.x context awaits a Vert.x {@link Future} (through
 * {@code toCompletionStage()}) and a plain {@link CompletableFuture}, and continues on that same
 * context after each await, on both paths.
 */
class VertxDispatchTest {
    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final Dispatch onContext = Dispatch.on(task -> context.runOnContext(ignored -> task.run()),
            () -> Vertx.currentContext() == context);

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Async
    CompletableFuture<List<String>> handler(Future<String> fromVertx, CompletionStage<String> plain) {
        List<String> seen = new ArrayList<>();
        seen.add(await(fromVertx.toCompletionStage()) + ":" + where());
        seen.add(await(plain) + ":" + where());
        return CompletableFuture.completedFuture(seen);
    }

    private String where() {
        return (Vertx.currentContext() == context ? "on context" : "elsewhere")
                + (Context.isOnEventLoopThread() ? ", event loop" : ", " + Thread.currentThread().getName());
    }

    /** Starts the handler the way Vert.x runs handlers: on the context, via runOnContext. */
    private CompletableFuture<List<String>> onTheContext(Future<String> fromVertx, CompletionStage<String> plain)
            throws Exception {
        CompletableFuture<CompletableFuture<List<String>>> started = new CompletableFuture<>();
        context.runOnContext(ignored -> started.complete(onContext.call(() -> handler(fromVertx, plain))));
        return started.get(5, TimeUnit.SECONDS);
    }

    @Test
    void completedVertxAndPlainFuturesContinueOnTheContext() throws Exception {
        List<String> seen = onTheContext(Future.succeededFuture("vertx"), CompletableFuture.completedFuture("plain"))
                .get(5, TimeUnit.SECONDS);
        assertEquals(List.of("vertx:on context, event loop", "plain:on context, event loop"), seen);
    }

    @Test
    void futuresCompletedByAnotherThreadResumeOnTheContext() throws Exception {
        Promise<String> promise = Promise.promise(); // no context: its callbacks run on the completing thread
        CompletableFuture<String> plain = new CompletableFuture<>();
        CompletableFuture<List<String>> result = onTheContext(promise.future(), plain);
        assertFalse(result.isDone());
        Thread other = new Thread(() -> {
            promise.complete("vertx");
            plain.complete("plain");
        }, "other");
        other.start();
        assertEquals(List.of("vertx:on context, event loop", "plain:on context, event loop"),
                result.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aTimerCompletedByVertxItselfResumesOnTheContext() throws Exception {
        CompletableFuture<String> plain = new CompletableFuture<>();
        CompletableFuture<List<String>> result = onTheContext(vertx.timer(10).map(id -> "timer"), plain);
        CompletableFuture.delayedExecutor(30, TimeUnit.MILLISECONDS).execute(() -> plain.complete("plain"));
        List<String> seen = result.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("timer:on context, event loop", "plain:on context, event loop"), seen);
    }
}
