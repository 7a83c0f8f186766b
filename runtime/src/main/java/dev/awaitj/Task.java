package dev.awaitj;

import dev.awaitj.internal.AsyncFuture;
import dev.awaitj.internal.Cancellation;
import dev.awaitj.internal.TaskSlot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A unit of concurrent work on an {@link EventLoop} or under a {@link Dispatch}, like asyncio's
 * {@code Task}: a
 * {@link CompletableFuture} of the async body it runs, so it can be awaited, joined off the loop,
 * cancelled and composed like any stage.
 *
 * <pre>{@code
 * @Async
 * CompletableFuture<Void> main() {
 *     Task<Void> hello = Task.spawn("hello", () -> sayAfter(Duration.ofSeconds(1), "hello"));
 *     Task<Void> world = Task.spawn("world", () -> sayAfter(Duration.ofSeconds(2), "world"));
 *     await(hello);
 *     await(world);                        // about 2 s in all, not 3
 *     return CompletableFuture.completedFuture(null);
 * }
 * }</pre>
 *
 * <ul>
 * <li>The loop keeps a task strongly referenced until it is done: dropping the reference never
 *     loses the work.</li>
 * <li>The body starts at the loop's next iteration, on the loop, with a copy of the spawning
 *     code's {@link ContextValue}s. Spawned under a {@link Dispatch} (a Netty loop, a Vert.x
 *     context, a pool), it starts in a task submitted to the dispatch's executor and resumes
 *     there after every await; everything below holds there too.</li>
 * <li>{@link #cancel} cancels the stage the body waits at, so it resumes with
 *     {@link CancellationException} there and its {@code finally} blocks run; tasks forked in
 *     {@link TaskScope}s it owns are cancelled through the scope.</li>
 * <li>A task that fails while nobody awaits it, and is never awaited, joined or otherwise
 *     observed afterwards, is reported (when it becomes garbage, or when the loop closes) through
 *     the exception handler of its loop or dispatch (by default {@code System.Logger}
 *     "dev.awaitj" under a dispatch) — never silently lost.</li>
 * <li>{@link #join()} and {@link #get()} on the loop's own thread (or a thread running under the
 *     task's dispatch) would block it forever: they throw {@link IllegalStateException} instead
 *     (await the task).</li>
 * </ul>
 *
 * @param <T> the value type
 */
public final class Task<T> extends AsyncFuture<T> {
    private static final AtomicLong IDS = new AtomicLong();

    final long id;
    private final String name;
    /** The loop or dispatch the task runs on. */
    final Place place;
    final Carrier carrier;
    private volatile Supplier<? extends CompletionStage<T>> pendingBody;
    private volatile CompletionStage<T> body;
    /** Debug mode: where the task was spawned, attached to a failure reported as unobserved. */
    private final Throwable spawnSite;
    private volatile boolean observed;
    /** Made when the task fails unobserved ({@link FailureReport}); {@code null} until then. */
    private volatile FailureReport report;
    private List<Runnable> doneListeners;

    Task(Place place, String name, Supplier<? extends CompletionStage<T>> body,
            Map<ContextValue<?>, Object> context) {
        this.id = IDS.incrementAndGet();
        this.name = name != null ? name : "Task-" + id;
        this.place = place;
        this.carrier = new Carrier(this, context);
        this.pendingBody = body;
        this.spawnSite = DebugMode.isEnabled()
                ? new Throwable("task '" + this.name + "' was spawned here") : null;
    }

    /**
     * Spawns a task on the current thread's loop, or under the {@link Dispatch} the calling code
     * runs under ({@code asyncio.create_task}).
     *
     * @throws IllegalStateException if neither a loop nor a dispatch runs on this thread (use
     *     {@link EventLoop#spawn}, or start the calling code with {@link Dispatch#call})
     */
    public static <T> Task<T> spawn(Supplier<? extends CompletionStage<T>> body) {
        return Place.require("Task.spawn()").spawn(null, body);
    }

    /** Like {@link #spawn(Supplier)}, with a name shown in diagnostics and task dumps. */
    public static <T> Task<T> spawn(String name, Supplier<? extends CompletionStage<T>> body) {
        return Place.require("Task.spawn()").spawn(name, body);
    }

    /**
     * The task the calling code runs in ({@code asyncio.current_task}); empty outside tasks. It
     * follows async methods across suspensions and threads.
     */
    public static Optional<Task<?>> current() {
        Carrier carrier = Carrier.current();
        return Optional.ofNullable(carrier == null ? null : carrier.task);
    }

    /**
     * Throws {@link CancellationException} if the current task has been cancelled: call it in
     * long synchronous stretches (a CPU-bound loop between awaits) so that cancellation takes
     * effect before the next await.
     *
     * <pre>{@code
     * for (Row row : rows) {
     *     Task.checkCancelled();
     *     index(row);
     * }
     * }</pre>
     */
    public static void checkCancelled() {
        Carrier carrier = Carrier.current();
        if (carrier != null && carrier.task != null && carrier.task.isCancelled()) {
            throw new CancellationException("task '" + carrier.task.name + "' was cancelled");
        }
    }

    /** The task's name. */
    public String name() {
        return name;
    }

    /**
     * The loop the task runs on.
     *
     * @throws IllegalStateException if the task runs under a {@link Dispatch} on another
     *     executor (ask for its {@link #dispatch()})
     */
    public EventLoop loop() {
        EventLoop loop = place.loopOrNull();
        if (loop == null) {
            throw new IllegalStateException("task '" + name + "' runs under " + place.description()
                    + ", not on an awaitj EventLoop: see Task.dispatch()");
        }
        return loop;
    }

    /**
     * Where the task runs, as a {@link Dispatch}: the dispatch it was spawned under, or for a task
     * on an {@link EventLoop}, {@code Dispatch.on(loop)} (the same object for every task of the
     * loop). Start related work there with {@code task.dispatch().call(...)}.
     */
    public Dispatch dispatch() {
        return place.dispatch();
    }

    CompletionStage<T> body() {
        return body;
    }

    Runnable starter() {
        return new Runnable() {
            @Override
            public void run() {
                start();
            }

            @Override
            public String toString() {
                return "start of task '" + name + "'";
            }
        };
    }

    private void start() {
        Supplier<? extends CompletionStage<T>> supplier = pendingBody;
        pendingBody = null;
        if (supplier == null || isDone()) {
            return;
        }
        CompletionStage<T> stage;
        Object previous = TaskSlot.swap(carrier);
        try {
            stage = supplier.get();
        } catch (Throwable thrown) {
            completeExceptionally(thrown);
            return;
        } finally {
            TaskSlot.swap(previous);
        }
        if (stage == null) {
            completeExceptionally(new NullPointerException(
                    "the body of task '" + name + "' returned null instead of a CompletionStage"));
            return;
        }
        body = stage;
        adoptBody(stage);
        if (isDone()) {
            Failures.cancel(stage);
            finishCleanupAfter(stage);
            return;
        }
        stage.whenComplete((value, failure) -> {
            // settle at the loop's next iteration, as asyncio does: failures of tasks whose
            // bodies end in the same iteration are all seen, none hidden by a cancellation
            try {
                place.runLater(this::settleFromBody);
            } catch (RejectedExecutionException closed) {
                settleFromBody();
            }
        });
    }

    /** Completes the task with its body's outcome; the body must be done. */
    private void settleFromBody() {
        CompletionStage<T> done = body;
        if (isDone() || done == null) {
            return;
        }
        CompletableFuture<T> future = done.toCompletableFuture();
        try {
            complete(future.getNow(null));
        } catch (Throwable failure) {
            completeExceptionally(Failures.unwrap(failure));
        }
    }

    private boolean bodyDone() {
        CompletionStage<T> running = body;
        if (running == null) {
            return false;
        }
        try {
            return running.toCompletableFuture().isDone();
        } catch (UnsupportedOperationException notConvertible) {
            return false;
        }
    }

    @Override
    public boolean complete(T value) {
        if (!super.complete(value)) {
            return false;
        }
        finished(null);
        return true;
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
        if (!super.completeExceptionally(failure)) {
            return false;
        }
        finished(failure);
        return true;
    }

    /**
     * Cancels the task: the stage its body waits at is cancelled, so the body resumes with
     * {@link CancellationException} at that await and its {@code finally} blocks run; a task that
     * has not started never runs its body. The task itself completes as cancelled at once.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return false;
        }
        pendingBody = null;
        if (bodyDone()) {
            // the body already ended; its outcome stands (settling waits for the next iteration)
            settleFromBody();
            return isCancelled();
        }
        CompletionStage<T> running = body;
        Cancellation cancellation = new Cancellation("task '" + name + "' was cancelled");
        if (super.completeExceptionally(cancellation)) {
            if (running != null) {
                Failures.cancel(running);
                finishCleanupAfter(running);
            } else if (pendingBody == null && body == null) {
                cancellation.finish(null); // never started: nothing to clean up
            }
            finished(null);
        }
        return isCancelled();
    }

    /**
     * Finishes this cancelled task's {@link Cancellation} once its body has ended, cleanup
     * included; a failure of the body (thrown by its cancellation handling) goes to whoever waits
     * for the task, or else to the loop's exception handler.
     */
    private void finishCleanupAfter(CompletionStage<T> running) {
        Cancellation.whenSettled(running, (value, failure) -> {
            Cancellation cancellation = cancellationOf();
            if (cancellation == null) {
                return;
            }
            Throwable thrown = failure == null ? null : Failures.unwrap(failure);
            if (!cancellation.finish(thrown)) {
                for (Throwable cleanup : cancellation.getSuppressed()) {
                    place.reportError("task '" + name + "' threw after its future was cancelled,"
                            + " while it cleaned up", cleanup);
                }
            }
        });
    }

    private Cancellation cancellationOf() {
        return Cancellation.of(this); // reads the stored exception: neither observes nor blocks
    }

    private void finished(Throwable failure) {
        place.taskEnded(this);
        pendingBody = null;
        if (failure != null && !Failures.isCancellation(failure) && !observed) {
            FailureReport watching = FailureReport.watch(this, "task '" + name
                    + "' failed and nobody awaited it", failure, place, spawnSite, place.pendingReports());
            report = watching;
            if (observed) {
                watching.observe(); // observed meanwhile, on another thread
            }
        }
        List<Runnable> listeners;
        synchronized (this) {
            listeners = doneListeners;
            doneListeners = null;
        }
        if (listeners != null) {
            for (Runnable listener : listeners) {
                onDone(listener);
            }
        }
    }

    /**
     * Runs {@code listener} once the task is done and, if it was cancelled, its body has finished
     * cleaning up; without counting as observing its failure.
     */
    void onDone(Runnable listener) {
        synchronized (this) {
            if (!isDone()) {
                if (doneListeners == null) {
                    doneListeners = new ArrayList<>(2);
                }
                doneListeners.add(listener);
                return;
            }
        }
        Cancellation cancellation = isCancelled() ? cancellationOf() : null;
        if (cancellation != null) {
            cancellation.whenFinished(listener); // done means cleaned up
        } else {
            listener.run();
        }
    }

    /** The failures the body threw while this task was being cancelled, or {@code null}. */
    Throwable cleanupFailures() {
        Cancellation cancellation = isCancelled() ? cancellationOf() : null;
        return cancellation != null && cancellation.hasFailures() ? cancellation : null;
    }

    /** Records that someone looked at the outcome, so a failure is not reported as unobserved. */
    void markObserved() {
        if (!observed) {
            observed = true;
            FailureReport watching = report;
            if (watching != null) {
                watching.observe();
            }
        }
    }

    /** Throws the task's failure without marking it observed; the task must be done. */
    void exceptionNowCompat() {
        try {
            super.getNow(null);
        } catch (Throwable failure) {
            throw Failures.sneakyThrow(Failures.unwrap(failure));
        }
    }

    private void refuseBlockingOnLoop(String what) {
        if (!isDone() && place.isCurrent()) {
            throw new IllegalStateException(what + " of task '" + name + "' on the thread of its own "
                    + place.description() + " would block it forever: await the task instead");
        }
    }

    /** Every dependent stage (await, thenApply, whenComplete...) observes the task's outcome. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        markObserved();
        return new CompletableFuture<>();
    }

    @Override
    public T join() {
        refuseBlockingOnLoop("join()");
        markObserved();
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        refuseBlockingOnLoop("get()");
        markObserved();
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        refuseBlockingOnLoop("get(timeout)");
        markObserved();
        return super.get(timeout, unit);
    }

    @Override
    public T getNow(T valueIfAbsent) {
        markObserved();
        return super.getNow(valueIfAbsent);
    }

    /**
     * The task's failure ({@code Future.exceptionNow}, JDK 19+), which counts as observing it;
     * declared here so that it does on every JDK.
     *
     * @throws IllegalStateException if it is not done, completed normally or was cancelled
     */
    public Throwable exceptionNow() {
        markObserved();
        return Failures.exceptionNow(this);
    }

    @Override
    protected StackTraceElement describeForTrace() {
        return new StackTraceElement("dev.awaitj.Task", "spawn", "task '" + name + "'", -1);
    }

    @Override
    public String toString() {
        String state = isCancelled() ? "cancelled" : isCompletedExceptionally() ? "failed"
                : isDone() ? "done" : body == null ? "pending" : "running";
        return "Task[" + name + ", " + state + "]";
    }
}
