package dev.awaitj;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A flag that async code can wait for ({@code asyncio.Event}): {@link #set()} wakes every waiter,
 * and waits after that complete at once until {@link #clear()}.
 *
 * <pre>{@code
 * AsyncEvent ready = new AsyncEvent();
 * Task.spawn(() -> warmUp().thenRun(ready::set));
 * await(ready.whenSet());
 * }</pre>
 *
 * <p>Waiters are woken in the order they started waiting; a waiter cancelled while it waits is
 * removed (no leak however often waits time out). Thread-safe.
 */
public final class AsyncEvent {
    private boolean set;
    private final List<EventWaiter> waiters = new ArrayList<>();

    /** Creates an event that is not set. */
    public AsyncEvent() {
    }

    /** A stage that completes when the event is set; already complete if it is set now. */
    public CompletableFuture<Void> whenSet() {
        EventWaiter waiter = new EventWaiter();
        synchronized (this) {
            if (!set) {
                waiters.add(waiter);
                return waiter;
            }
            waiter.grant();
        }
        waiter.complete(null);
        return waiter;
    }

    /** Sets the event and wakes every waiter. */
    public void set() {
        List<EventWaiter> woken;
        synchronized (this) {
            if (set) {
                return;
            }
            set = true;
            woken = new ArrayList<>(waiters);
            waiters.clear();
            for (EventWaiter waiter : woken) {
                waiter.grant();
            }
        }
        for (EventWaiter waiter : woken) {
            waiter.complete(null);
        }
    }

    /** Clears the event: later waits wait again. */
    public synchronized void clear() {
        set = false;
    }

    /** Whether the event is set. */
    public synchronized boolean isSet() {
        return set;
    }

    /** How many callers wait for the event. */
    public synchronized int waiting() {
        return waiters.size();
    }

    private final class EventWaiter extends Waiter<Void> {
        EventWaiter() {
            super(AsyncEvent.this);
        }

        @Override
        void withdraw() {
            waiters.remove(this);
        }

        @Override
        boolean giveBack(Void value) {
            return true; // nothing was consumed: the cancellation may stand
        }
    }
}
