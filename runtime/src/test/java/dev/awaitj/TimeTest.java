package dev.awaitj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sleep, yield and timeouts, in virtual time. */
class TimeTest {

    @Test
    void sleepCompletesAfterExactlyItsDelayInVirtualTime() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> task = loop.spawn(() -> Time.sleep(Duration.ofMinutes(5), "woke"));
        loop.advance(Duration.ofMinutes(5).minusNanos(1));
        assertFalse(task.isDone());
        loop.advance(Duration.ofNanos(1));
        assertEquals("woke", task.join());
    }

    @Test
    void sleepBlocksNoThreadAndTheTimerFiresOnTheLoopThread() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        List<String> threads = new ArrayList<>();
        Thread test = Thread.currentThread();
        long realStart = System.nanoTime();
        loop.runUntilComplete(() -> Time.sleep(Duration.ofDays(1))
                .thenRun(() -> threads.add(Thread.currentThread() == test ? "loop" : "other")));
        assertEquals(List.of("loop"), threads);
        assertEquals(Duration.ofDays(1), loop.elapsed());
        assertTrue(System.nanoTime() - realStart < TimeUnit.SECONDS.toNanos(30));
    }

    @Test
    void aRealLoopSleepsToo() throws Exception {
        assertEquals("slept", EventLoop.run(() -> Time.sleep(Duration.ofMillis(5), "slept")));
    }

    @Test
    void offALoopTheTimerIsTheRuntimesOwnThreadNotTheJdkDelayer() throws Exception {
        String thread = "main";
        for (int attempt = 0; attempt < 20 && thread.equals("main"); attempt++) {
            // the callback runs on the completing thread unless the sleep is already over
            thread = Time.sleep(Duration.ofMillis(20))
                    .thenApply(ignored -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS);
        }
        assertEquals("awaitj-timer", thread);
    }

    @Test
    void cancellingASleepCancelsItsTimer() {
        TestEventLoop loop = TestEventLoop.create();
        Task<Void> task = loop.spawn(() -> Time.sleep(Duration.ofSeconds(1)));
        loop.runUntilIdle();
        task.cancel(true);
        loop.runUntilIdle();
        assertTrue(loop.nextTimer() == null, "the timer was cancelled");
    }

    @Test
    void yieldLetsOtherReadyWorkRunFirst() {
        TestEventLoop loop = TestEventLoop.create();
        List<String> log = new ArrayList<>();
        loop.spawn(() -> Steps.run(() -> {
            log.add("a1");
            return Time.yieldNow();
        }, ignored -> {
            log.add("a2");
            return CompletableFuture.completedFuture(null);
        }));
        loop.spawn(() -> {
            log.add("b");
            return CompletableFuture.completedFuture(null);
        });
        loop.runUntilIdle();
        assertEquals(List.of("a1", "b", "a2"), log);
        assertTrue(Time.yieldNow().isDone(), "off a loop there is nobody to yield to");
        assertEquals(Duration.ZERO, loop.elapsed());
    }

    @Test
    void aZeroSleepIsAYield() {
        TestEventLoop loop = TestEventLoop.create();
        Task<Void> task = loop.spawn(() -> Time.sleep(Duration.ZERO));
        loop.runUntilIdle();
        assertTrue(task.isDone());
        assertEquals(Duration.ZERO, loop.elapsed());
    }

    @Test
    void aTimeoutFailsWithTimedOutExceptionNotCancellationAndCancelsTheStage() {
        TestEventLoop loop = TestEventLoop.create();
        CompletableFuture<String> slow = new CompletableFuture<>();
        Task<String> task = loop.spawn(() -> Time.withTimeout(slow, Duration.ofSeconds(5)));
        loop.advance(Duration.ofSeconds(4));
        assertFalse(task.isDone());
        loop.advance(Duration.ofSeconds(1));
        ExecutionException failure = assertThrows(ExecutionException.class, task::get);
        assertInstanceOf(TimedOutException.class, failure.getCause());
        assertEquals("timed out after PT5S", failure.getCause().getMessage());
        assertFalse(failure.getCause() instanceof CancellationException);
        assertFalse(task.isCancelled(), "a timeout is not a cancellation of the caller");
        assertTrue(slow.isCancelled(), "the stage that ran out of time is cancelled");
    }

    @Test
    void aTimeoutCancelsTheSuspendedMethodSoItsFinallyRuns() {
        TestEventLoop loop = TestEventLoop.create();
        List<String> log = new ArrayList<>();
        Task<Object> task = loop.spawn(() -> Time.withTimeout(
                Steps.runFinally(() -> log.add("finally"), () -> Time.sleep(Duration.ofHours(1))),
                Duration.ofSeconds(1)));
        loop.advance(Duration.ofSeconds(1));
        assertTrue(task.isCompletedExceptionally());
        assertEquals(List.of("finally"), log);
    }

    @Test
    void aStageThatFinishesInTimeKeepsItsOutcomeAndTheTimerGoes() {
        TestEventLoop loop = TestEventLoop.create();
        Task<String> ok = loop.spawn(() -> Time.withTimeout(Time.sleep(Duration.ofSeconds(1), "fast"),
                Duration.ofSeconds(5)));
        Task<String> failed = loop.spawn(() -> Time.withTimeout(Steps.run(() -> Time.sleep(Duration.ofSeconds(1)),
                ignored -> CompletableFuture.failedFuture(new IllegalStateException("own failure"))),
                Duration.ofSeconds(5)));
        loop.advance(Duration.ofSeconds(1));
        assertEquals("fast", ok.join());
        ExecutionException failure = assertThrows(ExecutionException.class, failed::get);
        assertEquals("own failure", failure.getCause().getMessage());
        assertTrue(loop.nextTimer() == null, "the timeout timers were cancelled");
    }

    @Test
    void theDefaultFormCompletesWithTheFallback() {
        TestEventLoop loop = TestEventLoop.create();
        CompletableFuture<String> slow = new CompletableFuture<>();
        Task<String> task = loop.spawn(() -> Time.withTimeout(slow, Duration.ofSeconds(1), "fallback"));
        loop.advance(Duration.ofSeconds(1));
        assertEquals("fallback", task.join());
        assertTrue(slow.isCancelled());
    }

    @Test
    void anAlreadyCompleteStageNeedsNoTimer() {
        CompletableFuture<String> done = Time.withTimeout(CompletableFuture.completedFuture("now"), Duration.ZERO);
        assertEquals("now", done.join());
        CompletableFuture<String> failed = Time.withTimeout(
                CompletableFuture.failedFuture(new IllegalStateException("x")), Duration.ofSeconds(1), "fallback");
        assertTrue(failed.isCompletedExceptionally());
    }

    @Test
    void cancellingTheTimeoutCancelsTheStage() {
        TestEventLoop loop = TestEventLoop.create();
        CompletableFuture<String> slow = new CompletableFuture<>();
        Task<String> task = loop.spawn(() -> Time.withTimeout(slow, Duration.ofSeconds(5)));
        loop.runUntilIdle();
        task.cancel(true);
        loop.runUntilIdle();
        assertTrue(slow.isCancelled());
        assertTrue(loop.nextTimer() == null);
    }
}
