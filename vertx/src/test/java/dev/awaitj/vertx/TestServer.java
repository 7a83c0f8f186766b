package dev.awaitj.vertx;

import static dev.awaitj.Await.await;
import static dev.awaitj.vertx.VertxFutures.stage;

import dev.awaitj.annotation.Async;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.spi.context.storage.ContextLocal;
import io.vertx.ext.web.Router;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real Vert.x HTTP server on 127.0.0.1 with two ports: one whose request handler is an
 * {@link AsyncRequestHandler}, one whose router sends {@code /route/*} to an
 * {@link AsyncRouteHandler}. Both run the same {@code @Async} work, chosen by the path: two awaits
 * (a Vert.x timer and a future another thread completes, or both already complete), each followed
 * by a check that the work is on its own request's context with its own {@code ContextLocal}
 * value; {@code /fail} and {@code /fail-at-once} throw after or before the first await;
 * {@code /hang} waits until it is cancelled.
 */
final class TestServer implements AutoCloseable {
    /** A request's own id, kept on its duplicated context. Registered before any Vertx exists. */
    static final ContextLocal<String> REQUEST_ID = ContextLocal.registerLocal(String.class);

    final Vertx vertx = Vertx.vertx();
    private final HttpServer plain;
    private final HttpServer routed;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** What went wrong inside the work: a continuation off its context, another request's id. */
    final Queue<String> problems = new ConcurrentLinkedQueue<>();
    /** What Vert.x's exception handler was given. */
    final Queue<Throwable> reported = new ConcurrentLinkedQueue<>();
    /** What the router's failure handler was given. */
    final Queue<Throwable> routeFailures = new ConcurrentLinkedQueue<>();
    volatile CountDownLatch hangStarted = new CountDownLatch(1);
    volatile CountDownLatch hangCleanedUp = new CountDownLatch(1);
    volatile String hangCleanup;

    TestServer() throws Exception {
        vertx.exceptionHandler(reported::add);
        plain = vertx.createHttpServer()
                .requestHandler(AsyncRequestHandler.of(request -> work(request.path(), request.getParam("id"),
                        request.response())))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Router router = Router.router(vertx);
        router.route("/route/*").handler(AsyncRouteHandler.of(ctx -> work(
                ctx.request().path().substring("/route".length()), ctx.request().getParam("id"), ctx.response())));
        router.route().failureHandler(ctx -> {
            routeFailures.add(ctx.failure());
            ctx.response().setStatusCode(500).end("failed: " + ctx.failure().getMessage());
        });
        routed = vertx.createHttpServer().requestHandler(router)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Async
    CompletableFuture<Void> work(String path, String id, HttpServerResponse response) {
        Context context = Vertx.currentContext();
        REQUEST_ID.put(context, id);
        if (path.equals("/fail-at-once")) {
            throw new UnsupportedOperationException("boom before any await");
        }
        boolean later = !path.equals("/complete");
        CompletionStage<String> timer = later ? stage(vertx.timer(5).map(fired -> "timer"))
                : stage(Future.succeededFuture("timer"));
        String first = await(timer);
        check(context, id, "after the first await");
        if (path.equals("/fail")) {
            throw new IllegalStateException("boom after an await");
        }
        if (path.equals("/hang")) {
            await(hang(context));
        }
        CompletableFuture<String> fromAnotherThread = later
                ? CompletableFuture.supplyAsync(() -> "thread", CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS))
                : CompletableFuture.completedFuture("thread");
        String second = await(fromAnotherThread);
        check(context, id, "after the second await");
        await(stage(response.end(first + "," + second + "," + id)));
        return CompletableFuture.completedFuture(null);
    }

    @Async
    private CompletableFuture<Void> hang(Context context) {
        hangStarted.countDown();
        try {
            await(new CompletableFuture<Void>()); // never completes: only the client's leaving ends it
        } catch (CancellationException expected) {
            hangCleanup = "cancelled";
            throw expected;
        } finally {
            hangCleanup = hangCleanup + (Vertx.currentContext() == context ? ", on the request's context" : ", elsewhere");
            hangCleanedUp.countDown();
        }
        return CompletableFuture.completedFuture(null);
    }

    private void check(Context context, String id, String where) {
        if (Vertx.currentContext() != context) {
            problems.add(where + ": on " + Vertx.currentContext() + " (" + Thread.currentThread().getName()
                    + "), not the request's context " + context);
        } else if (!id.equals(REQUEST_ID.get(context))) {
            problems.add(where + ": request " + id + " sees the id " + REQUEST_ID.get(context));
        }
    }

    URI uri(boolean route, String path, String id) {
        int port = (route ? routed : plain).actualPort();
        return URI.create("http://127.0.0.1:" + port + (route ? "/route" : "") + path + "?id=" + id);
    }

    HttpResponse<String> get(boolean route, String path, String id) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(route, path, id)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> getAsync(boolean route, String path, String id) {
        return client.sendAsync(HttpRequest.newBuilder(uri(route, path, id)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code /hang} on a socket of its own, waits until the work started, then goes away. */
    void hangThenLeave(boolean route) throws Exception {
        hangStarted = new CountDownLatch(1);
        hangCleanedUp = new CountDownLatch(1);
        hangCleanup = null;
        URI uri = uri(route, "/hang", "h");
        try (Socket socket = new Socket("127.0.0.1", uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (!hangStarted.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the work did not start");
            }
            if (hangCleanedUp.await(50, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("cleaned up while the client was still there");
            }
        }
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
