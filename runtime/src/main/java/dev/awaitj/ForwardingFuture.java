package dev.awaitj;

import dev.awaitj.internal.Cancellation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The outcome of async work started elsewhere: it completes as the followed stage does (a failure
 * unwrapped), and cancelling it cancels that stage. Used by {@link Dispatch} and {@link OffLoop}.
 *
 * <p>Cancellation follows the runtime's contract: this future reports it at once, with a
 * {@link Cancellation} that is finished only once the work has ended (its stage settled, cleanup
 * included), or at once if the work never started, so awaitj's waiting resumes after the cleanup.
 * A failure nobody observes is reported ({@link WatchedFuture}).
 */
class ForwardingFuture<T> extends WatchedFuture<T> {
    /** Guarded by this: the work's stage once it returned one, and whether the work began. */
    private CompletionStage<T> stage;
    private boolean started;

    /** See {@link WatchedFuture#WatchedFuture(String, Object)}. */
    ForwardingFuture(String description, Place reportTo) {
        super(description, reportTo);
    }

    /**
     * Called by the code that runs the work, just before running it: returns {@code false} if
     * the work must not run because this future is already done (cancelled before it started).
     */
    final boolean begin() {
        synchronized (this) {
            if (!isDone()) {
                started = true;
                return true;
            }
        }
        return false;
    }

    /** Follows the stage the work returned; null fails this future, and if this is already done it is cancelled. */
    final void follow(CompletionStage<T> returned) {
        if (returned == null) {
            fail(new NullPointerException("the work returned null"));
            return;
        }
        boolean cancelledMeanwhile;
        synchronized (this) {
            started = true;
            stage = returned;
            cancelledMeanwhile = isDone();
        }
        if (cancelledMeanwhile) {
            cancelAndFinishAfter(returned);
            return;
        }
        returned.whenComplete((value, failure) -> {
            if (failure == null) {
                complete(value);
            } else {
                completeExceptionally(Failures.unwrap(failure));
            }
        });
    }

    /** The work threw instead of returning a stage, or could not be started. */
    final void fail(Throwable thrown) {
        if (!completeExceptionally(thrown)) {
            Cancellation cancelled = Cancellation.of(this);
            if (cancelled != null) {
                cancelled.finish(thrown); // cancelled while it ran: the work has ended
            }
        }
    }

    private void cancelAndFinishAfter(CompletionStage<T> work) {
        Cancellation cancelled = Cancellation.of(this);
        Failures.cancel(work);
        if (cancelled != null) {
            cancelled.finishWhenSettled(work);
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        Cancellation cancellation = new Cancellation("the started work was cancelled");
        CompletionStage<T> work;
        boolean began;
        synchronized (this) {
            if (!super.completeExceptionally(cancellation)) {
                return isCancelled();
            }
            work = stage;
            began = started;
        }
        if (work != null) {
            cancelAndFinishAfter(work);
        } else if (!began) {
            cancellation.finish(null); // it will never run: begin() refuses it
        } // else it runs now; follow() or fail() sees the cancellation when it returns
        return true;
    }
}
