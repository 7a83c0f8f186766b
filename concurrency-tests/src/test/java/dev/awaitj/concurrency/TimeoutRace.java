package dev.awaitj.concurrency;

import static dev.awaitj.Await.await;
import static dev.awaitj.concurrency.FrameRaceTest.check;

import dev.awaitj.TimedOutException;
import dev.awaitj.AsyncCondition;
import dev.awaitj.AsyncLock;
import dev.awaitj.Permit;
import dev.awaitj.Time;
import dev.awaitj.annotation.Async;
import dev.awaitj.concurrency.PrimitiveBodies.Holders;
import dev.awaitj.concurrency.PrimitiveBodies.Party;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * Issue 12 report 3 through {@code Time.withTimeout} itself: A waits at a condition
 * ({@code waitSignal}, or {@code waitUntil} in {@link Until}) under a timeout that expires when a
 * thread opens {@code expire} (a zero timeout created at that moment, so the expiry runs on that
 * thread, with no timer outside the model); B holds the lock and signals when another thread opens
 * {@code gate}. Whether A times out or is signalled, it resumes only with the lock held, alone.
 */
public class TimeoutRace {
    final AsyncLock lock = new AsyncLock();
    final AsyncCondition condition = lock.newCondition();
    final CompletableFuture<Void> expire = new CompletableFuture<>();
    final CompletableFuture<Void> gate = new CompletableFuture<>();
    final Holders holders = new Holders();
    final Party a = new Party();
    final Party b = new Party();
    volatile boolean ready;
    private final CompletableFuture<Void> runA;
    private final CompletableFuture<Void> runB;

    public TimeoutRace() {
        this(false);
    }

    TimeoutRace(boolean until) {
        runA = waitUnderTimeout(this, until); // waits at the condition, lock released
        runB = PrimitiveBodies.signalAfter(lock, condition, gate, holders, b); // holds the lock
    }

    /** {@code waitUntil(() -> ready)} in place of {@code waitSignal()}. */
    public static class Until extends TimeoutRace {
        public Until() {
            super(true);
        }

        static void explore() {
            TimeoutRace.explore(Until.class);
        }
    }

    @Async
    static CompletableFuture<Void> waitUnderTimeout(TimeoutRace race, boolean until) {
        try (Permit held = await(race.lock.acquire())) {
            CompletableFuture<Void> wait = until
                    ? race.condition.waitUntil(() -> race.ready) : race.condition.waitSignal();
            try {
                await(race.expire);
                await(Time.withTimeout(wait, Duration.ZERO));
                race.a.entered = true;
            } catch (TimedOutException e) {
                race.a.cancelled = true;
            }
            race.holders.enter(); // the lock is ours again: nobody else may be inside
            race.a.heldAfterWait = race.lock.isLocked();
            race.holders.exit();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Operation(runOnce = true)
    public void timeOut() {
        expire.complete(null);
    }

    @Operation(runOnce = true)
    public void signal() {
        ready = true;
        gate.complete(null);
    }

    @Validate
    public void invariants() {
        if (!expire.isDone() || !gate.isDone()) {
            return;
        }
        check(holders.maxInside() <= 1, "two inside the lock at once: A resumed without it");
        check(a.heldAfterWait, "A's wait ended without the lock held");
        check(runA.isDone() && runB.isDone(), "a method is stuck: A done " + runA.isDone()
                + ", B done " + runB.isDone());
        check(a.entered != a.cancelled, "A was neither signalled nor timed out, or both");
        check(holders.inside() == 0, "inside at the end: " + holders.inside());
        check(!lock.isLocked(), "the lock is still held at the end");
        check(lock.queueLength() == 0 && condition.waiting() == 0, "still queued");
        Exploration.of(getClass().getSimpleName()).reached(a.cancelled ? "A timed out" : "A signalled");
    }

    static void explore(Class<? extends TimeoutRace> test) {
        Exploration.reset(test.getSimpleName());
        new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(Budget.invocations(150))
                .addCustomScenario(Scenarios.threads(test, "timeOut", "signal"))
                .addCustomScenario(Scenarios.threads(test, "signal", "timeOut"))
                .check(test);
        Exploration.of(test.getSimpleName()).report("A timed out", "A signalled");
    }
}
