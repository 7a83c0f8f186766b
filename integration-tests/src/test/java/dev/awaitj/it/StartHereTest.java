package dev.awaitj.it;

import static dev.awaitj.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.ContextValue;
import dev.awaitj.Dispatch;
import dev.awaitj.annotation.Async;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Dispatch#startHere}: the work starts on the calling executor thread, its own future is
 * returned (nothing wraps it), and it resumes on the executor after every await, as under
 * {@code call}.
 */
class StartHereTest {
    private static final ContextValue<String> REQUEST = ContextValue.named("request");
    private final ExecutorService pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "target"));
    private final Dispatch target = Dispatch.on(pool, () -> Thread.currentThread().getName().equals("target"));
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void shutDown() {
        pool.shutdownNow();
    }

    @Async
    CompletableFuture<String> twoAwaits(CompletionStage<String> first, CompletionStage<String> second) {
        seen.add("started@" + Thread.currentThread().getName() + " sees " + REQUEST.get());
        String a = await(first) + "@" + Thread.currentThread().getName();
        String b = await(second) + "@" + Thread.currentThread().getName();
        return completedFuture(a + " " + b + " sees " + REQUEST.get());
    }

    /** Runs {@code body} on the executor's thread, outside any dispatch, and returns what it returned. */
    private <T> T onTarget(Supplier<T> body) throws Exception {
        return pool.submit(body::get).get(5, TimeUnit.SECONDS);
    }

    @Test
    void alreadyCompleteStagesRunToTheEndBeforeItReturns() throws Exception {
        AtomicReference<CompletableFuture<String>> made = new AtomicReference<>();
        CompletionStage<String> started = onTarget(() -> target.startHere(() -> {
            made.set(twoAwaits(completedFuture("a"), completedFuture("b")));
            return made.get();
        }));
        assertSame(made.get(), started, "the work's own future, not a wrapper");
        assertTrue(made.get().isDone());
        assertEquals("a@target b@target sees null", made.get().get());
    }

    @Test
    void suspendedWorkResumesOnTheExecutorWithItsContext() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        AtomicReference<CompletableFuture<String>> made = new AtomicReference<>();
        CompletionStage<String> started = onTarget(() -> {
            try (ContextValue.Binding ignored = REQUEST.bind("req-1")) {
                return target.startHere(() -> {
                    made.set(twoAwaits(first, second));
                    return made.get();
                });
            }
        });
        assertSame(made.get(), started);
        assertEquals(List.of("started@target sees req-1"), seen);
        assertFalse(made.get().isDone());
        Thread completer = new Thread(() -> {
            first.complete("a");
            second.complete("b");
        }, "completer");
        completer.start();
        assertEquals("a@target b@target sees req-1", made.get().get(5, TimeUnit.SECONDS));
        assertNull(onTarget(REQUEST::get), "the work's binding stays with the work");
    }

    @Async
    CompletableFuture<String> bindsThenAwaits(String id, CompletionStage<String> later) {
        REQUEST.set(id);
        String value = await(later);
        return completedFuture(value + " sees " + REQUEST.get() + "@" + Thread.currentThread().getName());
    }

    @Test
    void whatTheWorkBindsIsItsOwnAcrossItsAwaits() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletionStage<String> one = onTarget(() -> target.startHere(() -> bindsThenAwaits("req-1", first)));
        CompletionStage<String> two = onTarget(() -> target.startHere(() -> bindsThenAwaits("req-2", second)));
        assertNull(onTarget(REQUEST::get), "nothing later on the thread sees a request's value");
        second.complete("b");
        first.complete("a");
        assertEquals("a sees req-1@target", one.toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("b sees req-2@target", two.toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertNull(onTarget(REQUEST::get));
    }

    @Async
    CompletableFuture<Void> cleansUp(CompletableFuture<String> never) {
        try {
            await(never);
        } finally {
            seen.add("finally@" + Thread.currentThread().getName());
        }
        return completedFuture(null);
    }

    @Test
    void cancellingTheReturnedStageCancelsTheWorkAndItsFinallyRunsOnTheExecutor() throws Exception {
        CompletionStage<Void> started = onTarget(() -> target.startHere(() -> cleansUp(new CompletableFuture<>())));
        CompletableFuture<Void> work = started.toCompletableFuture();
        Thread canceller = new Thread(() -> work.cancel(true), "canceller");
        canceller.start();
        canceller.join();
        assertThrows(CancellationException.class, () -> work.get(5, TimeUnit.SECONDS));
        onTarget(() -> null); // the cleanup was submitted to the executor before this
        assertEquals(List.of("finally@target"), seen);
    }

    @Test
    void whatTheWorkThrowsOrANullStageIsAFailedStage() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        CompletionStage<Object> thrown = onTarget(() -> target.startHere(() -> {
            throw boom;
        }));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> thrown.toCompletableFuture().get());
        assertSame(boom, failure.getCause());
        CompletionStage<Object> none = onTarget(() -> target.startHere(() -> null));
        failure = assertThrows(ExecutionException.class, () -> none.toCompletableFuture().get());
        assertInstanceOf(NullPointerException.class, failure.getCause());
        assertEquals("the work returned null", failure.getCause().getMessage());
    }

    @Test
    void offTheExecutorsThreadItIsAnErrorThatNamesCall() {
        IllegalStateException wrongThread = assertThrows(IllegalStateException.class,
                () -> target.startHere(() -> completedFuture("x")));
        assertTrue(wrongThread.getMessage().contains("thread '" + Thread.currentThread().getName() + "'"),
                wrongThread.getMessage());
        assertTrue(wrongThread.getMessage().contains("use call(work), which submits it"), wrongThread.getMessage());
        assertThrows(IllegalStateException.class, () -> Dispatch.on(pool).startHere(() -> completedFuture("x")),
                "a dispatch without a thread test cannot tell it is on its executor");
    }
}
