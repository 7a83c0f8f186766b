package dev.awaitj.vertx.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Vert.x recipes, run on a real server on 127.0.0.1. */
class RecipeTest {
    private final Vertx vertx = Vertx.vertx();
    private final HelloServer hello = new HelloServer(vertx, new Names(vertx));

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String get(HttpServer server, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.actualPort() + path);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Test
    void theRequestHandlerRecipeAnswersAfterItsAwait() throws Exception {
        HttpServer server = hello.start(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("hello ada", get(server, "/?id=ada"));
    }

    @Test
    void theRouteHandlerRecipeAnswersAfterItsAwait() throws Exception {
        HttpServer server = hello.startRouted(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("user grace", get(server, "/users/grace"));
    }
}
