package dev.awaitj.concurrency;

import static dev.awaitj.concurrency.FrameRaceTest.check;

import dev.awaitj.AsyncBarrier;
import dev.awaitj.concurrency.PrimitiveBodies.Party;
import java.util.concurrent.CompletableFuture;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * AsyncBarrier of two parties: A has arrived and waits; threads make B arrive and cancel A. A
 * cancelled in time withdraws (B then waits for a full set); if A's arrival counted, the barrier
 * tripped and A is told its index (an arrival cannot be undone), the cancellation reaching A at
 * its next await. Indices of one trip are distinct.
 */
public class BarrierRace {
    private final AsyncBarrier barrier = new AsyncBarrier(2);
    private final CompletableFuture<Void> afterA = new CompletableFuture<>();
    private final CompletableFuture<Void> afterB = new CompletableFuture<>();
    private final Party a = new Party();
    private final Party b = new Party();
    private final CompletableFuture<Void> runA;
    private volatile CompletableFuture<Void> runB;
    private volatile boolean cancelled;

    public BarrierRace() {
        runA = PrimitiveBodies.arrive(barrier, afterA, a);
    }

    @Operation(runOnce = true)
    public void arriveB() {
        runB = PrimitiveBodies.arrive(barrier, afterB, b);
    }

    @Operation(runOnce = true)
    public void cancelA() {
        runA.cancel(true);
        cancelled = true;
    }

    @Validate
    public void invariants() {
        if (runB == null || !cancelled) {
            return;
        }
        check(runA.isDone(), "A still runs after it was cancelled");
        if (b.entered) {
            check(a.index >= 0, "the barrier tripped with A's arrival, but A was not told its index");
            check(a.index + b.index == 1, "arrival indices " + a.index + " and " + b.index);
            check(barrier.waiting() == 0, "waiting after the trip: " + barrier.waiting());
            check(a.cancelled || afterA.isDone() || runA.isCancelled(),
                    "A's cancellation was lost");
        } else {
            check(a.index == -1 && a.cancelled, "A neither withdrew nor tripped the barrier");
            check(barrier.waiting() == 1 && !runB.isDone(), "B should wait alone for a full set");
        }
        Exploration.of("BarrierRace").reached(b.entered
                ? "tripped, A told index " + a.index + (a.cancelled ? ", then cancelled at its next await" : "")
                : "A withdrew, B waits");
    }

    static void explore() {
        Exploration.reset("BarrierRace");
        new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(Budget.invocations(150))
                .addCustomScenario(Scenarios.threads(BarrierRace.class, "arriveB", "cancelA"))
                .check(BarrierRace.class);
        Exploration.of("BarrierRace").report(
                "A withdrew, B waits", "tripped, A told index 0, then cancelled at its next await");
    }
}
