package dev.awaitj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** AsyncLock and AsyncSemaphore: both paths, fairness, cancellation while waiting, handoff races. */
class LockAndSemaphoreTest {

    /** An emulated async method: take the lock, hold it for {@code hold}, log, release. */
    private static CompletableFuture<Object> critical(AsyncLock lock, String name, Duration hold, List<String> log) {
        Permit[] held = new Permit[1];
        return Steps.runFinally(() -> {
            if (held[0] != null) {
                held[0].close();
            }
        }, lock::acquire, permit -> {
            held[0] = (Permit) permit;
            log.add(name + " in");
            return Time.sleep(hold);
        }, ignored -> {
            log.add(name + " out");
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void aFreeLockIsAcquiredAtOnce() {
        AsyncLock lock = new AsyncLock();
        CompletableFuture<Permit> acquired = lock.acquire();
        assertTrue(acquired.isDone());
        assertTrue(lock.isLocked());
        assertFalse(lock.tryAcquire().isPresent());
        acquired.join().close();
        acquired.join().close(); // idempotent
        assertFalse(lock.isLocked());
        assertThrows(IllegalStateException.class, lock::release);
    }

    @Test
    void waitersGetTheLockInArrivalOrderWithNoOverlap() {
        TestEventLoop loop = TestEventLoop.create();
        AsyncLock lock = new AsyncLock();
        List<String> log = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            loop.spawn(() -> critical(lock, name, Duration.ofSeconds(1), log));
        }
        loop.advance(Duration.ofSeconds(10));
        assertEquals(List.of("a in", "a out", "b in", "b out", "c in", "c out"), log);
        assertFalse(lock.isLocked());
    }

    @Test
    void aNewcomerCannotBargePastWaiters() {
        AsyncLock lock = new AsyncLock();
        Permit first = lock.acquire().join();
        CompletableFuture<Permit> waiting = lock.acquire();
        first.close();
        assertTrue(waiting.isDone(), "the release handed the lock to the waiter");
        assertFalse(lock.tryAcquire().isPresent(), "a newcomer does not get it");
        CompletableFuture<Permit> newcomer = lock.acquire();
        assertFalse(newcomer.isDone());
        waiting.join().close();
        assertTrue(newcomer.isDone());
    }

    @Test
    void aWaiterCancelledWhileWaitingLeavesTheQueue() {
        TestEventLoop loop = TestEventLoop.create();
        AsyncLock lock = new AsyncLock();
        List<String> log = new ArrayList<>();
        loop.spawn(() -> critical(lock, "a", Duration.ofSeconds(1), log));
        Task<Object> b = loop.spawn(() -> critical(lock, "b", Duration.ofSeconds(1), log));
        loop.spawn(() -> critical(lock, "c", Duration.ofSeconds(1), log));
        loop.runUntilIdle();
        assertEquals(2, lock.queueLength());
        b.cancel(true);
        assertEquals(1, lock.queueLength());
        loop.advance(Duration.ofSeconds(5));
        assertEquals(List.of("a in", "a out", "c in", "c out"), log);
        assertFalse(lock.isLocked());
    }

    @Test
    void aWaiterCancelledJustAfterTheHandoffGivesTheLockBack() {
        TestEventLoop loop = TestEventLoop.create();
        AsyncLock lock = new AsyncLock();
        Permit held = lock.acquire().join();
        List<String> log = new ArrayList<>();
        Task<Object> waiter = loop.spawn(() -> critical(lock, "w", Duration.ofSeconds(1), log));
        loop.runUntilIdle();
        loop.execute(() -> {
            held.close();          // hands the lock to the waiter; it resumes only later...
            waiter.cancel(true);   // ...and is cancelled before it does
        });
        loop.runUntilIdle();
        assertTrue(waiter.isCancelled());
        assertEquals(List.of(), log);
        assertFalse(lock.isLocked(), "the permit was given back, not leaked");
    }

    @Test
    void aTimedOutAcquireNeverLeaksThePermit() {
        TestEventLoop loop = TestEventLoop.create();
        AsyncLock lock = new AsyncLock();
        Permit held = lock.acquire().join();
        Task<Permit> timed = loop.spawn(() -> Time.withTimeout(lock.acquire(), Duration.ofSeconds(1)));
        loop.schedule(Duration.ofSeconds(1), held::close); // release and timeout in one instant
        loop.advance(Duration.ofSeconds(2));
        assertTrue(timed.isDone());
        if (timed.isCompletedExceptionally()) {
            assertThrows(Exception.class, timed::join);
            assertFalse(lock.isLocked(), "timed out: the permit went back");
        } else {
            timed.join().close();
            assertFalse(lock.isLocked());
        }
        Task<Void> zero = loop.spawn(() -> Time.withTimeout(new CompletableFuture<Void>(), Duration.ZERO));
        loop.runUntilIdle();
        assertTrue(zero.isCompletedExceptionally(), "a zero timeout on a pending stage expires at once");
    }

    @Test
    void aSemaphoreBoundsConcurrencyFairly() {
        TestEventLoop loop = TestEventLoop.create();
        AsyncSemaphore semaphore = new AsyncSemaphore(2);
        List<String> log = new ArrayList<>();
        int[] inside = {0};
        int[] most = {0};
        for (int i = 0; i < 5; i++) {
            String name = "t" + i;
            Permit[] held = new Permit[1];
            loop.spawn(() -> Steps.runFinally(() -> held[0].close(), semaphore::acquire, permit -> {
                held[0] = (Permit) permit;
                most[0] = Math.max(most[0], ++inside[0]);
                log.add(name);
                return Time.sleep(Duration.ofSeconds(1));
            }, ignored -> {
                inside[0]--;
                return CompletableFuture.completedFuture(null);
            }));
        }
        loop.advance(Duration.ofSeconds(10));
        assertEquals(2, most[0]);
        assertEquals(List.of("t0", "t1", "t2", "t3", "t4"), log);
        assertEquals(Duration.ofSeconds(10), loop.elapsed());
        assertEquals(2, semaphore.availablePermits());
    }

    @Test
    void aBoundedSemaphoreRefusesExtraReleases() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        assertThrows(IllegalStateException.class, semaphore::release);
        Permit permit = semaphore.tryAcquire().orElseThrow();
        assertEquals(0, semaphore.availablePermits());
        permit.close();
        assertThrows(IllegalArgumentException.class, () -> new AsyncSemaphore(0));
    }

    @Test
    void semaphoreWaiterCancelledWhileWaiting() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        Permit held = semaphore.acquire().join();
        CompletableFuture<Permit> cancelled = semaphore.acquire();
        CompletableFuture<Permit> next = semaphore.acquire();
        assertTrue(cancelled.cancel(true));
        held.close();
        assertTrue(next.isDone());
        assertEquals(0, semaphore.queueLength());
        assertTrue(cancelled.isCancelled());
    }
}
