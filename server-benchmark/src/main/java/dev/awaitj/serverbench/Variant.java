package dev.awaitj.serverbench;

import io.vertx.core.Handler;
import io.vertx.core.ThreadingModel;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Function;

/** The handlers compared, each doing {@link Work}'s two awaits and a small response. */
enum Variant {
    AWAITJ("awaitj (awaitj-vertx)", false, ThreadingModel.EVENT_LOOP, AwaitjHandler::create),
    /** A diagnostic: the @Async method without the adapter (no dispatch, no failure routing). */
    AWAITJ_BARE("awaitj method alone (diagnostic)", false, ThreadingModel.EVENT_LOOP, AwaitjHandler::bare),
    COMPOSITION("CompletableFuture composition", false, ThreadingModel.EVENT_LOOP, CompositionHandler::new),
    VERTX_FUTURE("Vert.x Future composition", true, ThreadingModel.EVENT_LOOP, VertxFutureHandler::new),
    VIRTUAL_THREADS("Vert.x virtual threads, Future.await()", true, ThreadingModel.VIRTUAL_THREAD,
            VirtualThreadHandler::new),
    KOTLIN("Kotlin coroutines, Vert.x dispatcher", true, ThreadingModel.EVENT_LOOP, KotlinHandler::new);

    final String label;
    /** Whether the handler awaits Vert.x futures (else CompletableFutures). */
    final boolean vertxFutures;
    final ThreadingModel threading;
    private final Function<Work, Handler<HttpServerRequest>> handler;

    Variant(String label, boolean vertxFutures, ThreadingModel threading,
            Function<Work, Handler<HttpServerRequest>> handler) {
        this.label = label;
        this.vertxFutures = vertxFutures;
        this.threading = threading;
        this.handler = handler;
    }

    Handler<HttpServerRequest> handler(Work work) {
        return handler.apply(work);
    }

    /** Whether this JVM can run it: virtual threads need JDK 21+. */
    boolean runsHere() {
        return threading != ThreadingModel.VIRTUAL_THREAD || Runtime.version().feature() >= 21;
    }
}
