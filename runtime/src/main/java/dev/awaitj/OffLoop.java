package dev.awaitj;

import dev.awaitj.internal.TaskSlot;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Running work off the event loop ({@code asyncio.to_thread}, {@code loop.run_in_executor}):
 * blocking calls go to another thread and come back as a stage to await, so the loop keeps
 * running meanwhile.
 *
 * <pre>{@code
 * byte[] data = await(OffLoop.call(() -> Files.readAllBytes(path)));     // blocking I/O
 * BigInteger n = await(OffLoop.call(cpuPool, () -> factor(big)));        // on your executor
 * }</pre>
 *
 * <p>The work sees a copy of the caller's {@link ContextValue}s. A failure of the work that
 * nobody observes (the returned stage dropped) is reported once the stage becomes garbage,
 * through the exception handler of the caller's loop or dispatch, or else {@code System.Logger}
 * "dev.awaitj". Cancelling the returned stage
 * before the work starts means it never runs; while it runs, cancelling interrupts its thread.
 * The default executor is a bounded pool of daemon threads (at most min(32, CPUs + 4), as in
 * asyncio), started lazily.
 */
public final class OffLoop {
    private OffLoop() {
    }

    /** Runs {@code work} on the default executor ({@code asyncio.to_thread}). */
    public static <T> CompletableFuture<T> call(Callable<? extends T> work) {
        return call(defaultExecutor(), work);
    }

    /** Runs {@code work} on {@code executor} ({@code loop.run_in_executor}). */
    public static <T> CompletableFuture<T> call(Executor executor, Callable<? extends T> work) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(work, "work");
        BlockingCall<T> call = new BlockingCall<>(work, Carrier.snapshot(), EventLoop.currentOrNull(),
                Reporting.handlerHere());
        try {
            executor.execute(call);
        } catch (RuntimeException rejected) {
            call.completeExceptionally(rejected);
        }
        return call;
    }

    /** Runs {@code work} on the default executor; the stage completes with {@code null}. */
    public static CompletableFuture<Void> run(Runnable work) {
        Objects.requireNonNull(work, "work");
        return call(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Starts the async {@code work} on {@code executor} and returns its outcome: on another
     * {@link EventLoop} (then it runs there as a {@link Task}), or on any executor's thread.
     * Code awaiting the result still resumes on its own loop. Cancelling the result cancels the
     * work.
     *
     * <pre>{@code
     * Report report = await(OffLoop.start(reportingLoop, () -> reports.build(day)));
     * }</pre>
     */
    public static <T> CompletableFuture<T> start(Executor executor,
            Supplier<? extends CompletionStage<T>> work) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(work, "work");
        Forwarded<T> result = new Forwarded<>(EventLoop.currentOrNull(), Reporting.handlerHere());
        if (executor instanceof EventLoop) {
            result.follow(((EventLoop) executor).spawn(work));
            return result;
        }
        Map<ContextValue<?>, Object> context = Carrier.snapshot();
        try {
            executor.execute(() -> {
                if (!result.begin()) {
                    return; // cancelled before it started
                }
                Object previous = TaskSlot.swap(new Carrier(null, context));
                try {
                    CompletionStage<T> stage = work.get();
                    result.follow(stage);
                } catch (Throwable thrown) {
                    result.fail(thrown);
                } finally {
                    TaskSlot.swap(previous);
                }
            });
        } catch (RuntimeException rejected) {
            result.fail(rejected);
        }
        return result;
    }

    /** The executor {@link #call(Callable)} uses. */
    public static Executor defaultExecutor() {
        return DefaultPool.EXECUTOR;
    }

    /** Tells a waiting test loop that off-loop work is outstanding, and wakes it when done. */
    private static void track(EventLoop loop, WatchedFuture<?> future) {
        if (loop == null) {
            return;
        }
        loop.pendingOffLoop.incrementAndGet();
        future.whenSettledQuietly(() -> {
            loop.pendingOffLoop.decrementAndGet();
            try {
                loop.execute(() -> { });
            } catch (RuntimeException closed) {
                // the loop is gone; nothing to wake
            }
        });
    }

    /** One blocking call: runs once, can be cancelled before it starts or interrupted while it runs. */
    private static final class BlockingCall<T> extends WatchedFuture<T> implements Runnable {
        private final Callable<? extends T> work;
        private final Map<ContextValue<?>, Object> context;
        private Thread runner;

        BlockingCall(Callable<? extends T> work, Map<ContextValue<?>, Object> context, EventLoop loop,
                Place reportTo) {
            super("work started with OffLoop.call", reportTo);
            this.work = work;
            this.context = context;
            track(loop, this);
        }

        @Override
        public void run() {
            synchronized (this) {
                if (isDone()) {
                    return;
                }
                runner = Thread.currentThread();
            }
            Object previous = TaskSlot.swap(new Carrier(null, context));
            try {
                complete(work.call());
            } catch (Throwable thrown) {
                completeExceptionally(thrown);
            } finally {
                TaskSlot.swap(previous);
                synchronized (this) {
                    runner = null;
                    Thread.interrupted(); // an interrupt meant for this call must not leak into the pool
                }
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && mayInterruptIfRunning) {
                synchronized (this) {
                    if (runner != null) {
                        runner.interrupt();
                    }
                }
            }
            return cancelled;
        }
    }

    /** The outcome of async work started elsewhere, kept alive by the loop it was started on. */
    private static final class Forwarded<T> extends ForwardingFuture<T> {
        Forwarded(EventLoop loop, Place reportTo) {
            super("work started with OffLoop.start", reportTo);
            track(loop, this);
        }
    }

    private static final class DefaultPool {
        static final ThreadPoolExecutor EXECUTOR = create();

        private static ThreadPoolExecutor create() {
            int threads = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
            AtomicInteger count = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), runnable -> {
                        Thread thread = new Thread(runnable, "awaitj-offloop-" + count.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }
    }
}
