package dev.awaitj.it;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.TimedOutException;
import dev.awaitj.ContextValue;
import dev.awaitj.EventLoop;
import dev.awaitj.Futures;
import dev.awaitj.OffLoop;
import dev.awaitj.Task;
import dev.awaitj.TestEventLoop;
import dev.awaitj.Time;
import dev.awaitj.annotation.Async;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Loop, tasks, time, cancellation, context and off-loop work driven by real @Async code. */
class LoopTasksTimeTest {
    private static final ContextValue<String> REQUEST = ContextValue.named("request");
    private final List<String> log = new ArrayList<>();

    @Async
    CompletableFuture<String> whereAmI(CompletableFuture<String> stage) {
        String value = await(stage);
        return CompletableFuture.completedFuture(value + " resumed on " + Thread.currentThread().getName());
    }

    @Test
    void startedOnALoopItResumesOnTheLoopWhoeverCompletesTheStage() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "completer"));
        try {
            String loopThread = Thread.currentThread().getName();
            String result = EventLoop.run(() -> whereAmI(CompletableFuture.supplyAsync(() -> "x", other)));
            assertEquals("x resumed on " + loopThread, result);
            assertEquals("y resumed on " + loopThread,
                    EventLoop.run(() -> whereAmI(CompletableFuture.completedFuture("y"))), "complete path");
        } finally {
            other.shutdownNow();
        }
    }

    @Async
    CompletableFuture<String> guarded(CompletableFuture<String> stage) {
        try {
            return CompletableFuture.completedFuture(await(stage));
        } catch (CancellationException e) {
            log.add("cancelled at the await");
            throw e;
        } finally {
            log.add("finally");
        }
    }

    @Test
    void cancellingATaskThrowsCancellationAtTheSuspendedAwaitAndRunsFinally() {
        TestEventLoop loop = TestEventLoop.create();
        CompletableFuture<String> never = new CompletableFuture<>();
        Task<String> task = loop.spawn(() -> guarded(never));
        loop.runUntilIdle();
        task.cancel(true);
        loop.runUntilIdle();
        assertEquals(List.of("cancelled at the await", "finally"), log);
        assertTrue(never.isCancelled());
    }

    @Async
    CompletableFuture<String> withDeadline(CompletableFuture<String> slow, Duration deadline) {
        try {
            return CompletableFuture.completedFuture(await(Time.withTimeout(slow, deadline)));
        } catch (TimedOutException e) {
            return CompletableFuture.completedFuture("timed out, cancellation? "
                    + (((Throwable) e) instanceof CancellationException ? "yes" : "no"));
        }
    }

    @Test
    void aTimeoutIsCaughtByItsOwnTypeInVirtualTime() {
        TestEventLoop loop = TestEventLoop.create();
        CompletableFuture<String> slow = new CompletableFuture<>();
        Task<String> task = loop.spawn(() -> withDeadline(slow, Duration.ofSeconds(30)));
        loop.advance(Duration.ofSeconds(29));
        assertFalse(task.isDone());
        loop.advance(Duration.ofSeconds(1));
        assertEquals("timed out, cancellation? no", task.join());
        assertTrue(slow.isCancelled());
        Task<String> fast = loop.spawn(() -> withDeadline(CompletableFuture.completedFuture("now"), Duration.ofSeconds(1)));
        loop.runUntilIdle();
        assertEquals("now", fast.join());
    }

    @Async
    CompletableFuture<Integer> sumSlowly(int n) {
        int sum = 0;
        for (int i = 1; i <= n; i++) {
            Task.checkCancelled();
            await(Time.yieldNow());
            sum += i;
        }
        return CompletableFuture.completedFuture(sum);
    }

    @Test
    void yieldingInALoopInterleavesTasksAndCheckCancelledStopsOne() {
        TestEventLoop loop = TestEventLoop.create();
        Task<Integer> a = loop.spawn(() -> sumSlowly(100));
        Task<Integer> b = loop.spawn(() -> sumSlowly(100));
        loop.runUntilIdle();
        assertEquals(5050, a.join());
        assertEquals(5050, b.join());
        Task<Integer> c = loop.spawn(() -> sumSlowly(1_000_000));
        loop.execute(() -> loop.execute(() -> c.cancel(true)));
        loop.runUntilIdle();
        assertTrue(c.isCancelled());
    }

    @Async
    CompletableFuture<String> contextAcrossAwaits(String id) {
        try (var bound = REQUEST.bind(id)) {
            await(Time.sleep(Duration.ofSeconds(id.length())));
            String seen = REQUEST.get();
            String inChild = await(Task.spawn(() -> CompletableFuture.completedFuture(REQUEST.get())));
            String offLoop = await(OffLoop.call(REQUEST::get));
            return CompletableFuture.completedFuture(seen + "/" + inChild + "/" + offLoop);
        }
    }

    @Test
    void contextValuesFollowEachTaskAcrossAwaits() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> a = loop.spawn(() -> contextAcrossAwaits("aa"));
        Task<String> b = loop.spawn(() -> contextAcrossAwaits("b"));
        assertEquals(List.of("aa/aa/aa", "b/b/b"), loop.runUntilComplete(() -> Futures.all(a, b)));
        assertEquals(null, REQUEST.get());
    }

    @Async
    CompletableFuture<List<String>> gather(List<CompletableFuture<String>> pages) {
        List<String> all = await(Futures.all(pages));
        String first = await(Futures.race(pages));
        return CompletableFuture.completedFuture(List.of(String.join(",", all), first));
    }

    @Test
    void gatherAndRaceAwaited() {
        TestEventLoop loop = TestEventLoop.create();
        Task<List<String>> task = loop.spawn(() -> gather(List.of(
                Time.sleep(Duration.ofSeconds(2), "b").toCompletableFuture(),
                Time.sleep(Duration.ofSeconds(1), "a").toCompletableFuture())));
        loop.advance(Duration.ofSeconds(2));
        assertEquals(List.of("b,a", "b"), task.join());
    }

    @Test
    void theCurrentTaskFollowsTheMethod() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        Task<Object> task = loop.spawn(() -> currentTaskAfterSleep());
        loop.advance(Duration.ofSeconds(1));
        assertSame(task, task.join());
    }

    @Async
    CompletableFuture<Object> currentTaskAfterSleep() {
        await(Time.sleep(Duration.ofSeconds(1)));
        return CompletableFuture.completedFuture(Task.current().orElse(null));
    }
}
