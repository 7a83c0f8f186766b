package dev.awaitj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The loop: the blocking entry point, current loop, callbacks, timers, threads, closing. */
class EventLoopTest {

    @Test
    void runReturnsTheValueOfAnAlreadyCompleteMain() throws Exception {
        assertEquals("done", EventLoop.run(() -> CompletableFuture.completedFuture("done")));
    }

    @Test
    void runReturnsTheValueOfASuspendedMain() throws Exception {
        String value = EventLoop.run(() -> Steps.run(() -> Time.sleep(Duration.ofMillis(1)),
                ignored -> CompletableFuture.completedFuture("after sleep")));
        assertEquals("after sleep", value);
    }

    @Test
    void runThrowsTheOriginalCheckedException() {
        IOException original = new IOException("disk");
        IOException thrown = assertThrows(IOException.class,
                () -> EventLoop.run(() -> CompletableFuture.failedFuture(original)));
        assertSame(original, thrown);
        IOException later = assertThrows(IOException.class, () -> EventLoop.run(() -> Steps.run(
                Time::yieldNow, ignored -> CompletableFuture.failedFuture(original))));
        assertSame(original, later);
    }

    @Test
    void runOnALoopThreadIsAClearErrorNotADeadlock() throws Exception {
        IllegalStateException error = EventLoop.run(() -> {
            try {
                EventLoop.run(() -> CompletableFuture.completedFuture(1));
                return CompletableFuture.completedFuture(null);
            } catch (Exception e) {
                return CompletableFuture.completedFuture((IllegalStateException) e);
            }
        });
        assertTrue(error.getMessage().contains("await the stage instead"), error.getMessage());
    }

    @Test
    void currentIsTheRunningLoopAndAbsentElsewhere() throws Exception {
        assertFalse(EventLoop.find().isPresent());
        assertThrows(IllegalStateException.class, EventLoop::current);
        TestEventLoop loop = TestEventLoop.create();
        EventLoop seen = loop.runUntilComplete(() -> CompletableFuture.completedFuture(EventLoop.current()));
        assertSame(loop, seen);
    }

    @Test
    void callbacksRunInOrderOnTheNextIterationOnTheLoopThread() {
        TestEventLoop loop = TestEventLoop.create();
        List<String> order = new ArrayList<>();
        Thread test = Thread.currentThread();
        loop.execute(() -> {
            order.add("a");
            loop.execute(() -> order.add("c"));
        });
        loop.execute(() -> order.add("b " + (Thread.currentThread() == test)));
        assertTrue(order.isEmpty(), "nothing runs before the loop does");
        loop.runUntilIdle();
        assertEquals(List.of("a", "b true", "c"), order);
    }

    @Test
    void timersFireInDeadlineOrderOnTheLoopAndCanBeCancelled() {
        TestEventLoop loop = TestEventLoop.create();
        List<String> order = new ArrayList<>();
        loop.schedule(Duration.ofSeconds(3), () -> order.add("3s"));
        loop.schedule(Duration.ofSeconds(1), () -> order.add("1s at " + loop.elapsed().toSeconds()));
        ScheduledCall cancelled = loop.schedule(Duration.ofSeconds(2), () -> order.add("2s"));
        loop.schedule(Duration.ofSeconds(1), () -> order.add("1s again"));
        assertTrue(cancelled.cancel());
        assertFalse(cancelled.cancel());
        loop.advance(Duration.ofMillis(999));
        assertEquals(List.of(), order);
        loop.advance(Duration.ofSeconds(5));
        assertEquals(List.of("1s at 1", "1s again", "3s"), order);
        assertTrue(cancelled.isCancelled());
    }

    @Test
    void manyCancelledTimersArePurged() {
        TestEventLoop loop = TestEventLoop.create();
        loop.execute(() -> {
            for (int i = 0; i < 1000; i++) {
                loop.schedule(Duration.ofHours(1), () -> { }).cancel();
            }
        });
        loop.runUntilIdle();
        assertTrue(loop.timers.size() < 200, "cancelled timers were kept: " + loop.timers.size());
    }

    @Test
    void workFromAnotherThreadWakesARealLoop() throws Exception {
        CompletableFuture<String> fromThread = new CompletableFuture<>();
        String value = EventLoop.run(() -> {
            EventLoop loop = EventLoop.current();
            new Thread(() -> loop.execute(() -> fromThread.complete(
                    "ran on " + Thread.currentThread().getName()))).start();
            return fromThread;
        });
        assertEquals("ran on " + Thread.currentThread().getName(), value);
    }

    @Test
    void aLoopOnItsOwnThreadRunsUntilClosed() throws Exception {
        EventLoop loop = EventLoop.startThread("worker");
        Task<String> task;
        try {
            task = loop.spawn(() -> Steps.run(() -> Time.sleep(Duration.ofMillis(1)),
                    ignored -> CompletableFuture.completedFuture(Thread.currentThread().getName())));
            assertEquals("awaitj-worker", task.get(10, TimeUnit.SECONDS));
            Task<Void> forever = loop.spawn(CompletableFuture::new);
            loop.close();
            assertTrue(forever.isCancelled(), "close cancels the tasks still running");
        } finally {
            loop.close();
        }
        assertTrue(loop.isClosed());
        assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
    }

    @Test
    void runCancelsTasksStillRunningWhenMainReturnsAndTheirFinallyBlocksRun() throws Exception {
        List<String> log = new ArrayList<>();
        AtomicReference<Task<?>> leftover = new AtomicReference<>();
        EventLoop.run(() -> {
            leftover.set(Task.spawn("leftover", () -> Steps.runFinally(() -> log.add("finally"),
                    () -> Time.sleep(Duration.ofHours(1)))));
            return Time.yieldNow();
        });
        assertTrue(leftover.get().isCancelled());
        assertEquals(List.of("finally"), log);
    }

    @Test
    void aThrowingCallbackIsReportedAndTheLoopGoesOn() {
        TestEventLoop loop = TestEventLoop.create();
        List<String> handled = new ArrayList<>();
        loop.setExceptionHandler((message, failure) -> handled.add(message + ": " + failure.getMessage()));
        List<String> after = new ArrayList<>();
        loop.execute(() -> {
            throw new IllegalStateException("callback broke");
        });
        loop.execute(() -> after.add("still running"));
        loop.runUntilIdle();
        assertEquals(1, handled.size());
        assertTrue(handled.get(0).contains("callback broke"));
        assertEquals(List.of("still running"), after);
    }

    @Test
    void runUntilCompleteLeavesTheLoopOpenForMore() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        Task<Void> background = loop.spawn(() -> Time.sleep(Duration.ofSeconds(10)));
        assertEquals(1, (int) loop.runUntilComplete(() -> Time.sleep(Duration.ofSeconds(1), 1)));
        assertFalse(background.isDone());
        loop.runUntilComplete(() -> background);
        assertEquals(Duration.ofSeconds(10), loop.elapsed());
        loop.close();
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(Time::yieldNow));
    }

    @Test
    void aStuckTestLoopFailsWithADumpInsteadOfHanging() {
        TestEventLoop loop = TestEventLoop.create();
        loop.setIdleTimeout(Duration.ofMillis(50));
        IllegalStateException stuck = assertThrows(IllegalStateException.class,
                () -> loop.runUntilComplete(() -> Steps.run(CompletableFuture::new)));
        assertTrue(stuck.getMessage().contains("Task 'main'"), stuck.getMessage());
        assertTrue(stuck.getMessage().contains("Steps.java:101"), stuck.getMessage());
    }

    @Test
    void aCancelledMainThrowsCancellation() {
        assertThrows(CancellationException.class, () -> EventLoop.run(() -> {
            Task.current().orElseThrow().cancel(true);
            return new CompletableFuture<Void>();
        }));
    }

    @Test
    void closeOnTheLoopThreadStopsTheLoop() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        CountDownLatch never = new CountDownLatch(1);
        assertThrows(CancellationException.class, () -> loop.runUntilComplete(() -> {
            loop.close();
            return new CompletableFuture<Void>();
        }));
        assertTrue(loop.isClosed());
        assertEquals(1, never.getCount());
    }
}
