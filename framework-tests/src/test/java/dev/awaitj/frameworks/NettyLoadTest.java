package dev.awaitj.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 10,000 concurrent requests through a real Netty HTTP server on 127.0.0.1 whose {@code @Async}
 * handler awaits twice on stages completed by another thread: every continuation runs on its
 * channel's event loop, and every request is answered. The client keeps at most 64 requests in
 * flight so that a 2-core machine copes; a correctness test, not a benchmark.
 */
class NettyLoadTest {
    private static final int REQUESTS = 10_000;
    private static final int IN_FLIGHT = 64;

    @Test
    void tenThousandRequestsEachAwaitingTwiceAllContinueOnTheirEventLoopAndNoneIsLost() throws Exception {
        try (NettyHttpServer server = new NettyHttpServer()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/?path=later");
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            AtomicInteger answered = new AtomicInteger();
            List<CompletableFuture<?>> all = new ArrayList<>(REQUESTS);
            long start = System.nanoTime();
            for (int i = 0; i < REQUESTS; i++) {
                inFlight.acquire();
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build();
                all.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, failure) -> {
                            inFlight.release();
                            if (failure == null && response.statusCode() == 200
                                    && response.body().startsWith("first@")) {
                                answered.incrementAndGet();
                            } else {
                                server.problems.add("request failed: "
                                        + (failure != null ? failure : response.statusCode() + " " + response.body()));
                            }
                        }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                    .handle((ignored, failure) -> null).get(60, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("NettyLoadTest: %d requests in %d ms, %d continuations checked, %d lost%n",
                    REQUESTS, millis, server.continuationsChecked.get(), REQUESTS - answered.get());
            assertTrue(server.problems.isEmpty(), () -> server.problems.size() + " problems, first: "
                    + server.problems.peek());
            assertEquals(REQUESTS, answered.get());
            assertEquals(2 * REQUESTS, server.continuationsChecked.get());
        }
    }
}
