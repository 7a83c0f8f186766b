package dev.awaitj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Tasks: spawning, strong references, names, cancellation, unobserved failures. */
class TaskTest {

    @Test
    void aTaskStartsOnTheLoopsNextIterationNotInsideSpawn() {
        TestEventLoop loop = TestEventLoop.create();
        List<String> log = new ArrayList<>();
        Task<String> task = loop.spawn("worker", () -> {
            log.add("body");
            return CompletableFuture.completedFuture("v");
        });
        assertEquals(List.of(), log);
        assertEquals("worker", task.name());
        assertSame(loop, task.loop());
        loop.runUntilIdle();
        assertEquals("v", task.join());
    }

    @Test
    void tasksWithoutANameAreNumbered() {
        TestEventLoop loop = TestEventLoop.create();
        assertTrue(loop.spawn(() -> CompletableFuture.completedFuture(1)).name().startsWith("Task-"));
    }

    @Test
    void theLoopKeepsATaskAliveWithNobodyElseReferencingIt() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        AtomicBoolean finished = new AtomicBoolean();
        loop.spawn(() -> Steps.run(() -> Time.sleep(Duration.ofSeconds(1)),
                ignored -> {
                    finished.set(true);
                    return CompletableFuture.completedFuture(null);
                }));
        loop.runUntilIdle();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        assertEquals(1, loop.tasks().size());
        loop.advance(Duration.ofSeconds(1));
        assertTrue(finished.get());
        assertTrue(loop.tasks().isEmpty(), "done tasks are released");
    }

    @Test
    void currentTaskFollowsTheBodyAcrossSuspensions() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        AtomicReference<Object> before = new AtomicReference<>();
        AtomicReference<Object> after = new AtomicReference<>();
        Task<Object> task = loop.spawn(() -> Steps.run(() -> {
            before.set(Task.current().orElse(null));
            return Time.sleep(Duration.ofSeconds(1));
        }, ignored -> {
            after.set(Task.current().orElse(null));
            return CompletableFuture.completedFuture(null);
        }));
        loop.advance(Duration.ofSeconds(2));
        assertSame(task, before.get());
        assertSame(task, after.get());
        assertFalse(Task.current().isPresent(), "nothing leaks into the test thread");
    }

    @Test
    void cancellingASuspendedTaskCancelsWhatItAwaitsAndRunsItsFinally() {
        TestEventLoop loop = TestEventLoop.create();
        CompletableFuture<Object> awaited = new CompletableFuture<>();
        List<String> log = new ArrayList<>();
        Task<Object> task = loop.spawn(() -> Steps.runFinally(() -> log.add("finally"), () -> awaited));
        loop.runUntilIdle();
        assertTrue(task.cancel(true));
        loop.runUntilIdle();
        assertTrue(awaited.isCancelled(), "the awaited stage is cancelled");
        assertTrue(task.isCancelled());
        assertEquals(List.of("finally"), log);
    }

    @Test
    void cancellingATaskBeforeItStartsMeansItsBodyNeverRuns() {
        TestEventLoop loop = TestEventLoop.create();
        AtomicBoolean ran = new AtomicBoolean();
        Task<Object> task = loop.spawn(() -> {
            ran.set(true);
            return CompletableFuture.completedFuture(null);
        });
        task.cancel(true);
        loop.runUntilIdle();
        assertFalse(ran.get());
        assertTrue(task.isCancelled());
    }

    @Test
    void checkCancelledThrowsInsideACancelledTask() {
        TestEventLoop loop = TestEventLoop.create();
        List<String> log = new ArrayList<>();
        loop.spawn(() -> {
            Task.checkCancelled();
            log.add("not cancelled yet");
            Task.current().orElseThrow().cancel(true);
            try {
                Task.checkCancelled();
                log.add("missed");
            } catch (CancellationException expected) {
                log.add("cancelled");
            }
            return CompletableFuture.completedFuture(null);
        });
        loop.runUntilIdle();
        assertEquals(List.of("not cancelled yet", "cancelled"), log);
        Task.checkCancelled(); // outside a task: nothing to check
    }

    @Test
    void aFailureNobodyAwaitedIsReportedWhenTheLoopCloses() {
        try (Reports reports = new Reports()) {
            TestEventLoop loop = TestEventLoop.create();
            loop.spawn("doomed", () -> CompletableFuture.failedFuture(new IllegalStateException("lost?")));
            loop.spawn("doomed later", () -> Steps.run(Time::yieldNow,
                    ignored -> CompletableFuture.failedFuture(new IllegalStateException("later"))));
            loop.runUntilIdle();
            loop.close();
            assertTrue(reports.any("task 'doomed' failed and nobody awaited it"), reports.lines.toString());
            assertTrue(reports.any("task 'doomed later' failed"), reports.lines.toString());
        }
    }

    @Test
    void aFailureAwaitedLaterIsNotReported() throws Exception {
        try (Reports reports = new Reports()) {
            TestEventLoop loop = TestEventLoop.create();
            Task<Object> failing = loop.spawn(() -> CompletableFuture.failedFuture(new IllegalStateException("seen")));
            loop.runUntilIdle();
            assertTrue(failing.isCompletedExceptionally());
            Object seen = loop.runUntilComplete(() -> Steps.run(() -> failing)
                    .handle((value, failure) -> failure.getMessage()));
            assertEquals("seen", seen);
            loop.close();
            assertFalse(reports.any("failed and nobody awaited"), reports.lines.toString());
        }
    }

    @Test
    void aGarbageFailedTaskIsReportedByTheCleaner() throws Exception {
        try (Reports reports = new Reports()) {
            TestEventLoop loop = TestEventLoop.create();
            loop.spawn("garbage", () -> CompletableFuture.failedFuture(new IllegalStateException("gc")));
            loop.runUntilIdle();
            for (int i = 0; i < 100 && !reports.any("task 'garbage' failed"); i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertTrue(reports.any("task 'garbage' failed"), reports.lines.toString());
        }
    }

    @Test
    void cancellationIsNotReportedAsAFailure() {
        try (Reports reports = new Reports()) {
            TestEventLoop loop = TestEventLoop.create();
            loop.spawn(CompletableFuture::new).cancel(true);
            loop.runUntilIdle();
            loop.close();
            assertTrue(reports.lines.isEmpty(), reports.lines.toString());
        }
    }

    @Test
    void joiningATaskOnItsOwnLoopThreadIsAnErrorNotADeadlock() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        String message = loop.runUntilComplete(() -> {
            Task<Void> other = Task.spawn(() -> Time.sleep(Duration.ofSeconds(1)));
            try {
                other.join();
                return CompletableFuture.completedFuture("joined?");
            } catch (IllegalStateException expected) {
                return CompletableFuture.completedFuture(expected.getMessage());
            }
        });
        assertTrue(message.contains("await the task instead"), message);
    }

    @Test
    void spawnOutsideALoopSaysWhatToDo() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Task.spawn(() -> CompletableFuture.completedFuture(1)));
        assertTrue(error.getMessage().contains("EventLoop.run"), error.getMessage());
    }

    @Test
    void aBodyThatThrowsOrReturnsNullFailsTheTask() {
        TestEventLoop loop = TestEventLoop.create();
        Task<Object> throwing = loop.spawn(() -> {
            throw new IllegalArgumentException("sync");
        });
        Task<Object> nulls = loop.spawn(() -> null);
        loop.runUntilIdle();
        assertTrue(throwing.isCompletedExceptionally());
        assertTrue(nulls.isCompletedExceptionally());
        assertThrows(IllegalArgumentException.class, () -> EventLoop.valueOf(throwing));
    }
}
