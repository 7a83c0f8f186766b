package dev.awaitj.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link AsyncRequestHandler} and {@link AsyncRouteHandler} (each test runs on both: {@code route}
 * false and true) in a real Vert.x 5 HTTP server on 127.0.0.1.
 */
class AsyncHandlersTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void clear() {
        server.problems.clear();
        server.reported.clear();
        server.routeFailures.clear();
    }

    @ParameterizedTest(name = "route={0}")
    @ValueSource(booleans = {false, true})
    void afterRealSuspensionsTheWorkIsOnItsRequestsContextWithItsOwnState(boolean route) throws Exception {
        HttpResponse<String> response = server.get(route, "/later", "r1");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("timer,thread,r1", response.body());
        assertTrue(server.problems.isEmpty(), server.problems.toString());
        assertNothingFailed();
    }

    @ParameterizedTest(name = "route={0}")
    @ValueSource(booleans = {false, true})
    void withStagesAlreadyCompleteTheWorkAnswersOnItsRequestsContext(boolean route) throws Exception {
        HttpResponse<String> response = server.get(route, "/complete", "c1");
        assertEquals("timer,thread,c1", response.body());
        assertTrue(server.problems.isEmpty(), server.problems.toString());
        assertNothingFailed();
    }

    @ParameterizedTest(name = "route={0}")
    @ValueSource(booleans = {false, true})
    void concurrentRequestsNeverSeeEachOthersContextState(boolean route) throws Exception {
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            inFlight.acquire();
            String id = "req-" + i;
            answers.add(server.getAsync(route, "/later", id).handle((response, failure) -> {
                inFlight.release();
                return failure == null && response.body().equals("timer,thread," + id);
            }));
        }
        for (CompletableFuture<Boolean> answer : answers) {
            assertTrue(answer.get(30, TimeUnit.SECONDS));
        }
        assertTrue(server.problems.isEmpty(), () -> server.problems.size() + " problems, first: " + server.problems.peek());
        assertNothingFailed();
    }

    private static void assertNothingFailed() throws InterruptedException {
        Thread.sleep(20); // the work settles just after its response
        assertTrue(server.reported.isEmpty() && server.routeFailures.isEmpty(),
                () -> "failures: " + server.reported + server.routeFailures);
    }

    @Test
    void aRequestHandlersFailureAfterAnAwaitIsA500AndIsReportedAsThrown() throws Exception {
        HttpResponse<String> response = server.get(false, "/fail", "f1");
        assertEquals(500, response.statusCode());
        assertEquals(1, server.reported.size(), server.reported.toString());
        assertInstanceOf(IllegalStateException.class, server.reported.peek());
        assertEquals("boom after an await", server.reported.peek().getMessage());
    }

    @Test
    void aRouteHandlersFailureAfterAnAwaitGoesToTheRoutersFailureHandlerAsThrown() throws Exception {
        HttpResponse<String> response = server.get(true, "/fail", "f2");
        assertEquals(500, response.statusCode());
        assertEquals("failed: boom after an await", response.body());
        assertInstanceOf(IllegalStateException.class, server.routeFailures.peek());
        assertEquals(1, server.routeFailures.size());
        assertTrue(server.reported.isEmpty(), server.reported.toString());
    }

    @ParameterizedTest(name = "route={0}")
    @ValueSource(booleans = {false, true})
    void aFailureBeforeAnyAwaitIsHandledAsOneAfterAnAwait(boolean route) throws Exception {
        HttpResponse<String> response = server.get(route, "/fail-at-once", "f3");
        assertEquals(500, response.statusCode());
        Throwable seen = route ? server.routeFailures.peek() : server.reported.peek();
        assertInstanceOf(UnsupportedOperationException.class, seen);
        assertEquals("boom before any await", seen.getMessage());
        assertEquals(1, server.routeFailures.size() + server.reported.size());
    }

    @ParameterizedTest(name = "route={0}")
    @ValueSource(booleans = {false, true})
    void aClientThatGoesAwayCancelsTheWorkWhoseFinallyRunsOnTheRequestsContext(boolean route) throws Exception {
        server.hangThenLeave(route);
        assertTrue(server.hangCleanedUp.await(10, TimeUnit.SECONDS), "the work cancelled when the connection closed");
        assertEquals("cancelled, on the request's context", server.hangCleanup);
        Thread.sleep(50); // a report would follow the cleanup at once
        assertTrue(server.reported.isEmpty() && server.routeFailures.isEmpty(),
                () -> "a cancellation by the client's leaving is no failure: " + server.reported + server.routeFailures);
    }

    @Test
    void calledOutsideVertxTheHandlerSaysHowToUseIt() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> AsyncRequestHandler.of(request -> CompletableFuture.completedFuture(null)).handle(null));
        assertEquals("AsyncRequestHandler ran on thread '" + Thread.currentThread().getName() + "', which runs no"
                + " Vert.x context: register it with Vert.x (requestHandler, route.handler) rather than calling it"
                + " yourself", refused.getMessage());
    }
}
