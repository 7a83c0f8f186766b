package dev.awaitj.internal;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * One invocation of a rewritten method that has really suspended: the future its caller holds,
 * the locals and operand-stack values live across the current await, and the callback registered
 * on the awaited stage — one object, created at the first real suspension and reused for every
 * later one.
 *
 * <p>Rewritten code, at an await whose stage is not complete:
 * <pre>
 *   frame = AsyncFrame.create(body, maxRefs, maxPrims)   // entry copy only, first suspension
 *   frame.refs[i] = liveRef; frame.prims[j] = liveInt;   // spill
 *   frame.suspend(state, stage); return frame;           // entry copy; the resume copy returns void
 * </pre>
 * and when the stage completes, {@link #accept} schedules {@link #run}, which calls the method's
 * resume copy; that restores the spilled values and calls {@link #resumeValue()} at the await.
 *
 * @param <T> the value type of the async method
 */
public final class AsyncFrame<T> extends AsyncFuture<T>
        implements BiConsumer<Object, Throwable>, Runnable {

    /** Spilled references; written by the rewritten method, then read back on resumption. */
    public final Object[] refs;
    /** Spilled primitives (ints, floats and doubles by their raw bits). */
    public final long[] prims;
    /** The await the method waits at: 1-based index into its resume dispatch; 0 while it runs. */
    public int state;

    private final AsyncBody body;
    private final Dispatcher dispatcher;
    /** The task the invocation belongs to ({@link TaskSlot}), reinstalled around each resumption. */
    private final Object carrier;
    /** The state the method last resumed from, for async stack traces. */
    private int resumedFrom;
    private volatile CompletionStage<?> awaited;
    private volatile boolean cancelPending;
    private Object value;
    private Throwable failure;

    private AsyncFrame(AsyncBody body, int refs, int prims) {
        this.body = body;
        this.refs = refs == 0 ? NO_REFS : new Object[refs];
        this.prims = prims == 0 ? NO_PRIMS : new long[prims];
        ThreadState thread = ThreadState.get();
        this.dispatcher = thread.dispatcher;
        this.carrier = thread.carrier;
    }

    private static final Object[] NO_REFS = {};
    private static final long[] NO_PRIMS = {};

    /** Creates the frame of an invocation at its first real suspension. */
    public static <T> AsyncFrame<T> create(AsyncBody body, int refs, int prims) {
        return new AsyncFrame<>(body, refs, prims);
    }

    /** Waits for {@code stage}, to continue at suspension point {@code state}. */
    public void suspend(int state, CompletionStage<?> stage) {
        this.state = state;
        this.awaited = stage;
        if (stage instanceof AsyncFuture) {
            ((AsyncFuture<?>) stage).awaiter = this;
        }
        stage.whenComplete(this);
        if (cancelPending) {
            cancelStage(stage, false);
        }
    }

    /** Called by the awaited stage when it completes. */
    @Override
    public void accept(Object value, Throwable failure) {
        this.value = value;
        this.failure = failure;
        Dispatcher target = dispatcher;
        if (target == null || target.isCurrent()) {
            Trampoline.resume(this);
        } else {
            try {
                target.execute(this);
            } catch (RejectedExecutionException closed) {
                // the loop it belongs to is closed: nothing will ever resume it
                completeExceptionally(closed);
            }
        }
    }

    /** Runs the method's resume copy from the current suspension point. */
    @Override
    public void run() {
        ThreadState thread = ThreadState.get();
        Object previous = thread.carrier;
        thread.carrier = carrier;
        try {
            if (DebugHooks.timeResumptions()) {
                int from = state;
                long start = System.nanoTime();
                try {
                    body.resume(this);
                } finally {
                    DebugHooks.recordResumption(thread, body, from, System.nanoTime() - start);
                }
            } else {
                body.resume(this);
            }
        } catch (Throwable unexpected) {
            finishExceptionally(unexpected);
        } finally {
            thread.carrier = previous;
        }
    }

    /**
     * The awaited stage's value, at the await the method resumes at: throws the stage's failure
     * unwrapped, or {@link CancellationException} if this future was cancelled meanwhile. Clears
     * the spilled values so that the frame does not keep them alive.
     */
    public Object resumeValue() {
        Object result = value;
        Throwable thrown = failure;
        CompletionStage<?> stage = awaited;
        if (stage instanceof AsyncFuture && ((AsyncFuture<?>) stage).awaiter == this) {
            ((AsyncFuture<?>) stage).awaiter = null;
        }
        value = null;
        failure = null;
        awaited = null;
        resumedFrom = state;
        state = 0;
        Arrays.fill(refs, null);
        if (cancelPending) {
            cancelPending = false;
            if (!(Outcomes.unwrap(thrown) instanceof CancellationException)) {
                if (thrown == null && stage instanceof Handoff) {
                    ((Handoff) stage).refused(result);
                }
                throw new CancellationException("the async method's future was cancelled");
            }
        }
        if (thrown != null) {
            throw Outcomes.rethrow(Outcomes.unwrap(thrown));
        }
        return result;
    }

    /** Completes with the outcome of the stage the method returned. */
    public void finishWith(CompletionStage<?> stage) {
        completeFrom(stage);
    }

    /** Completes with a value the method returned as {@code completedFuture(value)}. */
    @SuppressWarnings("unchecked")
    public void finishValue(Object result) {
        complete((T) result);
    }

    /** Completes with an exception the method threw. */
    public void finishExceptionally(Throwable thrown) {
        if (thrown != null && !(thrown instanceof CancellationException)
                && DebugHooks.asyncStackTraces()) {
            AsyncTraces.attach(this, resumedFrom, thrown);
        }
        if (!completeExceptionally(thrown) && isCancelled() && thrown != null
                && !(Outcomes.unwrap(thrown) instanceof CancellationException)) {
            DebugHooks.lostFailure(this, thrown);
        }
    }

    /**
     * Cancels this future, cancels the stage the method waits at, and so resumes the method with
     * {@link CancellationException} thrown at that await, which lets its {@code finally} blocks
     * run. If the method is running rather than waiting, the exception is thrown at its next
     * suspension.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return false;
        }
        cancelPending = true;
        CompletionStage<?> stage = awaited;
        if (stage != null) {
            cancelStage(stage, mayInterruptIfRunning);
        }
        return super.cancel(mayInterruptIfRunning) || isCancelled();
    }

    private static void cancelStage(CompletionStage<?> stage, boolean mayInterruptIfRunning) {
        CompletableFuture<?> future;
        try {
            future = stage.toCompletableFuture();
        } catch (UnsupportedOperationException notConvertible) {
            return;
        }
        future.cancel(mayInterruptIfRunning);
    }

    /** The stage this invocation waits for, or {@code null} while it runs; for diagnostics. */
    public CompletionStage<?> awaited() {
        return awaited;
    }

    /** The task carrier this invocation belongs to ({@link TaskSlot}); for the runtime. */
    public Object carrier() {
        return carrier;
    }

    /** The resume copy this frame runs; for diagnostics. */
    public AsyncBody body() {
        return body;
    }
}
