package dev.awaitj.vertx;

import static dev.awaitj.Await.await;
import static dev.awaitj.vertx.VertxFutures.stage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.annotation.Async;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link VertxFutures#stage}: an await of a Vert.x future, complete or not, succeeded or failed. */
class VertxFuturesTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Async
    CompletableFuture<String> awaitBoth(Future<String> first, Future<String> second) {
        String a = await(stage(first));
        try {
            return CompletableFuture.completedFuture(a + "," + await(stage(second)));
        } catch (IllegalArgumentException thrown) {
            return CompletableFuture.completedFuture(a + ",caught " + thrown.getMessage());
        }
    }

    @Test
    void completeFuturesAreCompleteStagesSoTheAwaitGoesOnWithoutSuspending() {
        CompletableFuture<String> result = awaitBoth(Future.succeededFuture("a"),
                Future.failedFuture(new IllegalArgumentException("b")));
        assertTrue(result.isDone());
        assertEquals("a,caught b", result.join());
    }

    @Test
    void aCompleteFutureBoundToAnotherContextIsAtOnceAStageWhereToCompletionStageIsNot() throws Exception {
        Context other = vertx.getOrCreateContext();
        Future<String> bound = CompletableFuture.supplyAsync(() -> vertx.timer(1).map(fired -> "on other"),
                task -> other.runOnContext(now -> task.run())).get(5, TimeUnit.SECONDS);
        while (!bound.isComplete()) {
            Thread.sleep(1);
        }
        CountDownLatch release = new CountDownLatch(1);
        other.runOnContext(now -> {
            try {
                release.await(); // holds the other context's thread, so what Vert.x hands over there waits
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertTrue(stage(bound).isDone());
            assertEquals("on other", stage(bound).join());
            assertFalse(bound.toCompletionStage().toCompletableFuture().isDone(),
                    "what this helper is for: Vert.x hands the outcome over on the future's context, later");
        } finally {
            release.countDown();
        }
    }

    @Test
    void futuresCompletedLaterByAnotherThreadResumeTheAwaitWithTheirOutcome() throws Exception {
        Promise<String> first = Promise.promise();
        Promise<String> second = Promise.promise();
        CompletableFuture<String> result = awaitBoth(first.future(), second.future());
        assertFalse(result.isDone());
        Thread other = new Thread(() -> {
            first.complete("a");
            second.fail(new IllegalArgumentException("b"));
        });
        other.start();
        assertEquals("a,caught b", result.get(5, TimeUnit.SECONDS));
    }

    @Test
    void theFailureIsTheFuturesOwnException() {
        IllegalStateException failure = new IllegalStateException("x");
        Throwable seen = stage(Future.<String>failedFuture(failure)).handle((value, thrown) -> thrown).join();
        assertSame(failure, seen);
    }
}
