package dev.awaitj.vertx;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A vertx-web route handler whose work is an {@code @Async} method.
 *
 * <pre>{@code
 * router.get("/users/:id").handler(AsyncRouteHandler.of(this::user));
 *
 * @Async
 * CompletableFuture<Void> user(RoutingContext ctx) {
 *     User user = await(users.find(ctx.pathParam("id")));       // a CompletionStage
 *     await(stage(ctx.json(user)));                              // back on the request's context
 *     return CompletableFuture.completedFuture(null);
 * }
 * }</pre>
 *
 * <p>As {@link AsyncRequestHandler}: the work starts at once on the request's duplicated context
 * and resumes there, and is cancelled if the connection closes before it ends. A failure of the
 * work goes to {@link RoutingContext#fail(Throwable)}, so the router's failure handlers see the
 * exception as thrown (by default: a 500, and the exception logged); if the context has failed
 * already or the response has ended, the failure is reported as {@link AsyncRequestHandler}
 * reports it. The work ends the response or calls {@code ctx.next()}, as any route handler does.
 */
public final class AsyncRouteHandler implements Handler<RoutingContext> {
    private final Function<? super RoutingContext, ? extends CompletionStage<?>> work;

    private AsyncRouteHandler(Function<? super RoutingContext, ? extends CompletionStage<?>> work) {
        this.work = work;
    }

    /** A handler that runs {@code work} for each request routed to it. */
    public static AsyncRouteHandler of(Function<? super RoutingContext, ? extends CompletionStage<?>> work) {
        return new AsyncRouteHandler(Objects.requireNonNull(work, "work"));
    }

    @Override
    public void handle(RoutingContext ctx) {
        routing(ctx).start(ctx.response(), () -> work.apply(ctx));
    }

    /** One request's work, made in a static method so that it keeps the routing context and no handler. */
    private static RequestWork routing(RoutingContext ctx) {
        return new RequestWork("AsyncRouteHandler") {
            @Override
            void failed(Throwable failure) {
                if (!ctx.failed() && !ctx.response().ended()) {
                    ctx.fail(failure);
                } else {
                    report(failure);
                }
            }
        };
    }
}
