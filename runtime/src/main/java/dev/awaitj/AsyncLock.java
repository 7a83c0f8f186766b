package dev.awaitj;

import java.util.concurrent.CompletableFuture;
import java.util.Optional;

/**
 * A mutual-exclusion lock for async code ({@code asyncio.Lock}): waiting for it suspends instead
 * of blocking a thread. Not reentrant, and not owned by a thread (async code moves between
 * threads): whoever holds the {@link Permit} releases it.
 *
 * <pre>{@code
 * private final AsyncLock lock = new AsyncLock();
 *
 * @Async
 * CompletableFuture<Void> increment() {
 *     try (Permit held = await(lock.acquire())) {
 *         int value = await(store.read());
 *         await(store.write(value + 1));
 *     }
 *     return CompletableFuture.completedFuture(null);
 * }
 * }</pre>
 *
 * <p>Fair: waiters get the lock in the order they asked, and a release hands it straight to the
 * next waiter. A waiter cancelled while it waits leaves the queue; one cancelled just after the
 * lock was handed to it gives it back. Thread-safe.
 */
public final class AsyncLock {
    private final FifoPermits permits = new FifoPermits(1, "AsyncLock");

    /** Creates an unlocked lock. */
    public AsyncLock() {
    }

    /** A stage that completes with the lock's permit once this caller holds the lock. */
    public CompletableFuture<Permit> acquire() {
        return permits.acquire();
    }

    /** The permit if the lock is free and nobody waits for it; never waits. */
    public Optional<Permit> tryAcquire() {
        return Optional.ofNullable(permits.tryAcquire());
    }

    /**
     * Releases the lock (same as closing the permit); prefer closing the {@link Permit}.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void release() {
        permits.release();
    }

    /** Whether someone holds the lock. */
    public boolean isLocked() {
        return permits.available() == 0;
    }

    /** How many callers wait for the lock. */
    public int queueLength() {
        return permits.waiting();
    }

    /** A new condition bound to this lock. */
    public AsyncCondition newCondition() {
        return new AsyncCondition(this);
    }

    @Override
    public String toString() {
        return "AsyncLock[" + (isLocked() ? "locked, " + queueLength() + " waiting" : "unlocked") + "]";
    }
}
