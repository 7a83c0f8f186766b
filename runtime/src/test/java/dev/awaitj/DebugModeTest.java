package dev.awaitj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.internal.AsyncStackTrace;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Debug mode: slow steps, never-awaited failures with spawn site, task dumps, async stack traces. */
class DebugModeTest {

    @AfterEach
    void off() {
        DebugMode.disable();
        DebugMode.setSlowStepThreshold(Duration.ofMillis(100));
    }

    @Test
    void switchedProgrammatically() {
        assertFalse(DebugMode.isEnabled());
        DebugMode.enable();
        assertTrue(DebugMode.isEnabled());
        DebugMode.setEnabled(false);
        assertFalse(DebugMode.isEnabled());
    }

    @Test
    void aStepThatHoldsTheLoopTooLongIsAWarningNamingWhereItResumed() {
        DebugMode.enable();
        DebugMode.setSlowStepThreshold(Duration.ofMillis(5));
        try (Reports reports = new Reports()) {
            TestEventLoop loop = TestEventLoop.create();
            loop.spawn("hog", () -> Steps.run(() -> Time.sleep(Duration.ofSeconds(1)), ignored -> {
                busy(20);  // blocking the loop: a step at least this long, never shorter
                return CompletableFuture.completedFuture(null);
            }));
            loop.spawn("quick", () -> CompletableFuture.completedFuture(null));
            loop.advance(Duration.ofSeconds(1));
            List<String> slow = reports.lines.stream().filter(l -> l.contains("held the loop")).collect(Collectors.toList());
            assertEquals(1, slow.size(), reports.lines.toString());
            assertTrue(slow.get(0).contains("dev.awaitj.Steps.steps(Steps.java:101)"), slow.get(0));
        }
    }

    @Test
    void noWarningsWhenDebugModeIsOff() {
        DebugMode.setSlowStepThreshold(Duration.ZERO);
        try (Reports reports = new Reports()) {
            TestEventLoop loop = TestEventLoop.create();
            loop.spawn(() -> {
                busy(2);
                return CompletableFuture.completedFuture(null);
            });
            loop.runUntilIdle();
            assertTrue(reports.lines.isEmpty(), reports.lines.toString());
        }
    }

    private static void busy(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aNeverAwaitedFailedTaskIsReportedWithWhereItWasSpawned() {
        DebugMode.enable();
        TestEventLoop loop = TestEventLoop.create();
        StringBuilder seen = new StringBuilder();
        loop.setExceptionHandler((message, failure) -> {
            seen.append(message).append('\n');
            for (Throwable suppressed : failure.getSuppressed()) {
                seen.append(suppressed.getMessage()).append('\n');
                Arrays.stream(suppressed.getStackTrace()).forEach(e -> seen.append(e).append('\n'));
            }
        });
        loop.spawn("forgotten", () -> CompletableFuture.failedFuture(new IllegalStateException("x")));
        loop.runUntilIdle();
        loop.close();
        assertTrue(seen.toString().contains("task 'forgotten' failed and nobody awaited it"), seen.toString());
        assertTrue(seen.toString().contains("was spawned here"), seen.toString());
        assertTrue(seen.toString().contains("DebugModeTest.aNeverAwaitedFailedTaskIsReportedWithWhereItWasSpawned"),
                seen.toString());
    }

    @Test
    void theDumpShowsEachSuspendedTaskWithTheLinesItWaitsAt() {
        TestEventLoop loop = TestEventLoop.create();
        loop.spawn("outer", () -> Steps.run(() -> Time.sleep(Duration.ofSeconds(1)),
                ignored -> Steps.run(() -> Time.sleep(Duration.ofSeconds(1)),
                        again -> new CompletableFuture<>())));
        loop.spawn("idle", () -> new CompletableFuture<>());
        loop.advance(Duration.ofSeconds(2));
        String dump = loop.dumpTasks();
        assertTrue(dump.startsWith("2 tasks on event loop"), dump);
        String outer = dump.substring(dump.indexOf("Task 'outer'"), dump.indexOf("Task 'idle'"));
        List<String> lines = outer.lines().collect(Collectors.toList());
        assertEquals("    at dev.awaitj.Steps.steps(Steps.java:102)", lines.get(1), dump);
        assertEquals("    at dev.awaitj.Steps.steps(Steps.java:102)", lines.get(2), dump);
        assertTrue(dump.contains("Task 'idle'"), dump);
    }

    @Test
    void aFailureAfterResumptionCarriesTheChainOfAwaitingCallers() throws Exception {
        DebugMode.enable();
        TestEventLoop loop = TestEventLoop.create();
        Task<Object> task = loop.spawn("caller", () -> Steps.run(
                () -> CompletableFuture.completedFuture(null),
                ignored -> Steps.run(() -> Time.sleep(Duration.ofSeconds(1)),       // middle: awaits at line 101
                        slept -> Steps.run(() -> Time.sleep(Duration.ofSeconds(1)),  // inner: awaits at 101
                                again -> {
                                    throw new IllegalStateException("deep failure");
                                }))));
        loop.advance(Duration.ofSeconds(3));
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, task::get);
        Throwable cause = failure.getCause();
        assertEquals("deep failure", cause.getMessage());
        AsyncStackTrace trace = (AsyncStackTrace) Arrays.stream(cause.getSuppressed())
                .filter(s -> s instanceof AsyncStackTrace).findFirst().orElseThrow();
        List<String> callers = Arrays.stream(trace.getStackTrace()).map(String::valueOf).collect(Collectors.toList());
        assertEquals(List.of(
                "dev.awaitj.Steps.steps(Steps.java:101)",    // the failing method, where it resumed
                "dev.awaitj.Steps.steps(Steps.java:102)",    // the method awaiting it, at its await
                "dev.awaitj.Steps.steps(Steps.java:102)",    // the task's body, awaiting that one
                "dev.awaitj.Task.spawn(task 'caller')"), callers);
    }

    @Test
    void noAsyncStackTracesWithoutDebugMode() {
        TestEventLoop loop = TestEventLoop.create();
        Task<Object> task = loop.spawn(() -> Steps.run(() -> Time.sleep(Duration.ofSeconds(1)), ignored -> {
            throw new IllegalStateException("plain");
        }));
        loop.advance(Duration.ofSeconds(1));
        Throwable cause = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, task::get).getCause();
        assertEquals(0, cause.getSuppressed().length);
    }

    @Test
    void aMethodThatThrowsAfterItWasCancelledIsReportedNotLost() {
        try (Reports reports = new Reports()) {
            TestEventLoop loop = TestEventLoop.create();
            Task<Object> task = loop.spawn(() -> Steps.runFinally(() -> {
                throw new IllegalStateException("from finally");
            }, () -> Time.sleep(Duration.ofHours(1))));
            loop.runUntilIdle();
            task.cancel(true);
            loop.runUntilIdle();
            assertTrue(reports.any("threw after its future was cancelled"), reports.lines.toString());
            assertTrue(reports.any("from finally"), reports.lines.toString());
        }
    }
}
