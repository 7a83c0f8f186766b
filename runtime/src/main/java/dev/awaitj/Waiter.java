package dev.awaitj;

import dev.awaitj.internal.Handoff;
import java.util.concurrent.CompletableFuture;

/**
 * The future a primitive hands out to code that waits for it. Whether the wait is still open,
 * granted or cancelled is decided under the primitive's monitor, so a grant and a cancellation
 * can never both win: a waiter cancelled in time is withdrawn from the queue; one cancelled after
 * it was granted keeps its value, and if it was awaited by a method that is then cancelled before
 * it resumes, the value is handed back ({@link Handoff}).
 */
abstract class Waiter<T> extends CompletableFuture<T> implements Handoff {
    private static final int WAITING = 0;
    private static final int GRANTED = 1;
    private static final int CANCELLED = 2;

    final Object monitor;
    private int state;
    private boolean refused;

    Waiter(Object monitor) {
        this.monitor = monitor;
    }

    /** Whether the wait is still open; call under the monitor. */
    final boolean isWaiting() {
        return state == WAITING;
    }

    /** Marks the waiter granted; call under the monitor, then complete it outside. */
    final void grant() {
        state = GRANTED;
    }

    /** Removes this waiter from the primitive's queue; called under the monitor. */
    abstract void withdraw();

    /**
     * Takes back a granted value nobody will use; {@code false} if the grant cannot be undone
     * (an accepted send, a counted barrier arrival), so it is reported as done.
     */
    abstract boolean giveBack(T value);

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        synchronized (monitor) {
            if (state != WAITING) {
                return isCancelled();
            }
            state = CANCELLED;
            withdraw();
        }
        return super.cancel(mayInterruptIfRunning);
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean refused(Object value) {
        synchronized (this) {
            if (refused) {
                return true;
            }
            refused = true;
        }
        return giveBack((T) value);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
