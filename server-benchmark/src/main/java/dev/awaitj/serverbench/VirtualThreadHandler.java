package dev.awaitj.serverbench;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Vert.x 5 on virtual threads: the verticle is deployed with {@code ThreadingModel.VIRTUAL_THREAD},
 * and the handler blocks its virtual thread in {@code Future.await()} (JDK 21+).
 */
final class VirtualThreadHandler implements Handler<HttpServerRequest> {
    private final Work work;

    VirtualThreadHandler(Work work) {
        this.work = work;
    }

    @Override
    public void handle(HttpServerRequest request) {
        try {
            String later = work.later().await();
            String now = work.now().await();
            request.response().end(later + now);
        } catch (RuntimeException failure) {
            request.response().setStatusCode(500).end();
        }
    }
}
