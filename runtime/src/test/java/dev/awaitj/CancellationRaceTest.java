package dev.awaitj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cancellation racing a grant on another thread, 20,000 times per primitive: every run ends with
 * the value either handed over (and accounted for) or withdrawn, never lost and never doubled.
 */
class CancellationRaceTest {
    private static final int RUNS = Integer.getInteger("awaitj.stress.primitiveRaces", 20_000);
    private static ExecutorService other;

    @BeforeAll
    static void start() {
        other = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() {
        other.shutdownNow();
    }

    /** Runs {@code grant} on the other thread and {@code cancel} here, as close together as possible. */
    private static void race(Runnable grant, Runnable cancel, int run) throws Exception {
        Future<?> granted = other.submit(() -> {
            for (int i = run % 7; i > 0; i--) {
                Thread.onSpinWait();
            }
            grant.run();
        });
        for (int i = run % 5; i > 0; i--) {
            Thread.onSpinWait();
        }
        cancel.run();
        granted.get();
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

}
