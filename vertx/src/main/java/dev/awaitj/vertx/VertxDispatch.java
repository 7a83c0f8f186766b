package dev.awaitj.vertx;

import dev.awaitj.Dispatch;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Objects;

/**
 * A {@link Dispatch} on a Vert.x {@link Context}: async work started under it resumes on that
 * context after every await ({@code runOnContext}), whoever completes what it awaits.
 *
 * <p>Vert.x 5 runs each HTTP request on a duplicated context of its own, which carries the
 * request's tracing and {@code ContextLocal} state; {@link #current()} takes that one, so the work
 * keeps the request's state across its awaits. A dispatch on {@code vertx.getOrCreateContext()}
 * or on the verticle's context would resume on the shared event-loop context instead.
 *
 * <pre>{@code
 * server.requestHandler(request -> VertxDispatch.current().call(() -> handle(request)));
 * // AsyncRequestHandler.of(this::handle) does this and also routes failures and cancels on close
 * }</pre>
 */
public final class VertxDispatch {
    private VertxDispatch() {
    }

    /**
     * The dispatch on the context the calling thread runs now (in a Vert.x handler: the
     * request's duplicated context); {@code call} starts inline there.
     *
     * @throws IllegalStateException if no Vert.x context runs on the calling thread
     */
    public static Dispatch current() {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("no Vert.x context runs on thread '" + Thread.currentThread().getName()
                    + "': call VertxDispatch.current() from a handler Vert.x runs, or use VertxDispatch.of(context)");
        }
        return of(context);
    }

    /**
     * The dispatch on {@code context}: work resumes through {@code context.runOnContext}, and
     * {@code call} starts inline when the calling thread runs that context now.
     */
    public static Dispatch of(Context context) {
        OnContext onContext = new OnContext(Objects.requireNonNull(context, "context"));
        return Dispatch.on(onContext, onContext);
    }
}
