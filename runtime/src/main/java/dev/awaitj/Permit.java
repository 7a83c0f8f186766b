package dev.awaitj;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A held {@link AsyncLock} or {@link AsyncSemaphore} permit; closing it releases it, once.
 *
 * <pre>{@code
 * try (Permit held = await(lock.acquire())) {
 *     counter = await(store.read()) + 1;
 *     await(store.write(counter));
 * }
 * }</pre>
 */
public final class Permit implements AutoCloseable {
    private final Runnable release;
    private final AtomicBoolean released = new AtomicBoolean();

    Permit(Runnable release) {
        this.release = release;
    }

    /** Releases the permit; further calls do nothing. */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            release.run();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isReleased() {
        return released.get();
    }
}
