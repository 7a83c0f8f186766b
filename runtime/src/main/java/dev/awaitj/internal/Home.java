package dev.awaitj.internal;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * Where a unit of async work lives: the dispatcher of the thread it started on (its place: an
 * event loop, a {@code Dispatch}; none off any loop) and its task carrier (the task, the context
 * values),
 * captured once, so that what the runtime runs later on the work's behalf runs there too, also
 * when another thread completed the stage it waited for. An {@link AsyncFrame} keeps the same two
 * values for an async method; this is the same rule for runtime code that is not a rewritten
 * method, such as a stream's operators and sources, whose callbacks run user code (an operator's
 * function, a {@code forEach} body, a fold step).
 *
 * <pre>
 *   Home home = Home.current();                    // when the work starts, on its own thread
 *   ...
 *   home.whenComplete(stage, (value, failure) -> { // runs there, in the task, with its context,
 *       ...                                        // whichever thread completed the stage
 *   });
 * </pre>
 *
 * <p>A step for a home runs <b>inline</b> when the calling thread already is there (on the loop's
 * or the dispatch's thread, or anywhere off any loop), with the home's carrier installed around
 * it if another one is current: no task submitted, no allocation, as a plain callback would run.
 * Otherwise it is <b>submitted</b> to the home's dispatcher, and runs there with the carrier
 * installed. A dispatcher that refuses the step (its loop is closed) is reported to the caller, or,
 * for a callback, delivered to it as the stage's failure, so nothing waits for ever unseen.
 */
public final class Home {
    private final Dispatcher dispatcher;
    private final Object carrier;

    private Home(Dispatcher dispatcher, Object carrier) {
        this.dispatcher = dispatcher;
        this.carrier = carrier;
    }

    /** The home of the code running on the calling thread now: its dispatcher and its task. */
    public static Home current() {
        ThreadState thread = ThreadState.get();
        return new Home(thread.dispatcher, thread.carrier);
    }

    /** Whether the calling thread runs on this home's loop or dispatch (always, for none). */
    private boolean onDispatcher(ThreadState thread) {
        return dispatcher == null || thread.dispatcher == dispatcher || dispatcher.isCurrent();
    }

    /** Whether code running now on the calling thread is at this home: its thread and its task. */
    public boolean isCurrent() {
        ThreadState thread = ThreadState.get();
        return thread.carrier == carrier && onDispatcher(thread);
    }

    /**
     * Runs {@code step} at this home: now, on the calling thread, if it is on this home's
     * dispatcher (with this home's carrier installed around it), otherwise submitted to the
     * dispatcher.
     *
     * @throws RejectedExecutionException if the dispatcher refused the step (its loop is closed)
     */
    public void run(Runnable step) {
        ThreadState thread = ThreadState.get();
        if (onDispatcher(thread)) {
            runWithCarrier(thread, step);
        } else {
            dispatcher.execute(() -> runWithCarrier(ThreadState.get(), step));
        }
    }

    private void runWithCarrier(ThreadState thread, Runnable step) {
        Object previous = thread.carrier;
        if (previous == carrier) {
            step.run();
            return;
        }
        thread.carrier = carrier;
        try {
            step.run();
        } finally {
            thread.carrier = previous;
        }
    }

    /**
     * {@code callback} run at this home with the outcome of the stage it is registered on. If
     * the dispatcher refuses it, it runs on the completing thread with the
     * {@link RejectedExecutionException} as the failure.
     */
    public <T> BiConsumer<T, Throwable> confine(BiConsumer<? super T, ? super Throwable> callback) {
        return (value, failure) -> {
            ThreadState thread = ThreadState.get();
            if (onDispatcher(thread)) {
                Object previous = thread.carrier;
                thread.carrier = carrier;
                try {
                    callback.accept(value, failure);
                } finally {
                    thread.carrier = previous;
                }
                return;
            }
            try {
                dispatcher.execute(() -> runWithCarrier(ThreadState.get(), () -> callback.accept(value, failure)));
            } catch (RejectedExecutionException closed) {
                runWithCarrier(thread, () -> callback.accept(null, closed));
            }
        };
    }

    /** {@code stage.whenComplete(confine(callback))}: the callback runs at this home. */
    public <T> void whenComplete(CompletionStage<T> stage, BiConsumer<? super T, ? super Throwable> callback) {
        stage.whenComplete(confine(callback));
    }

    /**
     * {@link Cancellation#whenSettled} with {@code callback} run at this home: once the stage is
     * complete and, if it was cancelled, once its cleanup has finished.
     */
    public <T> void whenSettled(CompletionStage<T> stage, BiConsumer<? super T, ? super Throwable> callback) {
        Cancellation.whenSettled(stage, confine(callback));
    }

    @Override
    public String toString() {
        return "Home[" + (dispatcher == null ? "no loop" : dispatcher) + ", " + carrier + "]";
    }
}
