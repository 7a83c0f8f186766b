package dev.awaitj.it.stream;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.awaitj.annotation.Async;
import dev.awaitj.stream.AsyncIterator;
import dev.awaitj.stream.AsyncStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDK's HttpClient through Flow: a response body ({@code BodyHandlers.ofPublisher()})
 * consumed as a stream in an @Async loop, and a stream sent as a request body
 * ({@code BodyPublishers.fromPublisher}), against a JDK HttpServer on 127.0.0.1.
 */
class StreamHttpClientTest {
    private static final int LINES = 50_000;
    private HttpServer server;
    private ExecutorService serverThreads;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serverThreads = Executors.newFixedThreadPool(2);
        server.setExecutor(serverThreads);
        server.createContext("/lines", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream body = exchange.getResponseBody()) {
                for (int i = 0; i < LINES; i++) {
                    body.write((i + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
        });
        server.createContext("/count", exchange -> {
            long bytes = 0;
            long sum = 0;
            try (InputStream in = exchange.getRequestBody()) {
                int b;
                while ((b = in.read()) >= 0) {
                    bytes++;
                    sum += b;
                }
            }
            byte[] answer = (bytes + " " + sum).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Counts the lines of a response body pulled as a stream of buffers. */
    @Async
    CompletableFuture<long[]> countLines(URI uri) {
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = await(client.sendAsync(
                HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofPublisher()));
        long lines = 0;
        long sum = 0;
        long current = 0;
        try (AsyncIterator<List<ByteBuffer>> it = AsyncStream.fromPublisher(response.body(), 4).iterator()) {
            while (await(it.hasNext())) {
                for (ByteBuffer buffer : it.next()) {
                    while (buffer.hasRemaining()) {
                        byte b = buffer.get();
                        if (b == '\n') {
                            lines++;
                            sum += current;
                            current = 0;
                        } else {
                            current = current * 10 + (b - '0');
                        }
                    }
                }
            }
        }
        return CompletableFuture.completedFuture(new long[] {response.statusCode(), lines, sum});
    }

    @Test
    void aResponseBodyIsConsumedAsAStream() throws Exception {
        long[] result = countLines(uri("/lines")).get(30, TimeUnit.SECONDS);
        assertEquals(200, result[0]);
        assertEquals(LINES, result[1]);
        assertEquals((long) LINES * (LINES - 1) / 2, result[2]);
    }

    @Test
    void aResponseBodyStreamStoppedEarly() throws Exception {
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = client.sendAsync(
                HttpRequest.newBuilder(uri("/lines")).build(), HttpResponse.BodyHandlers.ofPublisher())
                .get(30, TimeUnit.SECONDS);
        List<List<ByteBuffer>> first = AsyncStream.fromPublisher(response.body()).take(1).toList().get(30, TimeUnit.SECONDS);
        assertEquals(1, first.size());
    }

    @Async
    CompletableFuture<String> upload(AsyncStream<ByteBuffer> body) {
        HttpResponse<String> response = await(client.sendAsync(HttpRequest.newBuilder(uri("/count"))
                .POST(HttpRequest.BodyPublishers.fromPublisher(body.toPublisher())).build(),
                HttpResponse.BodyHandlers.ofString()));
        return CompletableFuture.completedFuture(response.body());
    }

    @Test
    void aStreamIsSentAsARequestBody() throws Exception {
        for (Path path : Path.values()) {
            AsyncStream<ByteBuffer> chunks = AsyncStream.of(out -> {
                for (int i = 0; i < 200; i++) {
                    byte[] chunk = new byte[1000];
                    java.util.Arrays.fill(chunk, (byte) (i % 100));
                    if (i % 50 == 0) {
                        await(path.step());
                    }
                    await(out.emit(ByteBuffer.wrap(chunk)));
                }
                return AsyncStream.done();
            });
            long sum = 0;
            for (int i = 0; i < 200; i++) {
                sum += 1000L * (i % 100);
            }
            assertEquals("200000 " + sum, upload(chunks).get(30, TimeUnit.SECONDS), path.toString());
        }
    }
}
