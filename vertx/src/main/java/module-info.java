/**
 * awaitj for Vert.x: {@link dev.awaitj.vertx.VertxDispatch} (a {@link dev.awaitj.Dispatch} on a
 * context), {@link dev.awaitj.vertx.AsyncRequestHandler} and {@link dev.awaitj.vertx.AsyncRouteHandler}
 * (handlers that run {@code @Async} work per request) and {@link dev.awaitj.vertx.VertxFutures}
 * (a Vert.x future as a stage to await). vertx-web is needed only for {@code AsyncRouteHandler}.
 */
module dev.awaitj.vertx {
    requires transitive dev.awaitj.runtime;
    requires transitive io.vertx.core;
    requires static transitive io.vertx.web;

    exports dev.awaitj.vertx;
}
