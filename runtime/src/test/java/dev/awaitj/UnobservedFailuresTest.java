package dev.awaitj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No failure vanishes: a {@link Dispatch#call}, {@link OffLoop} future, {@link Task} or fork that
 * fails and is dropped unobserved is reported exactly once when it becomes garbage; one whose
 * failure was observed is never reported. Each on both paths: the work fails at once
 * ({@code later == false}) or after really suspending on a stage another thread completes.
 */
class UnobservedFailuresTest {
    private final ExecutorService pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "target"));

    @AfterEach
    void shutDown() {
        pool.shutdownNow();
    }

    /** Async work that fails with {@code message}, after a real suspension if {@code later}. */
    private static CompletableFuture<Object> failing(String message, boolean later) {
        if (!later) {
            return Steps.run(() -> CompletableFuture.completedFuture("now"),
                    ignored -> CompletableFuture.failedFuture(new IllegalStateException(message)));
        }
        CompletableFuture<Object> stage = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS).execute(() -> stage.complete("later"));
        return Steps.run(() -> stage, ignored -> CompletableFuture.failedFuture(new IllegalStateException(message)));
    }

    /** Collects garbage until {@code count} lines contain {@code fragment}, then a little longer. */
    private static List<String> reportsOf(Reports reports, String fragment, int count) throws InterruptedException {
        for (int i = 0; i < 200 && matching(reports, fragment).size() < count; i++) {
            System.gc();
            Thread.sleep(10);
        }
        for (int i = 0; i < 5; i++) { // a second report would come now
            System.gc();
            Thread.sleep(10);
        }
        return matching(reports, fragment);
    }

    private static List<String> matching(Reports reports, String fragment) {
        return reports.lines.stream().filter(line -> line.contains(fragment)).toList();
    }

    /** Waits until {@code future} is garbage, so that its report, if any, is due. */
    private static void collected(WeakReference<?> future) throws InterruptedException {
        for (int i = 0; i < 200 && future.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(future.get(), "the future was never collected");
    }

    private void dropDispatchCall(String message, boolean later) throws Exception {
        Dispatch.on(pool).call(() -> failing(message, later));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aDroppedFailingDispatchCallIsReportedOnce(boolean later) throws Exception {
        try (Reports reports = new Reports()) {
            dropDispatchCall("dropped call " + later, later);
            List<String> seen = reportsOf(reports, "dropped call " + later, 1);
            assertEquals(1, seen.size(), reports.lines.toString());
            assertTrue(seen.get(0).startsWith("ERROR work started with Dispatch.call failed and nobody"
                    + " observed its future: java.lang.IllegalStateException: dropped call"), seen.get(0));
        }
    }

    @Test
    void aDispatchReportsThroughItsOwnExceptionHandler() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        try (Reports reports = new Reports()) {
            Dispatch dispatch = Dispatch.on(pool);
            dispatch.setExceptionHandler((message, failure) -> handled.add(message + ": " + failure.getMessage()));
            startDropped(dispatch);
            for (int i = 0; i < 200 && handled.isEmpty(); i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertEquals(List.of("work started with Dispatch.call failed and nobody observed its future: handled"),
                    handled);
            assertEquals(List.of(), matching(reports, "handled"));
        }
    }

    private static void startDropped(Dispatch dispatch) {
        dispatch.call(() -> failing("handled", true));
    }

    /** Each way of observing a failure, applied to the future of failing work. */
    private static final List<Consumer<CompletableFuture<Object>>> OBSERVERS = List.of(
            future -> future.handle((value, failure) -> null).join(),
            future -> {
                try {
                    future.join();
                } catch (RuntimeException expected) {
                    // seen
                }
            },
            future -> {
                future.handle((value, failure) -> null).join();
                try {
                    future.getNow(null);
                } catch (RuntimeException expected) {
                    // seen
                }
            },
            future -> {
                future.handle((value, failure) -> null).join();
                if (future instanceof WatchedFuture) {
                    ((WatchedFuture<?>) future).exceptionNow();
                } else {
                    ((Task<?>) future).exceptionNow();
                }
            });

    private WeakReference<CompletableFuture<Object>> observe(Supplier<CompletableFuture<Object>> start,
            Consumer<CompletableFuture<Object>> observer) {
        CompletableFuture<Object> future = start.get();
        observer.accept(future);
        return new WeakReference<>(future);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anObservedFailureOfDispatchCallOrOffLoopIsNeverReported(boolean later) throws Exception {
        try (Reports reports = new Reports()) {
            Dispatch dispatch = Dispatch.on(pool);
            for (Consumer<CompletableFuture<Object>> observer : OBSERVERS) {
                collected(observe(() -> dispatch.call(() -> failing("observed", later)), observer));
                collected(observe(() -> OffLoop.call(() -> {
                    throw new IllegalStateException("observed");
                }), observer));
                collected(observe(() -> OffLoop.start(pool, () -> failing("observed", later)), observer));
            }
            dropDispatchCall("control", later); // once its report is in, any other would be too
            assertEquals(1, reportsOf(reports, "control", 1).size(), reports.lines.toString());
            assertEquals(List.of(), matching(reports, "IllegalStateException: observed"));
        }
    }

    private static void dropOffLoop(boolean later) {
        OffLoop.call(() -> {
            if (later) {
                Thread.sleep(5);
            }
            throw new IllegalStateException("dropped blocking call");
        });
        OffLoop.start(Executors.newSingleThreadExecutor(), () -> failing("dropped start", later));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void droppedFailingOffLoopWorkIsReportedOnce(boolean later) throws Exception {
        try (Reports reports = new Reports()) {
            dropOffLoop(later);
            List<String> blocking = reportsOf(reports, "dropped blocking call", 1);
            assertEquals(1, blocking.size(), reports.lines.toString());
            assertTrue(blocking.get(0).startsWith("ERROR work started with OffLoop.call failed"), blocking.get(0));
            List<String> started = reportsOf(reports, "dropped start", 1);
            assertEquals(1, started.size(), reports.lines.toString());
            assertTrue(started.get(0).startsWith("ERROR work started with OffLoop.start failed"), started.get(0));
        }
    }

    @Test
    void offLoopWorkStartedOnALoopIsReportedThroughTheLoopsHandler() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        TestEventLoop loop = TestEventLoop.create();
        loop.setExceptionHandler((message, failure) -> handled.add(message + ": " + failure.getMessage()));
        loop.runUntilComplete(() -> {
            OffLoop.call(() -> {
                throw new IllegalStateException("on the loop's handler");
            });
            return CompletableFuture.completedFuture(null);
        });
        for (int i = 0; i < 200 && handled.isEmpty(); i++) {
            System.gc();
            Thread.sleep(10);
            loop.runUntilIdle();
        }
        assertEquals(List.of("work started with OffLoop.call failed and nobody observed its future:"
                + " on the loop's handler"), handled);
        loop.close();
    }

    /** Runs {@code loop} on a thread of its own until its main task is cancelled. */
    private static Thread runInBackground(EventLoop loop) {
        Thread thread = new Thread(() -> {
            try {
                loop.runUntilComplete(() -> Time.sleep(Duration.ofHours(1)));
            } catch (Exception cancelled) {
                // how the test ends it
            }
        }, "loop");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void spawnDropped(EventLoop loop, boolean later) {
        loop.spawn("dropped task", () -> failing("dropped task " + later, later));
        loop.spawn("dropper", () -> {
            TaskScope scope = TaskScope.openSupervisor();
            scope.fork("dropped fork", () -> failing("dropped fork " + later, later));
            return Steps.run(scope::join, ignored -> {
                scope.close();
                return CompletableFuture.completedFuture(null);
            });
        });
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aDroppedFailingTaskOrSupervisedForkIsReportedOnceWhileItsLoopRuns(boolean later) throws Exception {
        try (Reports reports = new Reports()) {
            EventLoop loop = EventLoop.create();
            Thread thread = runInBackground(loop);
            loop.execute(() -> spawnDropped(loop, later));
            assertEquals(1, reportsOf(reports, "dropped task " + later, 1).size(), reports.lines.toString());
            assertTrue(reports.any("task 'dropped task' failed and nobody awaited it"), reports.lines.toString());
            assertEquals(1, reportsOf(reports, "dropped fork " + later, 1).size(), reports.lines.toString());
            loop.execute(() -> loop.tasks().forEach(task -> task.cancel(true)));
            thread.join(5_000);
            loop.close();
            assertEquals(1, matching(reports, "dropped task " + later).size(), "reported again as the loop closed");
            assertEquals(1, matching(reports, "dropped fork " + later).size(), "reported again as the loop closed");
        }
    }

    private static WeakReference<CompletableFuture<Object>> observedTask(EventLoop loop,
            Consumer<CompletableFuture<Object>> observer, boolean later) throws Exception {
        CompletableFuture<Task<Object>> spawned = new CompletableFuture<>();
        loop.execute(() -> spawned.complete(loop.spawn(() -> failing("observed task", later))));
        Task<Object> task = spawned.get(5, TimeUnit.SECONDS);
        observer.accept(task);
        return new WeakReference<>(task);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anObservedTaskFailureIsNeverReported(boolean later) throws Exception {
        try (Reports reports = new Reports()) {
            EventLoop loop = EventLoop.create();
            Thread thread = runInBackground(loop);
            for (Consumer<CompletableFuture<Object>> observer : OBSERVERS) {
                collected(observedTask(loop, observer, later));
            }
            loop.execute(() -> spawnDropped(loop, later)); // the control
            assertEquals(1, reportsOf(reports, "dropped task " + later, 1).size(), reports.lines.toString());
            assertEquals(List.of(), matching(reports, "observed task"));
            loop.execute(() -> loop.tasks().forEach(task -> task.cancel(true)));
            thread.join(5_000);
            loop.close();
            assertEquals(List.of(), matching(reports, "observed task"));
        }
    }

    /** Not a failure: a cancelled, dropped Dispatch.call future is never reported. */
    @Test
    void aCancellationIsNotReported() throws Exception {
        try (Reports reports = new Reports()) {
            cancelDropped();
            dropDispatchCall("control", true);
            assertEquals(1, reportsOf(reports, "control", 1).size(), reports.lines.toString());
            assertEquals(1, matching(reports, "Dispatch.call failed").size(), reports.lines.toString());
        }
    }

    private void cancelDropped() {
        CompletableFuture<Object> never = new CompletableFuture<>();
        Dispatch.on(pool).call(() -> Steps.run(() -> (CompletionStage<Object>) never)).cancel(true);
    }
}
