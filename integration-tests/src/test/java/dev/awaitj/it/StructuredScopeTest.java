package dev.awaitj.it;

import static dev.awaitj.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.EventLoop;
import dev.awaitj.Task;
import dev.awaitj.TaskScope;
import dev.awaitj.TestEventLoop;
import dev.awaitj.Time;
import dev.awaitj.annotation.Async;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, rule 2, in {@link TaskScope#run}: no fork outlives the scope, the first failure
 * cancels the siblings and the owner's current await, and leaving the body (normally, by an
 * exception, by cancellation) waits for every fork and drops no failure. Each rule on the
 * virtual-time path and on a real loop with stages completed by another thread.
 */
class StructuredScopeTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Async
    CompletableFuture<String> failAfter(long millis, String message) {
        await(Time.sleep(ms(millis)));
        throw new IllegalStateException(message);
    }

    /** Waits an hour; when cancelled, its finally awaits a cleanup of 100 ms. */
    @Async
    CompletableFuture<String> slowWithCleanup(String who) {
        try {
            await(Time.sleep(Duration.ofHours(1)));
            return completedFuture("slow");
        } finally {
            log.add(who + " cleanup started");
            await(Time.sleep(ms(100)));
            log.add(who + " cleanup finished");
        }
    }

    private static String messages(Throwable[] suppressed) {
        return Arrays.stream(suppressed).map(Throwable::getMessage).collect(Collectors.joining(","));
    }

    // ---- the first failure cancels the owner's current await ----

    @Async
    CompletableFuture<String> ownerAwaitsOtherWork() {
        try {
            return completedFuture(await(TaskScope.run(scope -> {
                scope.fork(() -> failAfter(50, "boom"));
                scope.fork(() -> slowWithCleanup("sibling"));
                return slowWithCleanup("owner"); // the owner's own await inside the block
            })));
        } catch (IllegalStateException e) {
            log.add("run failed with " + e.getMessage() + " [" + messages(e.getSuppressed()) + "]");
            return completedFuture("failed");
        }
    }

    @Test
    void aForkFailureCancelsTheOwnersCurrentAwaitAndTheRunEndsAfterEveryCleanup() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> task = loop.spawn(this::ownerAwaitsOtherWork);
        loop.advance(ms(50));
        assertFalse(task.isDone(), "still cleaning up");
        assertTrue(log.contains("owner cleanup started"), "the owner's await was cancelled: " + log);
        assertTrue(log.contains("sibling cleanup started"), log.toString());
        loop.advance(ms(100));
        assertEquals("failed", task.join());
        assertEquals("run failed with boom []", log.get(log.size() - 1), "the failure is thrown, last: " + log);
        assertEquals(5, log.size(), log.toString());
    }

    @Async
    CompletableFuture<String> ownerAwaitsAForeignStage(CompletableFuture<String> foreign,
            CompletableFuture<String> failing) {
        try {
            return completedFuture(await(TaskScope.run(scope -> {
                scope.fork(() -> failing);
                return ownerWaits(foreign);
            })));
        } catch (IllegalStateException e) {
            return completedFuture("failed with " + e.getMessage());
        }
    }

    @Async
    CompletableFuture<String> ownerWaits(CompletableFuture<String> foreign) {
        try {
            return completedFuture(await(foreign));
        } catch (CancellationException e) {
            log.add("owner cancelled");
            throw e;
        }
    }

    @Test
    void onARealLoopAFailureFromAnotherThreadCancelsTheOwnersAwait() throws Exception {
        failFromAnotherThreadWhileTheOwnerWaits(this::ownerAwaitsAForeignStage);
    }

    /**
     * A real loop runs {@code owner}, which waits at a foreign stage while a fork waits for a
     * stage that another thread fails 30 ms later: the owner's await is cancelled and the scope
     * fails with that failure.
     */
    private void failFromAnotherThreadWhileTheOwnerWaits(
            java.util.function.BiFunction<CompletableFuture<String>, CompletableFuture<String>,
                    CompletableFuture<String>> owner) throws Exception {
        CompletableFuture<String> foreign = new CompletableFuture<>();
        CompletableFuture<String> failing = new CompletableFuture<>();
        Thread completer = new Thread(() -> {
            sleep(30);
            failing.completeExceptionally(new IllegalStateException("remote"));
        });
        completer.start();
        String result = EventLoop.run(() -> owner.apply(foreign, failing));
        completer.join();
        assertEquals("failed with remote", result);
        assertEquals(List.of("owner cancelled"), log);
        assertTrue(foreign.isCancelled(), "the owner's awaited stage was cancelled");
    }

    @Test
    void anAlreadyFailedForkFailsTheRunWhoseBodyIsAlreadyDone() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        String result = loop.runUntilComplete(() -> ownerAwaitsAForeignStage(
                CompletableFuture.completedFuture("done"),
                CompletableFuture.failedFuture(new IllegalStateException("at once"))));
        assertEquals("failed with at once", result);
        assertEquals(List.of(), log, "the body had already returned: nothing to cancel");
    }

    // ---- leaving the body by an exception waits for the forks, and keeps their failures ----

    @Async
    CompletableFuture<String> bodyThrows() {
        try {
            return completedFuture(await(TaskScope.run(scope -> {
                scope.fork(() -> slowWithCleanup("fork"));
                scope.fork(() -> cleanupThrows());
                return failAfter(20, "body");
            })));
        } catch (IllegalStateException e) {
            log.add("run failed with " + e.getMessage() + " [" + messages(e.getSuppressed()) + "]");
            return completedFuture("failed");
        }
    }

    @Async
    CompletableFuture<String> cleanupThrows() {
        try {
            await(Time.sleep(Duration.ofHours(1)));
            return completedFuture("never");
        } finally {
            await(Time.sleep(ms(10)));
            throw new IllegalArgumentException("cleanup");
        }
    }

    @Test
    void theBodysFailureCancelsTheForksAndIsThrownOnceTheyCleanedUpWithTheirFailuresSuppressed() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> task = loop.spawn(this::bodyThrows);
        loop.advance(ms(20));
        assertFalse(task.isDone(), "the forks still clean up: " + log);
        loop.advance(ms(100));
        assertEquals("failed", task.join());
        assertEquals(List.of("fork cleanup started", "fork cleanup finished",
                "run failed with body [cleanup]"), log);
    }

    // ---- leaving the body normally waits for the forks ----

    @Async
    CompletableFuture<String> bodyReturnsEarly() {
        String value = await(TaskScope.run(scope -> {
            scope.fork(() -> later(80, "fork done"));
            return completedFuture("body value");
        }));
        log.add("run returned " + value);
        return completedFuture(value);
    }

    @Async
    CompletableFuture<String> later(long millis, String entry) {
        await(Time.sleep(ms(millis)));
        log.add(entry);
        return completedFuture(entry);
    }

    @Test
    void aBodyThatReturnsWaitsForItsForksWhichAreNotCancelled() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> task = loop.spawn(this::bodyReturnsEarly);
        loop.advance(ms(79));
        assertFalse(task.isDone(), "no fork outlives the scope");
        loop.advance(ms(1));
        assertEquals("body value", task.join());
        assertEquals(List.of("fork done", "run returned body value"), log);
    }

    @Test
    void onARealLoopTheRunWaitsForAForkCompletedByAnotherThread() throws Exception {
        CompletableFuture<String> remote = new CompletableFuture<>();
        Thread completer = new Thread(() -> {
            sleep(30);
            remote.complete("remote");
        });
        completer.start();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        String value = EventLoop.run(() -> TaskScope.run(scope -> {
            Task<String> fork = scope.fork(() -> remote);
            fork.thenAccept(seen::add);
            return completedFuture("body");
        }));
        completer.join();
        assertEquals("body", value);
        assertEquals(List.of("remote"), seen, "the fork ended before the run did");
    }

    // ---- cancellation of the run waits for the body and the forks ----

    @Test
    void cancellingTheRunCancelsBodyAndForksAndItsAwaiterResumesAfterTheirCleanup() {
        TestEventLoop loop = TestEventLoop.create();
        CompletableFuture<String>[] run = new CompletableFuture[1];
        Task<String> task = loop.spawn(() -> awaitRun(run));
        loop.advance(ms(10));
        run[0].cancel(true);
        assertTrue(run[0].isCancelled(), "a plain caller sees the cancellation at once");
        loop.advance(ms(99));
        assertFalse(task.isDone(), "the awaiter waits for the cleanup: " + log);
        loop.advance(ms(1));
        assertEquals("cancelled", task.join());
        assertEquals("awaiter resumed", log.get(log.size() - 1), log.toString());
        assertEquals(5, log.size(), log.toString());
    }

    @Async
    CompletableFuture<String> awaitRun(CompletableFuture<String>[] run) {
        run[0] = TaskScope.run(scope -> {
            scope.fork(() -> slowWithCleanup("fork"));
            return slowWithCleanup("body");
        });
        try {
            return completedFuture(await(run[0]));
        } catch (CancellationException e) {
            log.add("awaiter resumed");
            return completedFuture("cancelled");
        }
    }

    // ---- nested three deep, a failure at each level ----

    @Async
    CompletableFuture<String> nested(int level, int failing) {
        try {
            return completedFuture(await(TaskScope.run(scope -> {
                scope.fork(() -> slowWithCleanup("level " + level));
                if (level == failing) {
                    scope.fork(() -> failAfter(10, "boom " + level));
                }
                return level < 3 ? nested(level + 1, failing) : slowWithCleanup("innermost body");
            })));
        } finally {
            log.add("scope " + level + " left");
        }
    }

    @Test
    void nestedRunsLeaveInnermostFirstWithTheFailureOfAnyLevel() {
        for (int failing = 1; failing <= 3; failing++) {
            log.clear();
            TestEventLoop loop = TestEventLoop.create();
            int level = failing;
            Task<String> task = loop.spawn(() -> nested(1, level));
            loop.advance(ms(10));
            assertFalse(task.isDone());
            loop.advance(ms(100)); // the levels below the failure have cleaned up
            assertEquals("scope " + failing + " left",
                    log.stream().filter(e -> e.endsWith(" left")).reduce((a, b) -> b).orElse(""),
                    "the levels above wait for the failure to reach them: " + log);
            loop.advance(ms(100 * (failing - 1))); // each level above cancels its fork on the way out
            assertTrue(task.isDone(), log.toString());
            ExecutionException thrown = assertThrows(ExecutionException.class, task::get);
            assertEquals("boom " + failing, thrown.getCause().getMessage(), log.toString());
            for (int l = 1; l <= 3; l++) {
                assertTrue(log.indexOf("level " + l + " cleanup finished") < log.indexOf("scope " + l + " left")
                        || !log.contains("level " + l + " cleanup started"), "level " + l + ": " + log);
            }
            int left3 = log.indexOf("scope 3 left");
            int left2 = log.indexOf("scope 2 left");
            int left1 = log.indexOf("scope 1 left");
            assertTrue(left3 < left2 && left2 < left1, log.toString());
            assertEquals(left1, log.size() - 1, "the outer scope is left last: " + log);
            // every level below the failure was cancelled, each left after its forks cleaned up
            assertEquals(3, Collections.frequency(log.stream().map(e -> e.endsWith("cleanup finished")
                    && e.startsWith("level") ? "x" : "").collect(Collectors.toList()), "x"), log.toString());
        }
    }

    // ---- supervisor ----

    @Async
    CompletableFuture<String> supervised() {
        return TaskScope.runSupervisor(scope -> body(scope));
    }

    @Async
    CompletableFuture<String> body(TaskScope scope) {
        Task<String> failing = scope.fork(() -> failAfter(10, "one fork"));
        Task<String> fine = scope.fork(() -> later(20, "other fork"));
        await(Time.sleep(ms(30))); // not cancelled by the failing fork
        String seen;
        try {
            seen = await(failing);
        } catch (IllegalStateException e) {
            seen = "saw " + e.getMessage();
        }
        return completedFuture(seen + ", " + await(fine));
    }

    @Test
    void aSupervisorRunCancelsNeitherSiblingsNorTheBody() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> task = loop.spawn(this::supervised);
        loop.advance(ms(30));
        assertEquals("saw one fork, other fork", task.join());
    }

    @Test
    void forkingAfterTheBodyEndedIsRefused() throws Exception {
        TaskScope[] kept = new TaskScope[1];
        TestEventLoop loop = TestEventLoop.create();
        loop.runUntilComplete(() -> TaskScope.run(scope -> {
            kept[0] = scope;
            return completedFuture("x");
        }));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> kept[0].fork(() -> completedFuture("late")));
        assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
    }

    @Test
    void aBodyThatThrowsSynchronouslyFailsTheRun() throws Exception {
        IllegalStateException thrown = new IllegalStateException("sync");
        TestEventLoop loop = TestEventLoop.create();
        CompletableFuture<Object> run = loop.runUntilComplete(() -> completedFuture(
                TaskScope.run(scope -> {
                    throw thrown;
                })));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> run.get(1, TimeUnit.SECONDS));
        assertSame(thrown, failed.getCause());
    }

    // ---- the try-with-resources form: its end is an await (the processor's ScopeCloses) ----

    @Async
    CompletableFuture<String> blockOwnerAwaitsOtherWork() {
        try (TaskScope scope = TaskScope.open()) {
            scope.fork(() -> failAfter(50, "boom"));
            scope.fork(() -> slowWithCleanup("sibling"));
            await(slowWithCleanup("owner")); // cancelled by the failing fork
            await(scope.join());
            return completedFuture("never");
        } catch (IllegalStateException e) {
            log.add("block failed with " + e.getMessage());
            return completedFuture("failed");
        }
    }

    @Test
    void inABlockAForkFailureCancelsTheOwnersAwaitAndTheBlockThrowsThatFailureAfterEveryCleanup() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> task = loop.spawn(this::blockOwnerAwaitsOtherWork);
        loop.advance(ms(50));
        assertFalse(task.isDone(), log.toString());
        assertTrue(log.contains("owner cleanup started"), "the owner's await was cancelled: " + log);
        loop.advance(ms(100));
        assertEquals("failed", task.join(), log.toString());
        assertEquals("block failed with boom", log.get(log.size() - 1), log.toString());
        assertEquals(5, log.size(), "both cleanups ran before the catch: " + log);
    }

    @Async
    CompletableFuture<String> blockAwaitsAForeignStage(CompletableFuture<String> foreign,
            CompletableFuture<String> failing) {
        try (TaskScope scope = TaskScope.open()) {
            scope.fork(() -> failing);
            String value = await(ownerWaits(foreign));
            await(scope.join());
            return completedFuture(value);
        } catch (IllegalStateException e) {
            return completedFuture("failed with " + e.getMessage());
        }
    }

    @Test
    void inABlockOnARealLoopAFailureFromAnotherThreadCancelsTheOwnersAwait() throws Exception {
        failFromAnotherThreadWhileTheOwnerWaits(this::blockAwaitsAForeignStage);
    }

    @Test
    void inABlockWhoseForksAlreadyFailedTheJoinThrows() throws Exception {
        String result = TestEventLoop.create().runUntilComplete(() -> blockAwaitsAForeignStage(
                completedFuture("done"), CompletableFuture.failedFuture(new IllegalStateException("at once"))));
        assertEquals("failed with at once", result);
    }

    @Async
    CompletableFuture<String> blockLeftByAnExceptionWhileAForkCleansUp() {
        try (TaskScope scope = TaskScope.open()) {
            scope.fork(() -> slowWithCleanup("fork"));
            await(Time.sleep(ms(10)));
            throw new IllegalArgumentException("block");
        } catch (IllegalArgumentException e) {
            log.add("caught " + e.getMessage());
            return completedFuture("caught");
        }
    }

    @Test
    void leavingABlockByAnExceptionWaitsForTheForksItCancels() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> task = loop.spawn(this::blockLeftByAnExceptionWhileAForkCleansUp);
        loop.advance(ms(10));
        assertFalse(task.isDone(), "the fork outlives nothing: " + log);
        loop.advance(ms(100));
        assertEquals("caught", task.join());
        assertEquals(List.of("fork cleanup started", "fork cleanup finished", "caught block"), log);
    }

    @Async
    CompletableFuture<String> cancelledInsideABlock() {
        try (TaskScope scope = TaskScope.open()) {
            scope.fork(() -> slowWithCleanup("fork"));
            await(Time.sleep(Duration.ofHours(1)));
            await(scope.join());
            return completedFuture("never");
        } finally {
            log.add("block left");
        }
    }

    @Test
    void leavingABlockByCancellationWaitsForTheForks() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> task = loop.spawn(this::cancelledInsideABlock);
        Task<String> awaiter = loop.spawn(() -> awaitCancelled(task));
        loop.advance(ms(10));
        task.cancel(true);
        loop.advance(ms(99));
        assertFalse(awaiter.isDone(), log.toString());
        loop.advance(ms(1));
        assertEquals("awaiter saw the cancellation", awaiter.join());
        assertEquals(List.of("fork cleanup started", "fork cleanup finished", "block left",
                "awaiter saw the cancellation"), log);
    }

    @Async
    CompletableFuture<String> awaitCancelled(Task<String> task) {
        try {
            return completedFuture(await(task));
        } catch (CancellationException e) {
            log.add("awaiter saw the cancellation");
            return completedFuture("awaiter saw the cancellation");
        }
    }

    // ---- the end of a block waits for its forks (asyncio's TaskGroup): join() is optional ----

    @Async
    CompletableFuture<String> blockWithoutJoin(CompletableFuture<String> a, CompletableFuture<String> b) {
        Task<String> first;
        Task<String> second;
        try (TaskScope scope = TaskScope.open()) {
            first = scope.fork(() -> a);
            second = scope.fork(() -> b);
        }
        log.add("block left");
        return completedFuture(first.join() + second.join());
    }

    @Test
    void aBlockWithoutJoinWaitsForItsForksAtItsEnd() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> suspended = loop.spawn(() -> blockWithoutJoin(Time.sleep(ms(50), "a"), Time.sleep(ms(80), "b")));
        loop.advance(ms(79));
        assertFalse(suspended.isDone(), "the block's end waits for the fork still running: " + log);
        assertEquals(List.of(), log);
        loop.advance(ms(1));
        assertEquals("ab", suspended.join());
        assertEquals(List.of("block left"), log);

        Task<String> complete = loop.spawn(() -> blockWithoutJoin(completedFuture("c"), completedFuture("d")));
        loop.runUntilIdle();
        assertEquals("cd", complete.join());
    }

    @Test
    void aBlockWithoutJoinWaitsForForksCompletedByAnotherThread() throws Exception {
        CompletableFuture<String> later = new CompletableFuture<>();
        Thread completer = new Thread(() -> {
            sleep(50);
            later.complete("x");
        });
        completer.start();
        assertEquals("xy", EventLoop.run(() -> blockWithoutJoin(later, completedFuture("y"))));
        completer.join();
    }

    @Async
    CompletableFuture<String> blockWithoutJoinWhoseForkFails() {
        try (TaskScope scope = TaskScope.open()) {
            scope.fork(() -> slowWithCleanup("sibling"));
            scope.fork(() -> failAfter(10, "fork failed"));
        } catch (IllegalStateException e) {
            log.add("block threw " + e.getMessage());
            return completedFuture("caught");
        }
        return completedFuture("not reached");
    }

    @Test
    void aForkFailureAtTheBlocksEndCancelsTheSiblingsAndIsThrownAfterTheirCleanup() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> task = loop.spawn(this::blockWithoutJoinWhoseForkFails);
        loop.advance(ms(109));
        assertFalse(task.isDone(), "waits for the cancelled sibling's cleanup: " + log);
        loop.advance(ms(1));
        assertEquals("caught", task.join());
        assertEquals(List.of("sibling cleanup started", "sibling cleanup finished", "block threw fork failed"), log);
    }

    @Test
    void aForkFailureAtTheBlocksEndOnARealLoop() throws Exception {
        assertEquals("caught", EventLoop.run(this::blockWithoutJoinWhoseForkFails));
        assertEquals(List.of("sibling cleanup started", "sibling cleanup finished", "block threw fork failed"), log);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
