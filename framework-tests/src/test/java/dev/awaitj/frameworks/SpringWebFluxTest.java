package dev.awaitj.frameworks;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.awaitj.annotation.Async;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Spring WebFlux (functional endpoints on Reactor Netty, 127.0.0.1) answers with the future of an
 * {@code @Async} method, after a real suspension and when it completed at once, and a failure of
 * the method becomes the endpoint's error (a 500).
 */
class SpringWebFluxTest {
    @Async
    CompletableFuture<String> greeting(String name) {
        String found = await(name.equals("now") ? CompletableFuture.completedFuture(name)
                : CompletableFuture.supplyAsync(() -> name, CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS)));
        if (found.equals("nobody")) {
            throw new IllegalArgumentException("no such user");
        }
        return CompletableFuture.completedFuture("hello " + found);
    }

    @Test
    void aFunctionalEndpointAnswersWithAnAwaitjFuture() throws Exception {
        RouterFunction<ServerResponse> route = RouterFunctions.route(RequestPredicates.GET("/hello/{name}"),
                request -> ServerResponse.ok().body(greeting(request.pathVariable("name")), String.class));
        HttpHandler handler = RouterFunctions.toHttpHandler(route);
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .handle(new ReactorHttpHandlerAdapter(handler)).bindNow();
        try {
            HttpClient client = HttpClient.newHttpClient();
            assertEquals("hello ada", get(client, server, "/hello/ada").body());
            assertEquals("hello now", get(client, server, "/hello/now").body());
            assertEquals(500, get(client, server, "/hello/nobody").statusCode());
        } finally {
            server.disposeNow();
        }
    }

    private static HttpResponse<String> get(HttpClient client, DisposableServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
