package dev.awaitj;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A bounded semaphore for async code ({@code asyncio.BoundedSemaphore}): at most {@code permits}
 * holders at a time, for example to bound how many requests run concurrently.
 *
 * <pre>{@code
 * AsyncSemaphore connections = new AsyncSemaphore(8);
 *
 * @Async
 * CompletableFuture<String> fetch(URI uri) {
 *     try (Permit slot = await(connections.acquire())) {
 *         HttpResponse<String> response = await(http.sendAsync(request(uri), ofString()));
 *         return CompletableFuture.completedFuture(response.body());
 *     }                                  // the permit is released here, after the response
 * }
 * }</pre>
 *
 * <p>Fair (first come, first served; no barging) and bounded: releasing more often than
 * acquiring is an {@link IllegalStateException} rather than a silent extra permit. Waiters
 * cancelled while they wait leave the queue. Thread-safe.
 */
public final class AsyncSemaphore {
    private final FifoPermits permits;

    /**
     * A semaphore with {@code permits} permits.
     *
     * @throws IllegalArgumentException if {@code permits} is less than one
     */
    public AsyncSemaphore(int permits) {
        this.permits = new FifoPermits(permits, "AsyncSemaphore");
    }

    /** A stage that completes with a permit once one is free for this caller. */
    public CompletableFuture<Permit> acquire() {
        return permits.acquire();
    }

    /** A permit if one is free and nobody waits; never waits. */
    public Optional<Permit> tryAcquire() {
        return Optional.ofNullable(permits.tryAcquire());
    }

    /**
     * Returns a permit (same as closing a {@link Permit}).
     *
     * @throws IllegalStateException if all permits are already free
     */
    public void release() {
        permits.release();
    }

    /** Permits free right now. */
    public int availablePermits() {
        return permits.available();
    }

    /** How many callers wait for a permit. */
    public int queueLength() {
        return permits.waiting();
    }
}
