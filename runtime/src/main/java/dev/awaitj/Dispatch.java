package dev.awaitj;

import dev.awaitj.internal.Dispatcher;
import dev.awaitj.internal.TaskSlot;
import dev.awaitj.internal.Trampoline;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Where {@code @Async} code runs: a framework's event loop, a UI thread, any {@link Executor}.
 * By default an async method resumes on the {@link EventLoop} it first suspended on, or else on
 * the thread that completed the stage it awaited. Code started through a {@code Dispatch}
 * resumes on the dispatch's executor instead, after every await, and so do the async methods it
 * calls (Kotlin's dispatchers, C#'s {@code SynchronizationContext}). The whole runtime works
 * there as on an {@code EventLoop}: {@link Task#spawn}, {@link TaskScope}, {@link Time}'s sleeps
 * and timeouts, the primitives and channels.
 *
 * <pre>{@code
 * // Netty: a handler's async work continues on its channel's event loop
 * EventLoop loop = ctx.channel().eventLoop();            // io.netty.channel.EventLoop
 * Dispatch.on(loop, loop::inEventLoop).call(() -> handle(ctx, request));
 *
 * // a block on another executor, then back (Kotlin's withContext)
 * Digest digest = await(Dispatch.on(cpuPool).call(() -> digestAll(files)));
 * }</pre>
 *
 * <p><b>Three ways in.</b> {@link #call} starts async work under the dispatch: inline if the
 * calling thread already is the executor's (then the work runs synchronously up to its first real
 * suspension, as any async call does), otherwise as a task submitted to the executor.
 * {@link #execute} runs a plain task there under the dispatch. {@link #adoptCurrentThread} makes
 * the dispatch the calling thread's for good, as an {@link EventLoop} is for its own thread: for a
 * UI thread, or each thread of a Netty {@code EventLoopGroup}, so that every async method started
 * on it resumes there with no wrapping per call.
 *
 * <p><b>One thread or many.</b> With an {@code onExecutorThread} test the executor is taken to
 * run one task at a time (an event loop, a Vert.x context, a UI thread), as everything on an
 * {@code EventLoop} runs one step at a time. Without one it may be a pool: then the dispatch
 * itself runs the steps of each unit of work one at a time, in order — a {@link Task} or fork
 * with everything it awaits, a {@link #call}, an {@link #execute} — while different units run in
 * parallel (Kotlin's coroutines on {@code Dispatchers.Default}). Each step happens-before the
 * next step of its unit.
 *
 * <p><b>Am I on it?</b> A resumption runs inline, with no task submitted, when the completing
 * thread already runs the unit it belongs to under this dispatch (inside a task the dispatch ran,
 * a {@link #call} it started inline, or on an adopted thread), or, with an
 * {@code onExecutorThread} test ({@code EventExecutor::inEventLoop},
 * {@code SwingUtilities::isEventDispatchThread}, {@code () -> Vertx.currentContext() == context}),
 * when that test says the completing thread is the executor's (a framework's timer or I/O
 * callback completing the stage on the loop). Otherwise it is submitted to the executor. The test
 * also lets {@link #call} start inline on the executor's own thread.
 *
 * <p><b>Timers</b> ({@link Time#sleep}, {@link Time#withTimeout}) use the executor's own
 * scheduler when it is a {@link ScheduledExecutorService} (a Netty {@code EventLoop} is one), or
 * the function given to {@link #withTimer} (Vert.x's {@code setTimer}), else one runtime-owned
 * daemon timer thread; either way the timer's action runs under the dispatch.
 *
 * <p><b>Failures are never dropped.</b> If the executor refuses a task (it was shut down), the
 * future of the method that wanted to resume completes exceptionally with a
 * {@link RejectedExecutionException}, and so does the future {@link #call} returned if it could
 * not start. A failure of work started with {@link #call} whose future nobody observes (the
 * future dropped, as a framework callback does) is reported once that future becomes garbage,
 * through {@link #setExceptionHandler} ({@code System.Logger} "dev.awaitj" by default). An
 * executor that silently discards tasks cannot be detected: do not use one.
 *
 * <p><b>What follows the code.</b> Work started with {@link #call} sees a copy of the caller's
 * {@link ContextValue}s, and each async method keeps its context across its own awaits whatever
 * thread resumes it. Resumptions keep awaitj's trampoline: completing a long chain of awaiting
 * callers grows no stack. The executor must run each task later on a thread of its own, not
 * inline inside {@code execute} (a direct executor is what the default already does). A dispatch
 * on an awaitj {@link EventLoop} is that loop: {@code call} spawns a {@link Task} on it, or runs
 * inline on its thread.
 */
public final class Dispatch implements Executor {
    private final Executor executor;
    private final BooleanSupplier onExecutorThread;
    /** What frames created under this dispatch resume through; installed on its threads. */
    private final Resumer resumer;
    private static final String CALLED = "work started with Dispatch.call";

    private Dispatch(Executor executor, BooleanSupplier onExecutorThread, Settings settings) {
        this.executor = executor;
        this.onExecutorThread = onExecutorThread;
        this.resumer = new Resumer(settings);
    }

    /**
     * The timer and the exception handler, rarely other than the defaults: kept together in one
     * field of the {@link Resumer}, so that a dispatch made per request (a Vert.x request's
     * context) is two objects of 24 bytes.
     */
    private static final class Settings {
        static final Settings DEFAULTS = new Settings(null, Reporting::error);
        final Timer timer;
        final BiConsumer<String, Throwable> exceptionHandler;

        Settings(Timer timer, BiConsumer<String, Throwable> exceptionHandler) {
            this.timer = timer;
            this.exceptionHandler = exceptionHandler;
        }
    }

    /**
     * How a dispatch schedules its timers when the executor has a scheduler of its own that is
     * not a {@link ScheduledExecutorService}: runs {@code action} once after {@code delay}
     * (rounded up, never early) and returns what cancels it.
     *
     * <pre>{@code
     * Dispatch.Timer vertxTimers = (delay, action) -> {
     *     long id = vertx.setTimer(Math.max(1, (delay.toNanos() + 999_999) / 1_000_000),
     *             ignored -> action.run());
     *     return () -> vertx.cancelTimer(id);
     * };
     * }</pre>
     */
    @FunctionalInterface
    public interface Timer {
        /** Schedules {@code action}; running the returned action cancels it if it has not run. */
        Runnable schedule(Duration delay, Runnable action);
    }

    /**
     * A dispatch that resumes on {@code executor}, which may be a pool (each unit of work runs
     * one step at a time); {@link #call} starts inline only inside work already running under it.
     *
     * <pre>{@code
     * Dispatch ui = Dispatch.on(SwingUtilities::invokeLater);
     * }</pre>
     */
    public static Dispatch on(Executor executor) {
        return new Dispatch(Objects.requireNonNull(executor, "executor"), null, Settings.DEFAULTS);
    }

    /**
     * A dispatch that resumes on {@code executor}, an executor that runs one task at a time (an
     * event loop, a context, a UI thread), where {@code onExecutorThread} tells whether the
     * calling thread is the executor's own (then {@link #call} starts inline, and a resumption
     * completed there runs inline). It must say yes only where the executor itself runs its
     * tasks: a Vert.x event-loop context is also current in its {@code executeBlocking} code, on
     * a worker thread, so test {@code Context.isOnEventLoopThread()} as well there.
     *
     * <pre>{@code
     * Dispatch loop = Dispatch.on(channel.eventLoop(), channel.eventLoop()::inEventLoop);
     * Dispatch vertx = Dispatch.on(task -> context.runOnContext(v -> task.run()),
     *         () -> Vertx.currentContext() == context);
     * }</pre>
     */
    public static Dispatch on(Executor executor, BooleanSupplier onExecutorThread) {
        return new Dispatch(Objects.requireNonNull(executor, "executor"),
                Objects.requireNonNull(onExecutorThread, "onExecutorThread"), Settings.DEFAULTS);
    }

    /**
     * This dispatch with its timers scheduled by {@code timer} (the framework's own timers, such
     * as Vert.x's {@code setTimer}) instead of the executor's scheduler or the runtime's timer
     * thread.
     *
     * <pre>{@code
     * Dispatch onContext = Dispatch.on(task -> context.runOnContext(v -> task.run()),
     *         () -> Vertx.currentContext() == context).withTimer(vertxTimers);
     * }</pre>
     *
     * @throws IllegalArgumentException on a dispatch on an awaitj {@link EventLoop} (its timers
     *     are the loop's)
     */
    public Dispatch withTimer(Timer timer) {
        Objects.requireNonNull(timer, "timer");
        if (awaitjLoop() != null) {
            throw new IllegalArgumentException("a dispatch on an awaitj EventLoop uses the loop's timers");
        }
        return new Dispatch(executor, onExecutorThread, new Settings(timer, Settings.DEFAULTS.exceptionHandler));
    }

    /** The executor code under this dispatch resumes on. */
    public Executor executor() {
        return executor;
    }

    /**
     * Whether the calling thread runs under this dispatch now, so a resumption here needs no
     * task: inside a task the dispatch ran, a {@link #call} it started inline, or on a thread
     * that {@linkplain #adoptCurrentThread adopted} it.
     */
    public boolean isCurrent() {
        EventLoop loop = awaitjLoop();
        if (loop != null) {
            return EventLoop.currentOrNull() == loop;
        }
        Dispatcher current = Dispatcher.current();
        return current == resumer || current instanceof Strand && ((Strand) current).dispatch() == this;
    }

    /**
     * Starts the async {@code work} under this dispatch and returns its outcome. Every await in
     * it, and in the async methods it calls, resumes on the executor. The caller is not moved: an
     * async caller that awaits the result resumes where it would have anyway (its own loop or
     * dispatch), which makes this Kotlin's {@code withContext}. Cancelling the result cancels the
     * work.
     *
     * <pre>{@code
     * // in a Netty handler, already on the loop: handle() runs now, up to its first suspension
     * dispatch.call(() -> handle(ctx, request));
     * }</pre>
     *
     * @return a future completed with the work's outcome, or exceptionally with a
     *     {@link RejectedExecutionException} if the executor refused to start it
     */
    public <T> CompletableFuture<T> call(Supplier<? extends CompletionStage<T>> work) {
        Objects.requireNonNull(work, "work");
        EventLoop loop = awaitjLoop();
        if (loop != null && EventLoop.currentOrNull() != loop) {
            ForwardingFuture<T> result = new ForwardingFuture<>(CALLED, resumer);
            try {
                result.follow(loop.spawn(work));
            } catch (RuntimeException refused) {
                result.fail(refused); // the loop is closed
            }
            return result;
        }
        ForwardingFuture<T> result = new ForwardingFuture<>(CALLED, resumer);
        Map<ContextValue<?>, Object> context = Carrier.snapshot();
        Runnable start = () -> {
            if (!result.begin()) {
                return; // cancelled before it started
            }
            Object previous = TaskSlot.swap(new Carrier(null, context));
            try {
                result.follow(work.get());
            } catch (Throwable thrown) {
                result.fail(thrown);
            } finally {
                TaskSlot.swap(previous);
            }
        };
        if (loop != null || isCurrent()) {
            start.run(); // already here: frames made now take this thread's dispatcher, this one
        } else if (onExecutorThread != null && onExecutorThread.getAsBoolean()) {
            // installed around the trampoline, so the resumptions it drains run under it too, and
            // inside it, in case this thread already trampolines and the start is queued
            underThisDispatch(() -> Trampoline.runAll(() -> underThisDispatch(start)));
        } else {
            try {
                execute(start);
            } catch (RejectedExecutionException refused) {
                result.fail(refused);
            }
        }
        return result;
    }

    /**
     * Starts the async {@code work} now, on the calling thread, under this dispatch, and returns
     * the work's own stage, for a framework adapter that is already on the executor's thread and
     * handles the outcome itself. The work resumes on the executor after every await, as under
     * {@link #call}, and starts from a snapshot of the caller's {@link ContextValue}s, as a
     * method started from plain code does (it gets values of its own when it first binds one).
     * Nothing wraps its stage: cancel that stage to cancel the work, and observe it. Its failure
     * is the caller's to handle, as for an async method called directly: unlike {@link #call}'s
     * future, a stage dropped unobserved here is not reported as an unobserved failure. Prefer
     * {@code call} unless the per-call wrapper's memory matters (a server's parked requests).
     *
     * <pre>{@code
     * CompletionStage<Void> handling = dispatch.startHere(() -> handle(request));
     * handling.whenComplete((ignored, failure) -> { if (failure != null) answer500(failure); });
     * }</pre>
     *
     * @return the stage {@code work} returned, or a future failed with what it threw (a
     *     {@link NullPointerException} if it returned null)
     * @throws IllegalStateException if the calling thread neither runs under this dispatch nor
     *     is the executor's (as its {@code onExecutorThread} test says)
     */
    public <T> CompletionStage<T> startHere(Supplier<? extends CompletionStage<T>> work) {
        Objects.requireNonNull(work, "work");
        EventLoop loop = awaitjLoop();
        boolean current = loop != null ? EventLoop.currentOrNull() == loop : isCurrent();
        if (!current && (loop != null || onExecutorThread == null || !onExecutorThread.getAsBoolean())) {
            throw new IllegalStateException("startHere runs work on the calling thread, and thread '"
                    + Thread.currentThread().getName() + "' is not a thread of " + this
                    + ": use call(work), which submits it");
        }
        if (!current && Trampoline.isRunning()) {
            return call(work); // it would wait behind the step running here: call's future follows it
        }
        Map<ContextValue<?>, Object> context = Carrier.snapshot();
        @SuppressWarnings("unchecked")
        CompletionStage<T>[] started = new CompletionStage[1];
        Runnable start = () -> {
            // the snapshot itself, as for a method started from plain code: a carrier is made
            // only if the work binds a value, so a handler that binds nothing keeps none
            Object previous = TaskSlot.swap(context);
            try {
                started[0] = work.get();
            } catch (Throwable thrown) {
                started[0] = CompletableFuture.failedFuture(thrown);
            } finally {
                TaskSlot.swap(previous);
            }
        };
        if (current) {
            start.run();
        } else {
            // as call does: what the start resumes inline is drained under the dispatch; no
            // trampoline runs here, so the start has run when this returns
            underThisDispatch(() -> Trampoline.runAll(start));
        }
        return started[0] != null ? started[0]
                : CompletableFuture.failedFuture(new NullPointerException("the work returned null"));
    }

    /**
     * Runs {@code task} on the executor under this dispatch, as a unit of work of its own: async
     * methods it starts resume on the executor.
     *
     * @throws RejectedExecutionException if the executor refused it (also when it threw any other
     *     runtime exception, which is kept as the cause)
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        EventLoop loop = awaitjLoop();
        if (loop != null) {
            loop.execute(task);
        } else if (onExecutorThread == null) {
            new Strand().execute(task);
        } else {
            submit(() -> underThisDispatch(() -> Trampoline.runAll(task)));
        }
    }

    /**
     * Makes this dispatch the calling thread's from now on, as an {@link EventLoop} is for its
     * own thread: every async method that first suspends on this thread resumes on the executor,
     * and resumptions completed on this thread run inline. Call it on a thread that belongs to
     * the executor and stays with it, such as a UI thread or one thread of a Netty event-loop
     * group.
     *
     * <pre>{@code
     * for (EventExecutor loop : group) {
     *     loop.execute(() -> Dispatch.on(loop, loop::inEventLoop).adoptCurrentThread());
     * }
     * SwingUtilities.invokeLater(() -> Dispatch.on(SwingUtilities::invokeLater).adoptCurrentThread());
     * }</pre>
     *
     * @throws IllegalStateException if an {@code onExecutorThread} test was given and says this
     *     thread is not the executor's, or if an awaitj {@link EventLoop} runs on this thread
     * @throws IllegalArgumentException if this is a dispatch on an awaitj {@code EventLoop}
     *     (its thread already resumes on it)
     */
    public void adoptCurrentThread() {
        if (awaitjLoop() != null) {
            throw new IllegalArgumentException("an awaitj EventLoop's thread resumes on it already");
        }
        if (EventLoop.currentOrNull() != null) {
            throw new IllegalStateException("thread '" + Thread.currentThread().getName()
                    + "' runs an awaitj EventLoop; code started on it resumes on that loop");
        }
        if (onExecutorThread != null && !onExecutorThread.getAsBoolean()) {
            throw new IllegalStateException("thread '" + Thread.currentThread().getName()
                    + "' is not a thread of " + executor);
        }
        Dispatcher.install(resumer);
    }

    /**
     * Handles the failures nobody else can see: work started with {@link #call} that failed and
     * whose future was never observed (asyncio's "exception was never retrieved"). The default
     * logs them at {@code ERROR} to {@code System.Logger} "dev.awaitj". On a dispatch over an
     * awaitj {@link EventLoop}, the loop's handler is used instead.
     *
     * <pre>{@code
     * dispatch.setExceptionHandler((message, failure) -> ctx.fireExceptionCaught(failure));
     * }</pre>
     */
    public void setExceptionHandler(BiConsumer<String, Throwable> handler) {
        Objects.requireNonNull(handler, "handler");
        synchronized (resumer) {
            resumer.settings = new Settings(resumer.settings.timer, handler);
        }
    }

    void reportError(String message, Throwable failure) {
        EventLoop loop = awaitjLoop();
        if (loop != null) {
            loop.reportError(message, failure);
            return;
        }
        try {
            resumer.settings.exceptionHandler.accept(message, failure);
        } catch (RuntimeException broken) {
            Reporting.error("the exception handler of " + this + " threw", broken);
        }
    }

    /** The dispatch the calling thread runs under, or {@code null}. */
    static Dispatch currentOrNull() {
        Place place = Place.current();
        return place == null || place.loopOrNull() != null ? null : place.dispatch();
    }

    @Override
    public String toString() {
        return "Dispatch[" + executor + "]";
    }

    private EventLoop awaitjLoop() {
        return executor instanceof EventLoop ? (EventLoop) executor : null;
    }

    /** Runs {@code body} with this dispatch installed on the calling thread, then restores. */
    private void underThisDispatch(Runnable body) {
        Dispatcher previous = Dispatcher.install(resumer);
        try {
            body.run();
        } finally {
            Dispatcher.install(previous);
        }
    }

    /** Hands {@code task} to the executor; whatever it throws instead becomes a rejection. */
    private void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException refused) {
            throw refused;
        } catch (RuntimeException refused) {
            throw new RejectedExecutionException("the executor refused the task: " + executor, refused);
        }
    }

    /**
     * Continues work of this dispatch that the calling thread completed: inline when the thread
     * already runs under the dispatch, or when the {@code onExecutorThread} test says it is the
     * executor's and it runs nobody else's step (a framework's own callback: no submission);
     * otherwise submitted.
     */
    private void resume(Runnable resumption) {
        if (isCurrent()) {
            Trampoline.runAll(resumption); // after the step running here, as its own resumptions
        } else {
            resumeFromElsewhere(resumption);
        }
    }

    /** {@link #resume} from a thread not under this dispatch (as a frame found it). */
    private void resumeFromElsewhere(Runnable resumption) {
        if (onExecutorThread != null && !Trampoline.isRunning() && onExecutorThread.getAsBoolean()) {
            underThisDispatch(() -> Trampoline.runAll(resumption));
        } else {
            execute(resumption);
        }
    }

    private Timers.Cancellable schedule(Duration delay, Runnable action) {
        // on a serial executor the action runs under the dispatch; on a pool what it completes
        // resumes in its own unit, so it runs where the timer fires, saving a hop
        Runnable there = onExecutorThread != null ? () -> resume(action) : action;
        Timer timer = resumer.settings.timer;
        if (timer != null) {
            Runnable cancel = Objects.requireNonNull(timer.schedule(delay, there),
                    "the dispatch's Timer returned null instead of a cancel action");
            return cancel::run;
        }
        if (executor instanceof ScheduledExecutorService) {
            ScheduledFuture<?> future = ((ScheduledExecutorService) executor)
                    .schedule(there, EventLoop.saturatedNanos(delay), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        }
        return Timers.onTimerThread(delay, there);
    }

    /** The dispatch as the runtime and the frames see it; keeps the internal types out of the API. */
    private final class Resumer extends Place {
        /** Tasks started under the dispatch and not done; made on the first spawn. */
        private volatile Set<Task<?>> tasks;
        /** Replaced, never changed, under this lock. */
        volatile Settings settings;

        Resumer(Settings settings) {
            this.settings = settings;
        }

        @Override
        public boolean isCurrent() {
            return Dispatch.this.isCurrent();
        }

        @Override
        public void execute(Runnable resumption) {
            if (onExecutorThread != null) {
                resumeFromElsewhere(resumption); // the frame asked isCurrent() already
            } else {
                Dispatch.this.execute(resumption); // a unit of its own: not part of a task's
            }
        }

        @Override
        void runLater(Runnable step) {
            Dispatch.this.execute(step);
        }

        @Override
        Timers.Cancellable schedule(Duration delay, Runnable action) {
            return Dispatch.this.schedule(delay, action);
        }

        @Override
        void reportError(String message, Throwable failure) {
            Dispatch.this.reportError(message, failure);
        }

        @Override
        String description() {
            return Dispatch.this.toString();
        }

        @Override
        Dispatch dispatch() {
            return Dispatch.this;
        }

        @Override
        EventLoop loopOrNull() {
            return null;
        }

        @Override
        void taskStarted(Task<?> task) {
            Set<Task<?>> live = tasks;
            if (live == null) {
                synchronized (this) {
                    live = tasks;
                    if (live == null) {
                        tasks = live = ConcurrentHashMap.newKeySet();
                    }
                }
            }
            live.add(task);
        }

        @Override
        void taskEnded(Task<?> task) {
            Set<Task<?>> live = tasks;
            if (live != null) {
                live.remove(task);
            }
        }

        @Override
        List<Task<?>> tasks() {
            Set<Task<?>> live = tasks;
            List<Task<?>> list = live == null ? new ArrayList<>() : new ArrayList<>(live);
            list.sort(Comparator.comparingLong(task -> task.id));
            return list;
        }

        @Override
        public String toString() {
            return Dispatch.this.toString();
        }
    }

    /**
     * One unit of work on a dispatch without a thread test, whose executor may be a pool: its
     * steps (the start, and every resumption of a frame made in it) run one at a time, in order,
     * each on whichever executor thread picks the unit up. Frames made while a step runs resume
     * through it, so a task's every await stays in the task's strand.
     */
    final class Strand implements Dispatcher, Runnable {
        /** Steps waiting for the one running; guarded by this. */
        private final ArrayDeque<Runnable> steps = new ArrayDeque<>(2);
        /** Whether the strand is submitted or running; guarded by this. */
        private boolean active;

        Dispatch dispatch() {
            return Dispatch.this;
        }

        Place place() {
            return resumer;
        }

        @Override
        public boolean isCurrent() {
            return Dispatcher.current() == this;
        }

        @Override
        public void execute(Runnable step) {
            synchronized (this) {
                steps.add(step);
                if (active) {
                    return; // runs after the steps ahead of it, on the thread that runs them
                }
                active = true;
            }
            try {
                submit(this);
            } catch (RejectedExecutionException refused) {
                List<Runnable> alsoRefused;
                synchronized (this) {
                    steps.remove(step);
                    alsoRefused = new ArrayList<>(steps); // queued meanwhile behind this one
                    steps.clear();
                    active = false;
                }
                for (Runnable other : alsoRefused) {
                    refuse(other, refused);
                }
                throw refused; // to the caller of this step: a frame fails with it
            }
        }

        /** A step queued behind one the executor refused: it can never run either. */
        private void refuse(Runnable step, RejectedExecutionException refused) {
            if (!(step instanceof CompletableFuture)
                    || !((CompletableFuture<?>) step).completeExceptionally(refused)) {
                Reporting.error(Dispatch.this + " refused a step that cannot run elsewhere: " + step, refused);
            }
        }

        /** Runs the queued steps, each with what it resumes inline, until none is left. */
        @Override
        public void run() {
            Dispatcher previous = Dispatcher.install(this);
            try {
                for (;;) {
                    Runnable next;
                    synchronized (this) {
                        next = steps.poll();
                        if (next == null) {
                            active = false;
                            return;
                        }
                    }
                    try {
                        Trampoline.runAll(next);
                    } catch (Throwable thrown) {
                        Reporting.error(Dispatch.this + ": a task threw: " + next, thrown);
                    }
                }
            } finally {
                Dispatcher.install(previous);
            }
        }

        @Override
        public String toString() {
            return Dispatch.this.toString();
        }
    }
}
