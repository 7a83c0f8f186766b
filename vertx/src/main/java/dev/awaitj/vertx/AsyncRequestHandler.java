package dev.awaitj.vertx;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A request handler for Vert.x's HTTP server whose work is an {@code @Async} method.
 *
 * <pre>{@code
 * vertx.createHttpServer()
 *         .requestHandler(AsyncRequestHandler.of(this::hello))
 *         .listen(8080);
 *
 * @Async
 * CompletableFuture<Void> hello(HttpServerRequest request) {
 *     String name = await(stage(users.name(request.getParam("id"))));   // a Vert.x Future
 *     await(request.response().end("hello " + name));                   // back on the request's context
 *     return CompletableFuture.completedFuture(null);
 * }
 * }</pre>
 *
 * <p>For each request:
 * <ul>
 *   <li>the work starts at once on the request's (duplicated) context under
 *       {@link VertxDispatch#current()}, and resumes on that context after every await, with the
 *       request's {@code ContextLocal} and tracing state;</li>
 *   <li>if the connection closes before the work ends, the work is cancelled:
 *       {@code CancellationException} is thrown at its await and its {@code finally} blocks run
 *       (this handler sets the response's {@code closeHandler}; setting another replaces it);</li>
 *   <li>a failure of the work (thrown before or after an await) is reported as Vert.x reports a
 *       handler's exception (to the context's, else the Vert.x instance's exception handler,
 *       else to the System.Logger {@code dev.awaitj.vertx}), then answered with a 500 if nothing
 *       was sent yet (the response is reset if its head was written).</li>
 * </ul>
 * The work ends the response itself, as any request handler does.
 */
public final class AsyncRequestHandler implements Handler<HttpServerRequest> {
    private final Function<? super HttpServerRequest, ? extends CompletionStage<?>> work;

    private AsyncRequestHandler(Function<? super HttpServerRequest, ? extends CompletionStage<?>> work) {
        this.work = work;
    }

    /** A handler that runs {@code work} for each request. */
    public static AsyncRequestHandler of(Function<? super HttpServerRequest, ? extends CompletionStage<?>> work) {
        return new AsyncRequestHandler(Objects.requireNonNull(work, "work"));
    }

    @Override
    public void handle(HttpServerRequest request) {
        handling(request).start(request.response(), () -> work.apply(request));
    }

    /** One request's work, made in a static method so that it keeps the request and no handler. */
    private static RequestWork handling(HttpServerRequest request) {
        return new RequestWork("AsyncRequestHandler") {
            @Override
            void failed(Throwable failure) {
                report(failure);
                HttpServerResponse response = request.response();
                if (!response.ended()) {
                    if (response.headWritten()) {
                        response.reset();
                    } else {
                        response.setStatusCode(500).end();
                    }
                }
            }
        };
    }
}
