package dev.awaitj.vertx;

import dev.awaitj.Dispatch;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One request's async work, as both handlers run it: started on the request's context under its
 * dispatch, cancelled when the connection closes first, its failure handed to {@link #failed} on
 * that context. One object per request is the close handler, the completion callback, and the
 * executor and thread test of the request's dispatch at once (a server keeps one per request in
 * flight), and the work's own future is what it cancels: no future wraps it
 * ({@link Dispatch#startHere}).
 */
abstract class RequestWork extends OnContext implements Handler<Void>, BiConsumer<Object, Throwable> {
    private static final System.Logger LOGGER = System.getLogger("dev.awaitj.vertx");

    private CompletableFuture<?> running;

    RequestWork(String handlerName) {
        super(currentContext(handlerName));
    }

    private static Context currentContext(String handlerName) {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException(handlerName + " ran on thread '" + Thread.currentThread().getName()
                    + "', which runs no Vert.x context: register it with Vert.x (requestHandler, route.handler)"
                    + " rather than calling it yourself");
        }
        return context;
    }

    /** Handles the failure of the work, on the request's context. */
    abstract void failed(Throwable failure);

    final void start(HttpServerResponse response, Supplier<? extends CompletionStage<?>> work) {
        @SuppressWarnings("unchecked") // the value is not used: only how the work ends
        Supplier<CompletionStage<Object>> typed = (Supplier<CompletionStage<Object>>) work;
        Dispatch dispatch = Dispatch.on(this, this);
        CompletionStage<Object> stage = dispatch.startHere(typed);
        running = stage instanceof CompletableFuture ? (CompletableFuture<Object>) stage : dispatch.call(() -> stage);
        if (running.isDone()) {
            if (running.isCompletedExceptionally()) {
                settled(running.handle((value, failure) -> failure).join());
            }
            return;
        }
        if (!response.ended()) { // an ended response takes no close handler: the client has its answer
            response.closeHandler(this);
        }
        running.whenComplete(this);
    }

    /** The connection closed. */
    @Override
    public final void handle(Void closed) {
        running.cancel(true);
    }

    /** The work ended. */
    @Override
    public final void accept(Object ignored, Throwable failure) {
        if (failure == null) {
            return;
        }
        if (Vertx.currentContext() == context) {
            settled(failure);
        } else {
            context.runOnContext(now -> settled(failure));
        }
    }

    private void settled(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CancellationException && cause.getSuppressed().length == 0) {
            return; // cancelled (the connection closed) with nothing thrown by the cleanup
        }
        failed(cause);
    }

    /**
     * Reports {@code failure} as Vert.x reports a handler's exception: to the context's exception
     * handler, else to the Vert.x instance's, else to the System.Logger {@code dev.awaitj.vertx}.
     */
    final void report(Throwable failure) {
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
