package dev.awaitj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Cancellation racing a grant on another thread, 20,000 times per primitive: every run ends with
 * the value either handed over (and accounted for) or withdrawn, never lost and never doubled.
 */
class CancellationRaceTest {
    private static final int RUNS = Integer.getInteger("awaitj.stress.primitiveRaces", 20_000);
    /** Runs {@code grant} on the other thread and {@code cancel} here, as close together as possible. */
    private static void race(Runnable grant, Runnable cancel, int run) throws Exception {
        Races.race(grant, cancel, run);
    }

    @Test
    void lockPermitNeverLostOrDoubled() throws Exception {
        AsyncLock lock = new AsyncLock();
        for (int run = 0; run < RUNS; run++) {
            Permit held = lock.acquire().getNow(null);
            CompletableFuture<Permit> waiter = lock.acquire();
            race(held::close, () -> waiter.cancel(true), run);
            if (waiter.isCancelled()) {
                assertFalse(lock.isLocked(), "a cancelled waiter leaves the lock free");
            } else {
                assertTrue(lock.isLocked(), "the waiter holds it");
                waiter.getNow(null).close();
            }
            assertFalse(lock.isLocked());
            assertEquals(0, lock.queueLength());
        }
    }

    @Test
    void semaphorePermitsNeverLostOrDoubled() throws Exception {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        for (int run = 0; run < RUNS; run++) {
            Permit held = semaphore.acquire().getNow(null);
            CompletableFuture<Permit> waiter = semaphore.acquire();
            race(held::close, () -> waiter.cancel(true), run);
            if (!waiter.isCancelled()) {
                assertEquals(0, semaphore.availablePermits());
                waiter.getNow(null).close();
            }
            assertEquals(1, semaphore.availablePermits());
        }
    }

    @Test
    void channelItemsNeverLostOrDoubled() throws Exception {
        Channel<Integer> channel = Channel.withCapacity(1);
        int delivered = 0;
        for (int run = 0; run < RUNS; run++) {
            int item = run;
            CompletableFuture<Integer> receiver = channel.receive();
            race(() -> channel.send(item), () -> receiver.cancel(true), run);
            if (receiver.isCancelled()) {
                assertEquals(Optional.of(item), channel.receiveOptional().getNow(null),
                        "the item stayed in the channel");
            } else {
                assertEquals(item, receiver.getNow(null));
            }
            delivered++;
        }
        assertEquals(RUNS, delivered);
    }

    @Test
    void rendezvousSendIsEitherDeliveredOrCancelledNeverBoth() throws Exception {
        Channel<Integer> channel = Channel.withCapacity(0);
        for (int run = 0; run < RUNS; run++) {
            CompletableFuture<Void> send = channel.send(run);
            @SuppressWarnings("unchecked")
            CompletableFuture<Integer>[] received = new CompletableFuture[1];
            race(() -> received[0] = channel.receive(), () -> send.cancel(true), run);
            boolean got = received[0].isDone();
            assertEquals(!send.isCancelled(), got, "delivered exactly when the send was not cancelled");
            if (got) {
                assertEquals(run, received[0].getNow(null));
            } else {
                received[0].cancel(true);
            }
        }
    }

    @Test
    void eventWaitersAreWokenOrCancelledNeverLeftWaiting() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            AsyncEvent event = new AsyncEvent();
            CompletableFuture<Void> waiter = event.whenSet();
            race(event::set, () -> waiter.cancel(true), run);
            assertTrue(waiter.isDone());
            assertTrue(event.whenSet().isDone());
        }
    }


    @Test
    void conditionWaitsEndWithTheLockHeldOnceWhetherSignalledOrCancelled() throws Exception {
        AsyncLock lock = new AsyncLock();
        AsyncCondition condition = lock.newCondition();
        int signalled = 0;
        for (int run = 0; run < RUNS; run++) {
            Permit waiting = lock.acquire().getNow(null);
            CompletableFuture<Void> wait = condition.waitSignal(); // releases the lock
            @SuppressWarnings("unchecked")
            CompletableFuture<Void>[] signaller = new CompletableFuture[1];
            race(() -> signaller[0] = lock.acquire().thenAccept(held -> {
                condition.signal(); // wakes the waiter unless it was cancelled first
                held.close();
            }), () -> wait.cancel(true), run);
            CompletableFuture<Void> settled = new CompletableFuture<>();
            dev.awaitj.internal.Cancellation.whenSettled(wait, (v, f) -> settled.complete(null));
            settled.get(5, java.util.concurrent.TimeUnit.SECONDS);
            if (!wait.isCancelled()) {
                signalled++;
            }
            assertTrue(lock.isLocked(), "run " + run + ": the wait ended with the lock held again");
            waiting.close(); // the waiter's release; a signaller still queued gets the lock now
            signaller[0].get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertFalse(lock.isLocked(), "run " + run + ": held once, released once");
            assertEquals(0, lock.queueLength());
            assertEquals(0, condition.waiting());
        }
        assertTrue(signalled > 0, "some waits were signalled");
    }

    @Test
    void barrierArrivalsCountExactlyWhenNotCancelled() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            AsyncBarrier barrier = new AsyncBarrier(2);
            CompletableFuture<Integer> first = barrier.arrive();
            @SuppressWarnings("unchecked")
            CompletableFuture<Integer>[] second = new CompletableFuture[1];
            race(() -> second[0] = barrier.arrive(), () -> first.cancel(true), run);
            if (first.isCancelled()) {
                assertFalse(second[0].isDone(), "run " + run + ": a withdrawn arrival does not count");
                assertEquals(1, barrier.waiting());
                second[0].cancel(true);
                assertEquals(0, barrier.waiting(), "run " + run + ": the second withdraws too");
            } else {
                assertTrue(second[0].isDone(), "run " + run + ": both counted: the barrier tripped");
                assertEquals(java.util.Set.of(0, 1), java.util.Set.of(first.getNow(null), second[0].getNow(null)));
            }
        }
    }
}
