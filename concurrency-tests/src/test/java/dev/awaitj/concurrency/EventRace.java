package dev.awaitj.concurrency;

import static dev.awaitj.concurrency.FrameRaceTest.check;

import dev.awaitj.AsyncEvent;
import dev.awaitj.concurrency.PrimitiveBodies.Party;
import java.util.concurrent.CompletableFuture;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;

/**
 * AsyncEvent: two methods wait; threads set the event, clear it and cancel either waiter. Once
 * set, nobody is left waiting: each waiter was woken or cancelled, and the event holds no waiter.
 */
public class EventRace {
    private final AsyncEvent event = new AsyncEvent();
    private final Party a = new Party();
    private final Party b = new Party();
    private final CompletableFuture<Void> runA;
    private final CompletableFuture<Void> runB;
    private volatile boolean setDone;

    public EventRace() {
        runA = PrimitiveBodies.waitForEvent(event, a);
        runB = PrimitiveBodies.waitForEvent(event, b);
    }

    @Operation(runOnce = true)
    public void set() {
        event.set();
        setDone = true;
    }

    @Operation(runOnce = true)
    public void clear() {
        event.clear();
    }

    @Operation(runOnce = true)
    public void cancelA() {
        runA.cancel(true);
    }

    @Operation(runOnce = true)
    public void cancelB() {
        runB.cancel(true);
    }

    @Validate
    public void invariants() {
        if (!setDone) {
            return;
        }
        check(runA.isDone() && runB.isDone(), "a waiter is left waiting after set()");
        check(a.entered != a.cancelled, "A woke " + a.entered + ", cancelled " + a.cancelled);
        check(b.entered != b.cancelled, "B woke " + b.entered + ", cancelled " + b.cancelled);
        check(event.waiting() == 0, "the event still holds " + event.waiting() + " waiters");
        Exploration.of("EventRace").reached("A " + (a.entered ? "woke" : "cancelled")
                + ", B " + (b.entered ? "woke" : "cancelled"));
    }

    static void explore() {
        Exploration.reset("EventRace");
        new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(Budget.invocations(150))
                .addCustomScenario(Scenarios.threads(EventRace.class, "set", "cancelA", "cancelB"))
                .addCustomScenario(Scenarios.threads(EventRace.class, "cancelA, set", "clear", "cancelB"))
                .check(EventRace.class);
        Exploration.of("EventRace").report(
                "A woke, B woke", "A cancelled, B woke", "A woke, B cancelled", "A cancelled, B cancelled");
    }
}
