package dev.awaitj.it;

import static dev.awaitj.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.AsyncBarrier;
import dev.awaitj.AsyncCondition;
import dev.awaitj.AsyncEvent;
import dev.awaitj.AsyncLock;
import dev.awaitj.AsyncSemaphore;
import dev.awaitj.Channel;
import dev.awaitj.Dispatch;
import dev.awaitj.Futures;
import dev.awaitj.Permit;
import dev.awaitj.Task;
import dev.awaitj.TaskScope;
import dev.awaitj.Time;
import dev.awaitj.annotation.Async;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole runtime under a {@link Dispatch} that is not an awaitj {@code EventLoop}, as users
 * write it: task scopes in both forms, spawned tasks, sleeps, timeouts, yields, the primitives and
 * channels, on a serial executor (one thread, with a thread test, as a Netty loop or a Vert.x
 * context) and on a pool (four threads, no test), each on the already-complete and the really
 * suspended path. After every await the code checks that it runs under the dispatch.
 */
class RuntimeUnderDispatchTest {
    enum Kind { SERIAL, POOL }

    private ExecutorService executor;
    private Dispatch dispatch;
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private void start(Kind kind) {
        AtomicInteger threads = new AtomicInteger();
        if (kind == Kind.SERIAL) {
            executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "serial"));
            Thread[] own = new Thread[1];
            try {
                executor.submit(() -> own[0] = Thread.currentThread()).get();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            dispatch = Dispatch.on(executor, () -> Thread.currentThread() == own[0]);
        } else {
            executor = Executors.newFixedThreadPool(4,
                    task -> new Thread(task, "pool-" + threads.incrementAndGet()));
            dispatch = Dispatch.on(executor);
        }
    }

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
    }

    private <T> T run(java.util.function.Supplier<? extends CompletionStage<T>> work) throws Exception {
        T result = dispatch.call(work).get(10, TimeUnit.SECONDS);
        assertTrue(problems.isEmpty(), problems.toString());
        return result;
    }

    private void check(String where) {
        if (!dispatch.isCurrent()) {
            problems.add(where + ": on " + Thread.currentThread().getName() + ", not under the dispatch");
        }
    }

    /** A stage completed by another thread a little later, or one already complete. */
    private static <T> CompletableFuture<T> value(T value, boolean suspend) {
        if (!suspend) {
            return completedFuture(value);
        }
        CompletableFuture<T> later = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS).execute(() -> later.complete(value));
        return later;
    }

    // ---- task scopes ----

    @Async
    CompletableFuture<String> fetch(String name, boolean suspend) {
        String value = await(value(name, suspend));
        check("fetch " + name);
        return completedFuture(value);
    }

    @Async
    CompletableFuture<String> page(boolean suspend) {
        try (TaskScope scope = TaskScope.open()) {
            Task<String> user = scope.fork(() -> fetch("user", suspend));
            Task<String> posts = scope.fork(() -> fetch("posts", suspend));
            await(scope.join());
            check("after join");
            return completedFuture(await(user) + "+" + await(posts) + ", forks under it: "
                    + (user.dispatch() == dispatch && posts.dispatch() == dispatch));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aScopeBlockForksUnderTheDispatchAndJoinsThem(Kind kind) throws Exception {
        start(kind);
        assertEquals("user+posts, forks under it: true", run(() -> page(false)));
        assertEquals("user+posts, forks under it: true", run(() -> page(true)));
    }

    /** A failure in a fork: the sibling, waiting deep inside a call, is cancelled and cleans up. */
    static final class Boom extends RuntimeException {
        Boom(String message) {
            super(message);
        }
    }

    @Async
    CompletableFuture<Void> inner(CompletableFuture<Void> waiting) {
        try {
            CompletableFuture<Void> never = new CompletableFuture<>();
            waiting.complete(null);
            await(never);
        } finally {
            await(Time.sleep(Duration.ofMillis(3))); // cleanup that really suspends
            check("inner finally");
            log.add("inner finally");
        }
        return completedFuture(null);
    }

    @Async
    CompletableFuture<Void> sibling(CompletableFuture<Void> waiting) {
        try {
            await(inner(waiting));
        } finally {
            check("sibling finally");
            log.add("sibling finally");
        }
        return completedFuture(null);
    }

    @Async
    CompletableFuture<Void> failing(CompletableFuture<Void> siblingWaits, boolean suspend) {
        await(siblingWaits);
        await(value("", suspend));
        check("failing");
        throw new Boom("fork failed");
    }

    @Async
    CompletableFuture<String> scopeRun(boolean suspend) {
        CompletableFuture<Void> siblingWaits = new CompletableFuture<>();
        try {
            await(TaskScope.run(scope -> {
                scope.fork(() -> sibling(siblingWaits));
                scope.fork(() -> failing(siblingWaits, suspend));
                return completedFuture(null);
            }));
            return completedFuture("no failure");
        } catch (Boom failure) {
            check("caught");
            log.add("caught " + failure.getMessage());
            return completedFuture("caught");
        }
    }

    @Async
    CompletableFuture<String> scopeBlock(boolean suspend) {
        CompletableFuture<Void> siblingWaits = new CompletableFuture<>();
        try (TaskScope scope = TaskScope.open()) {
            scope.fork(() -> sibling(siblingWaits));
            scope.fork(() -> failing(siblingWaits, suspend));
            await(scope.join());
            return completedFuture("no failure");
        } catch (Boom failure) {
            check("caught");
            log.add("caught " + failure.getMessage());
            return completedFuture("caught");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aForksFailureCancelsItsSiblingAndTheScopeWaitsForTheCleanupInnermostFirst(Kind kind) throws Exception {
        start(kind);
        List<String> expected = List.of("inner finally", "sibling finally", "caught fork failed");
        for (boolean suspend : new boolean[] {false, true}) {
            log.clear();
            assertEquals("caught", run(() -> scopeRun(suspend)));
            assertEquals(expected, log, "TaskScope.run, suspend " + suspend);
            log.clear();
            assertEquals("caught", run(() -> scopeBlock(suspend)));
            assertEquals(expected, log, "scope block, suspend " + suspend);
        }
    }

    @Async
    CompletableFuture<String> supervised(boolean suspend) {
        String fromBlock;
        try (TaskScope scope = TaskScope.openSupervisor()) {
            Task<String> ok = scope.fork(() -> fetch("ok", suspend));
            Task<Void> bad = scope.fork(() -> failing(completedFuture(null), suspend));
            await(scope.join()); // a supervisor's join does not fail
            check("after the supervisor's join");
            try {
                await(bad);
                fromBlock = "no failure";
            } catch (Boom failure) {
                fromBlock = await(ok) + ", " + failure.getMessage();
            }
        }
        String fromRun = await(TaskScope.runSupervisor(scope -> {
            Task<String> ok = scope.fork(() -> fetch("ok", suspend));
            Task<Void> bad = scope.fork(() -> failing(completedFuture(null), suspend));
            return bad.handle((ignored, failure) -> failure.getClass().getSimpleName())
                    .thenCombine(ok, (failure, value) -> value + ", " + failure);
        }));
        check("after runSupervisor");
        return completedFuture(fromBlock + "; " + fromRun);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void supervisorScopesLetAForkFailWithoutCancellingItsSibling(Kind kind) throws Exception {
        start(kind);
        for (boolean suspend : new boolean[] {false, true}) {
            assertEquals("ok, fork failed; ok, Boom", run(() -> supervised(suspend)));
        }
    }

    // ---- tasks, sleeps, timeouts, yields ----

    @Async
    CompletableFuture<String> napThenName(String name) {
        await(Time.sleep(Duration.ofMillis(2)));
        check("after sleep in " + name);
        return completedFuture(name);
    }

    @Async
    CompletableFuture<String> slow() {
        try {
            await(new CompletableFuture<String>());
            return completedFuture("never");
        } finally {
            await(Time.sleep(Duration.ofMillis(3)));
            check("slow finally");
            log.add("slow finally");
        }
    }

    @Async
    CompletableFuture<String> tasksAndTimers(boolean suspend) {
        Task<String> child = Task.spawn("child", () -> napThenName("child"));
        String spawned = await(child);
        check("after await of the task");
        await(Time.yieldNow());
        check("after yield");
        String fast = await(Time.withTimeout(value("fast", suspend), Duration.ofSeconds(5)));
        check("after a timeout that did not expire");
        String late = await(Time.withTimeout(slow(), Duration.ofMillis(5), "fallback"));
        check("after a timeout that expired");
        log.add("timed out");
        return completedFuture(spawned + "," + fast + "," + late + ", task under it: "
                + (child.dispatch() == dispatch));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void tasksSleepsTimeoutsAndYieldsRunUnderTheDispatch(Kind kind) throws Exception {
        start(kind);
        for (boolean suspend : new boolean[] {false, true}) {
            log.clear();
            assertEquals("child,fast,fallback, task under it: true", run(() -> tasksAndTimers(suspend)));
            assertEquals(List.of("slow finally", "timed out"), log); // the timeout waited for the cleanup
        }
    }

    // ---- primitives and channels ----

    @Async
    CompletableFuture<Integer> worker(int id, AsyncEvent go, AsyncLock lock, AsyncCondition turn, int[] next,
            AsyncSemaphore pair, AtomicInteger inPair, AsyncBarrier barrier, Channel<Integer> out,
            boolean suspend) {
        await(go.whenSet());
        check("after the event");
        try (Permit held = await(lock.acquire())) {
            await(turn.waitUntil(() -> next[0] == id)); // the condition hands the lock over in id order
            check("after the condition");
            await(value(null, suspend));
            next[0]++;
            turn.signalAll();
        }
        try (Permit held = await(pair.acquire())) {
            if (inPair.incrementAndGet() > 2) {
                problems.add("three workers inside a two-permit semaphore");
            }
            await(value(null, suspend));
            inPair.decrementAndGet();
        }
        int arrival = await(barrier.arrive());
        check("after the barrier");
        await(out.send(id));
        check("after send");
        return completedFuture(arrival);
    }

    @Async
    CompletableFuture<String> primitives(boolean suspend) {
        int workers = 4;
        AsyncEvent go = new AsyncEvent();
        AsyncLock lock = new AsyncLock();
        AsyncCondition turn = lock.newCondition();
        AsyncSemaphore pair = new AsyncSemaphore(2);
        AsyncBarrier barrier = new AsyncBarrier(workers);
        Channel<Integer> out = Channel.withCapacity(1);
        int[] next = {0};
        AtomicInteger inPair = new AtomicInteger();
        List<Integer> received = new ArrayList<>();
        try (TaskScope scope = TaskScope.open()) {
            for (int id = workers - 1; id >= 0; id--) {
                int worker = id;
                scope.fork(() -> worker(worker, go, lock, turn, next, pair, inPair, barrier, out, suspend));
            }
            await(value(null, suspend));
            go.set();
            for (int i = 0; i < workers; i++) {
                received.add(await(out.receive()));
                check("after receive");
            }
            await(scope.join());
        }
        out.close();
        Optional<Integer> end = await(out.receiveOptional());
        Collections.sort(received);
        return completedFuture(received + ", turns " + next[0] + ", closed " + end.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void locksConditionsSemaphoresEventsBarriersAndChannelsWorkUnderTheDispatch(Kind kind) throws Exception {
        start(kind);
        assertEquals("[0, 1, 2, 3], turns 4, closed true", run(() -> primitives(false)));
        assertEquals("[0, 1, 2, 3], turns 4, closed true", run(() -> primitives(true)));
    }

    // ---- one step at a time per task ----

    @Async
    CompletableFuture<Void> steps(AtomicInteger inside, AtomicInteger mostInside, int rounds) {
        for (int i = 0; i < rounds; i++) {
            CompletableFuture<Void> later = new CompletableFuture<>();
            CompletableFuture.runAsync(() -> later.complete(null));
            await(later);
            int now = inside.incrementAndGet();
            mostInside.accumulateAndGet(now, Math::max);
            for (int spin = 0; spin < 2_000; spin++) {
                Thread.onSpinWait(); // long enough for another thread to come in, were it allowed
            }
            inside.decrementAndGet();
        }
        return completedFuture(null);
    }

    @Async
    CompletableFuture<Integer> oneTaskManyAwaits() {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(steps(inside, mostInside, 50));
        }
        await(Futures.all(calls));
        return completedFuture(mostInside.get());
    }

    @Async
    CompletableFuture<Integer> inATask() {
        return completedFuture(await(Task.spawn(this::oneTaskManyAwaits)));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theStepsOfOneTaskRunOneAtATimeEvenOnAPool(Kind kind) throws Exception {
        start(kind);
        assertEquals(1, run(this::oneTaskManyAwaits), "in a call");
        assertEquals(1, run(this::inATask), "in a spawned task");
    }
}
