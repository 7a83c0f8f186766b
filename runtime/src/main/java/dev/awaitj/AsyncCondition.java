package dev.awaitj;

import dev.awaitj.internal.Cancellation;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * A condition variable bound to an {@link AsyncLock} ({@code asyncio.Condition}): wait for a
 * signal while the lock is released, and hold the lock again when the wait ends.
 *
 * <pre>{@code
 * AsyncLock lock = new AsyncLock();
 * AsyncCondition changed = lock.newCondition();
 *
 * @Async
 * CompletableFuture<Item> take() {
 *     try (Permit held = await(lock.acquire())) {
 *         await(changed.waitUntil(() -> !items.isEmpty()));
 *         return CompletableFuture.completedFuture(items.remove());
 *     }
 * }
 * // producer, holding the lock:  items.add(item); changed.signal();
 * }</pre>
 *
 * <p>The lock is held again whenever a wait completes — even when it completes because it was
 * cancelled — so the {@code finally} (or try-with-resources) that releases it is always right.
 * A cancelled wait therefore completes (as cancelled) only once the lock is re-acquired. Signals
 * wake waiters in the order they started waiting.
 */
public final class AsyncCondition {
    private final AsyncLock lock;
    private final ArrayDeque<ConditionWaiter> waiters = new ArrayDeque<>();

    AsyncCondition(AsyncLock lock) {
        this.lock = lock;
    }

    /** The lock this condition is bound to. */
    public AsyncLock lock() {
        return lock;
    }

    /**
     * Releases the lock, waits for {@link #signal()} or {@link #signalAll()}, and completes once
     * the lock is held again.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public CompletableFuture<Void> waitSignal() {
        if (!lock.isLocked()) {
            throw new IllegalStateException("waitSignal() needs the condition's lock to be held");
        }
        ConditionWaiter waiter = new ConditionWaiter();
        synchronized (this) {
            waiters.add(waiter);
        }
        lock.release();
        return waiter;
    }

    /**
     * Waits (as {@link #waitSignal()}, repeatedly) until {@code predicate} holds; the predicate is
     * evaluated with the lock held. Already complete if it holds now.
     */
    public CompletableFuture<Void> waitUntil(BooleanSupplier predicate) {
        Objects.requireNonNull(predicate, "predicate");
        Until until = new Until(predicate);
        until.check();
        return until;
    }

    /**
     * Wakes the longest-waiting waiter, if any.
     *
     * @throws IllegalMonitorStateException if the lock is not held
     */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes every waiter.
     *
     * @throws IllegalMonitorStateException if the lock is not held
     */
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    private void signal(int count) {
        if (!lock.isLocked()) {
            throw new IllegalMonitorStateException(
                    "signal()/signalAll() need the condition's lock to be held");
        }
        for (int i = 0; i < count; i++) {
            ConditionWaiter next;
            synchronized (this) {
                next = waiters.poll();
                if (next == null) {
                    return;
                }
                if (!next.signalled()) {
                    i--;        // it was cancelled meanwhile; wake another instead
                    continue;
                }
            }
            next.reacquire(null);
        }
    }

    /** How many callers wait for a signal. */
    public synchronized int waiting() {
        return waiters.size();
    }

    /** One wait: signalled or cancelled, it completes only with the lock held again. */
    private final class ConditionWaiter extends CompletableFuture<Void> {
        private boolean ended;

        /** Marks the wait ended by a signal; false if it already ended. Under the condition's monitor. */
        boolean signalled() {
            if (ended) {
                return false;
            }
            ended = true;
            return true;
        }

        void reacquire(Cancellation cancellation) {
            lock.acquire().whenComplete((permit, failure) -> {
                if (cancellation != null) {
                    cancellation.finish(null);
                } else {
                    super.complete(null);
                }
            });
        }

        /**
         * Reports the cancellation at once, as {@code CompletableFuture} requires; every awaitj
         * await, timeout and combinator sees it only once the lock is held again.
         */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (AsyncCondition.this) {
                if (ended) {
                    return false;
                }
                ended = true;
                waiters.remove(this);
            }
            Cancellation cancellation = new Cancellation("waitSignal() was cancelled");
            super.completeExceptionally(cancellation);
            reacquire(cancellation);
            return true;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }

    /** waitUntil(): a loop of waits; cancelling it cancels the current wait. */
    private final class Until extends CompletableFuture<Void> {
        private final BooleanSupplier predicate;
        private volatile CompletableFuture<Void> current;
        private volatile boolean cancelRequested;

        Until(BooleanSupplier predicate) {
            this.predicate = predicate;
        }

        void check() {
            boolean holds;
            try {
                holds = predicate.getAsBoolean();
            } catch (Throwable thrown) {
                super.completeExceptionally(thrown);
                return;
            }
            if (holds) {
                super.complete(null);
                return;
            }
            CompletableFuture<Void> wait;
            try {
                wait = waitSignal();
            } catch (RuntimeException notHeld) {
                super.completeExceptionally(notHeld);
                return;
            }
            current = wait;
            if (cancelRequested) {
                wait.cancel(true);
            }
            Cancellation.whenSettled(wait, (ignored, failure) -> {
                if (failure != null) {
                    super.completeExceptionally(Failures.unwrap(failure));
                } else if (cancelRequested) {
                    super.completeExceptionally(new CancellationException("waitUntil() was cancelled"));
                } else {
                    check();
                }
            });
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (isDone()) {
                return false;
            }
            cancelRequested = true;
            CompletableFuture<Void> wait = current;
            if (wait != null) {
                wait.cancel(true);
            }
            return true;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
