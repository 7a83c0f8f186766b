package dev.awaitj.concurrency;

import static dev.awaitj.concurrency.FrameRaceTest.check;

import dev.awaitj.AsyncCondition;
import dev.awaitj.AsyncLock;
import dev.awaitj.concurrency.PrimitiveBodies.Holders;
import dev.awaitj.concurrency.PrimitiveBodies.Party;
import java.util.concurrent.CompletableFuture;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * Issue 12 report 3 as a race: A waits for a signal; B holds the lock across an await and then
 * signals. Threads cancel A (what a timeout does), cancel B, and let B go on. Whether A's wait is
 * signalled or cancelled, A must come back only with the lock held and nobody else inside.
 */
public class ConditionRace {
    private final AsyncLock lock = new AsyncLock();
    private final AsyncCondition condition = lock.newCondition();
    private final CompletableFuture<Void> gate = new CompletableFuture<>();
    private final Holders holders = new Holders();
    private final Party a = new Party();
    private final Party b = new Party();
    private final CompletableFuture<Void> runA;
    private final CompletableFuture<Void> runB;
    private volatile boolean opened;

    public ConditionRace() {
        runA = PrimitiveBodies.waitForSignal(lock, condition, holders, a); // waits, lock released
        runB = PrimitiveBodies.signalAfter(lock, condition, gate, holders, b); // holds the lock
    }

    @Operation(runOnce = true)
    public void cancelA() {
        runA.cancel(true);
    }

    @Operation(runOnce = true)
    public void cancelB() {
        runB.cancel(true);
    }

    @Operation(runOnce = true)
    public void openGate() {
        gate.complete(null);
        opened = true;
    }

    @Validate
    public void invariants() {
        if (!opened) {
            return;
        }
        check(holders.maxInside() <= 1, "two inside the lock at once: A resumed without it");
        check(a.heldAfterWait, "A's wait ended without the lock held");
        if (runA.isDone() && runB.isDone()) {
            check(holders.inside() == 0, "inside at the end: " + holders.inside());
            check(!lock.isLocked(), "the lock is still held at the end");
            check(lock.queueLength() == 0 && condition.waiting() == 0, "still queued");
        } else {
            // only if B was cancelled before it signalled and A was not cancelled: A still waits
            check(b.cancelled && !runA.isDone() && condition.waiting() == 1,
                    "a method is stuck: A done " + runA.isDone() + ", B done " + runB.isDone());
            check(!lock.isLocked(), "the lock is held while A waits for a signal");
        }
        Exploration.of("ConditionRace").reached("A " + (!runA.isDone() ? "still waiting"
                : a.cancelled ? "cancelled, resumed with the lock" : "signalled")
                + ", B " + (b.cancelled ? "cancelled" : "signalled and left"));
    }

    static void explore() {
        Exploration.reset("ConditionRace");
        new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(Budget.invocations(150))
                .addCustomScenario(Scenarios.threads(ConditionRace.class, "cancelA", "openGate", "cancelB"))
                .addCustomScenario(Scenarios.threads(ConditionRace.class, "cancelA", "openGate"))
                .addCustomScenario(Scenarios.threads(ConditionRace.class, "openGate", "cancelB, cancelA"))
                .check(ConditionRace.class);
        Exploration.of("ConditionRace").report(
                "A cancelled, resumed with the lock, B signalled and left",
                "A signalled, B signalled and left",
                "A cancelled, resumed with the lock, B cancelled");
    }
}
