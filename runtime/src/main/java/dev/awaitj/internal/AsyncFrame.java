package dev.awaitj.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.jetbrains.annotations.Async;

/**
 * One invocation of a rewritten method that has really suspended: the future its caller holds,
 * the locals and operand-stack values live across the current await, and the callback registered
 * on the awaited stage — one object, created at the first real suspension and reused for every
 * later one.
 *
 * <p>Rewritten code, at an await whose stage is not complete:
 * <pre>
 *   frame = AsyncFrame.create(body, maxRefs, maxPrims, thread, saved)   // entry copy only, first
 *                                                                       // suspension
 *   frame.refs[i] = liveRef; frame.prims[j] = liveInt;   // spill
 *   frame.suspend(state, stage); return frame;           // entry copy; the resume copy returns void
 * </pre>
 * and when the stage completes, {@link #accept} schedules {@link #run}, which calls the method's
 * resume copy; that restores the spilled values and calls {@link #resumeValue()} at the await.
 *
 * @param <T> the value type of the async method
 */
public final class AsyncFrame<T> extends AsyncFuture<T>
        implements BiConsumer<Object, Object>, Runnable {

    /** Spilled references; written by the rewritten method, then read back on resumption. */
    public final Object[] refs;
    /** Spilled primitives (ints, floats and doubles by their raw bits). */
    public final long[] prims;
    /**
     * The await the method waits at, 1-based index into its resume dispatch; while it runs, the
     * await it last resumed from (for async stack traces).
     */
    public int state;

    private final AsyncBody body;
    private final Dispatcher dispatcher;
    /**
     * The task the invocation belongs to ({@link TaskSlot}), reinstalled around each resumption;
     * replaced once if it was a snapshot of values and a resumption bound a value of its own.
     */
    private Object carrier;
    /**
     * The stage the method waits for (after it resumes, until its next await, the one it last
     * waited for); or a {@link CancelPending} when this future was cancelled and the cancellation
     * is still to be thrown at an await. One field for both, so that suspension, resumption and
     * cancellation agree through one atomic variable, and a waiting frame stays at 56 bytes.
     */
    private volatile Object awaited;
    /** The awaited stage's outcome from its completion to the resumption: its value or a {@link Failure}. */
    private Object outcome;

    /** A cancellation that {@link #cancel} left for an await; allocated only on cancel. */
    private static final class CancelPending {
        final CompletionStage<?> stage;

        CancelPending(CompletionStage<?> stage) {
            this.stage = stage;
        }
    }

    /** A failed outcome; allocated only when the awaited stage failed. */
    private static final class Failure {
        final Throwable cause;

        Failure(Throwable cause) {
            this.cause = cause;
        }
    }

    private static final VarHandle AWAITED;

    static {
        try {
            AWAITED = MethodHandles.lookup().findVarHandle(AsyncFrame.class, "awaited", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private AsyncFrame(AsyncBody body, int refs, int prims, ThreadState thread) {
        this.body = body;
        this.refs = refs == 0 ? NO_REFS : new Object[refs];
        this.prims = prims == 0 ? NO_PRIMS : new long[prims];
        this.dispatcher = thread.dispatcher;
        this.carrier = thread.carrier;
    }

    private static final Object[] NO_REFS = {};
    private static final long[] NO_PRIMS = {};

    /**
     * Creates the frame of an invocation at its first real suspension, on {@code thread} (the
     * calling thread's, which the entry copy looked up as it started), and gives the thread back
     * the carrier it had before the call ({@code saved}, from {@link ThreadState#enterAsync}): the
     * frame keeps the invocation's context, and the caller, about to get the frame, goes on with
     * its own.
     */
    public static <T> AsyncFrame<T> create(AsyncBody body, int refs, int prims,
            ThreadState thread, Object saved) {
        AsyncFrame<T> frame = new AsyncFrame<>(body, refs, prims, thread);
        thread.leaveAsync(saved);
        return frame;
    }

    /**
     * Waits for {@code stage}, to continue at suspension point {@code state}. Marked for IntelliJ
     * IDEA's debugger, which then shows the stack of this call (the awaiting method and its
     * callers) as the async stack below {@link #resumeOn} when the method resumes; the key is this
     * frame. A class-file annotation: nothing is needed at run time.
     */
    @Async.Schedule
    public void suspend(int state, CompletionStage<?> stage) {
        this.state = state;
        if (stage instanceof AsyncFuture) {
            ((AsyncFuture<?>) stage).awaiter = this;
        }
        boolean cancelledWhileRunning = AWAITED.getAndSet(this, stage) instanceof CancelPending;
        if (cancelledWhileRunning) {
            AWAITED.compareAndSet(this, stage, new CancelPending(stage));
        }
        stage.whenComplete(this);
        if (cancelledWhileRunning) {
            cancelStage(stage, false); // throws CancellationException at this await
        }
    }

    /**
     * Called by the awaited stage when it completes. Typed {@code (Object, Object)} so that javac
     * emits no bridge method: the calls from here to the resume copy are few enough for the JIT to
     * inline the whole resumption into the completing code (its inlining depth is limited).
     */
    @Override
    public void accept(Object value, Object failure) {
        if (failure instanceof Cancellation && !((Cancellation) failure).isFinished()) {
            // the awaited work was cancelled and still cleans up: resume once it has finished
            ((Cancellation) failure).whenFinished(() -> accept(value, failure));
            return;
        }
        this.outcome = failure == null ? value : new Failure((Throwable) failure);
        Dispatcher target = dispatcher;
        if (target == null || target.isCurrent()) {
            Trampoline.run(ThreadState.get(), this);
        } else {
            try {
                target.execute(this);
            } catch (RejectedExecutionException closed) {
                // the loop it belongs to is closed: nothing will ever resume it
                if (!completeExceptionally(closed)) {
                    cleanedUp(closed);
                }
            }
        }
    }

    /** Runs the method's resume copy from the current suspension point. */
    @Override
    public void run() {
        resumeOn(ThreadState.get());
    }

    /**
     * {@link #run} on the calling thread, whose state the caller has already looked up. For
     * IntelliJ IDEA's debugger, it runs what {@link #suspend} scheduled (the same frame).
     */
    @Async.Execute
    void resumeOn(ThreadState thread) {
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
                ResumableBody.code(body).resume(this); // one call level fewer than body.resume
            }
        } catch (Throwable unexpected) {
            finishExceptionally(unexpected);
        } finally {
            Object now = thread.carrier;
            if (now != carrier && carrier instanceof Map) {
                carrier = now; // started with a snapshot, it bound a value: its carrier from now on
            }
            thread.carrier = previous;
        }
    }

    /**
     * The awaited stage's value, at the await the method resumes at: throws the stage's failure
     * unwrapped, or {@link CancellationException} if this future was cancelled meanwhile. The
     * spilled references stay in the frame until the next suspension overwrites or clears them
     * (rewritten code clears the slots that await does not use) or the method completes.
     */
    public Object resumeValue() {
        Object result = outcome;
        outcome = null;
        Throwable thrown = null;
        if (result instanceof Failure) {
            thrown = ((Failure) result).cause;
            result = null;
        }
        Object seen = awaited;
        boolean cancelled = seen instanceof CancelPending;
        CompletionStage<?> stage;
        if (cancelled) {
            stage = ((CancelPending) seen).stage;
            AWAITED.compareAndSet(this, seen, stage); // consumed: later awaits run normally
        } else {
            stage = (CompletionStage<?>) seen;
        }
        if (stage instanceof AsyncFuture && ((AsyncFuture<?>) stage).awaiter == this) {
            ((AsyncFuture<?>) stage).awaiter = null;
        }
        if (cancelled) {
            if (thrown == null) {
                if (stage instanceof Handoff && !((Handoff) stage).refused(result)) {
                    // the handover cannot be undone (an accepted send): report it as done and
                    // deliver the cancellation at the next suspension
                    AWAITED.compareAndSet(this, stage, seen);
                    return result;
                }
                throw new CancellationException("the async method's future was cancelled");
            }
            if (!(Outcomes.unwrap(thrown) instanceof CancellationException)) {
                // a real failure arrived as the cancellation did: keep it, attached
                CancellationException leaving =
                        new CancellationException("the async method's future was cancelled");
                leaving.addSuppressed(Outcomes.unwrap(thrown));
                throw leaving;
            }
        }
        if (thrown != null) {
            throw Outcomes.rethrow(Outcomes.unwrap(thrown));
        }
        return result;
    }

    /** Completes with the outcome of the stage the method returned. */
    public void finishWith(CompletionStage<?> stage) {
        release();
        completeFrom(stage);
    }

    /**
     * The method has ended after its future was cancelled: finishes the cancellation's cleanup,
     * with {@code thrown} (or {@code null}) as what the cleanup threw, and reports a failure that
     * nobody waits to see.
     */
    @Override
    final void cleanedUp(Throwable thrown) {
        Cancellation cancellation = Cancellation.of(this);
        if (cancellation == null) {
            if (thrown != null && Cancellation.carriesFailure(thrown)) {
                DebugHooks.lostFailure(this, thrown);
            }
            return;
        }
        if (!cancellation.finish(thrown) && cancellation.hasFailures()) {
            DebugHooks.lostFailure(this, cancellation);
        }
    }

    /** Completes with a value the method returned as {@code completedFuture(value)}. */
    @SuppressWarnings("unchecked")
    public void finishValue(Object result) {
        release();
        if (!complete((T) result)) {
            cleanedUp(null);
        }
    }

    /** Completes with an exception the method threw. */
    public void finishExceptionally(Throwable thrown) {
        release();
        if (thrown != null && !(thrown instanceof CancellationException)
                && DebugHooks.asyncStackTraces()) {
            AsyncTraces.attach(this, state, thrown);
        }
        if (!completeExceptionally(thrown)) {
            cleanedUp(thrown);
        }
    }

    /**
     * Cancels this future, cancels the stage the method waits at, and so resumes the method with
     * {@link CancellationException} thrown at that await, which lets its {@code finally} blocks
     * run. If the method is running rather than waiting, the exception is thrown at its next
     * suspension.
     *
     * <p>This future reports the cancellation at once, as {@code CompletableFuture} requires; its
     * {@link Cancellation} is finished only when the method has ended, and every await of this
     * future (and the runtime's combinators) resumes only then.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return false;
        }
        for (;;) {
            Object current = awaited;
            if (current instanceof CancelPending) {
                break; // already cancelling
            }
            CompletionStage<?> stage = (CompletionStage<?>) current;
            if (AWAITED.compareAndSet(this, current, new CancelPending(stage))) {
                if (stage != null) {
                    cancelStage(stage, mayInterruptIfRunning); // a no-op if it already completed
                }
                break;
            }
        }
        return completeExceptionally(new Cancellation("the async method's future was cancelled"))
                || isCancelled();
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
        Object current = awaited;
        CompletionStage<?> stage = current instanceof CancelPending
                ? ((CancelPending) current).stage : (CompletionStage<?>) current;
        try {
            if (stage instanceof CompletableFuture && ((CompletableFuture<?>) stage).isDone()) {
                return null; // completed: the method runs, or is about to
            }
        } catch (UnsupportedOperationException minimalStage) {
            // minimalCompletionStage() cannot tell
        }
        return stage;
    }

    /** Lets go of everything the method kept across awaits once it completes. */
    private void release() {
        Arrays.fill(refs, null);
        awaited = null;
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
