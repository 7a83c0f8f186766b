package dev.awaitj.it;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.DebugMode;
import dev.awaitj.Task;
import dev.awaitj.TestEventLoop;
import dev.awaitj.Time;
import dev.awaitj.annotation.Async;
import dev.awaitj.internal.AsyncStackTrace;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The task dump and async stack traces name the user's own file, method and await lines. */
class DebugModeTest {

    @AfterEach
    void off() {
        DebugMode.disable();
    }

    private static int lineOf(String marker) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(
                    java.nio.file.Path.of("src/test/java/dev/awaitj/it/DebugModeTest.java"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(marker) && !lines.get(i).contains("lineOf(")) {
                    return i + 1;
                }
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError(marker);
    }

    @Async
    static CompletableFuture<Void> inner(boolean fail) {
        await(Time.sleep(Duration.ofSeconds(1)));                   // INNER-AWAIT
        if (fail) {
            throw new IllegalStateException("inner failed");
        }
        await(new CompletableFuture<Void>());                       // INNER-FOREVER
        return CompletableFuture.completedFuture(null);
    }

    @Async
    static CompletableFuture<Void> outer(boolean fail) {
        await(inner(fail));                                         // OUTER-AWAIT
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void theDumpShowsWhereEachTaskWaits() {
        TestEventLoop loop = TestEventLoop.create();
        loop.spawn("stuck", () -> outer(false));
        loop.advance(Duration.ofSeconds(1));
        String dump = loop.dumpTasks();
        String file = "DebugModeTest.java:";
        assertTrue(dump.contains("Task 'stuck'"), dump);
        assertTrue(dump.contains("DebugModeTest.inner(" + file + lineOf("INNER-FOREVER") + ")"), dump);
        assertTrue(dump.contains("DebugModeTest.outer(" + file + lineOf("OUTER-AWAIT") + ")"), dump);
        assertTrue(dump.indexOf("inner(") < dump.indexOf("outer("), "innermost first: " + dump);
    }

    @Test
    void aFailureAfterResumptionCarriesItsAwaitingCallers() {
        DebugMode.enable();
        TestEventLoop loop = TestEventLoop.create();
        Task<Void> task = loop.spawn("failing", () -> outer(true));
        loop.advance(Duration.ofSeconds(1));
        Throwable cause = assertThrows(ExecutionException.class, task::get).getCause();
        assertEquals("inner failed", cause.getMessage());
        assertTrue(Arrays.stream(cause.getStackTrace()).anyMatch(e -> e.getFileName() != null
                && e.getFileName().equals("DebugModeTest.java")), "the real stack names the user's file");
        AsyncStackTrace callers = (AsyncStackTrace) Arrays.stream(cause.getSuppressed())
                .filter(s -> s instanceof AsyncStackTrace).findFirst().orElseThrow();
        List<String> chain = Arrays.stream(callers.getStackTrace()).map(String::valueOf).collect(Collectors.toList());
        String file = "DebugModeTest.java:";
        assertEquals(List.of(
                "dev.awaitj.it.DebugModeTest.inner(" + file + lineOf("INNER-AWAIT") + ")",
                "dev.awaitj.it.DebugModeTest.outer(" + file + lineOf("OUTER-AWAIT") + ")",
                "dev.awaitj.Task.spawn(task 'failing')"), chain);
    }
}
