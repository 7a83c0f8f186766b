package dev.awaitj.vertx.recipe;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The recipes' asynchronous service: a Vert.x future that a timer completes a few milliseconds later. */
class Names {
    private final Vertx vertx;

    Names(Vertx vertx) {
        this.vertx = vertx;
    }

    Future<String> lookup(String id) {
        return vertx.timer(5).map(fired -> id);
    }
}
