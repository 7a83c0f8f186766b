package dev.awaitj.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Netty handler's {@code @Async} work continues on its channel's event loop after each await,
 * on both paths; the handler itself checks the event loop, the response names the threads.
 */
class NettyDispatchTest {
    private static final Pattern BOTH_ON_ONE_LOOP =
            Pattern.compile("first@(multiThreadIoEventLoopGroup-\\d+-\\d+),second@\\1");
    private static NettyHttpServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        server = new NettyHttpServer();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private String get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/?path=" + path))
                .timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void afterAwaitingStagesAlreadyCompleteTheHandlerIsOnItsChannelsEventLoop() throws Exception {
        int before = server.continuationsChecked.get();
        String body = get("complete");
        assertTrue(BOTH_ON_ONE_LOOP.matcher(body).matches(), body);
        assertEquals(before + 2, server.continuationsChecked.get());
        assertTrue(server.problems.isEmpty(), server.problems.toString());
    }

    @Test
    void afterAwaitingStagesCompletedByAnotherThreadTheHandlerIsBackOnItsChannelsEventLoop() throws Exception {
        int before = server.continuationsChecked.get();
        String body = get("later");
        assertTrue(BOTH_ON_ONE_LOOP.matcher(body).matches(), body);
        assertEquals(before + 2, server.continuationsChecked.get());
        assertTrue(server.problems.isEmpty(), server.problems.toString());
    }
}
