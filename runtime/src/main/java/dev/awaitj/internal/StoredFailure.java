package dev.awaitj.internal;

import java.util.concurrent.CompletableFuture;

/**
 * The exception a completed future holds, read by identity. {@code getNow}/{@code join} do not
 * give it back as it is: they wrap it in a {@code CompletionException}, and since JDK 23 they
 * throw a new {@code CancellationException} (caused by the stored one) in place of a stored
 * {@code CancellationException}, which would hide the runtime's {@link Cancellation} and the
 * streams' own abort signal. A callback on a completed future receives the stored object itself.
 */
public final class StoredFailure {
    private StoredFailure() {
    }

    /** What {@code done} completed exceptionally with, or {@code null} if it has not. */
    public static Throwable of(CompletableFuture<?> done) {
        if (!done.isCompletedExceptionally()) {
            return null;
        }
        Throwable[] failure = new Throwable[1];
        done.whenComplete((ignored, thrown) -> failure[0] = thrown); // runs now: done is complete
        return failure[0];
    }
}
