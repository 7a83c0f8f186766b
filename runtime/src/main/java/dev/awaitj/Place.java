package dev.awaitj;

import dev.awaitj.internal.AsyncTraces;
import dev.awaitj.internal.Dispatcher;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Where a unit of async work runs: an awaitj {@link EventLoop} or a {@link Dispatch} over any
 * executor (a Netty loop, a Vert.x context, a UI thread, a pool). Tasks, task scopes, timers and
 * yields ask the calling thread for its place and run everything they do for the work there, so
 * the whole runtime works the same on both. As a {@link Dispatcher} it is also what the frames
 * of async methods made there resume through: a frame calls {@link #execute} only after
 * {@link #isCurrent} said no.
 */
abstract class Place implements Dispatcher {

    /** The place the calling thread runs under (its loop, or the dispatch installed on it), or null. */
    static Place current() {
        Dispatcher dispatcher = Dispatcher.current();
        if (dispatcher instanceof Place) {
            return (Place) dispatcher;
        }
        return dispatcher instanceof Dispatch.Strand ? ((Dispatch.Strand) dispatcher).place() : null;
    }

    /**
     * The calling thread's place, for {@code what}, which cannot run without one.
     *
     * @throws IllegalStateException naming both ways to give the thread one
     */
    static Place require(String what) {
        Place place = current();
        if (place == null) {
            throw new IllegalStateException(what + " needs an event loop or a dispatch to run on,"
                    + " and thread '" + Thread.currentThread().getName() + "' runs under neither:"
                    + " start the work with EventLoop.run(main), or under a Dispatch on the"
                    + " executor this thread belongs to (dispatch.call(() -> work()), or"
                    + " dispatch.adoptCurrentThread() once on each of a framework's threads)");
        }
        return place;
    }

    /** Runs {@code step} there later, as a step of its own: a task's start, its settling, a yield. */
    abstract void runLater(Runnable step);

    /**
     * Runs {@code action} there after {@code delay}, on the place's own timers (virtual time on a
     * {@link TestEventLoop}); the returned handle cancels it.
     */
    abstract Timers.Cancellable schedule(Duration delay, Runnable action);

    /** Reports a failure nobody else can see (an unobserved task, a callback that threw). */
    abstract void reportError(String message, Throwable failure);

    /** "event loop 'main'", "Dispatch[...]": for messages. */
    abstract String description();

    /** The place as the public API shows it. */
    abstract Dispatch dispatch();

    /** The awaitj loop this place is, or {@code null} for a dispatch over another executor. */
    abstract EventLoop loopOrNull();

    /** Keeps {@code task} (started here) until it ends; {@link #taskEnded} lets it go. */
    abstract void taskStarted(Task<?> task);

    abstract void taskEnded(Task<?> task);

    /** The tasks started here that are not done, oldest first. */
    abstract List<Task<?>> tasks();

    /**
     * Where reports of failures nobody has looked at yet wait, so that a loop reports them when it
     * closes ({@link FailureReport}); {@code null} where they wait only for the garbage collector.
     */
    Set<FailureReport> pendingReports() {
        return null;
    }

    /** Spawns a task here whose body starts as a step of its own; see {@link EventLoop#spawn}. */
    final <T> Task<T> spawn(String name, Supplier<? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body");
        Task<T> task = new Task<>(this, name, body, Carrier.snapshot());
        taskStarted(task);
        try {
            runLater(task.starter());
        } catch (RejectedExecutionException closed) {
            taskEnded(task);
            throw closed;
        }
        return task;
    }

    /** See {@link EventLoop#dumpTasks()}. */
    final String dumpTasks() {
        List<Task<?>> live = tasks();
        StringBuilder dump = new StringBuilder();
        dump.append(live.size()).append(live.size() == 1 ? " task" : " tasks")
                .append(" on ").append(description()).append(":\n");
        for (Task<?> task : live) {
            dump.append("Task '").append(task.name()).append("' (#").append(task.id).append(")");
            CompletionStage<?> body = task.body();
            if (body == null) {
                dump.append(" not started yet\n");
                continue;
            }
            dump.append('\n');
            List<StackTraceElement> chain = AsyncTraces.waitChain(body);
            if (chain.isEmpty()) {
                dump.append("    waiting for ").append(body).append('\n');
            }
            for (int i = chain.size() - 1; i >= 0; i--) {
                dump.append("    at ").append(chain.get(i)).append('\n');
            }
        }
        return dump.toString();
    }
}
