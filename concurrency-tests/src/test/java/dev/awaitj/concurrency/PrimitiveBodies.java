package dev.awaitj.concurrency;

import static dev.awaitj.Await.await;

import dev.awaitj.AsyncBarrier;
import dev.awaitj.AsyncCondition;
import dev.awaitj.AsyncEvent;
import dev.awaitj.AsyncLock;
import dev.awaitj.Channel;
import dev.awaitj.Permit;
import dev.awaitj.annotation.Async;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The @Async code the primitive tests race, rewritten by the processor: each waits at a
 * primitive the way user code does, so a cancellation goes through AsyncFrame (and gives a
 * granted permit or item back through the primitive's handoff) exactly as in an application.
 */
final class PrimitiveBodies {
    private PrimitiveBodies() {
    }

    /** Counts who is inside a critical section; entering a second time at once is the bug. */
    static final class Holders {
        private int inside;
        private int maxInside;
        private int entries;

        synchronized void enter() {
            inside++;
            entries++;
            maxInside = Math.max(maxInside, inside);
        }

        synchronized void exit() {
            inside--;
        }

        synchronized int inside() {
            return inside;
        }

        synchronized int maxInside() {
            return maxInside;
        }

        synchronized int entries() {
            return entries;
        }
    }

    /** What one @Async method did: whether it got in, and how its wait ended. */
    static final class Party {
        volatile boolean entered;
        volatile boolean cancelled;
        volatile boolean heldAfterWait = true;
        volatile int index = -1;
    }

    /**
     * Takes a permit from {@code acquire}, holds it (inside {@code holders}) across an await of
     * {@code gate}, and releases it by try-with-resources.
     */
    @Async
    static CompletableFuture<Void> critical(Supplier<CompletableFuture<Permit>> acquire,
            CompletableFuture<Void> gate, Holders holders, Party party) {
        try (Permit held = await(acquire.get())) {
            holders.enter();
            party.entered = true;
            try {
                await(gate);
            } finally {
                holders.exit();
            }
        } catch (CancellationException e) {
            party.cancelled = true;
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Issue 12 report 3: holds the lock, waits for a signal (which releases it), and whether the
     * wait is signalled or cancelled, counts itself inside again with the lock re-acquired.
     */
    @Async
    static CompletableFuture<Void> waitForSignal(AsyncLock lock, AsyncCondition condition,
            Holders holders, Party party) {
        try (Permit held = await(lock.acquire())) {
            holders.enter();
            party.entered = true;
            holders.exit();
            try {
                await(condition.waitSignal());
            } catch (CancellationException e) {
                party.cancelled = true;
            }
            holders.enter(); // the lock is ours again: nobody else may be inside
            party.heldAfterWait = lock.isLocked();
            holders.exit();
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Holds the lock across an await of {@code gate}, then signals and releases. */
    @Async
    static CompletableFuture<Void> signalAfter(AsyncLock lock, AsyncCondition condition,
            CompletableFuture<Void> gate, Holders holders, Party party) {
        try (Permit held = await(lock.acquire())) {
            holders.enter();
            party.entered = true;
            try {
                await(gate);
                condition.signal();
            } finally {
                holders.exit();
            }
        } catch (CancellationException e) {
            party.cancelled = true;
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Waits for the event. */
    @Async
    static CompletableFuture<Void> waitForEvent(AsyncEvent event, Party party) {
        try {
            await(event.whenSet());
            party.entered = true;
        } catch (CancellationException e) {
            party.cancelled = true;
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Arrives at the barrier and records its arrival index; then awaits {@code after}, where a
     * cancellation that came after its arrival counted is delivered.
     */
    @Async
    static CompletableFuture<Void> arrive(AsyncBarrier barrier, CompletableFuture<Void> after,
            Party party) {
        try {
            party.index = await(barrier.arrive());
            party.entered = true;
            await(after);
        } catch (CancellationException e) {
            party.cancelled = true;
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Sends {@code item}; records whether the send was reported as done or cancelled. */
    @Async
    static CompletableFuture<Void> send(Channel<Integer> channel, int item, Party party) {
        try {
            await(channel.send(item));
            party.entered = true;
        } catch (CancellationException e) {
            party.cancelled = true;
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Receives one item; records it as its index, or that it was cancelled. */
    @Async
    static CompletableFuture<Void> receive(Channel<Integer> channel, Party party) {
        try {
            party.index = await(channel.receive());
            party.entered = true;
        } catch (CancellationException e) {
            party.cancelled = true;
        }
        return CompletableFuture.completedFuture(null);
    }
}
