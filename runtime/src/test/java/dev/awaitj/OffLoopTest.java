package dev.awaitj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Blocking work off the loop, and async work started on another executor or loop. */
class OffLoopTest {

    @Test
    void blockingWorkRunsOffTheLoopAndTheCallerResumesOnTheLoop() throws Exception {
        Thread test = Thread.currentThread();
        String result = EventLoop.run(() -> Steps.run(
                () -> OffLoop.call(() -> Thread.currentThread() != test ? "off" : "on"),
                where -> CompletableFuture.completedFuture(
                        where + ", resumed on loop: " + (Thread.currentThread() == test))));
        assertEquals("off, resumed on loop: true", result);
    }

    @Test
    void failuresComeBackUnwrapped() {
        IOException boom = new IOException("blocking failed");
        IOException thrown = assertThrows(IOException.class, () -> EventLoop.run(() -> OffLoop.call(() -> {
            throw boom;
        })));
        assertSame(boom, thrown);
    }

    @Test
    void onAGivenExecutor() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "my-pool"));
        try {
            assertEquals("my-pool", OffLoop.call(pool, () -> Thread.currentThread().getName())
                    .get(10, TimeUnit.SECONDS));
            OffLoop.run(() -> { }).get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cancellingBeforeItStartsMeansItNeverRunsAndWhileRunningInterrupts() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch interrupted = new CountDownLatch(1);
            CompletableFuture<Object> blocking = OffLoop.call(pool, () -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return null;
            });
            AtomicBoolean ran = new AtomicBoolean();
            CompletableFuture<Object> queued = OffLoop.call(pool, () -> ran.getAndSet(true));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            queued.cancel(true);
            blocking.cancel(true);
            assertTrue(interrupted.await(10, TimeUnit.SECONDS));
            pool.submit(() -> { }).get(10, TimeUnit.SECONDS);
            assertFalse(ran.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTestLoopWaitsForOffLoopWorkBeforeMovingVirtualTime() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        CountDownLatch release = new CountDownLatch(1);
        String result = loop.runUntilComplete(() -> {
            new Thread(() -> {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ignored) {
                    // fall through
                }
                release.countDown();
            }).start();
            return Futures.race(
                    OffLoop.call(() -> {
                        release.await();
                        return "work";
                    }),
                    Time.sleep(Duration.ofSeconds(1), "timer"));
        });
        assertEquals("work", result, "blocking work takes no virtual time");
    }

    @Test
    void startRunsAsyncWorkOnAnotherLoop() throws Exception {
        try (EventLoop other = EventLoop.startThread("other")) {
            String result = EventLoop.run(() -> {
                Thread mine = Thread.currentThread();
                return Steps.run(() -> OffLoop.start(other, () -> Time.sleep(Duration.ofMillis(1),
                                Thread.currentThread().getName())),
                        name -> CompletableFuture.completedFuture(name + " then back: "
                                + (Thread.currentThread() == mine)));
            });
            assertEquals("awaitj-other then back: true", result);
        }
    }

    @Test
    void startOnAPlainExecutorAndCancel() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<String> inner = new CompletableFuture<>();
            CompletableFuture<String> started = OffLoop.start(pool, () -> inner);
            pool.submit(() -> { }).get(10, TimeUnit.SECONDS);
            started.cancel(true);
            assertTrue(inner.isCancelled());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The cancellation contract for work started elsewhere, on the paths the awaitj-level tests
     * (integration CancellationContractTest) do not reach: cancelled before the work began, the
     * cancellation is finished at once and the work never runs; cancelled after the work's stage
     * completed, nothing changes.
     */
    @Test
    void startedWorkCancelledBeforeItBeganIsSettledAtOnceAndNeverRuns() {
        java.util.List<Runnable> queued = new java.util.ArrayList<>();
        AtomicBoolean ran = new AtomicBoolean();
        CompletableFuture<String> started = OffLoop.start(queued::add, () -> {
            ran.set(true);
            return CompletableFuture.completedFuture("ran");
        });
        assertTrue(started.cancel(true));
        AtomicBoolean settled = new AtomicBoolean();
        dev.awaitj.internal.Cancellation.whenSettled(started, (v, f) -> settled.set(true));
        assertTrue(settled.get(), "nothing started, so nothing to wait for");
        queued.forEach(Runnable::run); // the executor gets round to it: refused
        assertFalse(ran.get(), "cancelled work does not start");
    }

    @Test
    void startedWorkThatAlreadyCompletedIsNotCancelled() {
        CompletableFuture<String> started = OffLoop.start(Runnable::run, () -> CompletableFuture.completedFuture("done"));
        assertEquals("done", started.getNow(null));
        assertFalse(started.cancel(true));
        assertEquals("done", started.join());
    }
}
