package dev.awaitj.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.internal.Cancellation;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The interleaving lincheck's FrameRaceTest found failing on JDK 25, replayed deterministically:
 * the inner method is cancelled while it waits, its finally then awaits a cleanup, the outer method
 * awaits it; once the cleanup completes, the outer method must resume. On JDK 25
 * {@code CompletableFuture.getNow} rethrows a cancellation as a new {@code CancellationException}
 * whose cause is the original, and the runtime did not find its {@link Cancellation} behind it:
 * the cleanup was never reported finished and the outer method never resumed.
 */
class CancelledCleanupRegressionTest {

    @Test
    void anAwaiterResumesOnceTheCancelledMethodsCleanupEnds() {
        CompletableFuture<Integer> first = new CompletableFuture<>();
        CompletableFuture<Integer> second = new CompletableFuture<>();
        CompletableFuture<Void> cleanup = new CompletableFuture<>();
        FrameBodies.Log log = new FrameBodies.Log();
        CompletableFuture<Integer> inner = FrameBodies.inner(first, second, cleanup, log);
        CompletableFuture<String> outer = FrameBodies.outer(inner, log);

        second.complete(2);
        assertTrue(inner.cancel(true));
        assertEquals(1, log.finallyRuns, "the finally runs at once and waits for the cleanup");
        assertFalse(outer.isDone(), "the outer method waits for the end of the cleanup");

        cleanup.complete(null);
        assertTrue(log.cleanedUp);
        assertTrue(Cancellation.of(inner) != null && Cancellation.of(inner).isFinished(),
                "the inner Cancellation is finished once its method ended");
        assertTrue(outer.isDone(), "the outer method resumed after the cleanup");
        assertEquals("cancelled", outer.getNow(null));
        assertFalse(log.outerResumedBeforeCleanup);
    }
}
