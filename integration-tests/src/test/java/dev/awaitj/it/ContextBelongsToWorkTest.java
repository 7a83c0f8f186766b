package dev.awaitj.it;

import static dev.awaitj.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.awaitj.ContextValue;
import dev.awaitj.Dispatch;
import dev.awaitj.EventLoop;
import dev.awaitj.Task;
import dev.awaitj.annotation.Async;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@link ContextValue} bound inside async work is seen by that work and what it calls, and by
 * nothing that later runs on the same thread: each case on both paths, with the awaited stages
 * already complete ({@code later == false}) and completed afterwards by another thread.
 */
class ContextBelongsToWorkTest {
    private static final ContextValue<String> REQUEST = ContextValue.named("request");

    /** Stages the test completes from another thread once everything has started. */
    private final List<CompletableFuture<String>> pending = new ArrayList<>();
    private final ExecutorService pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "target"));

    @AfterEach
    void shutDown() {
        pool.shutdownNow();
    }

    private CompletionStage<String> stage(boolean later, String value) {
        if (!later) {
            return completedFuture(value);
        }
        CompletableFuture<String> future = new CompletableFuture<>();
        synchronized (pending) {
            pending.add(future);
        }
        return future.thenApply(ignored -> value);
    }

    /**
     * Completes the pending stages from another thread, round after round (the work registers
     * its next stage as it resumes, maybe on another thread), until every one of {@code work} is done.
     */
    private void completeFromAnotherThreadUntilDone(CompletableFuture<?>... work) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!CompletableFuture.allOf(work).isDone() && System.nanoTime() < deadline) {
            List<CompletableFuture<String>> now;
            synchronized (pending) {
                now = new ArrayList<>(pending);
                pending.clear();
            }
            Thread completer = new Thread(() -> now.forEach(f -> f.complete("done")), "completer");
            completer.start();
            completer.join();
            Thread.sleep(1);
        }
    }

    /** A request: binds its id, awaits three times, and records what it sees after each await. */
    @Async
    CompletableFuture<List<String>> request(String id, boolean later) {
        List<String> seen = new ArrayList<>();
        seen.add("before:" + REQUEST.get());
        try (var bound = REQUEST.bind(id)) {
            await(stage(later, "a"));
            seen.add(REQUEST.get());
            await(stage(false, "b"));
            seen.add(REQUEST.get());
            await(stage(later, "c"));
            seen.add(REQUEST.get());
        }
        seen.add("after:" + REQUEST.get());
        return completedFuture(seen);
    }

    private static List<String> expected(String id) {
        return List.of("before:null", id, id, id, "after:null");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void requestsStartedOneAfterAnotherOnAPlainThreadSeeOnlyTheirOwnValue(boolean later) throws Exception {
        CompletableFuture<List<String>> first = request("req-1", later);
        assertFalse(REQUEST.isSet(), "the plain code that started req-1 sees its binding");
        CompletableFuture<List<String>> second = request("req-2", later);
        assertFalse(REQUEST.isSet(), "the plain code that started req-2 sees its binding");
        completeFromAnotherThreadUntilDone(first, second);
        assertEquals(expected("req-1"), first.get(5, TimeUnit.SECONDS));
        assertEquals(expected("req-2"), second.get(5, TimeUnit.SECONDS));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void requestsOnAnAdoptedThreadSeeOnlyTheirOwnValue(boolean later) throws Exception {
        Dispatch dispatch = Dispatch.on(pool);
        pool.submit(dispatch::adoptCurrentThread).get(5, TimeUnit.SECONDS);
        List<CompletableFuture<List<String>>> requests = new ArrayList<>();
        List<String> plainCodeSaw = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String id = "req-" + i;
            requests.add(pool.submit(() -> {
                CompletableFuture<List<String>> started = request(id, later);
                plainCodeSaw.add(REQUEST.get());
                return started;
            }).get(5, TimeUnit.SECONDS));
        }
        completeFromAnotherThreadUntilDone(requests.toArray(CompletableFuture[]::new));
        for (int i = 1; i <= 3; i++) {
            assertEquals(expected("req-" + i), requests.get(i - 1).get(5, TimeUnit.SECONDS));
        }
        assertEquals(java.util.Arrays.asList(null, null, null), plainCodeSaw);
    }

    @Async
    CompletableFuture<String> readsAfterAnAwait(boolean later) {
        String before = REQUEST.get();
        await(stage(later, "x"));
        return completedFuture(before + "/" + REQUEST.get());
    }

    @Async
    CompletableFuture<String> bindsThenCalls(String id, boolean later) {
        try (var bound = REQUEST.bind(id)) {
            String inner = await(readsAfterAnAwait(later));
            return completedFuture(inner + "/" + REQUEST.get());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anAsyncMethodCalledDirectlySeesItsCallersBindingAcrossItsAwaits(boolean later) throws Exception {
        CompletableFuture<String> one = bindsThenCalls("req-1", later);
        CompletableFuture<String> two = bindsThenCalls("req-2", later);
        completeFromAnotherThreadUntilDone(one, two);
        assertEquals("req-1/req-1/req-1", one.get(5, TimeUnit.SECONDS));
        assertEquals("req-2/req-2/req-2", two.get(5, TimeUnit.SECONDS));
        assertFalse(REQUEST.isSet());
    }

    /** Sets a value without restoring it, then awaits: like a callee in a task, its caller shares it. */
    @Async
    CompletableFuture<Void> setsThenAwaits(String id, boolean later) {
        REQUEST.set(id);
        await(stage(later, "x"));
        return completedFuture(null);
    }

    @Async
    CompletableFuture<String> callsOneThatSets(String id, boolean later) {
        await(setsThenAwaits(id, later));
        String afterCallee = REQUEST.get();
        await(stage(later, "y"));
        return completedFuture(afterCallee + "/" + REQUEST.get());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aValueACalleeSetsBeforeItSuspendsIsSharedWithItsCallerOnly(boolean later) throws Exception {
        CompletableFuture<String> one = callsOneThatSets("req-1", later);
        assertNull(REQUEST.get(), "the plain code that started req-1 sees its callee's value");
        CompletableFuture<String> two = callsOneThatSets("req-2", later);
        assertNull(REQUEST.get());
        completeFromAnotherThreadUntilDone(one, two);
        assertEquals("req-1/req-1", one.get(5, TimeUnit.SECONDS));
        assertEquals("req-2/req-2", two.get(5, TimeUnit.SECONDS));
    }

    @Async
    CompletableFuture<String> inATask(boolean later) {
        REQUEST.set("main");
        String callee = await(bindsThenCalls("inner", later));
        String afterCallee = REQUEST.get();
        await(setsThenAwaits("set by callee", later));
        String shared = REQUEST.get();
        Task<String> spawned = Task.spawn(() -> {
            REQUEST.set("spawned");
            return readsAfterAnAwait(false);
        });
        String fromSpawned = await(spawned);
        return completedFuture(callee + " " + afterCallee + " " + shared + " " + fromSpawned
                + " " + REQUEST.get());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void inATaskCalleesShareTheTasksValuesAndASpawnedTaskHasACopy(boolean later) throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread loop = new Thread(() -> {
            try {
                result.complete(EventLoop.run(() -> inATask(later)));
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        }, "loop");
        loop.start();
        completeFromAnotherThreadUntilDone(result);
        assertEquals("inner/inner/inner main set by callee spawned/spawned set by callee",
                result.get(5, TimeUnit.SECONDS));
        loop.join(5_000);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void eachDispatchCallHasItsOwnCopyOfTheCallersValues(boolean later) throws Exception {
        Dispatch dispatch = Dispatch.on(pool);
        CompletableFuture<List<String>> one;
        CompletableFuture<List<String>> two;
        CompletableFuture<String> reads;
        try (var bound = REQUEST.bind("caller")) {
            one = dispatch.call(() -> request("req-1", later));
            two = dispatch.call(() -> request("req-2", later));
            reads = dispatch.call(() -> readsAfterAnAwait(later));
        }
        pool.submit(() -> null).get(5, TimeUnit.SECONDS); // all three started
        completeFromAnotherThreadUntilDone(one, two, reads);
        List<String> caller = List.of("before:caller", "req-1", "req-1", "req-1", "after:caller");
        assertEquals(caller, one.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("before:caller", "req-2", "req-2", "req-2", "after:caller"),
                two.get(5, TimeUnit.SECONDS));
        assertEquals("caller/caller", reads.get(5, TimeUnit.SECONDS));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void asyncWorkStartedWherePlainCodeBoundAValueStartsFromACopyOfIt(boolean later) throws Exception {
        CompletableFuture<String> started;
        try (var plain = REQUEST.bind("plain")) {
            started = bindsThenCallsAfterReading(later);
            assertEquals("plain", REQUEST.get(), "the async work changed the plain code's value");
            REQUEST.set("plain, changed");
        }
        completeFromAnotherThreadUntilDone(started);
        assertEquals("plain|own/own/own|plain", started.get(5, TimeUnit.SECONDS));
        assertNull(REQUEST.get());
    }

    @Async
    CompletableFuture<String> bindsThenCallsAfterReading(boolean later) {
        String inherited = REQUEST.get();
        String inner = await(bindsThenCalls("own", later));
        return completedFuture(inherited + "|" + inner + "|" + REQUEST.get());
    }

    /** Binds only after its first await: in the resume copy, on whichever thread resumed it. */
    @Async
    CompletableFuture<List<String>> bindsAfterAnAwait(String id, boolean later) {
        List<String> seen = new ArrayList<>();
        await(stage(later, "a"));
        seen.add("before:" + REQUEST.get());
        try (var bound = REQUEST.bind(id)) {
            await(stage(later, "b"));
            seen.add(REQUEST.get());
            await(stage(later, "c"));
            seen.add(REQUEST.get());
        }
        seen.add("after:" + REQUEST.get());
        return completedFuture(seen);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aValueBoundAfterTheFirstAwaitStaysWithTheMethodAcrossItsLaterAwaits(boolean later) throws Exception {
        CompletableFuture<List<String>> first = bindsAfterAnAwait("req-1", later);
        CompletableFuture<List<String>> second = bindsAfterAnAwait("req-2", later);
        completeFromAnotherThreadUntilDone(first, second);
        assertEquals(List.of("before:null", "req-1", "req-1", "after:null"), first.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("before:null", "req-2", "req-2", "after:null"), second.get(5, TimeUnit.SECONDS));
        assertFalse(REQUEST.isSet());
    }
}
