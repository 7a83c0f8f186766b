package dev.awaitj.serverbench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;

/**
 * The server's work: the later result comes from a 1 ms Vert.x timer set on the request's context
 * (its callback runs there), the other is a cached complete result.
 */
final class TimerWork implements Work {
    private static final CompletableFuture<String> NOW_STAGE = CompletableFuture.completedFuture("now");
    private static final Future<String> NOW = Future.succeededFuture("now");
    private final Vertx vertx;

    TimerWork(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public CompletableFuture<String> laterStage() {
        CompletableFuture<String> later = new CompletableFuture<>();
        vertx.setTimer(1, fired -> later.complete("later,"));
        return later;
    }

    @Override
    public CompletableFuture<String> nowStage() {
        return NOW_STAGE;
    }

    @Override
    public Future<String> later() {
        Promise<String> later = Promise.promise();
        vertx.setTimer(1, fired -> later.complete("later,"));
        return later.future();
    }

    @Override
    public Future<String> now() {
        return NOW;
    }
}
