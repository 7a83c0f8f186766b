package dev.awaitj.stream;

import java.util.concurrent.CompletableFuture;

/** Helpers of the interop producers. */
final class InteropStages {
    private InteropStages() {
    }

    /**
     * The failure a completed future holds, as it was given (unwrapped of CompletionException),
     * or null. Unlike {@code join()}, which on JDK 25 throws a new {@code CancellationException}
     * ("join") in place of the one the future holds, this keeps the identity of the failure, so an
     * operator's own stop signal (a {@code StreamAbort}) is still recognised downstream.
     */
    static Throwable failureOf(CompletableFuture<?> done) {
        if (!done.isCompletedExceptionally()) {
            return null;
        }
        Throwable[] failure = new Throwable[1];
        done.whenComplete((ignored, thrown) -> failure[0] = thrown); // runs now: done is complete
        return Stages.unwrap(failure[0]);
    }
}
