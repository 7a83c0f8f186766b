package dev.awaitj;

import dev.awaitj.internal.DebugHooks;
import dev.awaitj.internal.Dispatcher;
import dev.awaitj.internal.Trampoline;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A single-threaded event loop, like asyncio's: it runs callbacks, timers and the steps of
 * {@link Task}s one at a time on one thread, so code on one loop never runs in parallel with
 * itself. An {@code @Async} method that first suspends on a loop's thread resumes on that loop.
 *
 * <pre>{@code
 * public static void main(String[] args) throws Exception {
 *     String title = EventLoop.run(() -> new Pages().title(URI.create(args[0])));
 *     System.out.println(title);
 * }
 * }</pre>
 *
 * <p>{@link #run} is {@code asyncio.run}: it runs the async main on the calling thread until it
 * completes, returns its value or throws its original exception, then cancels the tasks still
 * running and closes the loop. Calling it (or any other blocking entry point) on a loop thread is
 * an {@link IllegalStateException}, not a deadlock.
 *
 * <p>Everything here is thread-safe: {@link #execute}, {@link #schedule} and {@link #spawn} may be
 * called from any thread and wake the loop. Tasks spawned on the loop are referenced by the loop
 * until they finish, so they cannot be garbage-collected half-way (asyncio's weak-reference trap),
 * and a task that fails with nobody awaiting it is reported through {@code System.Logger}
 * {@code "dev.awaitj"} (or {@link #setExceptionHandler}).
 */
public class EventLoop implements Executor, AutoCloseable {
    private static final AtomicInteger LOOP_IDS = new AtomicInteger();

    static {
        DebugHooks.setLostFailureHandler((message, failure) -> {
            // thrown by the cleanup of cancelled code: its task's loop reports it like any failure
            Carrier carrier = Carrier.current();
            Reporting.errorTo(carrier != null && carrier.task != null ? carrier.task.place
                    : Reporting.handlerHere(), message, failure);
        });
    }
    private static final int PURGE_MINIMUM = 64;

    private final String name;
    private final ConcurrentLinkedQueue<Runnable> incoming = new ConcurrentLinkedQueue<>();
    final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    final PriorityQueue<ScheduledCall> timers = new PriorityQueue<>();
    private int cancelledTimers;
    private long timerSequence;
    final Set<Task<?>> tasks = ConcurrentHashMap.newKeySet();
    final Set<FailureReport> unobservedFailures = ConcurrentHashMap.newKeySet();
    /** Work started off the loop whose completion will wake it (see {@link OffLoop}). */
    final AtomicInteger pendingOffLoop = new AtomicInteger();
    private final LoopDispatcher dispatcher = new LoopDispatcher();
    /** This loop as a {@link Dispatch} ({@link Task#dispatch()}); made when first asked for. */
    private volatile Dispatch asDispatch;
    private volatile Thread thread;
    private volatile boolean sleeping;
    private volatile boolean stopRequested;
    private volatile boolean closeRequested;
    private volatile boolean closed;
    private volatile Thread ownThread;
    private volatile BiConsumer<String, Throwable> exceptionHandler = Reporting::error;

    EventLoop(String name) {
        this.name = name;
    }

    /** A new loop, not running yet; run it with {@link #runUntilComplete} and {@link #close} it. */
    public static EventLoop create() {
        return new EventLoop("loop-" + LOOP_IDS.incrementAndGet());
    }

    /** A new loop with a name (used in thread names and diagnostics). */
    public static EventLoop create(String name) {
        return new EventLoop(Objects.requireNonNull(name, "name"));
    }

    /**
     * Runs {@code main} as the task "main" on a new loop on the calling thread until it
     * completes, then cancels every task still running, closes the loop and returns main's value
     * or throws its exception, unwrapped ({@code asyncio.run}).
     *
     * <pre>{@code
     * EventLoop.run(() -> hello());     // hello() is an @Async method
     * }</pre>
     *
     * @throws IllegalStateException if called on an event-loop thread (await instead)
     * @throws Exception whatever main failed with; an {@code Error} is rethrown as is
     */
    public static <T> T run(Supplier<? extends CompletionStage<T>> main) throws Exception {
        refuseOnLoopThread("EventLoop.run()");
        EventLoop loop = create();
        try {
            return loop.runUntilComplete(main);
        } finally {
            loop.close();
        }
    }

    /**
     * Starts a loop on a new (daemon) thread that runs until {@link #close()}: for a server, or to
     * run work on a loop from code that has none.
     *
     * <pre>{@code
     * try (EventLoop loop = EventLoop.startThread("io")) {
     *     String page = loop.spawn(() -> fetch(uri)).get();   // blocking get() off the loop is fine
     * }
     * }</pre>
     */
    public static EventLoop startThread(String name) {
        EventLoop loop = create(name);
        Thread runner = new Thread(loop::runForever, "awaitj-" + name);
        runner.setDaemon(true);
        loop.ownThread = runner;
        loop.thread = runner;
        runner.start();
        return loop;
    }

    /**
     * The loop running on the calling thread ({@code asyncio.get_running_loop()}). Code under a
     * {@link Dispatch} has none (the runtime works there all the same): ask
     * {@code Task.current()} for its task's {@link Task#dispatch()}.
     *
     * @throws IllegalStateException if the calling thread is not running a loop
     */
    public static EventLoop current() {
        EventLoop loop = currentOrNull();
        if (loop == null) {
            Place place = Place.current();
            throw new IllegalStateException("no event loop runs on thread '"
                    + Thread.currentThread().getName() + "'" + (place == null
                            ? ": start one with EventLoop.run(main), or run the work under a Dispatch"
                            : "; it runs under " + place.description()
                                    + ", which runs tasks, scopes and timers as a loop does"));
        }
        return loop;
    }

    /** The loop running on the calling thread, if any. */
    public static Optional<EventLoop> find() {
        return Optional.ofNullable(currentOrNull());
    }

    static EventLoop currentOrNull() {
        Dispatcher dispatcher = Dispatcher.current();
        return dispatcher instanceof LoopDispatcher ? ((LoopDispatcher) dispatcher).loop() : null;
    }

    static void refuseOnLoopThread(String what) {
        EventLoop loop = currentOrNull();
        if (loop != null) {
            throw new IllegalStateException(what + " blocks the calling thread, and this is the"
                    + " thread of event loop '" + loop.name + "', which would stop forever:"
                    + " await the stage instead");
        }
    }

    /** The loop's name. */
    public String name() {
        return name;
    }

    /**
     * Runs {@code main} as a task on this loop, on the calling thread, until it completes;
     * returns its value or throws its exception unwrapped ({@code loop.run_until_complete}). The
     * loop stays open; other tasks pause when this returns and continue at the next call.
     *
     * @throws IllegalStateException on an event-loop thread, or if the loop is closed or running
     */
    public <T> T runUntilComplete(Supplier<? extends CompletionStage<T>> main) throws Exception {
        refuseOnLoopThread("runUntilComplete()");
        enter();
        Task<T> task;
        try {
            task = spawn("main", main);
            while (!task.isDone() && !stopRequested) {
                runOnce(true);
            }
        } finally {
            exit();
        }
        if (closeRequested) {
            close();
        }
        if (!task.isDone()) {
            task.cancel(true);
        }
        return valueOf(task);
    }

    static <T> T valueOf(CompletableFuture<T> done) throws Exception {
        try {
            return done.getNow(null);
        } catch (Throwable failure) {
            Throwable cause = Failures.unwrap(failure);
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new ExecutionException(cause);
        }
    }

    /**
     * Spawns a task that runs {@code body} on this loop, starting at the loop's next iteration
     * ({@code loop.create_task}). Safe from any thread. The loop keeps the task until it is done.
     */
    public <T> Task<T> spawn(Supplier<? extends CompletionStage<T>> body) {
        return spawn(null, body);
    }

    /** Like {@link #spawn(Supplier)}, with a name shown in diagnostics. */
    public <T> Task<T> spawn(String name, Supplier<? extends CompletionStage<T>> body) {
        return dispatcher.spawn(name, body);
    }

    /**
     * Runs {@code action} on the loop at its next iteration ({@code call_soon}, and
     * {@code call_soon_threadsafe}: this is safe from any thread).
     *
     * @throws RejectedExecutionException if the loop is closed
     */
    @Override
    public void execute(Runnable action) {
        Objects.requireNonNull(action, "action");
        if (closed) {
            throw new RejectedExecutionException("event loop '" + name + "' is closed");
        }
        if (Thread.currentThread() == thread) {
            ready.add(action);
        } else {
            incoming.add(action);
            wake();
        }
    }

    /**
     * Runs {@code action} on the loop after {@code delay} ({@code call_later}). Timers run on the
     * loop itself, never on a shared JDK delay thread. Safe from any thread.
     */
    public ScheduledCall schedule(Duration delay, Runnable action) {
        Objects.requireNonNull(action, "action");
        long deadline = nanoTime() + saturatedNanos(delay);
        ScheduledCall call = new ScheduledCall(this, deadline, action);
        if (inLoopThread()) {
            addTimer(call);
        } else {
            execute(() -> addTimer(call));
        }
        return call;
    }

    static long saturatedNanos(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            return 0;
        }
        try {
            return delay.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }

    /** The loop's monotonic clock, in nanoseconds ({@code loop.time()}); virtual in a test loop. */
    public long nanoTime() {
        return System.nanoTime();
    }

    /** Whether the calling thread is the one running this loop. */
    public boolean inLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** Whether the loop has been closed. */
    public boolean isClosed() {
        return closed;
    }

    /** The tasks spawned on this loop that are not done yet ({@code asyncio.all_tasks}). */
    public List<Task<?>> tasks() {
        List<Task<?>> live = new ArrayList<>(tasks);
        live.sort(Comparator.comparingLong(task -> task.id));
        return live;
    }

    /**
     * Handles errors nobody else can: tasks that failed with nobody awaiting them and callbacks
     * that threw ({@code loop.set_exception_handler}). The default logs them at {@code ERROR} to
     * {@code System.Logger} "dev.awaitj".
     */
    public void setExceptionHandler(BiConsumer<String, Throwable> handler) {
        this.exceptionHandler = Objects.requireNonNull(handler, "handler");
    }

    void reportError(String message, Throwable failure) {
        try {
            exceptionHandler.accept(message, failure);
        } catch (RuntimeException broken) {
            Reporting.error("the exception handler of event loop '" + name + "' threw", broken);
        }
    }

    /**
     * A dump of every task on this loop that is not done: its name and, for each async method it
     * is suspended in, the class, method, source file and line of the await it waits at
     * (innermost first). Safe from any thread; see also {@link DebugMode#dumpTasks()}.
     *
     * <pre>
     * 2 tasks on event loop 'loop-1':
     * Task 'main' (#1)
     *     at app.Main.main(Main.java:12)
     * Task 'fetch-3' (#4)
     *     at app.Pages.fetch(Pages.java:31)
     *     at app.Pages.crawl(Pages.java:20)
     * </pre>
     */
    public String dumpTasks() {
        return dispatcher.dumpTasks();
    }

    /** This loop as a {@link Dispatch}: the same one every time. */
    final Dispatch asDispatch() {
        Dispatch dispatch = asDispatch;
        if (dispatch == null) {
            asDispatch = dispatch = Dispatch.on(this);
        }
        return dispatch;
    }

    /**
     * Closes the loop: cancels the tasks still running, lets them run their cancellation
     * ({@code finally} blocks), reports failures nobody observed, and rejects further work.
     * Called on the loop's thread it stops the loop after the current step. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (inLoopThread()) {
            stopRequested = true;
            closeRequested = true;
            return;
        }
        Thread runner = ownThread;
        if (runner != null) {
            closeRequested = true;
            stopRequested = true;
            LockSupport.unpark(runner);
            boolean interrupted = false;
            while (runner.isAlive()) {
                try {
                    runner.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        enter();
        try {
            shutDown();
        } finally {
            exit();
        }
    }

    private void runForever() {
        Dispatcher previous = Dispatcher.install(dispatcher);
        try {
            while (!stopRequested) {
                runOnce(true);
            }
            shutDown();
        } finally {
            Dispatcher.install(previous);
            thread = null;
        }
    }

    private void shutDown() {
        for (Task<?> task : tasks()) {
            task.cancel(true);
        }
        for (int round = 0; round < 1000 && hasReadyWork(); round++) {
            runOnce(false);
        }
        for (FailureReport report : new ArrayList<>(unobservedFailures)) {
            report.report();
        }
        unobservedFailures.clear();
        timers.clear();
        closed = true;
        ready.clear();
        incoming.clear();
    }

    // ---- the loop itself (package-private for TestEventLoop) ----

    final void enter() {
        if (closed) {
            throw new IllegalStateException("event loop '" + name + "' is closed");
        }
        if (thread != null) {
            throw new IllegalStateException("event loop '" + name + "' is already running on thread '"
                    + thread.getName() + "'");
        }
        thread = Thread.currentThread();
        stopRequested = false;
        dispatcher.previous = Dispatcher.install(dispatcher);
        // work submitted while the loop was not running counts as the loop's own from now on
        drainIncoming();
    }

    final void exit() {
        Dispatcher.install(dispatcher.previous);
        dispatcher.previous = null;
        thread = null;
    }

    /** One iteration: take incoming work and due timers, wait if there is none, run a batch. */
    final void runOnce(boolean mayWait) {
        drainIncoming();
        collectDueTimers();
        if (ready.isEmpty() && mayWait && !stopRequested) {
            waitForWork();
            drainIncoming();
            collectDueTimers();
        }
        for (int batch = ready.size(); batch > 0; batch--) {
            Runnable step = ready.poll();
            if (step == null) {
                break;
            }
            runStep(step);
        }
    }

    final boolean hasReadyWork() {
        if (!ready.isEmpty() || !incoming.isEmpty()) {
            return true;
        }
        ScheduledCall next = nextTimer();
        return next != null && next.deadline - nanoTime() <= 0;
    }

    /** Blocks until work arrives or the next timer is due. The test loop moves virtual time. */
    void waitForWork() {
        ScheduledCall next = nextTimer();
        sleeping = true;
        try {
            if (incoming.isEmpty() && !stopRequested) {
                if (next == null) {
                    LockSupport.park(this);
                } else {
                    long delay = next.deadline - nanoTime();
                    if (delay > 0) {
                        LockSupport.parkNanos(this, delay);
                    }
                }
            }
        } finally {
            sleeping = false;
        }
    }

    final boolean incomingEmpty() {
        return incoming.isEmpty();
    }

    final void setSleeping(boolean value) {
        sleeping = value;
    }

    private void wake() {
        if (sleeping) {
            Thread runner = thread;
            if (runner != null) {
                LockSupport.unpark(runner);
            }
        }
    }

    final void drainIncoming() {
        Runnable action;
        while ((action = incoming.poll()) != null) {
            ready.add(action);
        }
    }

    final ScheduledCall nextTimer() {
        ScheduledCall next;
        while ((next = timers.peek()) != null && !next.isPending()) {
            timers.poll();
            next.queued = false;
            if (next.isCancelled()) {
                cancelledTimers = Math.max(0, cancelledTimers - 1);
            }
        }
        return next;
    }

    private void collectDueTimers() {
        long now = nanoTime();
        ScheduledCall next;
        while ((next = nextTimer()) != null && next.deadline - now <= 0) {
            timers.poll();
            next.queued = false;
            ready.add(next);
        }
    }

    private void addTimer(ScheduledCall call) {
        if (!call.isPending()) {
            return;
        }
        call.sequence = timerSequence++;
        call.queued = true;
        timers.add(call);
    }

    void timerCancelled(ScheduledCall call) {
        if (inLoopThread() && call.queued) {
            cancelledTimers++;
            if (cancelledTimers > PURGE_MINIMUM && cancelledTimers > timers.size() / 2) {
                timers.removeIf(timer -> {
                    boolean drop = !timer.isPending();
                    if (drop) {
                        timer.queued = false;
                    }
                    return drop;
                });
                cancelledTimers = 0;
            }
        }
    }

    private void runStep(Runnable step) {
        Duration threshold = DebugMode.slowStepThresholdIfEnabled();
        if (threshold == null) {
            try {
                Trampoline.runAll(step);
            } catch (Throwable failure) {
                reportError("event loop '" + name + "': a callback threw: " + step, failure);
            }
            return;
        }
        DebugHooks.beginStep();
        long start = System.nanoTime();
        try {
            Trampoline.runAll(step);
        } catch (Throwable failure) {
            reportError("event loop '" + name + "': a callback threw: " + step, failure);
        }
        long took = System.nanoTime() - start;
        String slowest = DebugHooks.slowestResumption();
        if (took > threshold.toNanos()) {
            String resumedAt = slowest == null ? "" : "; slowest async method in it: " + slowest;
            Reporting.warning("event loop '" + name + "': a step held the loop for "
                    + took / 1_000_000 + " ms (slow-step threshold " + threshold.toMillis()
                    + " ms): " + step + resumedAt);
        }
    }

    @Override
    public String toString() {
        return "EventLoop[" + name + (closed ? ", closed" : thread != null ? ", running" : "") + "]";
    }

    /**
     * The loop as the frames' dispatcher (resumptions of async methods go through it) and as the
     * place its tasks, scopes and timers run.
     */
    private final class LoopDispatcher extends Place {
        Dispatcher previous;

        @Override
        public boolean isCurrent() {
            return Thread.currentThread() == thread;
        }

        @Override
        public void execute(Runnable command) {
            EventLoop.this.execute(command);
        }

        EventLoop loop() {
            return EventLoop.this;
        }

        @Override
        void runLater(Runnable step) {
            EventLoop.this.execute(step);
        }

        @Override
        Timers.Cancellable schedule(Duration delay, Runnable action) {
            ScheduledCall call = EventLoop.this.schedule(delay, action);
            return call::cancel;
        }

        @Override
        void reportError(String message, Throwable failure) {
            EventLoop.this.reportError(message, failure);
        }

        @Override
        String description() {
            return "event loop '" + name + "'";
        }

        @Override
        Dispatch dispatch() {
            return asDispatch();
        }

        @Override
        EventLoop loopOrNull() {
            return EventLoop.this;
        }

        @Override
        void taskStarted(Task<?> task) {
            tasks.add(task);
        }

        @Override
        void taskEnded(Task<?> task) {
            tasks.remove(task);
        }

        @Override
        List<Task<?>> tasks() {
            return EventLoop.this.tasks();
        }

        @Override
        Set<FailureReport> pendingReports() {
            return unobservedFailures;
        }

        @Override
        public String toString() {
            return EventLoop.this.toString();
        }
    }
}
