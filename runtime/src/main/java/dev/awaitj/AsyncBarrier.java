package dev.awaitj;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;

/**
 * A reusable barrier for async code ({@code asyncio.Barrier}): {@link #arrive()} waits until
 * {@code parties} callers have arrived, then releases them all together and starts over.
 *
 * <pre>{@code
 * AsyncBarrier started = new AsyncBarrier(3);
 * // in each of three tasks:
 * int index = await(started.arrive());   // 0, 1 or 2: the order of arrival
 * }</pre>
 *
 * <p>A party cancelled while it waits withdraws (as in asyncio) — the others keep waiting for a
 * full set. {@link #reset()} and {@link #abort()} fail the current waiters with
 * {@link BrokenBarrierException}; after {@code abort()} every {@code arrive()} fails until
 * {@code reset()}. Thread-safe.
 */
public final class AsyncBarrier {
    private final int parties;
    private final List<BarrierWaiter> waiting = new ArrayList<>();
    private boolean broken;

    /**
     * A barrier for {@code parties} callers.
     *
     * @throws IllegalArgumentException if {@code parties} is less than one
     */
    public AsyncBarrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("a barrier needs at least one party, not " + parties);
        }
        this.parties = parties;
    }

    /**
     * A stage that completes, with this caller's arrival index (0 for the first), when the last
     * party arrives; already complete for the last one.
     */
    public CompletableFuture<Integer> arrive() {
        BarrierWaiter waiter = new BarrierWaiter();
        List<BarrierWaiter> released;
        synchronized (this) {
            if (broken) {
                waiter.grant();
                waiter.completeExceptionally(new BrokenBarrierException("the barrier was aborted"));
                return waiter;
            }
            waiting.add(waiter);
            if (waiting.size() < parties) {
                return waiter;
            }
            released = new ArrayList<>(waiting);
            waiting.clear();
            for (BarrierWaiter party : released) {
                party.grant();
            }
        }
        for (int i = 0; i < released.size(); i++) {
            released.get(i).complete(i);
        }
        return waiter;
    }

    /** Fails the current waiters with {@link BrokenBarrierException} and makes the barrier usable again. */
    public void reset() {
        breakWaiters(false);
    }

    /** Fails the current and all later waiters with {@link BrokenBarrierException} until {@link #reset()}. */
    public void abort() {
        breakWaiters(true);
    }

    private void breakWaiters(boolean stayBroken) {
        List<BarrierWaiter> failed;
        synchronized (this) {
            broken = stayBroken;
            failed = new ArrayList<>(waiting);
            waiting.clear();
            for (BarrierWaiter party : failed) {
                party.grant();
            }
        }
        for (BarrierWaiter party : failed) {
            party.completeExceptionally(new BrokenBarrierException(
                    stayBroken ? "the barrier was aborted" : "the barrier was reset"));
        }
    }

    /** How many callers must arrive to release the barrier. */
    public int parties() {
        return parties;
    }

    /** How many callers wait now. */
    public synchronized int waiting() {
        return waiting.size();
    }

    /** Whether the barrier was aborted. */
    public synchronized boolean isBroken() {
        return broken;
    }

    private final class BarrierWaiter extends Waiter<Integer> {
        BarrierWaiter() {
            super(AsyncBarrier.this);
        }

        @Override
        void withdraw() {
            waiting.remove(this);
        }

        @Override
        boolean giveBack(Integer index) {
            return false; // the party's arrival counted and the barrier tripped: that stands
        }
    }
}
