package dev.awaitj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** AsyncEvent, AsyncCondition, AsyncBarrier: both paths, order, cancellation while waiting. */
class EventConditionBarrierTest {

    @Test
    void anEventWakesAllWaitersInOrderAndASetEventIsCompleteAtOnce() {
        TestEventLoop loop = TestEventLoop.create();
        AsyncEvent event = new AsyncEvent();
        List<String> log = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            loop.spawn(() -> Steps.run(event::whenSet, ignored -> {
                log.add(name);
                return CompletableFuture.completedFuture(null);
            }));
        }
        loop.runUntilIdle();
        assertEquals(2, event.waiting());
        loop.execute(event::set);
        loop.runUntilIdle();
        assertEquals(List.of("a", "b"), log);
        assertTrue(event.isSet());
        assertTrue(event.whenSet().isDone());
        event.clear();
        assertFalse(event.whenSet().isDone());
    }

    @Test
    void aCancelledEventWaiterIsRemoved() {
        AsyncEvent event = new AsyncEvent();
        for (int i = 0; i < 1000; i++) {
            event.whenSet().cancel(true);
        }
        assertEquals(0, event.waiting());
        CompletableFuture<Void> kept = event.whenSet();
        event.set();
        assertTrue(kept.isDone());
    }

    /** An emulated consumer: lock; waitUntil(items not empty); take; unlock. */
    private static CompletableFuture<Object> take(AsyncLock lock, AsyncCondition changed,
            ArrayDeque<String> items, List<String> log, String name) {
        Permit[] held = new Permit[1];
        return Steps.runFinally(() -> {
            if (held[0] != null) {
                log.add(name + " releases, lock held: " + lock.isLocked());
                held[0].close();
            }
        }, lock::acquire, permit -> {
            held[0] = (Permit) permit;
            return changed.waitUntil(() -> !items.isEmpty());
        }, ignored -> {
            log.add(name + " took " + items.remove());
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void conditionWaitersAreWokenInOrderHoldingTheLock() {
        TestEventLoop loop = TestEventLoop.create();
        AsyncLock lock = new AsyncLock();
        AsyncCondition changed = lock.newCondition();
        ArrayDeque<String> items = new ArrayDeque<>();
        List<String> log = new ArrayList<>();
        loop.spawn(() -> take(lock, changed, items, log, "a"));
        loop.spawn(() -> take(lock, changed, items, log, "b"));
        loop.runUntilIdle();
        assertEquals(2, changed.waiting());
        assertFalse(lock.isLocked(), "waiting released the lock");
        loop.spawn(() -> lock.acquire().thenAccept(permit -> {
            items.add("x");
            items.add("y");
            changed.signalAll();
            permit.close();
        }));
        loop.runUntilIdle();
        assertEquals(List.of("a took x", "a releases, lock held: true",
                "b took y", "b releases, lock held: true"), log);
        assertFalse(lock.isLocked());
    }

    @Test
    void aConditionWaitThatIsAlreadySatisfiedIsComplete() {
        AsyncLock lock = new AsyncLock();
        AsyncCondition condition = lock.newCondition();
        Permit held = lock.acquire().join();
        assertTrue(condition.waitUntil(() -> true).isDone());
        assertTrue(lock.isLocked());
        held.close();
        assertThrows(IllegalStateException.class, condition::waitSignal);
    }

    @Test
    void aCancelledConditionWaitEndsHoldingTheLockSoFinallyReleasesCorrectly() {
        TestEventLoop loop = TestEventLoop.create();
        AsyncLock lock = new AsyncLock();
        AsyncCondition changed = lock.newCondition();
        ArrayDeque<String> items = new ArrayDeque<>();
        List<String> log = new ArrayList<>();
        Task<Object> waiter = loop.spawn(() -> take(lock, changed, items, log, "w"));
        loop.runUntilIdle();
        Permit other = lock.acquire().join();   // someone else holds the lock when we cancel
        waiter.cancel(true);
        loop.runUntilIdle();
        assertEquals(List.of(), log, "the cancelled waiter waits to re-acquire before its finally");
        other.close();
        loop.runUntilIdle();
        assertEquals(List.of("w releases, lock held: true"), log);
        assertFalse(lock.isLocked());
        assertEquals(0, changed.waiting());
    }

    @Test
    void aBarrierReleasesAllPartiesTogetherAndIsReusable() {
        TestEventLoop loop = TestEventLoop.create();
        AsyncBarrier barrier = new AsyncBarrier(3);
        List<String> log = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 3; i++) {
                String name = "r" + round + "p" + i;
                loop.spawn(() -> Steps.run(() -> Time.sleep(Duration.ofSeconds(Long.parseLong(name.substring(3)) + 1)),
                        ignored -> barrier.arrive(),
                        index -> {
                            log.add(name + "#" + index + "@" + loop.elapsed().toSeconds());
                            return CompletableFuture.completedFuture(null);
                        }));
            }
            loop.advance(Duration.ofSeconds(5));
        }
        log.sort(null); // the last arrival continues at once, the others when the loop resumes them
        assertEquals(List.of("r0p0#0@3", "r0p1#1@3", "r0p2#2@3", "r1p0#0@8", "r1p1#1@8", "r1p2#2@8"), log);
        assertEquals(0, barrier.waiting());
        assertEquals(3, barrier.parties());
    }

    @Test
    void aLastArrivalIsCompleteAtOnceAndACancelledPartyWithdraws() {
        AsyncBarrier barrier = new AsyncBarrier(2);
        CompletableFuture<Integer> first = barrier.arrive();
        assertTrue(first.cancel(true));
        assertEquals(0, barrier.waiting(), "withdrew");
        CompletableFuture<Integer> a = barrier.arrive();
        CompletableFuture<Integer> b = barrier.arrive();
        assertTrue(b.isDone(), "the last arrival does not wait");
        assertEquals(0, a.join());
        assertEquals(1, b.join());
    }

    @Test
    void abortAndResetBreakTheWaiters() {
        AsyncBarrier barrier = new AsyncBarrier(2);
        CompletableFuture<Integer> waiting = barrier.arrive();
        barrier.abort();
        assertInstanceOf(BrokenBarrierException.class,
                assertThrows(ExecutionException.class, waiting::get).getCause());
        assertTrue(barrier.isBroken());
        assertTrue(barrier.arrive().isCompletedExceptionally());
        barrier.reset();
        assertFalse(barrier.isBroken());
        CompletableFuture<Integer> again = barrier.arrive();
        assertFalse(again.isDone());
        barrier.reset();
        assertTrue(again.isCompletedExceptionally());
    }
}
