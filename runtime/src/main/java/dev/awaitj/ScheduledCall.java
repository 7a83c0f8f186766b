package dev.awaitj;

/**
 * A call scheduled on an {@link EventLoop} for later, like asyncio's {@code TimerHandle}.
 *
 * <pre>{@code
 * ScheduledCall reminder = loop.schedule(Duration.ofSeconds(5), () -> System.out.println("5 s"));
 * reminder.cancel();   // it will not run
 * }</pre>
 */
public final class ScheduledCall implements Runnable, Comparable<ScheduledCall> {
    private final EventLoop loop;
    private final Runnable action;
    final long deadline;
    long sequence;
    boolean queued;
    /** 0 pending, 1 ran, 2 cancelled. */
    private volatile int state;

    ScheduledCall(EventLoop loop, long deadline, Runnable action) {
        this.loop = loop;
        this.deadline = deadline;
        this.action = action;
    }

    /**
     * Stops the call from running if it has not run yet. Safe from any thread; returns whether
     * this call cancelled it.
     */
    public boolean cancel() {
        synchronized (this) {
            if (state != 0) {
                return false;
            }
            state = 2;
        }
        loop.timerCancelled(this);
        return true;
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return state == 2;
    }

    /** Whether the call is neither run nor cancelled. */
    boolean isPending() {
        return state == 0;
    }

    /** When the call is due, on the loop's clock ({@link EventLoop#nanoTime()}). */
    public long deadlineNanos() {
        return deadline;
    }

    /** Runs the action unless cancelled; the loop calls this when the call is due. */
    @Override
    public void run() {
        synchronized (this) {
            if (state != 0) {
                return;
            }
            state = 1;
        }
        action.run();
    }

    @Override
    public int compareTo(ScheduledCall other) {
        int byTime = Long.compare(deadline - other.deadline, 0);
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }

    @Override
    public String toString() {
        return "ScheduledCall[" + action + "]";
    }
}
