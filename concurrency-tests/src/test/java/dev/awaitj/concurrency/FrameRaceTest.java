package dev.awaitj.concurrency;

import dev.awaitj.internal.Cancellation;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * AsyncFrame's suspend / complete / cancel race, driven through real {@code @Async} code
 * ({@link FrameBodies}, rewritten by the processor): an inner method suspended at its first
 * await, with a finally that awaits a cleanup, and an outer method awaiting it. Threads complete
 * the awaited stages, complete the cleanup and cancel either method; lincheck's model checker
 * explores their interleavings, including cancellation while the inner method runs between its
 * awaits (resumed by the completing thread) and cancellation arriving as the stage completes.
 *
 * <p>After every interleaving: both methods ended; the inner finally ran exactly once; the
 * outer method resumed only after the inner cleanup finished; a cancelled method's
 * {@link Cancellation} is finished; a value is the right one; nothing failed unseen.
 */
public class FrameRaceTest {
    private static final String NAME = "FrameRaceTest";

    private final CompletableFuture<Integer> first = new CompletableFuture<>();
    private final CompletableFuture<Integer> second = new CompletableFuture<>();
    private final CompletableFuture<Void> cleanup = new CompletableFuture<>();
    private final FrameBodies.Log log = new FrameBodies.Log();
    private final CompletableFuture<Integer> inner;
    private final CompletableFuture<String> outer;
    private volatile boolean cancelledInner;
    private volatile boolean cancelledOuter;
    private volatile boolean askedToCancel;

    public FrameRaceTest() {
        inner = FrameBodies.inner(first, second, cleanup, log);  // suspends at first
        outer = FrameBodies.outer(inner, log);                     // suspends at inner
    }

    @Operation(runOnce = true)
    public void completeFirst() {
        first.complete(1);
    }

    @Operation(runOnce = true)
    public void completeSecond() {
        second.complete(2);
    }

    @Operation(runOnce = true)
    public void failSecond() {
        second.completeExceptionally(new IllegalStateException("second failed"));
    }

    @Operation(runOnce = true)
    public void completeCleanup() {
        cleanup.complete(null);
    }

    @Operation(runOnce = true)
    public void cancelInner() {
        askedToCancel = true;
        cancelledInner = inner.cancel(true);
    }

    @Operation(runOnce = true)
    public void cancelOuter() {
        askedToCancel = true;
        cancelledOuter = outer.cancel(true);
    }

    @Validate
    public void invariants() {
        if (!cleanup.isDone()) {
            return; // lincheck validates after the (empty) initial part too
        }
        check(inner.isDone() && outer.isDone(), "both methods ended");
        check(log.finallyRuns == 1, "the inner finally ran once, not " + log.finallyRuns);
        check(log.cleanedUp, "the inner finally ended");
        check(!log.outerResumedBeforeCleanup, "the outer method resumed before the inner cleanup finished");
        String innerEnd = end(inner);
        String outerEnd = end(outer);
        check(!cancelledInner || inner.isCancelled(), "cancel() returned true but the future is not cancelled");
        if (innerEnd.startsWith("value")) {
            check(innerEnd.equals("value 3"), "inner completed with " + innerEnd);
        }
        check(askedToCancel || (innerEnd.equals("value 3") && "value 3".equals(log.outerSaw)),
                "without a cancel, inner " + innerEnd + " and outer saw " + log.outerSaw);
        check(!"cancelled".equals(log.outerSaw) || askedToCancel || inner.isCancelled(),
                "the outer await threw CancellationException that nobody asked for");
        check(!outerEnd.equals("cancelled") || "cancelled".equals(log.outerSaw) || outer.isCancelled(),
                "outer " + outerEnd + " but its method saw " + log.outerSaw);
        finished(inner);
        finished(outer);
        Exploration.of(NAME).reached("inner " + innerEnd + (log.passedFirst ? " after first" : " at first")
                + ", outer " + outerEnd + " (its await: " + log.outerSaw + ")"
                + (cancelledOuter ? ", outer.cancel true" : ""));
    }

    private static void finished(CompletableFuture<?> future) {
        Cancellation cancellation = Cancellation.of(future);
        check(cancellation == null || cancellation.isFinished(),
                "a cancelled method's Cancellation is still unfinished after its method ended");
    }

    private static String end(CompletableFuture<?> future) {
        if (future.isCancelled()) {
            return "cancelled";
        }
        try {
            return "value " + future.getNow(null);
        } catch (CancellationException e) {
            return "cancelled";
        } catch (RuntimeException e) {
            return "failed " + e.getCause().getClass().getSimpleName();
        }
    }

    static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }

    @Test
    void suspendCompleteCancel() {
        Exploration.reset(NAME);
        new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(Budget.invocations(200))
                .addCustomScenario(Scenarios.threads(FrameRaceTest.class,
                        "completeFirst", "completeSecond", "cancelInner, completeCleanup"))
                .addCustomScenario(Scenarios.threads(FrameRaceTest.class,
                        "completeFirst, completeSecond", "cancelInner", "completeCleanup"))
                .addCustomScenario(Scenarios.threads(FrameRaceTest.class,
                        "completeFirst", "cancelOuter", "completeSecond, completeCleanup"))
                .addCustomScenario(Scenarios.threads(FrameRaceTest.class,
                        "completeFirst", "failSecond", "cancelInner, completeCleanup"))
                .addCustomScenario(Scenarios.threads(FrameRaceTest.class,
                        "cancelInner", "cancelOuter", "completeCleanup, completeFirst, completeSecond"))
                .check(FrameRaceTest.class);
        Exploration.of(NAME).report(
                "inner cancelled at first, outer cancelled (its await: cancelled), outer.cancel true",
                "inner cancelled at first, outer value cancelled (its await: cancelled)",
                "inner cancelled after first, outer value cancelled (its await: cancelled)",
                "inner value 3 after first, outer value value 3 (its await: value 3)",
                // outer cancelled as inner completed: the cancellation wins at the await
                "inner value 3 after first, outer cancelled (its await: cancelled), outer.cancel true",
                // outer.cancel() lost to the method, which caught the CancellationException and
                // returned first: cancel() returns false although the await threw
                "inner value 3 after first, outer value cancelled (its await: cancelled)");
    }
}
