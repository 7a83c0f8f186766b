package dev.awaitj.it;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.TimedOutException;
import dev.awaitj.AsyncCondition;
import dev.awaitj.AsyncLock;
import dev.awaitj.Channel;
import dev.awaitj.EventLoop;
import dev.awaitj.Futures;
import dev.awaitj.Permit;
import dev.awaitj.Task;
import dev.awaitj.TaskScope;
import dev.awaitj.TestEventLoop;
import dev.awaitj.Time;
import dev.awaitj.annotation.Async;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: cancellation is a request and completion means cleaned up; scopes lose no failure;
 * primitives stay exact under timeouts; nothing thrown is lost at shutdown. Each test reproduces
 * one report (they failed before the fix).
 */
class CancellationContractTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Async
    CompletableFuture<String> failAfter(long millis) {
        await(Time.sleep(ms(millis)));
        throw new IllegalStateException("boom");
    }

    /** Waits long; when cancelled, its finally awaits an asynchronous cleanup of 200 ms. */
    @Async
    CompletableFuture<String> slowWithCleanup() {
        try {
            await(Time.sleep(Duration.ofHours(1)));
            return CompletableFuture.completedFuture("slow");
        } finally {
            log.add("cleanup started");
            await(Time.sleep(ms(200)));
            log.add("cleanup finished");
        }
    }

    // ---- report 1: whoever waits on cancelled work resumes after its cleanup ----

    @Async
    CompletableFuture<String> scopeWithCleanup() {
        try (TaskScope scope = TaskScope.open()) {
            scope.fork(() -> failAfter(50));
            scope.fork(this::slowWithCleanup);
            await(scope.join());
            return CompletableFuture.completedFuture("joined");
        } catch (IllegalStateException e) {
            log.add("scope exited with " + e.getMessage());
            return CompletableFuture.completedFuture("failed");
        }
    }

    @Test
    void aScopeWaitsForTheCleanupOfTheForksItCancelled() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> task = loop.spawn(this::scopeWithCleanup);
        loop.advance(ms(50));
        assertFalse(task.isDone(), "still waiting for the sibling's cleanup");
        loop.advance(ms(200));
        assertEquals("failed", task.join());
        assertEquals(List.of("cleanup started", "cleanup finished", "scope exited with boom"), log);
    }

    /** Report 1 with every stage completed by another thread, on a real loop. */
    @Async
    CompletableFuture<String> scopeWithRemoteCleanup(CompletableFuture<String> failing,
            CompletableFuture<String> never, java.util.function.Supplier<CompletableFuture<Void>> cleanup) {
        try (TaskScope scope = TaskScope.open()) {
            scope.fork(() -> failing);
            scope.fork(() -> remoteCleanup(never, cleanup));
            await(scope.join());
            return CompletableFuture.completedFuture("joined");
        } catch (IllegalStateException e) {
            log.add("scope exited with " + e.getMessage());
            return CompletableFuture.completedFuture("failed");
        }
    }

    @Async
    CompletableFuture<String> remoteCleanup(CompletableFuture<String> never,
            java.util.function.Supplier<CompletableFuture<Void>> cleanup) {
        try {
            return CompletableFuture.completedFuture(await(never));
        } finally {
            log.add("cleanup started");
            await(cleanup.get()); // completed later by another thread, like closing a connection
            log.add("cleanup finished");
        }
    }

    @Test
    void onARealLoopAScopeWaitsForACleanupCompletedByAnotherThread() throws Exception {
        java.util.concurrent.ScheduledExecutorService other =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            CompletableFuture<String> failing = new CompletableFuture<>();
            other.schedule(() -> failing.completeExceptionally(new IllegalStateException("boom")),
                    30, java.util.concurrent.TimeUnit.MILLISECONDS);
            java.util.function.Supplier<CompletableFuture<Void>> cleanup = () -> {
                CompletableFuture<Void> closed = new CompletableFuture<>();
                other.schedule(() -> closed.complete(null), 100, java.util.concurrent.TimeUnit.MILLISECONDS);
                return closed;
            };
            String result = EventLoop.run(() -> scopeWithRemoteCleanup(failing, new CompletableFuture<>(), cleanup));
            assertEquals("failed", result);
            assertEquals(List.of("cleanup started", "cleanup finished", "scope exited with boom"), log);
        } finally {
            other.shutdownNow();
        }
    }

    @Async
    CompletableFuture<String> timed(long millis) {
        try {
            return CompletableFuture.completedFuture(
                    await(Time.withTimeout(slowWithCleanup(), ms(millis))));
        } catch (TimedOutException e) {
            log.add("timed out");
            return CompletableFuture.completedFuture("timeout");
        }
    }

    @Test
    void aTimeoutFiresOnlyOnceTheTimedWorkHasCleanedUp() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> task = loop.spawn(() -> timed(100));
        loop.advance(ms(100));
        assertFalse(task.isDone());
        assertEquals(List.of("cleanup started"), log);
        loop.advance(ms(200));
        assertEquals("timeout", task.join());
        assertEquals(List.of("cleanup started", "cleanup finished", "timed out"), log);
    }

    @Test
    void aZeroTimeoutOnWorkThatIsAlreadyWaitingAlsoWaitsForItsCleanup() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> task = loop.spawn(() -> timed(0));
        loop.runUntilIdle();
        assertFalse(task.isDone());
        loop.advance(ms(200));
        assertEquals("timeout", task.join());
        assertEquals(List.of("cleanup started", "cleanup finished", "timed out"), log);
    }

    @Async
    CompletableFuture<String> combined(String how) {
        CompletableFuture<String> fast = Time.sleep(ms(10), "fast");
        CompletableFuture<String> slow = slowWithCleanup();
        String result;
        try {
            switch (how) {
                case "race":
                    result = await(Futures.race(List.of(fast, slow)));
                    break;
                case "any":
                    result = await(Futures.any(List.of(fast, slow)));
                    break;
                default:
                    result = String.valueOf(await(Futures.all(List.of(slow, failAfter(10)))));
            }
        } catch (IllegalStateException e) {
            result = e.getMessage();
        }
        log.add("resumed with " + result);
        return CompletableFuture.completedFuture(result);
    }

    @Test
    void raceAnyAndAllResumeOnlyAfterTheLosersCleanedUp() {
        for (String how : List.of("race", "any", "all")) {
            log.clear();
            TestEventLoop loop = TestEventLoop.create();
            Task<String> task = loop.spawn(() -> combined(how));
            loop.advance(ms(10));
            assertFalse(task.isDone(), how);
            loop.advance(ms(200));
            String expected = how.equals("all") ? "boom" : "fast";
            assertEquals(expected, task.join(), how);
            assertEquals(List.of("cleanup started", "cleanup finished", "resumed with " + expected),
                    log, how);
        }
    }

    // chains three calls deep: innermost finally first, each after its callee's, async cleanup included

    @Async
    CompletableFuture<String> level(int depth) {
        try {
            if (depth == 3) {
                await(Time.sleep(Duration.ofHours(1)));
                return CompletableFuture.completedFuture("leaf");
            }
            return CompletableFuture.completedFuture(await(level(depth + 1)));
        } finally {
            log.add("finally " + depth + " started");
            await(Time.sleep(ms(10L * depth)));
            log.add("finally " + depth + " done");
        }
    }

    @Test
    void aCancelledChainRunsTheInnermostFinallyFirstAndEachCallerAfterItsCallee() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> task = loop.spawn(() -> level(1));
        loop.runUntilIdle();
        task.cancel(true);
        assertTrue(task.isCancelled(), "reported cancelled at once, as CompletableFuture requires");
        loop.advance(ms(100));
        assertEquals(List.of("finally 3 started", "finally 3 done", "finally 2 started",
                "finally 2 done", "finally 1 started", "finally 1 done"), log);
    }

    @Async
    CompletableFuture<String> awaitTask(Task<String> other) {
        try {
            return CompletableFuture.completedFuture(await(other));
        } catch (CancellationException e) {
            log.add("awaiter resumed");
            return CompletableFuture.completedFuture("cancelled");
        }
    }

    @Test
    void awaitingACancelledTaskResumesAfterItsCleanupBothWhenWaitingAndWhenAlreadyCancelled() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> slow = loop.spawn(() -> level(1));
        Task<String> waiting = loop.spawn(() -> awaitTask(slow));
        loop.runUntilIdle();
        slow.cancel(true);
        Task<String> late = loop.spawn(() -> awaitTask(slow)); // awaits work already cancelled
        loop.runUntilIdle();
        assertFalse(waiting.isDone());
        assertFalse(late.isDone());
        loop.advance(ms(60));
        assertEquals("cancelled", waiting.join());
        assertEquals("cancelled", late.join());
        assertEquals("finally 1 done", log.get(5));
        assertEquals(List.of("awaiter resumed", "awaiter resumed"), log.subList(6, 8));
    }

    // scopes nested three deep with a failure at each level

    @Async
    CompletableFuture<String> nested(int depth, int failingDepth) {
        try (TaskScope scope = TaskScope.open()) {
            if (depth < 3) {
                scope.fork(() -> nested(depth + 1, failingDepth));
            }
            scope.fork(this::slowWithCleanupQuiet);
            if (depth == failingDepth) {
                scope.fork(() -> failAfter(5));
            }
            await(scope.join());
            return CompletableFuture.completedFuture("ok");
        } finally {
            log.add("scope " + depth + " left");
        }
    }

    @Async
    CompletableFuture<String> slowWithCleanupQuiet() {
        try {
            await(Time.sleep(Duration.ofHours(1)));
            return CompletableFuture.completedFuture("slow");
        } finally {
            await(Time.sleep(ms(20)));
            log.add("fork cleaned up");
        }
    }

    @Test
    void nestedScopesLeaveInnermostFirstWithTheFailureOfAnyLevel() {
        for (int failing = 1; failing <= 3; failing++) {
            log.clear();
            TestEventLoop loop = TestEventLoop.create();
            int level = failing;
            Task<String> task = loop.spawn(() -> nested(1, level));
            loop.advance(ms(5));
            assertFalse(task.isDone());
            loop.advance(ms(100));
            ExecutionException thrown = assertThrows(ExecutionException.class, task::get);
            assertEquals("boom", thrown.getCause().getMessage(), "failure at level " + failing);
            assertEquals(3, Collections.frequency(log, "fork cleaned up"), log.toString());
            int left3 = log.indexOf("scope 3 left");
            int left2 = log.indexOf("scope 2 left");
            int left1 = log.indexOf("scope 1 left");
            assertTrue(left3 < left2 && left2 < left1, log.toString());
            assertEquals(left1, log.size() - 1, "the outer scope is left last: " + log);
        }
    }

    // ---- work started elsewhere (OffLoop.start, Dispatch.call): awaited to its cleanup too ----

    /** Waits an hour in real time; cancelled, its finally awaits 100 ms of real time. */
    @Async
    CompletableFuture<String> realSlowWithCleanup() {
        try {
            await(Time.sleep(Duration.ofHours(1)));
            return CompletableFuture.completedFuture("slow");
        } finally {
            log.add("cleanup started");
            await(Time.sleep(ms(100)));
            log.add("cleanup finished");
        }
    }

    @Async
    CompletableFuture<String> awaitStartedWork(CompletableFuture<String> started) {
        Task.spawn(() -> Time.sleep(ms(20)).thenRun(() -> started.cancel(true)));
        try {
            return CompletableFuture.completedFuture(await(started));
        } catch (CancellationException e) {
            log.add("awaiter resumed");
            return CompletableFuture.completedFuture("cancelled");
        }
    }

    @Test
    void awaitingCancelledWorkStartedOnAnotherLoopResumesAfterItsCleanup() throws Exception {
        try (EventLoop other = EventLoop.startThread("other")) {
            String result = EventLoop.run(() -> awaitStartedWork(
                    dev.awaitj.OffLoop.start(other, this::realSlowWithCleanup)));
            assertEquals("cancelled", result);
            assertEquals(List.of("cleanup started", "cleanup finished", "awaiter resumed"), log);
        }
    }

    @Test
    void awaitingACancelledDispatchCallResumesAfterItsCleanup() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            String result = EventLoop.run(() -> awaitStartedWork(
                    dev.awaitj.Dispatch.on(pool).call(this::realSlowWithCleanup)));
            assertEquals("cancelled", result);
            assertEquals(List.of("cleanup started", "cleanup finished", "awaiter resumed"), log);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- report 2: a fork's failure survives leaving the block before join() ----

    /** Waits an hour; cancelled, its cleanup awaits 10 ms and then throws "boom". */
    @Async
    CompletableFuture<String> cleanupFails() {
        try {
            await(Time.sleep(Duration.ofHours(1)));
            return CompletableFuture.completedFuture("never");
        } finally {
            await(Time.sleep(ms(10)));
            log.add("fork cleaned up");
            throw new IllegalStateException("boom");
        }
    }

    @Async
    CompletableFuture<String> blockThrowsBeforeJoin(boolean innerScope) {
        try (TaskScope scope = TaskScope.open()) {
            scope.fork(this::cleanupFails);
            await(Time.sleep(ms(50)));
            if (innerScope) {
                try (TaskScope inner = TaskScope.open()) {
                    inner.fork(() -> CompletableFuture.failedFuture(new IOException("inner")));
                    await(inner.join());
                }
            }
            throw new IllegalArgumentException("block");
        } finally {
            log.add("block left");
        }
    }

    /**
     * The block is left by its own exception (or an inner scope's) while a fork runs: leaving
     * waits for the fork's cleanup, and what that cleanup throws is attached as suppressed.
     */
    @Test
    void aForkFailureIsSuppressedOntoTheExceptionThatLeavesTheBlock() {
        for (boolean inner : new boolean[] {false, true}) {
            log.clear();
            TestEventLoop loop = TestEventLoop.create();
            Task<String> task = loop.spawn(() -> blockThrowsBeforeJoin(inner));
            loop.advance(ms(50));
            assertFalse(task.isDone(), "leaving the block waits for the fork's cleanup");
            loop.advance(ms(10));
            Throwable leaving = assertThrows(ExecutionException.class, task::get).getCause();
            List<String> suppressed = new ArrayList<>();
            for (Throwable s : leaving.getSuppressed()) {
                suppressed.add(s.getMessage());
            }
            assertEquals(inner ? "inner" : "block", leaving.getMessage());
            assertTrue(suppressed.contains("boom"), "the fork's failure is kept: " + suppressed);
            assertEquals(List.of("fork cleaned up", "block left"), log);
        }
    }

    @Async
    CompletableFuture<String> blockLeftNormallyBeforeJoin() {
        try (TaskScope scope = TaskScope.open()) {
            scope.fork(() -> failAfter(10));
            await(Time.sleep(ms(50)));
            await(scope.join());
            return CompletableFuture.completedFuture("never");
        } catch (IllegalStateException e) {
            return CompletableFuture.completedFuture("caught " + e.getMessage());
        }
    }

    @Test
    void aFailureBeforeJoinIsThrownByJoin() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> task = loop.spawn(this::blockLeftNormallyBeforeJoin);
        loop.advance(ms(50));
        assertEquals("caught boom", task.join());
    }

    // ---- report 3: a condition wait never resumes without the lock; an accepted send is sent ----

    private boolean inCritical;

    @Async
    CompletableFuture<String> waitWithTimeout(AsyncLock lock, AsyncCondition changed) {
        try (Permit held = await(lock.acquire())) {
            try {
                await(Time.withTimeout(changed.waitSignal(), ms(100)));
            } catch (TimedOutException e) {
                log.add("timed out; lock held " + lock.isLocked() + ", holder inside " + inCritical);
            }
            return CompletableFuture.completedFuture("waiter done");
        }
    }

    @Async
    CompletableFuture<String> holdLock(AsyncLock lock, long millis) {
        try (Permit held = await(lock.acquire())) {
            inCritical = true;
            await(Time.sleep(ms(millis)));
            inCritical = false;
            log.add("holder released");
            return CompletableFuture.completedFuture("holder done");
        }
    }

    @Test
    void aTimedOutConditionWaitResumesOnlyWithTheLockHeldAgain() {
        TestEventLoop loop = TestEventLoop.create();
        AsyncLock lock = new AsyncLock();
        AsyncCondition changed = lock.newCondition();
        Task<String> waiter = loop.spawn(() -> waitWithTimeout(lock, changed));
        loop.runUntilIdle();
        Task<String> holder = loop.spawn(() -> holdLock(lock, 300));
        loop.advance(ms(100));
        assertFalse(waiter.isDone(), "the timeout fired while another task holds the lock");
        loop.advance(ms(200));
        assertEquals("waiter done", waiter.join());
        assertEquals("holder done", holder.join());
        assertEquals(List.of("holder released", "timed out; lock held true, holder inside false"), log);
        assertFalse(lock.isLocked());
    }

    @Async
    CompletableFuture<String> sendThenSleep(Channel<String> channel) {
        try {
            await(channel.send("x"));
            log.add("sent");
            await(Time.sleep(ms(10)));
            log.add("slept");
        } catch (CancellationException e) {
            log.add("cancelled");
        }
        return CompletableFuture.completedFuture("done");
    }

    @Test
    void aSendAcceptedJustBeforeTheCancellationIsReportedAsSent() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        Channel<String> channel = Channel.withCapacity(0);
        Task<String> sender = loop.spawn(() -> sendThenSleep(channel));
        loop.runUntilIdle();
        assertEquals("x", channel.receive().get()); // accepted; the sender resumes at the next step
        sender.cancel(true);
        loop.advance(ms(10));
        assertEquals(List.of("sent", "cancelled"), log, "sent once, cancelled at the next await");
    }

    @Async
    CompletableFuture<String> sendWithTimeout(Channel<String> channel) {
        try {
            await(Time.withTimeout(channel.send("y"), ms(0)));
            log.add("sent");
        } catch (TimedOutException e) {
            log.add("not sent");
        }
        return CompletableFuture.completedFuture("done");
    }

    @Test
    void aTimedSendReportsWhetherTheItemWentThrough() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        Channel<String> channel = Channel.withCapacity(1);
        loop.spawn(() -> sendWithTimeout(channel));  // room: accepted at once
        loop.spawn(() -> sendWithTimeout(channel));  // full: times out, not accepted
        loop.runUntilIdle();
        assertEquals(List.of("sent", "not sent"), log);
        assertEquals("y", channel.receive().get());
        assertFalse(channel.receive().isDone(), "exactly one item went through");
    }

    // ---- report 5: nothing thrown is lost at shutdown; signal without the lock throws ----

    @Async
    CompletableFuture<String> throwsWhenCancelled() {
        try {
            await(Time.sleep(Duration.ofHours(1)));
            return CompletableFuture.completedFuture("never");
        } finally {
            throw new IllegalStateException("from cleanup at shutdown");
        }
    }

    @Test
    void aFailureOfCancellationHandlingAtShutdownReachesTheExceptionHandler() throws Exception {
        List<String> reported = Collections.synchronizedList(new ArrayList<>());
        EventLoop loop = EventLoop.create("shutdown");
        loop.setExceptionHandler((message, failure) -> reported.add(message + ": " + failure.getMessage()));
        assertEquals("main", loop.runUntilComplete(() -> {
            Task.spawn("leftover", this::throwsWhenCancelled);
            return Time.sleep(ms(1), "main");
        }));
        loop.close();
        assertEquals(1, reported.size(), reported.toString());
        assertTrue(reported.get(0).contains("leftover") && reported.get(0).contains("from cleanup at shutdown"),
                reported.toString());
    }

    @Test
    void signalWithoutTheLockThrows() {
        AsyncCondition changed = new AsyncLock().newCondition();
        assertThrows(IllegalMonitorStateException.class, changed::signal);
        assertThrows(IllegalMonitorStateException.class, changed::signalAll);
    }
}
