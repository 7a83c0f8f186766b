package dev.awaitj;

import dev.awaitj.internal.AsyncFrame;
import dev.awaitj.internal.Cancellation;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Structured concurrency ({@code asyncio.TaskGroup}, Kotlin's {@code coroutineScope}, Java's
 * {@code StructuredTaskScope}): tasks forked in a scope are joined before the scope closes, and
 * none outlives it.
 *
 * <pre>{@code
 * @Async
 * CompletableFuture<Page> page(long id) {
 *     Task<User> user;
 *     Task<List<Post>> posts;
 *     try (TaskScope scope = TaskScope.open()) {
 *         user = scope.fork(() -> users.find(id));
 *         posts = scope.fork(() -> feed.recent(id));
 *     }                             // waits for both forks; throws the first failure
 *     return CompletableFuture.completedFuture(new Page(user.join(), posts.join()));
 * }
 * }</pre>
 *
 * <ul>
 * <li>{@link #open()}: the first fork to fail cancels the others and the owner's current await
 *     in the block; {@link #join()} (or leaving the block) then fails with that failure, with
 *     the other forks' failures (not their cancellations) added as suppressed exceptions.</li>
 * <li>{@link #openSupervisor()}: failures do not cancel siblings and {@code join()} does not
 *     fail; await each task to see its outcome (an unobserved failure is reported like any
 *     task's).</li>
 * <li>{@link #run} and {@link #runSupervisor}: the same as an expression whose stage completes
 *     when the body and every fork have ended (Kotlin's {@code coroutineScope}).</li>
 * </ul>
 *
 * <p>The rules:
 * <ol>
 * <li><b>No fork outlives the scope.</b> In an {@code @Async} method the end of the
 *     try-with-resources block is an await: the processor turns {@code close()} into
 *     {@code await(scope.closeAsync())}. A block that ends normally (or by {@code return},
 *     {@code break}) waits there for every fork, as asyncio's {@code TaskGroup} does, so
 *     {@code join()} is optional; a block left by an exception or a cancellation cancels the
 *     forks still running and waits for their cleanup. {@code await(scope.join())} inside the
 *     block waits the same way, cleanup of cancelled forks included.</li>
 * <li><b>The first failure cancels the siblings and the owner's current await.</b> If the task
 *     that opened the scope waits at something else inside the block, that await is cancelled;
 *     the owner leaves the block, which throws the failure in place of the cancellation. If it
 *     waits at the end of the block or at {@code join()}, that fails with the failure once the
 *     siblings have cleaned up.</li>
 * <li><b>A failure is never dropped:</b> it is thrown by {@code join()}; or, if the block is left
 *     before a {@code join()} threw it, by the end of the block — thrown if the block ended
 *     normally, or attached as suppressed to the exception leaving the block (a thrown exception,
 *     an inner scope's failure, a cancellation); a fork failing after the scope ended is reported
 *     through the loop's exception handler. Failures thrown by a fork's cancellation handling
 *     count like any other.</li>
 * <li>Nested scopes follow the same rules level by level, the innermost left first.</li>
 * </ol>
 *
 * <p>Outside {@code @Async} code (and inside {@code synchronized}), {@link #close()} cannot wait
 * without blocking the loop: it cancels forks still running and returns, and a block whose forks
 * were never joined is an {@link IllegalStateException} that says so. There, await
 * {@code scope.join()} in the block, await {@link #closeAsync()}, or use {@link #run}.
 *
 * <p>Forks run where the scope was opened: on its event loop, or under its {@link Dispatch} (a
 * Netty loop, a Vert.x context, a pool), with the same rules. To run a fork's work elsewhere, fork
 * {@code () -> Dispatch.on(pool).call(() -> work())}: it is cancelled and awaited like any fork.
 */
public final class TaskScope implements AutoCloseable {
    /** The loop or dispatch the forks run on. */
    private final Place place;
    private final boolean supervisor;
    private final List<Task<?>> forks = new ArrayList<>();
    private final List<JoinFuture> joins = new ArrayList<>();
    private int running;
    private Throwable firstFailure;
    private final List<Throwable> otherFailures = new ArrayList<>();
    private boolean joinCalled;
    private boolean closed;
    /** Whether an awaited {@link #closeAsync()} waits for the forks (new forks still allowed). */
    private boolean closingNormally;
    /** Whether the first failure was thrown (by a join() or close()) or reported. */
    private boolean failureDelivered;
    /** {@link #run}'s result, or {@code null} for a try-with-resources scope. */
    private RunFuture<?> run;
    /** The task that opened the scope (its owner), or {@code null}. */
    private final Task<?> owner;
    /** Whether the first failure cancelled the owner's current await inside the block. */
    private boolean ownerInterrupted;
    /** What waits for the last fork to end ({@link #closeAsync}). */
    private final List<Runnable> whenEnded = new ArrayList<>(1);

    private TaskScope(Place place, boolean supervisor) {
        this.place = place;
        this.supervisor = supervisor;
        this.owner = Task.current().orElse(null);
    }

    /**
     * A scope where the first failure cancels the other forks.
     *
     * @throws IllegalStateException if neither an event loop nor a {@link Dispatch} runs on this
     *     thread
     */
    public static TaskScope open() {
        return new TaskScope(Place.require("TaskScope.open()"), false);
    }

    /** A scope where failures do not cancel siblings (Kotlin's {@code supervisorScope}). */
    public static TaskScope openSupervisor() {
        return new TaskScope(Place.require("TaskScope.openSupervisor()"), true);
    }

    /**
     * Runs {@code body} in a new scope and completes with its result once the body and every
     * fork have ended: Kotlin's {@code coroutineScope}, asyncio's {@code async with TaskGroup()}.
     * The same rules as a try-with-resources block in {@code @Async} code, as an expression; it
     * also holds them where a block's {@code close()} cannot wait (outside {@code @Async} code):
     * <ul>
     * <li>the first failure of a fork cancels the other forks <em>and the body</em> at the await
     *     it is suspended at; the returned stage fails with that failure once everything has
     *     ended, with the later failures (and the body's own, if it was not the cancellation)
     *     suppressed;</li>
     * <li>if the body fails first, the forks are cancelled, and the returned stage fails with
     *     the body's failure once they have cleaned up, their failures suppressed;</li>
     * <li>if the body returns, the stage waits for the forks still running (no fork outlives
     *     the scope) and then completes with the body's value;</li>
     * <li>cancelling the returned stage cancels the body and the forks, and whoever awaits it
     *     resumes once all of them have cleaned up.</li>
     * </ul>
     *
     * <pre>{@code
     * Page page = await(TaskScope.run(scope -> {
     *     Task<User> user = scope.fork(() -> users.find(id));
     *     List<Post> posts = await(this.posts.recent(id));   // cancelled if find() fails
     *     return completedFuture(new Page(await(user), posts));
     * }));
     * }</pre>
     *
     * <p>The body runs at once on the calling thread, in the caller's task. {@link #join()} may be
     * awaited inside it; {@link #close()} is not needed and does nothing.
     *
     * @throws IllegalStateException if neither an event loop nor a {@link Dispatch} runs on this
     *     thread
     */
    public static <T> CompletableFuture<T> run(
            Function<? super TaskScope, ? extends CompletionStage<T>> body) {
        return run(new TaskScope(Place.require("TaskScope.run()"), false), body);
    }

    /**
     * {@link #run} with a supervisor scope: a fork's failure cancels neither its siblings nor
     * the body (await each task to see its outcome); the body's failure still cancels the forks.
     */
    public static <T> CompletableFuture<T> runSupervisor(
            Function<? super TaskScope, ? extends CompletionStage<T>> body) {
        return run(new TaskScope(Place.require("TaskScope.runSupervisor()"), true), body);
    }

    private static <T> CompletableFuture<T> run(TaskScope scope,
            Function<? super TaskScope, ? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body");
        RunFuture<T> result = new RunFuture<>(scope);
        scope.run = result;
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(body.apply(scope), "the scope body returned null");
        } catch (Throwable thrown) {
            result.bodyEnded(null, thrown);
            return result;
        }
        result.body = stage;
        Cancellation.whenSettled(stage, result::bodyEnded);
        return result;
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
            task = place.spawn(name, body);
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
     * Closes the scope once every fork has ended: what the end of a try-with-resources block
     * does in an {@code @Async} method, where the processor turns {@code close()} into
     * {@code await(scope.closeAsync())} (asyncio's {@code async with TaskGroup()}). The forks are
     * not cancelled: the stage waits for them, and forks may still fork into the scope while it
     * waits. It fails with the first fork failure no {@code join()} threw (the siblings were
     * cancelled by that failure, and have cleaned up), the later ones suppressed. Cancelling it
     * cancels the forks; code awaiting it resumes once they have cleaned up. Call it yourself (and
     * await it) where you close a scope outside {@code @Async} code.
     */
    public CompletableFuture<Void> closeAsync() {
        JoinFuture closing = new JoinFuture();
        synchronized (this) {
            if (run != null || closed || closingNormally) {
                closing.complete(null); // run() ends its own scope; close is idempotent
                return closing;
            }
            closingNormally = true;
        }
        whenForksEnded(() -> {
            Throwable undelivered;
            synchronized (this) {
                undelivered = takeUndelivered();
            }
            Cancellation cancelled = Cancellation.of(closing);
            if (cancelled != null) {
                if (!cancelled.finish(undelivered) && undelivered != null) {
                    place.reportError("a TaskScope whose close was cancelled had a failing task", undelivered);
                }
            } else if (undelivered != null) {
                closing.completeExceptionally(undelivered);
            } else {
                closing.complete(null);
            }
        });
        return closing;
    }

    /**
     * {@link #closeAsync()} for a block left by {@code leaving}; completes with the exception
     * that is to leave the block. That is {@code leaving}, unless it is the cancellation this
     * scope caused when a fork failed while the owner awaited something else in the block: then
     * it is that failure, which the owner must see in place of the cancellation. A failure no
     * {@code join()} threw fails the stage, and the caller attaches it to {@code leaving} as
     * suppressed. The processor calls this where javac closes the resource of a
     * try-with-resources block that an exception leaves.
     */
    public CompletableFuture<Throwable> closeAsync(Throwable leaving) {
        Objects.requireNonNull(leaving, "leaving");
        CompletableFuture<Throwable> closed = new CompletableFuture<>();
        closeThen(leaving, (replaced, failure) -> {
            if (failure == null) {
                closed.complete(replaced);
            } else {
                closed.completeExceptionally(failure);
            }
        });
        return closed;
    }

    /** What {@link #closeThen} hands over: the exception to leave with, and what to throw. */
    private interface Closed {
        void accept(Throwable leaving, Throwable failure);
    }

    private void closeThen(Throwable leaving, Closed then) {
        synchronized (this) {
            if (run != null || closed || closingNormally) {
                then.accept(leaving, null); // run() ends its own scope; close is idempotent
                return;
            }
            closed = true;
        }
        cancel();
        whenForksEnded(() -> {
            Throwable undelivered;
            boolean interruptedOwner;
            synchronized (this) {
                interruptedOwner = ownerInterrupted;
                undelivered = takeUndelivered();
            }
            if (undelivered != null) {
                if (interruptedOwner && Failures.unwrap(leaving) instanceof CancellationException) {
                    // the cancellation this scope caused: its failure leaves instead, keeping
                    // what the cancelled work's cleanup threw
                    attach(undelivered, List.of(Failures.unwrap(leaving).getSuppressed()));
                    then.accept(undelivered, null);
                } else {
                    then.accept(leaving, undelivered);
                }
                return;
            }
            then.accept(leaving, null);
        });
    }

    /** Runs {@code action} once no fork runs, the scope then closed to new forks. */
    private void whenForksEnded(Runnable action) {
        synchronized (this) {
            if (running > 0) {
                whenEnded.add(action);
                return;
            }
            closed = true;
        }
        action.run();
    }

    /**
     * The first failure happened while the owner may be awaiting something else inside the
     * block: cancel that await (asyncio cancels the parent task), unless it is this scope's own
     * {@code join()}, which fails anyway. The owner leaves the block with the cancellation, and
     * {@link #closeAsync(Throwable)} puts the failure in its place.
     */
    private void interruptOwner() {
        Task<?> task = owner;
        synchronized (this) {
            if (task == null || closed || run != null) {
                return;
            }
        }
        CompletionStage<?> awaited = innermostAwait(task.body());
        if (awaited == null || (awaited instanceof JoinFuture && ((JoinFuture) awaited).scope() == this)) {
            return;
        }
        synchronized (this) {
            ownerInterrupted = true;
        }
        Failures.cancel(awaited);
    }

    /** The stage the chain of awaiting async methods from {@code stage} down waits for, or null. */
    private static CompletionStage<?> innermostAwait(CompletionStage<?> stage) {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        CompletionStage<?> next = stage;
        while (next instanceof AsyncFrame && seen.put(next, Boolean.TRUE) == null) {
            AsyncFrame<?> frame = (AsyncFrame<?>) next;
            if (frame.isDone()) {
                return null;
            }
            CompletionStage<?> awaited = frame.awaited();
            if (awaited == null) {
                return null; // running, not waiting
            }
            if (!(awaited instanceof AsyncFrame)) {
                return awaited;
            }
            next = awaited;
        }
        return null;
    }

    /**
     * Closes the scope outside {@code @Async} code, where it cannot wait without blocking: forks
     * still running are cancelled and not waited for. In an {@code @Async} method the processor
     * calls {@link #closeAsync()} instead, and the block's end waits for the forks.
     *
     * @throws IllegalStateException if tasks were forked but {@link #join()} was never called
     */
    @Override
    public void close() {
        if (run != null) {
            return; // run() ends the scope when the body and the forks have ended
        }
        boolean unjoined;
        Throwable undelivered;
        synchronized (this) {
            if (closed || closingNormally) {
                return;
            }
            closed = true;
            unjoined = !joinCalled && !forks.isEmpty();
            undelivered = takeUndelivered();
        }
        cancel();
        if (undelivered != null) {
            // the block was left before a join() threw it: throw it from close(), so that it is
            // thrown, or attached as suppressed to the exception leaving the block
            throw Failures.sneakyThrow(undelivered);
        }
        if (unjoined) {
            throw closedWithoutJoin();
        }
        reportIfUndelivered();
    }

    private static IllegalStateException closedWithoutJoin() {
        return new IllegalStateException("TaskScope closed without join() outside @Async code,"
                + " so its tasks were cancelled, not waited for. Either await(scope.join()) before"
                + " the end of the try block, or put the block in an @Async method (there its end"
                + " waits for the tasks), or use await(TaskScope.run(scope -> ...)) or"
                + " await(scope.closeAsync())");
    }

    /**
     * The first failure, if no join() threw it and nothing reported it yet: marked delivered and
     * returned with the later failures attached as suppressed; else {@code null}. Call it holding
     * this scope's monitor.
     */
    private Throwable takeUndelivered() {
        if (firstFailure == null || failureDelivered) {
            return null;
        }
        failureDelivered = true;
        attach(firstFailure, otherFailures);
        otherFailures.clear();
        return firstFailure;
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
                place.reportError("task '" + task.name() + "' of a supervisor scope threw while it"
                        + " was being cancelled", failure);
                failure = null;
            }
        }
        boolean cancelOthers = false;
        List<JoinFuture> ready = List.of();
        List<Runnable> endedActions = List.of();
        synchronized (this) {
            forks.remove(task);
            if (failure != null && !supervisor) {
                task.markObserved();
                // a cancelled fork's cleanup failures count one by one, not as a cancellation
                List<Throwable> failures = failure instanceof CancellationException
                        ? List.of(failure.getSuppressed()) : List.of(failure);
                for (Throwable each : failures) {
                    if (firstFailure == null && (run == null || run.bodyFailure == null)) {
                        firstFailure = each;
                        cancelOthers = true;
                    } else {
                        otherFailures.add(each);
                    }
                }
            }
            running--;
            if (running == 0 && !joins.isEmpty()) {
                ready = new ArrayList<>(joins);
                joins.clear();
            }
            if (running == 0 && !whenEnded.isEmpty()) {
                closed = true;
                endedActions = new ArrayList<>(whenEnded);
                whenEnded.clear();
            }
        }
        if (cancelOthers) {
            cancel();
            if (run != null) {
                run.cancelBody(); // the owner's current await, asyncio's parent-task cancel
            } else {
                interruptOwner();
            }
        }
        for (JoinFuture join : ready) {
            settle(join);
        }
        for (Runnable ended : endedActions) {
            ended.run();
        }
        if (run != null) {
            run.tryFinish();
        }
        reportIfUndelivered();
    }

    /**
     * A failure that no join() delivered and close() did not throw, because it happened after
     * the block was left: reported, so that it is never lost.
     */
    private void reportIfUndelivered() {
        Throwable failure;
        synchronized (this) {
            if (!closed || running > 0) {
                return;
            }
            failure = takeUndelivered();
        }
        if (failure != null) {
            place.reportError("a task of a TaskScope failed after the scope's block was left", failure);
        }
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
        synchronized (this) {
            // before completing: on a pool the code awaiting the join may resume at once on
            // another thread and leave the block, which must not deliver the failure again
            failureDelivered = true;
        }
        if (!join.completeExceptionally(failure)) {
            // cancelled meanwhile: the failure is still to be delivered, and the cancellation,
            // which nothing else will finish now, lets the awaiting code resume only after this
            synchronized (this) {
                failureDelivered = false;
            }
            Cancellation meanwhile = Cancellation.of(join);
            if (meanwhile != null) {
                meanwhile.finish(null);
            }
        }
    }

    /**
     * {@link #run}'s result: completes once the body and every fork have ended. Cancelling it
     * reports the cancellation at once; awaiting code resumes when everything has cleaned up.
     */
    private static final class RunFuture<T> extends CompletableFuture<T> {
        private final TaskScope scope;
        /** The body's stage; {@code null} until it returned one, or if it threw. */
        volatile CompletionStage<T> body;
        private boolean bodyDone;
        private T bodyValue;
        /** The body's failure, when it failed before any fork did. */
        Throwable bodyFailure;
        /** The body's own exception when a fork failed first (attached unless a cancellation). */
        private Throwable bodyThrown;
        private boolean finished;

        RunFuture(TaskScope scope) {
            this.scope = scope;
        }

        void cancelBody() {
            CompletionStage<T> stage = body;
            boolean running;
            synchronized (scope) {
                running = !bodyDone;
            }
            if (running && stage != null) {
                try {
                    stage.toCompletableFuture().cancel(true);
                } catch (UnsupportedOperationException notCancellable) {
                    // a foreign stage: the body meets the failure at its join() or its end
                }
            }
        }

        void bodyEnded(T value, Throwable thrown) {
            boolean cancelForks = false;
            synchronized (scope) {
                bodyDone = true;
                scope.closed = true; // no fork once the body has ended
                if (thrown == null) {
                    bodyValue = value;
                } else {
                    Throwable failure = Failures.unwrap(thrown);
                    if (scope.firstFailure == null) {
                        bodyFailure = failure;
                        cancelForks = true;
                    } else {
                        bodyThrown = failure;
                    }
                }
            }
            if (cancelForks) {
                scope.cancel();
            }
            tryFinish();
        }

        void tryFinish() {
            Throwable fork;
            Throwable own;
            Throwable alongside;
            List<Throwable> others;
            T value;
            synchronized (scope) {
                if (finished || !bodyDone || scope.running > 0) {
                    return;
                }
                finished = true;
                scope.failureDelivered = true;
                fork = scope.firstFailure;
                own = bodyFailure;
                alongside = bodyThrown;
                others = new ArrayList<>(scope.otherFailures);
                scope.otherFailures.clear();
                value = bodyValue;
            }
            Throwable failure = fork != null ? fork : own;
            if (failure != null) {
                attach(failure, others);
                if (alongside instanceof CancellationException) {
                    // the body's cancellation by this scope: keep only what its cleanup threw
                    attach(failure, List.of(alongside.getSuppressed()));
                } else if (alongside != null && alongside != failure) {
                    failure.addSuppressed(alongside);
                }
            }
            Cancellation cancelled = Cancellation.of(this);
            if (cancelled != null) {
                // cancelled from outside: everything has ended; hand over what the cleanup threw
                if (!cancelled.finish(failure == null || !Cancellation.carriesFailure(failure) ? null : failure)
                        && cancelled.hasFailures()) {
                    scope.place.reportError("a cancelled TaskScope.run threw while it was being"
                            + " cancelled", cancelled);
                }
                return;
            }
            if (failure != null) {
                completeExceptionally(failure);
            } else {
                complete(value);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            Cancellation cancellation = new Cancellation("TaskScope.run was cancelled");
            boolean cancelled = super.completeExceptionally(cancellation);
            if (cancelled) {
                cancelBody();
                scope.cancel();
                tryFinish();
            }
            return cancelled || isCancelled();
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }

    /**
     * join(): cancelling it cancels the forks. It reports the cancellation at once; the code
     * awaiting it resumes once every fork has ended, cleanup included.
     */
    private final class JoinFuture extends CompletableFuture<Void> {
        TaskScope scope() {
            return TaskScope.this;
        }

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
