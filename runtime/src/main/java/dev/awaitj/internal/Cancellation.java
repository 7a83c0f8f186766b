package dev.awaitj.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/**
 * The {@link CancellationException} a cancelled runtime future completes with, carrying the
 * signal that the cancelled work has finished cleaning up.
 *
 * <p>{@code CompletableFuture.cancel} must complete the future at once, and it does: a plain
 * {@code CompletableFuture} caller ({@code join}, {@code get}, {@code thenApply}) sees the
 * cancellation immediately. The work behind the future (an async method's {@code finally} blocks
 * and their awaits, a task's body, a condition wait re-acquiring its lock) may still be running.
 * awaitj's own waiting ({@code await}, {@code TaskScope.join}, {@code Futures}, {@code Time})
 * goes through {@link #whenSettled}, which sees a future cancelled with this exception only once
 * {@link #finish} was called: completion, for awaitj, means cleaned up.
 *
 * <p>Failures thrown by the cleanup are added to this exception as suppressed exceptions before
 * it is finished, so whoever observes the end of the cleanup sees them; when nobody waits for the
 * end, the owner reports them.
 */
public final class Cancellation extends CancellationException {
    private static final long serialVersionUID = 1L;

    private transient List<Runnable> listeners = new ArrayList<>(2);
    private boolean finished;

    /** A cancellation whose cleanup is still to be finished. */
    public Cancellation(String message) {
        super(message);
    }

    /** Whether the cancelled work has finished its cleanup. */
    public synchronized boolean isFinished() {
        return finished;
    }

    /**
     * Records that the cancelled work ended, with {@code failure} (or {@code null}) thrown by its
     * cleanup, and runs the waiting listeners. Returns whether any listener waited, that is,
     * whether somebody took over the failures; idempotent (later calls return {@code true}).
     */
    public boolean finish(Throwable failure) {
        if (failure != null && failure != this && carriesFailure(failure)) {
            Throwable cause = unwrap(failure);
            if (cause instanceof CancellationException) {
                // a cancellation that carries the failures of the cleanup below: keep those
                for (Throwable below : cause.getSuppressed()) {
                    addSuppressed(below);
                }
            } else {
                addSuppressed(cause);
            }
        }
        List<Runnable> waiting;
        synchronized (this) {
            if (finished) {
                return true;
            }
            finished = true;
            waiting = listeners;
            listeners = null;
        }
        for (Runnable listener : waiting) {
            listener.run();
        }
        return !waiting.isEmpty();
    }

    /**
     * Finishes this cancellation once {@code work}, the cancelled work behind it, has settled
     * (its own cancellation's cleanup included), with what it threw.
     */
    public void finishWhenSettled(CompletionStage<?> work) {
        whenSettled(work, (ignored, failure) -> finish((Throwable) failure));
    }

    /** Runs {@code listener} once the cleanup has finished (now, if it has). */
    public void whenFinished(Runnable listener) {
        synchronized (this) {
            if (!finished) {
                listeners.add(listener);
                return;
            }
        }
        listener.run();
    }

    /** Whether this cancellation's cleanup threw anything. */
    public boolean hasFailures() {
        return getSuppressed().length > 0;
    }

    /**
     * Whether {@code thrown}, the exception a cancelled piece of work ended with, is a failure to
     * keep: anything but a plain cancellation, or a cancellation that itself carries failures.
     */
    public static boolean carriesFailure(Throwable thrown) {
        Throwable cause = unwrap(thrown);
        if (!(cause instanceof CancellationException)) {
            return true;
        }
        return cause.getSuppressed().length > 0;
    }

    /**
     * Calls {@code action} with {@code stage}'s outcome once the stage is complete and, if it was
     * cancelled with a {@code Cancellation}, once that cleanup has finished. This is how awaitj
     * waits: the outcome a plain callback would see at once, delivered after the cleanup.
     */
    public static <T> void whenSettled(CompletionStage<T> stage,
            BiConsumer<? super T, ? super Throwable> action) {
        stage.whenComplete((value, failure) -> {
            Cancellation pending = pendingIn(failure);
            if (pending == null) {
                action.accept(value, failure);
            } else {
                pending.whenFinished(() -> action.accept(value, failure));
            }
        });
    }

    /** The unfinished {@code Cancellation} behind {@code failure}, or {@code null}. */
    public static Cancellation pendingIn(Object failure) {
        if (failure == null) {
            return null;
        }
        Throwable cause = unwrap((Throwable) failure);
        if (cause instanceof Cancellation && !((Cancellation) cause).isFinished()) {
            return (Cancellation) cause;
        }
        return null;
    }

    /** The {@code Cancellation} {@code future} was cancelled with, or {@code null}. */
    public static Cancellation of(CompletableFuture<?> future) {
        if (!future.isCancelled()) {
            return null;
        }
        Throwable stored = StoredFailure.of(future);
        Throwable cause = stored == null ? null : unwrap(stored);
        return cause instanceof Cancellation ? (Cancellation) cause : null;
    }

    /**
     * Looks through CompletionException and ExecutionException wrappers, and through the
     * CancellationException that {@code CompletableFuture.getNow}/{@code join} throw on JDK 23+
     * in place of the one the future was cancelled with (which becomes its cause).
     */
    private static Throwable unwrap(Throwable failure) {
        while (failure.getCause() != null
                && (failure instanceof CompletionException || failure instanceof ExecutionException
                        || (failure instanceof CancellationException && !(failure instanceof Cancellation)
                                && failure.getCause() instanceof CancellationException))) {
            failure = failure.getCause();
        }
        return failure;
    }
}
