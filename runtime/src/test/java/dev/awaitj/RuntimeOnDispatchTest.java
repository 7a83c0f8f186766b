package dev.awaitj;

import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the runtime does under a {@link Dispatch} on a plain executor, with emulated async methods
 * ({@link Steps}): where its timers are scheduled and where they resume, what a task says about
 * where it runs, and the error for code that runs under neither a loop nor a dispatch.
 */
class RuntimeOnDispatchTest {
    /** A one-thread scheduler that counts the timers given to it (execute() is a zero delay). */
    private static final class CountingScheduler extends ScheduledThreadPoolExecutor {
        final AtomicInteger timers = new AtomicInteger();
        volatile Thread thread;

        CountingScheduler() {
            super(1, task -> new Thread(task, "scheduler"));
            setRemoveOnCancelPolicy(true);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            if (delay > 0) {
                timers.incrementAndGet();
            }
            return super.schedule(command, delay, unit);
        }
    }

    private final CountingScheduler scheduler = new CountingScheduler();
    private final ExecutorService plain = Executors.newSingleThreadExecutor(task -> new Thread(task, "plain"));

    @AfterEach
    void shutDown() {
        scheduler.shutdownNow();
        plain.shutdownNow();
    }

    private Thread schedulerThread() throws Exception {
        return scheduler.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
    }

    /** Whether the calling code runs under {@code dispatch}, and on which thread. */
    private static CompletableFuture<String> where(Dispatch dispatch) {
        return completedFuture((dispatch.isCurrent() ? "under it" : "outside") + " on "
                + Thread.currentThread().getName());
    }

    @Test
    void timersGoToTheExecutorsOwnSchedulerAndResumeUnderTheDispatchWithNoSubmission() throws Exception {
        Thread own = schedulerThread();
        Dispatch dispatch = Dispatch.on(scheduler, () -> Thread.currentThread() == own);
        long submittedBefore = scheduler.getTaskCount();
        CompletableFuture<String> slept = dispatch.call(() -> Steps.run(
                () -> Time.sleep(Duration.ofMillis(5)), ignored -> where(dispatch)));
        assertEquals("under it on scheduler", slept.get(5, TimeUnit.SECONDS));
        assertEquals(1, scheduler.timers.get());
        // the call's start and the timer: the timer's action resumed the method inline
        assertEquals(submittedBefore + 2, scheduler.getTaskCount());

        CompletableFuture<String> later = new CompletableFuture<>();
        CompletableFuture<String> timed = dispatch.call(() -> Time.withTimeout(later, Duration.ofHours(1)));
        scheduler.submit(() -> null).get(5, TimeUnit.SECONDS);
        assertEquals(2, scheduler.timers.get());
        assertEquals(1, scheduler.getQueue().size()); // the hour-long timer
        later.complete("in time");
        assertEquals("in time", timed.get(5, TimeUnit.SECONDS));
        assertEquals(0, scheduler.getQueue().size()); // cancelled, and removed
    }

    @Test
    void aTimerFunctionGivenToTheDispatchSchedulesItsTimersAndTheirActionsRunUnderIt() throws Exception {
        Thread own = plain.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
        List<Duration> asked = new CopyOnWriteArrayList<>();
        AtomicInteger cancelled = new AtomicInteger();
        Dispatch.Timer framework = (delay, action) -> {
            asked.add(delay);
            ScheduledFuture<?> future = scheduler.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> {
                cancelled.incrementAndGet();
                future.cancel(false);
            };
        };
        Dispatch dispatch = Dispatch.on(plain, () -> Thread.currentThread() == own).withTimer(framework);
        // the framework fires the timer on a thread of its own: the action hops to the executor
        CompletableFuture<String> slept = dispatch.call(() -> Steps.run(
                () -> Time.sleep(Duration.ofMillis(3)), ignored -> where(dispatch)));
        assertEquals("under it on plain", slept.get(5, TimeUnit.SECONDS));
        CompletableFuture<String> later = new CompletableFuture<>();
        CompletableFuture<String> timed = dispatch.call(() -> Time.withTimeout(later, Duration.ofHours(1)));
        plain.submit(() -> null).get(5, TimeUnit.SECONDS);
        later.complete("in time");
        assertEquals("in time", timed.get(5, TimeUnit.SECONDS));
        assertEquals(List.of(Duration.ofMillis(3), Duration.ofHours(1)), asked);
        assertEquals(1, cancelled.get());
        assertThrows(IllegalArgumentException.class,
                () -> Dispatch.on(EventLoop.create()).withTimer(framework));
    }

    @Test
    void withoutASchedulerTimersRunOnTheRuntimesTimerThreadAndResumeOnThePool() throws Exception {
        Dispatch dispatch = Dispatch.on(plain);
        CompletableFuture<String> slept = dispatch.call(() -> Steps.run(
                () -> Time.sleep(Duration.ofMillis(3)), ignored -> where(dispatch)));
        assertEquals("under it on plain", slept.get(5, TimeUnit.SECONDS));
        CompletableFuture<String> yielded = dispatch.call(() -> Steps.run(
                Time::yieldNow, ignored -> where(dispatch)));
        assertEquals("under it on plain", yielded.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aTaskUnderADispatchSaysWhereItRunsAndRefusesABlockingJoinOnItsThread() throws Exception {
        Thread own = plain.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
        Dispatch dispatch = Dispatch.on(plain, () -> Thread.currentThread() == own);
        CompletableFuture<String> never = new CompletableFuture<>();
        CompletableFuture<Task<String>> spawned = dispatch.call(() -> completedFuture(
                Task.spawn("child", () -> Steps.run(() -> never, value -> completedFuture("done")))));
        Task<String> child = spawned.get(5, TimeUnit.SECONDS);
        assertSame(dispatch, child.dispatch());
        IllegalStateException noLoop = assertThrows(IllegalStateException.class, child::loop);
        assertEquals("task 'child' runs under " + dispatch + ", not on an awaitj EventLoop: see"
                + " Task.dispatch()", noLoop.getMessage());
        String dump = dispatch.call(() -> completedFuture(DebugMode.dumpTasks())).get(5, TimeUnit.SECONDS);
        assertTrue(dump.startsWith("1 task on " + dispatch + ":\nTask 'child'"), dump);
        IllegalStateException blocking = dispatch.call(() -> completedFuture(
                assertThrows(IllegalStateException.class, child::join))).get(5, TimeUnit.SECONDS);
        assertEquals("join() of task 'child' on the thread of its own " + dispatch
                + " would block it forever: await the task instead", blocking.getMessage());
        assertFalse(child.isDone());
        never.complete("now");
        assertEquals("done", child.get(5, TimeUnit.SECONDS)); // off the dispatch: blocking is fine
    }

    @Test
    void aFailedTaskUnderADispatchThatNobodyObservedIsReportedWhenItBecomesGarbage() throws Exception {
        try (Reports reports = new Reports()) {
            Dispatch dispatch = Dispatch.on(plain);
            dispatch.call(() -> {
                Task.spawn("forgotten", () -> CompletableFuture.failedFuture(new IllegalStateException("lost?")));
                return completedFuture(null);
            }).get(5, TimeUnit.SECONDS);
            plain.submit(() -> null).get(5, TimeUnit.SECONDS); // the task started, failed and settled
            plain.submit(() -> null).get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 100 && !reports.any("task 'forgotten' failed"); i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertTrue(reports.any("task 'forgotten' failed and nobody awaited it: "
                    + "java.lang.IllegalStateException: lost?"), reports.lines.toString());
        }
    }

    @Test
    void aTaskOnALoopNamesTheLoopsOwnDispatch() throws Exception {
        try (EventLoop loop = EventLoop.startThread("place")) {
            Task<String> one = loop.spawn(() -> completedFuture("one"));
            Task<String> two = loop.spawn(() -> completedFuture("two"));
            assertSame(loop, one.loop());
            assertSame(one.dispatch(), two.dispatch());
            assertSame(loop, one.dispatch().executor());
            assertEquals("two", two.get(5, TimeUnit.SECONDS));
        }
    }

    /** What the steps of many tasks saw: overlaps within a task, steps run, tasks in parallel. */
    private static final class Census {
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger steps = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostRunning = new AtomicInteger();

        /** One step of a task whose steps now inside it are counted by {@code inside}. */
        void step(AtomicInteger inside) {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            for (int spin = 0; spin < 2_000; spin++) {
                Thread.onSpinWait(); // long enough for another thread to come in, were it allowed
            }
            steps.incrementAndGet();
            running.decrementAndGet();
            inside.decrementAndGet();
        }
    }

    /** An async method awaiting {@code rounds} stages completed by {@code completers}. */
    @SuppressWarnings("unchecked")
    private static CompletableFuture<Object> chain(ExecutorService completers, Census census,
            AtomicInteger inside, int rounds) {
        Function<Object, CompletableFuture<?>> step = ignored -> {
            census.step(inside);
            return CompletableFuture.supplyAsync(() -> null, completers);
        };
        Function<Object, CompletableFuture<?>>[] then = new Function[rounds];
        Arrays.fill(then, step);
        return Steps.run(() -> CompletableFuture.supplyAsync(() -> null, completers), then);
    }

    @Test
    void onAPoolEachTasksStepsRunOneAtATimeWhileTasksRunInParallelAndNoStepIsLost() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4, task -> new Thread(task, "pool"));
        ExecutorService completers = Executors.newFixedThreadPool(3);
        try {
            Dispatch dispatch = Dispatch.on(pool);
            int tasks = 40;
            int chains = 4;
            int rounds = 30;
            Census census = new Census();
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                all.add(dispatch.call(() -> Task.spawn(() -> {
                    AtomicInteger inside = new AtomicInteger();
                    List<CompletableFuture<Object>> concurrent = new ArrayList<>();
                    for (int c = 0; c < chains; c++) {
                        concurrent.add(chain(completers, census, inside, rounds));
                    }
                    return Futures.all(concurrent);
                })));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(0, census.overlaps.get(), "steps of one task overlapped");
            assertEquals(tasks * chains * rounds, census.steps.get());
            assertTrue(census.mostRunning.get() > 1, "different tasks never ran in parallel on the pool");
        } finally {
            pool.shutdownNow();
            completers.shutdownNow();
        }
    }

    @Test
    void codeUnderNeitherALoopNorADispatchIsToldBothWaysIn() {
        String advice = "needs an event loop or a dispatch to run on, and thread '"
                + Thread.currentThread().getName() + "' runs under neither: start the work with"
                + " EventLoop.run(main), or under a Dispatch on the executor this thread belongs to"
                + " (dispatch.call(() -> work()), or dispatch.adoptCurrentThread() once on each of a"
                + " framework's threads)";
        List<Supplier<Object>> attempts = List.of(
                () -> Task.spawn(() -> completedFuture(null)),
                TaskScope::open,
                TaskScope::openSupervisor,
                () -> TaskScope.run(scope -> completedFuture(null)),
                () -> TaskScope.runSupervisor(scope -> completedFuture(null)),
                DebugMode::dumpTasks);
        List<String> names = List.of("Task.spawn()", "TaskScope.open()", "TaskScope.openSupervisor()",
                "TaskScope.run()", "TaskScope.runSupervisor()", "DebugMode.dumpTasks()");
        for (int i = 0; i < attempts.size(); i++) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, attempts.get(i)::get);
            assertEquals(names.get(i) + " " + advice, refused.getMessage());
        }
    }

    @Test
    void eventLoopCurrentUnderADispatchSaysTheRuntimeWorksThere() throws Exception {
        Dispatch dispatch = Dispatch.on(plain);
        IllegalStateException none = dispatch.call(() -> completedFuture(
                assertThrows(IllegalStateException.class, EventLoop::current))).get(5, TimeUnit.SECONDS);
        assertEquals("no event loop runs on thread 'plain'; it runs under " + dispatch
                + ", which runs tasks, scopes and timers as a loop does", none.getMessage());
        IllegalStateException nowhere = assertThrows(IllegalStateException.class, EventLoop::current);
        assertTrue(nowhere.getMessage().endsWith(": start one with EventLoop.run(main), or run the"
                + " work under a Dispatch"), nowhere.getMessage());
    }
}
