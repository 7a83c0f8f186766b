package dev.awaitj.it.stream;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.ContextValue;
import dev.awaitj.EventLoop;
import dev.awaitj.Task;
import dev.awaitj.TestEventLoop;
import dev.awaitj.Time;
import dev.awaitj.annotation.Async;
import dev.awaitj.stream.AsyncIterator;
import dev.awaitj.stream.AsyncStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Streams in the runtime: on an event loop every value reaches the consumer on the loop thread
 * (and the producer runs there too), off any loop they arrive on the thread that completed the
 * producer's stage, under TestEventLoop a producer's sleeps are virtual time, a task dump shows a
 * suspended producer at its line, and context values follow a producer as they follow a task.
 */
class StreamRuntimeFitTest {
    private static final ContextValue<String> REQUEST = ContextValue.named("request");
    private final Set<String> threads = ConcurrentHashMap.newKeySet();

    private AsyncStream<Integer> recording(Path path, int n) {
        return AsyncStream.of(out -> {
            for (int i = 0; i < n; i++) {
                int v = await(path.of(i));
                threads.add("producer " + Thread.currentThread().getName());
                await(out.emit(v));
            }
            return AsyncStream.done();
        });
    }

    @Async
    CompletableFuture<Integer> pullAndPush(Path path) {
        int sum = 0;
        try (AsyncIterator<Integer> it = recording(path, 5).iterator()) {
            while (await(it.hasNext())) {
                threads.add("pulled " + Thread.currentThread().getName());
                sum += it.next();
            }
        }
        await(recording(path, 5).map(v -> v * 10).forEach(v -> threads.add("pushed " + Thread.currentThread().getName())));
        List<Integer> all = await(recording(path, 5).toList());
        threads.add("after toList " + Thread.currentThread().getName());
        return CompletableFuture.completedFuture(sum + all.size());
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void onAnEventLoopValuesAreDeliveredOnTheLoopThread(Path path) throws Exception {
        try (EventLoop loop = EventLoop.startThread("stream-loop")) {
            CompletableFuture<Integer> done = new CompletableFuture<>();
            String[] loopThread = new String[1];
            loop.execute(() -> loopThread[0] = Thread.currentThread().getName());
            loop.execute(() -> pullAndPush(path).whenComplete((v, e) -> {
                if (e == null) {
                    done.complete(v);
                } else {
                    done.completeExceptionally(e);
                }
            }));
            assertEquals(10 + 5, done.get(10, TimeUnit.SECONDS));
            String name = loopThread[0];
            assertTrue(name.contains("stream-loop"), name);
            assertEquals(Set.of("producer " + name, "pulled " + name, "pushed " + name, "after toList " + name),
                    threads);
        }
    }

    @Test
    void offAnyLoopValuesArriveOnTheThreadThatCompletedTheProducersStage() throws Exception {
        assertFalse(EventLoop.find().isPresent());
        assertEquals(10 + 5, pullAndPush(Path.SUSPENDED).get(10, TimeUnit.SECONDS));
        assertTrue(threads.contains("pushed completer"), threads.toString());
        assertTrue(threads.contains("pulled completer"), threads.toString());
        threads.clear();
        assertEquals(10 + 5, pullAndPush(Path.COMPLETE).get(10, TimeUnit.SECONDS));
        String here = Thread.currentThread().getName();
        assertEquals(Set.of("producer " + here, "pulled " + here, "pushed " + here, "after toList " + here), threads,
                "nothing suspends: all on the caller's thread");
    }

    // ---- virtual time ----

    private static AsyncStream<Integer> ticking(int n) {
        return AsyncStream.of(out -> {
            for (int i = 1; i <= n; i++) {
                await(Time.sleep(Duration.ofSeconds(1)));
                await(out.emit(i));
            }
            return AsyncStream.done();
        });
    }

    @Async
    static CompletableFuture<List<String>> stamped(AsyncStream<Integer> stream, TestEventLoop loop, List<String> seen) {
        try (AsyncIterator<Integer> it = stream.iterator()) {
            while (await(it.hasNext())) {
                seen.add(it.next() + "@" + loop.elapsed().toSeconds() + "s");
            }
        }
        return CompletableFuture.completedFuture(seen);
    }

    @Test
    void underTestEventLoopAProducersSleepsAreVirtualTime() {
        TestEventLoop loop = TestEventLoop.create();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Task<List<String>> task = loop.spawn(() -> stamped(ticking(4), loop, seen));
        loop.advance(Duration.ofMillis(2500));
        assertEquals(List.of("1@1s", "2@2s"), seen);
        assertFalse(task.isDone());
        loop.advance(Duration.ofSeconds(2));
        assertEquals(List.of("1@1s", "2@2s", "3@3s", "4@4s"), task.join());

        List<String> pushed = new ArrayList<>();
        Task<Void> push = loop.spawn(() -> ticking(3).forEach(v -> pushed.add(v + "@" + loop.elapsed().toSeconds())));
        loop.advance(Duration.ofSeconds(3));
        assertTrue(push.isDone());
        assertEquals(List.of("1@5", "2@6", "3@7"), pushed);
    }

    @Test
    void aTimeoutOnAStreamUnderVirtualTime() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        Task<List<Integer>> task = loop.spawn(() -> Time.withTimeout(ticking(100).toList(), Duration.ofSeconds(3)));
        loop.advance(Duration.ofSeconds(3));
        java.util.concurrent.CompletionException failed =
                org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CompletionException.class, task::join);
        assertTrue(failed.getCause() instanceof dev.awaitj.TimedOutException, failed.toString());
    }

    // ---- task dump ----

    private static final CompletableFuture<Void> NEVER = new CompletableFuture<>();

    private static AsyncStream<Integer> stuck() {
        return AsyncStream.of(out -> {
            await(out.emit(1));
            await(NEVER); // STUCK-PRODUCER
            return AsyncStream.done();
        });
    }

    @Async
    static CompletableFuture<Integer> consumeStuck(boolean pull) {
        if (!pull) {
            return CompletableFuture.completedFuture(await(stuck().map(v -> v + 1).toList()).size()); // PUSH-CONSUMER
        }
        int n = 0;
        try (AsyncIterator<Integer> it = stuck().iterator()) {
            while (await(it.hasNext())) { // PULL-CONSUMER
                n += it.next();
            }
        }
        return CompletableFuture.completedFuture(n);
    }

    private static int lineOf(String marker) throws Exception {
        List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Paths.get(
                "src/test/java/dev/awaitj/it/stream/StreamRuntimeFitTest.java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("// " + marker)) {
                return i + 1;
            }
        }
        throw new AssertionError(marker);
    }

    @Test
    void aTaskDumpShowsASuspendedProducerAtItsLine() throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        Task<Integer> push = loop.spawn("push", () -> consumeStuck(false));
        Task<Integer> pull = loop.spawn("pull", () -> consumeStuck(true));
        loop.runUntilIdle();
        String dump = loop.dumpTasks();
        String producerAt = "StreamRuntimeFitTest.java:" + lineOf("STUCK-PRODUCER") + ")";
        String[] tasks = dump.split("Task '");
        assertEquals(3, tasks.length, dump);
        for (String task : List.of(tasks[1], tasks[2])) {
            String consumerAt = "StreamRuntimeFitTest.java:"
                    + lineOf(task.startsWith("push") ? "PUSH-CONSUMER" : "PULL-CONSUMER") + ")";
            assertTrue(task.contains(producerAt), dump);
            assertTrue(task.contains(consumerAt), dump);
            assertTrue(task.indexOf(producerAt) < task.indexOf(consumerAt), "innermost first: " + dump);
        }
        push.cancel(true);
        pull.cancel(true);
        loop.runUntilIdle();
    }

    // ---- context values ----

    private static AsyncStream<String> contextual(Path path) {
        return AsyncStream.of(out -> {
            await(out.emit("start " + REQUEST.get()));
            for (int i = 0; i < 3; i++) {
                await(path.step());
                await(out.emit(i + " " + REQUEST.get()));
            }
            return AsyncStream.done();
        });
    }

    @Async
    static CompletableFuture<List<String>> withRequest(String id, Path path) {
        try (var bound = REQUEST.bind(id)) {
            List<String> seen = new ArrayList<>(await(contextual(path).toList()));
            try (AsyncIterator<String> it = contextual(path).iterator()) {
                while (await(it.hasNext())) {
                    seen.add("pulled " + it.next());
                }
            }
            return CompletableFuture.completedFuture(seen);
        }
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void contextValuesFollowAProducer(Path path) throws Exception {
        TestEventLoop loop = TestEventLoop.create();
        Task<List<String>> a = loop.spawn(() -> withRequest("a", path));
        Task<List<String>> b = loop.spawn(() -> withRequest("b", path));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(a.isDone() && b.isDone()) && System.nanoTime() < deadline) {
            loop.runUntilIdle();
            Thread.sleep(1);
        }
        for (String id : List.of("a", "b")) {
            List<String> expected = new ArrayList<>();
            for (String prefix : List.of("", "pulled ")) {
                expected.add(prefix + "start " + id);
                for (int i = 0; i < 3; i++) {
                    expected.add(prefix + i + " " + id);
                }
            }
            assertEquals(expected, (id.equals("a") ? a : b).join());
        }
    }
}
