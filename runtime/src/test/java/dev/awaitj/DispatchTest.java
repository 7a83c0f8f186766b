package dev.awaitj;

import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Dispatch}: emulated async methods ({@link Steps}, real frames) started under a dispatch
 * resume on its executor, on both paths, and so do the async methods they start.
 */
class DispatchTest {
    private final ExecutorService pool = Executors.newSingleThreadExecutor(
            task -> new Thread(null, task, "dispatched", 256 * 1024));
    private final Thread poolThread = onPool(Thread::currentThread);
    private final Dispatch dispatch = Dispatch.on(pool);

    @AfterEach
    void shutDown() {
        pool.shutdownNow();
    }

    @Test
    void workStartedFromElsewhereRunsOnTheExecutorAndResumesThereAfterARealSuspension() throws Exception {
        CompletableFuture<String> later = new CompletableFuture<>();
        List<Thread> seen = new ArrayList<>();
        CompletableFuture<String> result = dispatch.call(() -> {
            seen.add(Thread.currentThread());
            return Steps.run(() -> later, value -> {
                seen.add(Thread.currentThread());
                return completedFuture(value + " resumed");
            });
        });
        onPool(() -> null); // the start has run: the method waits at its await
        assertFalse(result.isDone());
        later.complete("value"); // from the test thread
        assertEquals("value resumed", result.get(5, TimeUnit.SECONDS));
        assertEquals(List.of(poolThread, poolThread), seen);
    }

    @Test
    void anAlreadyCompleteStageContinuesInlineOnTheExecutor() throws Exception {
        CompletableFuture<Thread> result = dispatch.call(() -> Steps.run(
                () -> completedFuture("done"), value -> completedFuture(Thread.currentThread())));
        assertSame(poolThread, result.get(5, TimeUnit.SECONDS));
    }

    @Test
    void asyncMethodsFirstSuspendingAfterAResumptionResumeOnTheExecutorToo() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        List<Thread> seen = new ArrayList<>();
        CompletableFuture<String> result = dispatch.call(() -> Steps.run(() -> first,
                value -> Steps.run(() -> second, inner -> { // frame made on the resumed thread
                    seen.add(Thread.currentThread());
                    return completedFuture((String) value + inner);
                }),
                both -> {
                    seen.add(Thread.currentThread());
                    return completedFuture((String) both);
                }));
        CompletableFuture.runAsync(() -> first.complete("a")).join();
        onPool(() -> null);
        CompletableFuture.runAsync(() -> second.complete("b")).join();
        assertEquals("ab", result.get(5, TimeUnit.SECONDS));
        assertEquals(List.of(poolThread, poolThread), seen);
    }

    @Test
    void onASerialDispatchAStageCompletedByAnotherOfItsTasksResumesInlineWithNoTaskSubmitted() throws Exception {
        AtomicInteger submitted = new AtomicInteger();
        Dispatch counting = Dispatch.on(counting(submitted), () -> Thread.currentThread() == poolThread);
        CompletableFuture<String> later = new CompletableFuture<>();
        CompletableFuture<String> result = counting.call(() -> Steps.run(() -> later,
                value -> completedFuture(value + " on " + Thread.currentThread().getName())));
        onPool(() -> null);
        counting.execute(() -> {
            assertTrue(counting.isCurrent());
            later.complete("v"); // the resumption runs when this task returns, still in it
        });
        assertEquals("v on dispatched", result.get(5, TimeUnit.SECONDS));
        assertEquals(2, submitted.get()); // the start and the completing task; none to resume
        assertFalse(counting.isCurrent());
    }

    @Test
    void onAPoolDispatchAResumptionRunsInlineOnlyInsideItsOwnUnitOfWork() throws Exception {
        AtomicInteger submitted = new AtomicInteger();
        Dispatch counting = Dispatch.on(counting(submitted));
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletableFuture<String> result = counting.call(() -> Steps.run(() -> first,
                value -> {
                    second.complete("own"); // completed by the unit itself: continues inline
                    return second;
                },
                value -> completedFuture(value + " on " + Thread.currentThread().getName())));
        onPool(() -> null);
        assertEquals(1, submitted.get());
        counting.execute(() -> first.complete("v")); // another unit: the call's own resumes in its unit
        assertEquals("own on dispatched", result.get(5, TimeUnit.SECONDS));
        assertEquals(3, submitted.get()); // the start, the completing unit, the resumption; none for "own"
    }

    @Test
    void aResumptionCompletedOnTheExecutorsThreadOutsideItsTasksRunsInlineWhenTheThreadTestSaysSo() throws Exception {
        AtomicInteger submitted = new AtomicInteger();
        Executor counting = counting(submitted);
        Dispatch known = Dispatch.on(counting, () -> Thread.currentThread() == poolThread);
        Dispatch unknown = Dispatch.on(counting);
        for (Dispatch dispatch : List.of(known, unknown)) {
            submitted.set(0);
            CompletableFuture<String> later = new CompletableFuture<>();
            CompletableFuture<String> result = dispatch.call(() -> Steps.run(() -> later,
                    value -> completedFuture(value + (dispatch.isCurrent() ? " under it" : " outside"))));
            onPool(() -> null);
            // the framework's own callback on its thread (a timer, I/O), in no dispatched task
            pool.execute(() -> later.complete("v"));
            assertEquals("v under it", result.get(5, TimeUnit.SECONDS));
            assertEquals(dispatch == known ? 1 : 2, submitted.get(), dispatch.toString());
        }
    }

    @Test
    void aLongChainOfAwaitingCallersCompletesWithoutGrowingTheStack() throws Exception {
        int depth = 100_000; // on a 256 KB stack: recursion would overflow far sooner
        CompletableFuture<Integer> bottom = new CompletableFuture<>();
        CompletableFuture<CompletableFuture<Integer>> top = new CompletableFuture<>();
        dispatch.execute(() -> {
            CompletableFuture<Integer> caller = bottom;
            for (int i = 0; i < depth; i++) {
                CompletableFuture<Integer> callee = caller;
                caller = Steps.run(() -> callee, value -> completedFuture((Integer) value + 1));
            }
            top.complete(caller);
        });
        CompletableFuture<Integer> chain = top.get(5, TimeUnit.SECONDS);
        dispatch.execute(() -> bottom.complete(0));
        assertEquals(depth, chain.get(10, TimeUnit.SECONDS));
    }

    @Test
    void theCallerOfABlockResumesOnItsOwnLoopLikeWithContext() throws Exception {
        Thread test = Thread.currentThread();
        CompletableFuture<String> later = new CompletableFuture<>();
        String result = EventLoop.run(() -> Steps.run(
                () -> {
                    CompletableFuture<String> block = dispatch.call(() -> Steps.run(() -> later,
                            value -> completedFuture(value + "@" + Thread.currentThread().getName())));
                    CompletableFuture.runAsync(() -> later.complete("inner"));
                    return block;
                },
                inner -> completedFuture(inner + ", then loop: " + (Thread.currentThread() == test))));
        assertEquals("inner@dispatched, then loop: true", result);
    }

    @Test
    void contextValuesFollowTheWorkOntoTheExecutorAndAcrossItsAwaits() throws Exception {
        ContextValue<String> user = ContextValue.named("user");
        CompletableFuture<String> later = new CompletableFuture<>();
        CompletableFuture<String> result;
        try (ContextValue.Binding ignored = user.bind("ada")) {
            result = dispatch.call(() -> Steps.run(() -> later,
                    value -> completedFuture(value + " as " + user.get())));
        }
        onPool(() -> null);
        later.complete("resumed");
        assertEquals("resumed as ada", result.get(5, TimeUnit.SECONDS));
        assertEquals("unset", onPool(() -> user.isSet() ? user.get() : "unset"));
    }

    @Test
    void aShutDownExecutorFailsTheStartInsteadOfDroppingIt() {
        pool.shutdown();
        CompletableFuture<Object> result = dispatch.call(() -> completedFuture("never"));
        ExecutionException failed = assertThrows(ExecutionException.class, result::get);
        assertInstanceOf(RejectedExecutionException.class, failed.getCause());
    }

    @Test
    void aResumptionTheExecutorRefusesFailsTheMethodsFuture() throws Exception {
        CompletableFuture<String> later = new CompletableFuture<>();
        CompletableFuture<String> result = dispatch.call(() -> Steps.run(() -> later,
                value -> completedFuture("resumed")));
        onPool(() -> null);
        pool.shutdown();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        later.complete("too late");
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> result.get(5, TimeUnit.SECONDS));
        assertInstanceOf(RejectedExecutionException.class, failed.getCause());
    }

    @Test
    void anyOtherExceptionFromTheExecutorIsARejection() {
        IllegalStateException closed = new IllegalStateException("closed");
        Dispatch broken = Dispatch.on(task -> {
            throw closed;
        });
        RejectedExecutionException refused = assertThrows(RejectedExecutionException.class,
                () -> broken.execute(() -> { }));
        assertSame(closed, refused.getCause());
    }

    @Test
    void withAThreadTestCallStartsInlineOnTheExecutorsOwnThread() throws Exception {
        Dispatch known = Dispatch.on(pool, () -> Thread.currentThread() == poolThread);
        CompletableFuture<String> later = new CompletableFuture<>();
        List<String> order = new ArrayList<>();
        CompletableFuture<String> result = onPool(() -> {
            CompletableFuture<String> started = known.call(() -> {
                order.add("started");
                return Steps.run(() -> later, value -> completedFuture(Thread.currentThread().getName()));
            });
            order.add("call returned");
            assertFalse(known.isCurrent()); // the dispatch was installed only for the start
            return started;
        });
        assertEquals(List.of("started", "call returned"), order);
        later.complete("x");
        assertEquals("dispatched", result.get(5, TimeUnit.SECONDS));
    }

    @Test
    void anAdoptedThreadResumesEverythingStartedOnItThroughTheExecutor() throws Exception {
        Dispatch adopted = Dispatch.on(pool, () -> Thread.currentThread() == poolThread);
        onPool(() -> {
            adopted.adoptCurrentThread();
            return null;
        });
        CompletableFuture<String> later = new CompletableFuture<>();
        CompletableFuture<String> result = onPool(() -> Steps.run(() -> later, // no dispatch.call
                value -> completedFuture(value + "@" + Thread.currentThread().getName())));
        assertTrue(onPool(adopted::isCurrent));
        CompletableFuture.runAsync(() -> later.complete("v")).join();
        assertEquals("v@dispatched", result.get(5, TimeUnit.SECONDS));
        IllegalStateException wrongThread = assertThrows(IllegalStateException.class,
                adopted::adoptCurrentThread);
        assertTrue(wrongThread.getMessage().contains("is not a thread of"), wrongThread.getMessage());
    }

    @Test
    void aDispatchOnAnAwaitjLoopSpawnsATaskThereOrRunsInlineOnIt() throws Exception {
        try (EventLoop loop = EventLoop.startThread("dispatch-target")) {
            Dispatch onLoop = Dispatch.on(loop);
            CompletableFuture<String> later = new CompletableFuture<>();
            CompletableFuture<String> result = onLoop.call(() -> Steps.run(() -> later,
                    value -> completedFuture(Task.current().isPresent() + "@" + Thread.currentThread().getName())));
            later.complete("v");
            assertEquals("true@awaitj-dispatch-target", result.get(5, TimeUnit.SECONDS));
            CompletableFuture<Boolean> inline = loop.spawn(() -> {
                boolean[] ranNow = new boolean[1];
                onLoop.call(() -> {
                    ranNow[0] = true;
                    return completedFuture(null);
                });
                return completedFuture(ranNow[0] && onLoop.isCurrent());
            });
            assertTrue(inline.get(5, TimeUnit.SECONDS));
            assertThrows(IllegalArgumentException.class, onLoop::adoptCurrentThread);
        }
    }

    @Test
    void cancellingTheResultCancelsTheWorkAtItsAwait() throws Exception {
        CompletableFuture<String> later = new CompletableFuture<>();
        CompletableFuture<String> result = dispatch.call(() -> Steps.run(() -> later,
                value -> completedFuture("not reached")));
        onPool(() -> null);
        assertTrue(result.cancel(true));
        assertTrue(later.isCancelled());
    }

    /** The pool, counting the tasks given to it. */
    private Executor counting(AtomicInteger submitted) {
        return task -> {
            submitted.incrementAndGet();
            pool.execute(task);
        };
    }

    private <T> T onPool(java.util.concurrent.Callable<T> work) {
        try {
            return pool.submit(work).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
