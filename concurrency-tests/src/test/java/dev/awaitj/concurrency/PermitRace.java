package dev.awaitj.concurrency;

import static dev.awaitj.concurrency.FrameRaceTest.check;

import dev.awaitj.AsyncLock;
import dev.awaitj.AsyncSemaphore;
import dev.awaitj.Permit;
import dev.awaitj.concurrency.PrimitiveBodies.Holders;
import dev.awaitj.concurrency.PrimitiveBodies.Party;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * AsyncLock and AsyncSemaphore (FifoPermits) under cancellation: all permits are held, two
 * {@code @Async} methods wait to enter a critical section that awaits a gate; threads release a
 * held permit, cancel either method (waiting, just granted, or inside) and open the gate.
 *
 * <p>After every interleaving: never more holders than permits; every permit back (none lost, none
 * doubled: a release beyond the limit throws); nobody left queued; each method either entered or
 * was cancelled while it waited, never both unseen.
 */
public abstract class PermitRace {
    private final int permits;
    private final Supplier<CompletableFuture<Permit>> acquire;
    private final IntSupplier available;
    private final IntSupplier queued;
    private final Permit[] initial;
    private final CompletableFuture<Void> gate = new CompletableFuture<>();
    private final Holders holders = new Holders();
    private final Party a = new Party();
    private final Party b = new Party();
    private final CompletableFuture<Void> runA;
    private final CompletableFuture<Void> runB;
    private volatile boolean released;

    PermitRace(int permits, Supplier<CompletableFuture<Permit>> acquire, IntSupplier available,
            IntSupplier queued) {
        this.permits = permits;
        this.acquire = acquire;
        this.available = available;
        this.queued = queued;
        initial = new Permit[permits];
        for (int i = 0; i < permits; i++) {
            initial[i] = acquire.get().getNow(null);
            holders.enter();
        }
        runA = PrimitiveBodies.critical(acquire, gate, holders, a);
        runB = PrimitiveBodies.critical(acquire, gate, holders, b);
    }

    /** The lock: one permit. */
    public static class Lock extends PermitRace {
        public Lock() {
            this(new AsyncLock());
        }

        private Lock(AsyncLock lock) {
            super(1, lock::acquire, () -> lock.isLocked() ? 0 : 1, lock::queueLength);
        }
    }

    /** A semaphore of two permits. */
    public static class Semaphore extends PermitRace {
        public Semaphore() {
            this(new AsyncSemaphore(2));
        }

        private Semaphore(AsyncSemaphore semaphore) {
            super(2, semaphore::acquire, semaphore::availablePermits, semaphore::queueLength);
        }
    }

    /** One initial holder leaves (the others keep their permits to the end). */
    @Operation(runOnce = true)
    public void release() {
        holders.exit();
        initial[0].close();
        released = true;
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
    }

    @Validate
    public void invariants() {
        if (!released || !gate.isDone()) {
            return;
        }
        check(holders.maxInside() <= permits, holders.maxInside() + " holders of " + permits + " permits");
        check(runA.isDone() && runB.isDone(), "both methods ended");
        check(holders.inside() == permits - 1, "holders left inside: " + holders.inside());
        check(available.getAsInt() == 1, "permits free at the end: " + available.getAsInt() + ", not 1");
        check(queued.getAsInt() == 0, "still queued: " + queued.getAsInt());
        check(a.entered || a.cancelled, "A neither entered nor was cancelled");
        check(b.entered || b.cancelled, "B neither entered nor was cancelled");
        Exploration.of(getClass().getSimpleName()).reached("A " + how(a) + ", B " + how(b));
    }

    private static String how(Party party) {
        return party.entered ? (party.cancelled ? "entered, cancelled inside" : "entered")
                : "cancelled while waiting";
    }

    static void explore(Class<? extends PermitRace> test) {
        Exploration.reset(test.getSimpleName());
        new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(Budget.invocations(150))
                .addCustomScenario(Scenarios.threads(test, "release", "cancelA", "cancelB, openGate"))
                .addCustomScenario(Scenarios.threads(test, "cancelA, openGate", "release", "cancelB"))
                .addCustomScenario(Scenarios.threads(test, "release, openGate", "cancelA", "cancelB"))
                .check(test);
        Exploration.of(test.getSimpleName()).report(
                "A entered, B entered",
                "A cancelled while waiting, B entered",
                "A entered, cancelled inside, B cancelled while waiting",
                "A cancelled while waiting, B cancelled while waiting");
    }
}
