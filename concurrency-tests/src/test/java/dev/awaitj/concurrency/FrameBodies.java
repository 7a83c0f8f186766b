package dev.awaitj.concurrency;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/** The @Async methods whose frames {@link FrameRaceTest} races; rewritten by the processor. */
final class FrameBodies {
    private FrameBodies() {
    }

    /** What the two methods record; written by whichever thread runs them. */
    static final class Log {
        volatile boolean passedFirst;
        volatile int finallyRuns;
        /** Set as the inner finally ends, whether its await of the cleanup succeeded or threw. */
        volatile boolean cleanedUp;
        /** Whether {@link #outer}'s await of {@link #inner} ended before inner's cleanup had. */
        volatile boolean outerResumedBeforeCleanup;
        volatile String outerSaw;
    }

    /**
     * Two awaits, and a finally that itself awaits (an asynchronous cleanup such as closing a
     * connection).
     */
    @Async
    static CompletableFuture<Integer> inner(CompletableFuture<Integer> first,
            CompletableFuture<Integer> second, CompletableFuture<Void> cleanup, Log log) {
        try {
            int a = await(first);
            log.passedFirst = true;
            int b = await(second);
            return CompletableFuture.completedFuture(a + b);
        } finally {
            log.finallyRuns++;
            try {
                await(cleanup); // cancelled too if the method is cancelled while it waits here
            } finally {
                log.cleanedUp = true; // the last thing the method does
            }
        }
    }

    /** Awaits {@link #inner}'s future, as a caller one level up. */
    @Async
    static CompletableFuture<String> outer(CompletableFuture<Integer> inner, Log log) {
        String saw;
        try {
            saw = "value " + await(inner);
        } catch (CancellationException e) {
            saw = "cancelled";
        } catch (RuntimeException e) {
            saw = "failed " + e.getClass().getSimpleName();
        }
        if (!log.cleanedUp) {
            log.outerResumedBeforeCleanup = true;
        }
        log.outerSaw = saw;
        return CompletableFuture.completedFuture(saw);
    }
}
