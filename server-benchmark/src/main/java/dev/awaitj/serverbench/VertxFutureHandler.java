package dev.awaitj.serverbench;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/** Vert.x {@code Future} composition, as a Vert.x user writes it. */
final class VertxFutureHandler implements Handler<HttpServerRequest> {
    private final Work work;

    VertxFutureHandler(Work work) {
        this.work = work;
    }

    @Override
    public void handle(HttpServerRequest request) {
        work.later()
                .compose(later -> work.now().map(now -> later + now))
                .onComplete(body -> request.response().end(body),
                        failure -> request.response().setStatusCode(500).end());
    }
}
