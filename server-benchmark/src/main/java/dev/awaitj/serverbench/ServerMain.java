package dev.awaitj.serverbench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;

/**
 * The server, one variant per JVM: Vert.x with one event loop, an HTTP server on 127.0.0.1 whose
 * handler is the variant's. Prints {@code READY <port>}, and stops when its standard input closes.
 *
 * <pre>
 *   java -cp awaitj-server-benchmark.jar dev.awaitj.serverbench.ServerMain AWAITJ
 * </pre>
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Variant variant = Variant.valueOf(args[0]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Work work = new TimerWork(vertx);
        int[] port = new int[1];
        vertx.deployVerticle(new VerticleBase() {
            @Override
            public Future<?> start() {
                return vertx.createHttpServer().requestHandler(variant.handler(work)).listen(0, "127.0.0.1")
                        .map(HttpServer::actualPort).onSuccess(actual -> port[0] = actual);
            }
        }, new DeploymentOptions().setThreadingModel(variant.threading))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.out.println("READY " + port[0]);
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the load generator closes our input
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
