package dev.awaitj.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An emit's stage that tells the producer to stop with a {@link java.util.concurrent.CancellationException}
 * (its consumer stopped early or was cancelled), failing only once somebody waits for it: when a
 * callback or dependent stage is registered, or on {@code join}/{@code get}. {@code getNow} (the
 * await fast path's read) does not fail it: the await suspends, then it fails.
 *
 * <p>Why not an already-failed stage: a producer cancelled while it was running (not suspended)
 * has the cancellation pending in its frame, to be thrown at its next suspension. An await of a
 * failed stage takes the fast path without suspending, so the producer would unwind with this
 * exception, and the pending cancellation would then hit the first await of its {@code finally}
 * block. Awaiting this stage suspends, which delivers the pending cancellation here instead, so
 * the {@code finally} blocks run their awaits normally. Only the stopping emit pays for it.
 *
 * <p>A refusal made while the producer's cancellation is being issued (the collection is being
 * cancelled on another thread) is <em>parked</em>: if the producer failed at once it would unwind
 * into its {@code finally}, and the cancel arriving a moment later would cancel an await there.
 * Parked, it waits for that cancel (which cancels the stage the producer waits at), and is armed
 * once the cancel has been issued.
 */
final class RefusedEmit extends CompletableFuture<Void> {
    private final Throwable failure;
    /** Whether waiting for it fails it; until then only a cancel (the producer's) completes it. */
    private volatile boolean armed;

    /**
     * @param armed {@code true}: fails as soon as somebody waits. {@code false}: parked, for a
     *     producer whose cancellation is being issued; the cancel completes it, or {@link #arm}.
     */
    RefusedEmit(Throwable failure, boolean armed) {
        this.failure = failure;
        this.armed = armed;
    }

    boolean isArmed() {
        return armed;
    }

    /** From now on waiting fails it; fails it now if somebody already waits. */
    void arm() {
        armed = true;
        if (getNumberOfDependents() > 0) {
            fail();
        }
    }

    private void fail() {
        completeExceptionally(failure);
    }

    /** Every dependent stage and callback (whenComplete, thenApply...) is made through here. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        if (armed) {
            fail(); // the dependent is pushed next and fires at once, as for a stage completed meanwhile
        }
        return new CompletableFuture<>();
    }

    @Override
    public Void join() {
        fail();
        return super.join();
    }

    @Override
    public Void get() throws InterruptedException, ExecutionException {
        fail();
        return super.get();
    }

    @Override
    public Void get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        fail();
        return super.get(timeout, unit);
    }
}
