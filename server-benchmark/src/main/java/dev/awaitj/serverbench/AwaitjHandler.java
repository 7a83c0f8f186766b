package dev.awaitj.serverbench;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import dev.awaitj.vertx.AsyncRequestHandler;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.CompletableFuture;

/** awaitj through awaitj-vertx: an {@code @Async} method run by {@link AsyncRequestHandler}. */
final class AwaitjHandler {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private final Work work;

    private AwaitjHandler(Work work) {
        this.work = work;
    }

    static Handler<HttpServerRequest> create(Work work) {
        return AsyncRequestHandler.of(new AwaitjHandler(work)::handle);
    }

    /**
     * A diagnostic, not a handler to copy: the same method called directly, with no dispatch
     * (it resumes on whatever thread completes the stage, the request's context here only because
     * the timer fires there) and no failure routing. What the @Async method itself costs.
     */
    static Handler<HttpServerRequest> bare(Work work) {
        AwaitjHandler handler = new AwaitjHandler(work);
        return handler::handle;
    }

    @Async
    CompletableFuture<Void> handle(HttpServerRequest request) {
        String later = await(work.laterStage());
        String now = await(work.nowStage());
        request.response().end(later + now);
        return DONE;
    }
}
