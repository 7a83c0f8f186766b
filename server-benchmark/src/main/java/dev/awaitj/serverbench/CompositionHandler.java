package dev.awaitj.serverbench;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Hand-written {@code CompletableFuture} composition. It continues on the thread that completed
 * the stage, which is the request's context here only because the timer fires there.
 */
final class CompositionHandler implements Handler<HttpServerRequest> {
    private final Work work;

    CompositionHandler(Work work) {
        this.work = work;
    }

    @Override
    public void handle(HttpServerRequest request) {
        work.laterStage()
                .thenCompose(later -> work.nowStage().thenApply(now -> later + now))
                .whenComplete((body, failure) -> {
                    if (failure == null) {
                        request.response().end(body);
                    } else {
                        request.response().setStatusCode(500).end();
                    }
                });
    }
}
