package dev.awaitj.vertx;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What both handlers do with one request's async work: start it on the request's context under
 * its dispatch, cancel it when the connection closes first, and hand a failure to
 * {@code onFailure} on that context.
 */
final class RequestWork {
    private static final System.Logger LOGGER = System.getLogger("dev.awaitj.vertx");

    private RequestWork() {
    }

    /** The request's context, which runs on the calling thread. */
    static Context contextOf(String handlerName) {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException(handlerName + " ran on thread '" + Thread.currentThread().getName()
                    + "', which runs no Vert.x context: register it with Vert.x (requestHandler, route.handler)"
                    + " rather than calling it yourself");
        }
        return context;
    }

    static void start(Context context, HttpServerResponse response, Supplier<? extends CompletionStage<?>> work,
            Consumer<Throwable> onFailure) {
        @SuppressWarnings("unchecked") // the value is not used: only how the work ends
        Supplier<CompletionStage<Object>> typed = (Supplier<CompletionStage<Object>>) work;
        CompletableFuture<?> running = VertxDispatch.of(context).call(typed);
        if (running.isDone()) {
            settled(running.isCompletedExceptionally() ? running.handle((value, failure) -> failure).join() : null,
                    onFailure);
            return;
        }
        if (!response.ended()) { // an ended response takes no close handler: the client has its answer
            response.closeHandler(closed -> running.cancel(true));
        }
        running.whenComplete((ignored, failure) -> {
            if (failure == null) {
                return;
            }
            if (Vertx.currentContext() == context) {
                settled(failure, onFailure);
            } else {
                context.runOnContext(now -> settled(failure, onFailure));
            }
        });
    }

    private static void settled(Throwable failure, Consumer<Throwable> onFailure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause == null || (cause instanceof CancellationException && cause.getSuppressed().length == 0)) {
            return; // done, or cancelled (the connection closed) with nothing thrown by the cleanup
        }
        onFailure.accept(cause);
    }

    /**
     * Reports {@code failure} as Vert.x reports a handler's exception: to the context's exception
     * handler, else to the Vert.x instance's, else to the System.Logger {@code dev.awaitj.vertx}.
     */
    static void report(Context context, Throwable failure) {
        Handler<Throwable> handler = context.exceptionHandler();
        if (handler == null) {
            handler = context.owner().exceptionHandler();
        }
        if (handler != null) {
            handler.handle(failure);
        } else {
            LOGGER.log(System.Logger.Level.ERROR, "an @Async request handler failed", failure);
        }
    }
}
