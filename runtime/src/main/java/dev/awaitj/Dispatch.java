package dev.awaitj;

import dev.awaitj.internal.Dispatcher;
import dev.awaitj.internal.TaskSlot;
import dev.awaitj.internal.Trampoline;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Where {@code @Async} code resumes: a framework's event loop, a UI thread, any {@link Executor}.
 * By default an async method resumes on the {@link EventLoop} it first suspended on, or else on
 * the thread that completed the stage it awaited. Code started through a {@code Dispatch}
 * resumes on the dispatch's executor instead, after every await, and so do the async methods it
 * calls (Kotlin's dispatchers, C#'s {@code SynchronizationContext}).
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
 * <p><b>Am I on it?</b> A resumption runs inline, with no task submitted, when the thread that
 * completes the awaited stage is already running under this dispatch (inside a task it ran, a
 * {@link #call} it started inline, or on an adopted thread); otherwise it is submitted to the
 * executor. The optional {@code onExecutorThread} test ({@code EventExecutor::inEventLoop},
 * {@code SwingUtilities::isEventDispatchThread}, {@code Platform::isFxApplicationThread}) lets
 * {@link #call} start inline on the executor's own thread when the dispatch is not installed
 * there yet; without one, {@code call} from outside a dispatched task always submits.
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
    private final Resumer resumer = new Resumer();
    private volatile BiConsumer<String, Throwable> exceptionHandler = Reporting::error;
    private static final String CALLED = "work started with Dispatch.call";

    private Dispatch(Executor executor, BooleanSupplier onExecutorThread) {
        this.executor = executor;
        this.onExecutorThread = onExecutorThread;
    }

    /**
     * A dispatch that resumes on {@code executor}; {@link #call} starts inline only inside work
     * already running under it.
     *
     * <pre>{@code
     * Dispatch ui = Dispatch.on(SwingUtilities::invokeLater);
     * }</pre>
     */
    public static Dispatch on(Executor executor) {
        return new Dispatch(Objects.requireNonNull(executor, "executor"), null);
    }

    /**
     * A dispatch that resumes on {@code executor}, where {@code onExecutorThread} tells whether
     * the calling thread is the executor's own (then {@link #call} starts inline).
     *
     * <pre>{@code
     * Dispatch loop = Dispatch.on(channel.eventLoop(), channel.eventLoop()::inEventLoop);
     * Dispatch vertx = Dispatch.on(task -> context.runOnContext(v -> task.run()),
     *         () -> Vertx.currentContext() == context);
     * }</pre>
     */
    public static Dispatch on(Executor executor, BooleanSupplier onExecutorThread) {
        return new Dispatch(Objects.requireNonNull(executor, "executor"),
                Objects.requireNonNull(onExecutorThread, "onExecutorThread"));
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
        return loop != null ? EventLoop.currentOrNull() == loop : Dispatcher.current() == resumer;
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
            ForwardingFuture<T> result = new ForwardingFuture<>(CALLED, this);
            try {
                result.follow(loop.spawn(work));
            } catch (RuntimeException refused) {
                result.fail(refused); // the loop is closed
            }
            return result;
        }
        ForwardingFuture<T> result = new ForwardingFuture<>(CALLED, this);
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
     * Runs {@code task} on the executor under this dispatch: async methods it starts resume on
     * the executor.
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
            return;
        }
        Runnable dispatched = () -> underThisDispatch(() -> Trampoline.runAll(task));
        try {
            executor.execute(dispatched);
        } catch (RejectedExecutionException refused) {
            throw refused;
        } catch (RuntimeException refused) {
            throw new RejectedExecutionException("the executor refused the task: " + executor, refused);
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
        this.exceptionHandler = Objects.requireNonNull(handler, "handler");
    }

    void reportError(String message, Throwable failure) {
        EventLoop loop = awaitjLoop();
        if (loop != null) {
            loop.reportError(message, failure);
            return;
        }
        try {
            exceptionHandler.accept(message, failure);
        } catch (RuntimeException broken) {
            Reporting.error("the exception handler of " + this + " threw", broken);
        }
    }

    /** The dispatch the calling thread runs under, or {@code null}. */
    static Dispatch currentOrNull() {
        Dispatcher current = Dispatcher.current();
        return current instanceof Resumer ? ((Resumer) current).dispatch() : null;
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

    /** The dispatch as the frames see it; a separate object keeps the internal type out of the API. */
    private final class Resumer implements Dispatcher {
        Dispatch dispatch() {
            return Dispatch.this;
        }

        @Override
        public boolean isCurrent() {
            return Dispatcher.current() == this;
        }

        @Override
        public void execute(Runnable resumption) {
            Dispatch.this.execute(resumption);
        }

        @Override
        public String toString() {
            return Dispatch.this.toString();
        }
    }
}
