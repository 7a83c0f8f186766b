package dev.awaitj.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.awaitj.Channel;
import dev.awaitj.ContextValue;
import dev.awaitj.Dispatch;
import dev.awaitj.EventLoop;
import dev.awaitj.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every user callback of every source, operator and terminal (the functions given to operators,
 * forEach bodies, fold steps, an iterable's iterator) runs where the consumer runs: on its event
 * loop or dispatch thread, in its task, with its context values, also when the stages before it
 * were completed by another thread. Each case records thread, task and context value in each
 * callback and compares them with the consumer's own, on an EventLoop, under a Dispatch over a
 * plain single-thread executor and on a thread that adopted a Dispatch, on both paths.
 * Hand-written producers only; the async-lambda producers are in integration-tests'
 * StreamConfinementTest.
 */
class ConfinementTest {
    private static final ContextValue<String> USER = ContextValue.named("user");
    private static final ExecutorService COMPLETER = Executors.newSingleThreadExecutor(r -> daemon(r, "completer"));
    /** Where a SubmissionPublisher signals; not the completer, whose submit may block. */
    private static final ExecutorService PUBLISHER = Executors.newSingleThreadExecutor(r -> daemon(r, "publisher"));

    @AfterAll
    static void stopCompleter() {
        COMPLETER.shutdownNow();
        PUBLISHER.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Values already available, or completed a millisecond later by the completer thread. */
    enum Path {
        COMPLETE, SUSPENDED;

        <T> CompletableFuture<T> of(T value) {
            return this == COMPLETE ? CompletableFuture.completedFuture(value)
                    : CompletableFuture.supplyAsync(() -> value,
                            CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS, COMPLETER));
        }

        /** 1, 2, 3, 4, each arriving on this path. */
        AsyncStream<Integer> upstream() {
            return AsyncStream.values(1, 2, 3, 4).mapAsync(this::of);
        }
    }

    /** Where each callback ran, against where the consumer started. */
    static final class Where {
        final String expected = here();
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        static String here() {
            return "on " + Thread.currentThread().getName() + ", task "
                    + Task.current().map(t -> "#" + System.identityHashCode(t)).orElse("-")
                    + ", user " + USER.get();
        }

        <T> T at(T value) {
            seen.add(here());
            return value;
        }

        void check() {
            assertFalse(seen.isEmpty(), "no callback ran");
            for (String each : seen) {
                assertEquals(expected, each, "a callback ran elsewhere; all: " + seen);
            }
        }
    }

    /** What the consumer does, started at its place; every user callback records itself. */
    interface Case extends BiFunction<Path, Where, CompletionStage<?>> {
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        // sources
        add(all, "values + forEachAsync", (p, w) -> AsyncStream.values(1, 2, 3)
                .forEachAsync(v -> p.of(w.at(v))));
        add(all, "from(Iterable), its iterator", (p, w) -> AsyncStream.from(() -> new java.util.Iterator<Integer>() {
            int next = 1;

            @Override
            public boolean hasNext() {
                return w.at(next) <= 3;
            }

            @Override
            public Integer next() {
                return w.at(next++);
            }
        }).forEachAsync(v -> p.of(w.at(v))));
        add(all, "from(Stream)", (p, w) -> AsyncStream.from(Stream.of(1, 2, 3).map(w::at))
                .forEachAsync(v -> p.of(w.at(v))));
        add(all, "drain(channel)", (p, w) -> {
            Channel<Integer> channel = Channel.withCapacity(4);
            if (p == Path.COMPLETE) {
                channel.trySend(1);
                channel.trySend(2);
                channel.close();
            } else {
                p.of(1).thenCompose(channel::send).thenCompose(ignored -> channel.send(2))
                        .thenRun(channel::close);
            }
            return AsyncStream.drain(channel).map(w::at).forEach(w::at);
        });
        add(all, "fromPublisher", (p, w) -> {
            if (p == Path.COMPLETE) {
                return AsyncStream.fromPublisher(AsyncStream.values(1, 2, 3).toPublisher(), 2)
                        .map(w::at).forEach(w::at);
            }
            SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>(PUBLISHER, 4);
            CompletableFuture<Void> run = AsyncStream.fromPublisher(publisher, 2).map(w::at).forEach(w::at);
            COMPLETER.execute(() -> {
                for (int i = 1; i <= 5; i++) {
                    publisher.submit(i);
                }
                publisher.close();
            });
            return run;
        });
        add(all, "asCompleted", (p, w) -> AsyncStream.asCompleted(List.of(p.of(1), p.of(2), p.of(3)))
                .map(w::at).forEach(w::at));
        // operators, downstream of values that arrive on the path
        add(all, "map", (p, w) -> p.upstream().map(w::at).forEach(w::at));
        add(all, "mapAsync", (p, w) -> AsyncStream.values(1, 2, 3).mapAsync(v -> p.of(w.at(v))).forEach(w::at));
        add(all, "mapConcurrent", (p, w) -> AsyncStream.values(1, 2, 3, 4)
                .mapConcurrent(2, v -> p.of(w.at(v))).forEach(w::at));
        add(all, "filter", (p, w) -> p.upstream().filter(v -> w.at(v) % 2 == 0).forEach(w::at));
        add(all, "take", (p, w) -> p.upstream().take(2).forEach(w::at));
        add(all, "takeWhile", (p, w) -> p.upstream().takeWhile(v -> w.at(v) < 3).forEach(w::at));
        add(all, "drop", (p, w) -> p.upstream().drop(1).forEach(w::at));
        add(all, "concat", (p, w) -> p.upstream().concat(p.upstream().map(w::at)).forEach(w::at));
        add(all, "flatMap", (p, w) -> p.upstream().flatMap(v -> AsyncStream.values(v, v).mapAsync(p::of).map(w::at))
                .forEach(w::at));
        add(all, "buffer", (p, w) -> p.upstream().map(w::at).buffer(2).forEachAsync(v -> p.of(w.at(v))));
        add(all, "timeoutEach", (p, w) -> p.upstream().timeoutEach(Duration.ofSeconds(10)).forEach(w::at));
        add(all, "withTimeout", (p, w) -> p.upstream().withTimeout(Duration.ofSeconds(10)).forEach(w::at));
        // terminals
        add(all, "forEach", (p, w) -> p.upstream().forEach(w::at));
        add(all, "forEachAsync", (p, w) -> p.upstream().forEachAsync(v -> p.of(w.at(v))));
        add(all, "collect(Emitter)", (p, w) -> p.upstream().collect(v -> p.of(w.at((Void) null))));
        add(all, "fold", (p, w) -> p.upstream().fold(0, (sum, v) -> w.at(sum + v)));
        add(all, "reduce", (p, w) -> p.upstream().reduce((a, b) -> w.at(a + b)));
        add(all, "count", (p, w) -> p.upstream().map(w::at).count());
        add(all, "toList", (p, w) -> p.upstream().map(w::at).toList());
        add(all, "first", (p, w) -> p.upstream().map(w::at).first());
        add(all, "sendTo", (p, w) -> {
            Channel<Integer> channel = Channel.withCapacity(1);
            CompletableFuture<Void> sent = p.upstream().map(w::at).sendTo(channel);
            sent.thenRun(channel::close);
            return AsyncStream.drain(channel).forEachAsync(v -> p.of(w.at(v)));
        });
        add(all, "iterator", (p, w) -> pull(p.upstream().map(w::at).iterator(), p));
        add(all, "toPublisher", (p, w) -> subscribe(p.upstream().map(w::at).toPublisher(), p));
        return all.stream();
    }

    private static void add(List<Arguments> all, String name, Case run) {
        for (Home home : Home.values()) {
            for (Path path : Path.values()) {
                all.add(Arguments.of(name, home, path, run));
            }
        }
    }

    /** A consumer of the iterator written with plain stage callbacks. */
    private static CompletionStage<Void> pull(AsyncIterator<Integer> it, Path path) {
        return it.hasNext().thenCompose(more -> {
            if (!more) {
                return CompletableFuture.completedFuture(null);
            }
            it.next();
            return path.of(null).thenCompose(ignored -> pull(it, path));
        });
    }

    /** A subscriber that requests one at a time, on the SUSPENDED path from the completer thread. */
    private static CompletableFuture<Void> subscribe(Flow.Publisher<Integer> publisher, Path path) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<Integer>() {
            Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(Integer item) {
                path.of(null).thenRun(() -> subscription.request(1));
            }

            @Override
            public void onError(Throwable failure) {
                done.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        return done;
    }

    /** The places a consumer may run at. */
    enum Home {
        EVENT_LOOP {
            @Override
            Where run(Path path, Case body) throws Exception {
                try (EventLoop loop = EventLoop.startThread("loop")) {
                    return loop.spawn(() -> start(path, body)).get(5, TimeUnit.SECONDS);
                }
            }
        },
        DISPATCH {
            @Override
            Where run(Path path, Case body) throws Exception {
                ExecutorService executor = Executors.newSingleThreadExecutor(r -> daemon(r, "dispatch"));
                try {
                    return Dispatch.on(executor).call(() -> start(path, body)).get(5, TimeUnit.SECONDS);
                } finally {
                    executor.shutdownNow();
                }
            }
        },
        ADOPTED_THREAD {
            @Override
            Where run(Path path, Case body) throws Exception {
                ExecutorService executor = Executors.newSingleThreadExecutor(r -> daemon(r, "adopted"));
                try {
                    Dispatch dispatch = Dispatch.on(executor);
                    executor.submit(dispatch::adoptCurrentThread).get();
                    CompletableFuture<Where> result = new CompletableFuture<>();
                    executor.execute(() -> start(path, body).whenComplete((w, e) -> {
                        if (e == null) {
                            result.complete(w);
                        } else {
                            result.completeExceptionally(e);
                        }
                    }));
                    return result.get(5, TimeUnit.SECONDS);
                } finally {
                    executor.shutdownNow();
                }
            }
        };

        abstract Where run(Path path, Case body) throws Exception;

        static CompletableFuture<Where> start(Path path, Case body) {
            USER.set("alice");
            Where where = new Where();
            return body.apply(path, where).toCompletableFuture().thenApply(ignored -> where);
        }
    }

    @ParameterizedTest(name = "{0} on {1}, {2}")
    @MethodSource("cases")
    void everyCallbackRunsAtTheConsumersPlace(String name, Home home, Path path, Case body) throws Exception {
        home.run(path, body).check();
    }
}
