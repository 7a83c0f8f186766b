package dev.awaitj.vertx.recipe;

import static dev.awaitj.Await.await;
import static dev.awaitj.vertx.VertxFutures.stage;

import dev.awaitj.annotation.Async;
import dev.awaitj.vertx.AsyncRequestHandler;
import dev.awaitj.vertx.AsyncRouteHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;

/** The Vert.x recipes of docs/runtime.md and the README, as written there (RecipeTest runs them). */
class HelloServer {
    private final Vertx vertx;
    private final Names names;

    HelloServer(Vertx vertx, Names names) {
        this.vertx = vertx;
        this.names = names;
    }

    Future<HttpServer> start(int port) {
        return vertx.createHttpServer()
                .requestHandler(AsyncRequestHandler.of(this::hello))
                .listen(port, "127.0.0.1");
    }

    @Async
    CompletableFuture<Void> hello(HttpServerRequest request) {
        String name = await(stage(names.lookup(request.getParam("id"))));   // a Vert.x Future
        await(stage(request.response().end("hello " + name)));             // on the request's context
        return CompletableFuture.completedFuture(null);
    }

    Future<HttpServer> startRouted(int port) {
        Router router = Router.router(vertx);
        router.get("/users/:id").handler(AsyncRouteHandler.of(this::user));  // failures go to ctx.fail
        return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
    }

    @Async
    CompletableFuture<Void> user(RoutingContext ctx) {
        String name = await(stage(names.lookup(ctx.pathParam("id"))));
        await(stage(ctx.end("user " + name)));
        return CompletableFuture.completedFuture(null);
    }
}
