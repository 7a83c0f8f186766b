package dev.awaitj.vertx;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.awaitj.annotation.Async;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link VertxDispatch}: work resumes on the dispatch's context, started from it or from elsewhere. */
class VertxDispatchTest {
    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Async
    CompletableFuture<String> twoAwaits(CompletableFuture<String> first, CompletableFuture<String> second) {
        String a = await(first) + (Vertx.currentContext() == context ? "@context" : "@elsewhere");
        String b = await(second) + (Vertx.currentContext() == context ? "@context" : "@elsewhere");
        return CompletableFuture.completedFuture(a + "," + b);
    }

    private static CompletableFuture<String> later(String value) {
        return CompletableFuture.supplyAsync(() -> value, CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS));
    }

    @Test
    void workStartedFromAnotherThreadRunsAndResumesOnTheContext() throws Exception {
        String result = VertxDispatch.of(context).call(() -> twoAwaits(later("a"), later("b"))).get(5, TimeUnit.SECONDS);
        assertEquals("a@context,b@context", result);
    }

    @Test
    void currentIsTheContextTheCallingThreadRuns() throws Exception {
        CompletableFuture<CompletableFuture<String>> started = new CompletableFuture<>();
        context.runOnContext(now -> started.complete(VertxDispatch.current().call(
                () -> twoAwaits(CompletableFuture.completedFuture("a"), later("b")))));
        assertEquals("a@context,b@context", started.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS));
    }

    @Test
    void currentOffAnyContextSaysWhatToDo() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, VertxDispatch::current);
        assertEquals("no Vert.x context runs on thread '" + Thread.currentThread().getName() + "': call"
                + " VertxDispatch.current() from a handler Vert.x runs, or use VertxDispatch.of(context)",
                refused.getMessage());
    }
}
