package dev.awaitj;

import dev.awaitj.internal.Cancellation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Structured concurrency ({@code asyncio.TaskGroup}, Kotlin's {@code coroutineScope}, Java's
 * {@code StructuredTaskScope}): tasks forked in a scope are joined before the scope closes, and
 * none outlives it.
 *
 * <pre>{@code
 * @Async
 * CompletableFuture<Page> page(long id) {
 *     try (TaskScope scope = TaskScope.open()) {
 *         Task<User> user = scope.fork(() -> users.find(id));
 *         Task<List<Post>> posts = scope.fork(() -> posts.recent(id));
 *         await(scope.join());      // throws the first failure, the others suppressed
 *         return CompletableFuture.completedFuture(new Page(user.join(), posts.join()));
 *     }
 * }
 * }</pre>
 *
 * <ul>
 * <li>{@link #open()}: the first fork to fail cancels the others; {@link #join()} then fails with
 *     that failure, with the other forks' failures (not their cancellations) added as suppressed
 *     exceptions.</li>
 * <li>{@link #openSupervisor()}: failures do not cancel siblings and {@code join()} does not
 *     fail; await each task to see its outcome (an unobserved failure is reported like any
 *     task's).</li>
 * <li>Cancelling the code that awaits {@code join()} cancels the forks; so does leaving the block
 *     early (an exception, a cancellation): {@link #close()} cancels forks still running. Closing
 *     a scope whose forks were never joined is an {@link IllegalStateException}, because
 *     {@code close()} cannot wait without blocking the loop: await {@code join()} in the block.</li>
 * </ul>
 *
 * <p>The rules:
 * <ol>
 * <li>{@code await(scope.join())} resumes only when every fork has ended, including the
 *     {@code finally} blocks (and their awaits) of the forks the scope cancelled; a cancelled
 *     {@code join()} is awaited to the same end.</li>
 * <li>A failure is never dropped: it is thrown by {@code join()}; or, if the block is left before
 *     a {@code join()} threw it, by {@link #close()} — so it is thrown when the block ended
 *     normally, or attached as suppressed to the exception leaving the block (a thrown exception,
 *     an inner scope's failure, a cancellation); a fork failing after the block was left is
 *     reported through the loop's exception handler. Failures thrown by a fork's cancellation
 *     handling are attached to the first failure as suppressed.</li>
 * <li>Nested scopes follow the same rules level by level, the innermost left first.</li>
 * </ol>
 *
 * <p>Forks run on the event loop that was current when the scope was opened.
 */
public final class TaskScope implements AutoCloseable {
    private final EventLoop loop;
    private final boolean supervisor;
    private final List<Task<?>> forks = new ArrayList<>();
    private final List<JoinFuture> joins = new ArrayList<>();
    private int running;
    private Throwable firstFailure;
    private final List<Throwable> otherFailures = new ArrayList<>();
    private boolean joinCalled;
    private boolean closed;
    /** Whether the first failure was thrown (by a join() or close()) or reported. */
    private boolean failureDelivered;

    private TaskScope(EventLoop loop, boolean supervisor) {
        this.loop = loop;
        this.supervisor = supervisor;
    }

    /**
     * A scope where the first failure cancels the other forks.
     *
     * @throws IllegalStateException if no event loop runs on this thread
     */
    public static TaskScope open() {
        return new TaskScope(EventLoop.current(), false);
    }

    /** A scope where failures do not cancel siblings (Kotlin's {@code supervisorScope}). */
    public static TaskScope openSupervisor() {
        return new TaskScope(EventLoop.current(), true);
    }

    /** Whether this is a supervisor scope. */
    public boolean isSupervisor() {
        return supervisor;
    }

    /**
     * Starts {@code body} as a task of this scope.
     *
     * @throws IllegalStateException if the scope is closed or (not a supervisor) already failed
     */
    public <T> Task<T> fork(Supplier<? extends CompletionStage<T>> body) {
        return fork(null, body);
    }

    /** Like {@link #fork(Supplier)}, with a task name. */
    public <T> Task<T> fork(String name, Supplier<? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body");
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("fork() on a closed TaskScope");
            }
            if (firstFailure != null) {
                throw new IllegalStateException("fork() on a TaskScope that is failing and"
                        + " cancelling its tasks", firstFailure);
            }
            running++;
        }
        Task<T> task;
        try {
            task = loop.spawn(name, body);
        } catch (RuntimeException rejected) {
            synchronized (this) {
                running--;
            }
            throw rejected;
        }
        synchronized (this) {
            forks.add(task);
        }
        task.onDone(() -> forkDone(task));
        return task;
    }

    /**
     * A stage that completes when every task forked so far (and any forked while it waits) is
     * done; in a failing scope it fails with the first failure. Cancelling it cancels the forks.
     */
    public CompletableFuture<Void> join() {
        JoinFuture join = new JoinFuture();
        synchronized (this) {
            joinCalled = true;
            if (running > 0) {
                joins.add(join);
                return join;
            }
        }
        settle(join);
        return join;
    }

    /** Cancels every fork still running. */
    public void cancel() {
        List<Task<?>> all;
        synchronized (this) {
            all = new ArrayList<>(forks);
        }
        for (Task<?> task : all) {
            task.cancel(true);
        }
    }

    /**
     * Cancels forks still running (the block was left early) and closes the scope.
     *
     * @throws IllegalStateException if tasks were forked but {@link #join()} was never called
     */
    @Override
    public void close() {
        boolean unjoined;
        Throwable undelivered = null;
        List<Throwable> others = List.of();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            unjoined = !joinCalled && !forks.isEmpty();
            if (firstFailure != null && !failureDelivered) {
                failureDelivered = true;
                undelivered = firstFailure;
                others = new ArrayList<>(otherFailures);
                otherFailures.clear();
            }
        }
        cancel();
        if (undelivered != null) {
            // the block was left before a join() threw it: throw it from close(), so that it is
            // thrown, or attached as suppressed to the exception leaving the block
            attach(undelivered, others);
            throw Failures.sneakyThrow(undelivered);
        }
        if (unjoined) {
            throw new IllegalStateException("TaskScope closed without join(): its tasks were"
                    + " cancelled; await(scope.join()) before the end of the try block");
        }
        reportIfUndelivered();
    }

    private void forkDone(Task<?> task) {
        Throwable failure = null;
        if (task.isCompletedExceptionally() && !task.isCancelled()) {
            try {
                task.exceptionNowCompat();
            } catch (Throwable thrown) {
                failure = thrown;
            }
        } else if (task.isCancelled()) {
            failure = task.cleanupFailures(); // thrown by the fork's cancellation handling
            if (failure != null && supervisor) {
                loop.reportError("task '" + task.name() + "' of a supervisor scope threw while it"
                        + " was being cancelled", failure);
                failure = null;
            }
        }
        boolean cancelOthers = false;
        List<JoinFuture> ready = List.of();
        synchronized (this) {
            forks.remove(task);
            if (failure != null && !supervisor) {
                task.markObserved();
                if (firstFailure == null) {
                    firstFailure = failure;
                    cancelOthers = true;
                } else {
                    otherFailures.add(failure);
                }
            }
            running--;
            if (running == 0 && !joins.isEmpty()) {
                ready = new ArrayList<>(joins);
                joins.clear();
            }
        }
        if (cancelOthers) {
            cancel();
        }
        for (JoinFuture join : ready) {
            settle(join);
        }
        reportIfUndelivered();
    }

    /**
     * A failure that no join() delivered and close() did not throw, because it happened after
     * the block was left: reported, so that it is never lost.
     */
    private void reportIfUndelivered() {
        Throwable failure;
        List<Throwable> others;
        synchronized (this) {
            if (!closed || running > 0 || failureDelivered || firstFailure == null) {
                return;
            }
            failureDelivered = true;
            failure = firstFailure;
            others = new ArrayList<>(otherFailures);
            otherFailures.clear();
        }
        attach(failure, others);
        loop.reportError("a task of a TaskScope failed after the scope's block was left", failure);
    }

    private static void attach(Throwable failure, List<Throwable> others) {
        for (Throwable other : others) {
            if (other != failure) {
                failure.addSuppressed(other);
            }
        }
    }

    private void settle(JoinFuture join) {
        Cancellation cancelled = Cancellation.of(join);
        if (cancelled != null) {
            cancelled.finish(null); // every fork has ended: the awaiting code may resume
            return;
        }
        Throwable failure;
        List<Throwable> suppressed;
        synchronized (this) {
            failure = firstFailure;
            suppressed = new ArrayList<>(otherFailures);
            otherFailures.clear();
        }
        if (failure == null) {
            join.complete(null);
            return;
        }
        attach(failure, suppressed);
        if (join.completeExceptionally(failure)) {
            synchronized (this) {
                failureDelivered = true;
            }
        }
    }

    /**
     * join(): cancelling it cancels the forks. It reports the cancellation at once; the code
     * awaiting it resumes once every fork has ended, cleanup included.
     */
    private final class JoinFuture extends CompletableFuture<Void> {
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            Cancellation cancellation = new Cancellation("join() was cancelled");
            boolean cancelled = super.completeExceptionally(cancellation);
            if (cancelled) {
                TaskScope.this.cancel();
            }
            return cancelled || isCancelled();
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
