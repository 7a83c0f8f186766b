package dev.awaitj;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Counting permits handed out strictly first-come, first-served: a release hands the permit
 * directly to the longest waiter, so a newcomer can never overtake the queue (asyncio's lock had
 * that unfairness). The shared core of {@link AsyncLock} and {@link AsyncSemaphore}.
 */
final class FifoPermits {
    private final int limit;
    private int available;
    private final ArrayDeque<PermitWaiter> waiters = new ArrayDeque<>();
    private final String kind;

    FifoPermits(int permits, String kind) {
        if (permits < 1) {
            throw new IllegalArgumentException(kind + " needs at least one permit, not " + permits);
        }
        this.limit = permits;
        this.available = permits;
        this.kind = kind;
    }

    CompletableFuture<Permit> acquire() {
        PermitWaiter waiter = new PermitWaiter();
        synchronized (this) {
            if (available > 0 && waiters.isEmpty()) {
                available--;
                waiter.grant();
            } else {
                waiters.add(waiter);
                return waiter;
            }
        }
        waiter.complete(newPermit());
        return waiter;
    }

    Permit tryAcquire() {
        synchronized (this) {
            if (available == 0 || !waiters.isEmpty()) {
                return null;
            }
            available--;
        }
        return newPermit();
    }

    Permit newPermit() {
        return new Permit(this::release);
    }

    void release() {
        PermitWaiter next;
        synchronized (this) {
            next = waiters.poll();
            if (next == null) {
                if (available == limit) {
                    throw new IllegalStateException(kind + " released more often than acquired");
                }
                available++;
                return;
            }
            next.grant();
        }
        next.complete(newPermit());
    }

    synchronized int available() {
        return available;
    }

    synchronized int waiting() {
        return waiters.size();
    }

    private final class PermitWaiter extends Waiter<Permit> {
        PermitWaiter() {
            super(FifoPermits.this);
        }

        @Override
        void withdraw() {
            waiters.remove(this);
        }

        @Override
        boolean giveBack(Permit permit) {
            permit.close();
            return true;
        }
    }
}
