package dev.awaitj.it.stream;

import dev.awaitj.Channel;
import dev.awaitj.it.stream.ConsumerPlace.Case;
import dev.awaitj.stream.AsyncIterator;
import dev.awaitj.stream.AsyncStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every user callback of every source, operator and terminal (the functions given to operators,
 * forEach bodies, fold steps, an iterable's iterator) runs where the consumer runs: on its event
 * loop or dispatch thread, in its task, with its context values, also when the stages before it
 * were completed by another thread. Plain (not async) callbacks and hand-written sources, so
 * that what is pinned is the stream machinery's own hops, not those of async code; the async
 * forms are in StreamConfinementTest. Each case runs at every {@link ConsumerPlace}, on both
 * paths.
 */
class SourceConfinementTest {
    /** Where a SubmissionPublisher signals; not the completer, whose submit may block. */
    private static final ExecutorService PUBLISHER = Executors.newSingleThreadExecutor(
            r -> ConsumerPlace.daemon(r, "publisher"));

    /** 1, 2, 3, 4, each arriving on {@code path}. */
    private static AsyncStream<Integer> upstream(Path path) {
        return AsyncStream.values(1, 2, 3, 4).mapAsync(path::of);
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
        add(all, "from(Stream) cancelled from elsewhere: its onClose", (p, w) -> {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            CompletableFuture<Void> run = AsyncStream.from(Stream.of(1, 2, 3).onClose(() -> closed.complete(w.at(null))))
                    .forEachAsync(v -> new CompletableFuture<>());
            return p.of(null).thenCompose(ignored -> {
                run.cancel(true);
                return closed;
            });
        });
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
            Path.LATER.execute(() -> {
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
        add(all, "map", (p, w) -> upstream(p).map(w::at).forEach(w::at));
        add(all, "mapAsync", (p, w) -> AsyncStream.values(1, 2, 3).mapAsync(v -> p.of(w.at(v))).forEach(w::at));
        add(all, "mapConcurrent", (p, w) -> AsyncStream.values(1, 2, 3, 4)
                .mapConcurrent(2, v -> p.of(w.at(v))).forEach(w::at));
        add(all, "filter", (p, w) -> upstream(p).filter(v -> w.at(v) % 2 == 0).forEach(w::at));
        add(all, "take", (p, w) -> upstream(p).take(2).forEach(w::at));
        add(all, "takeWhile", (p, w) -> upstream(p).takeWhile(v -> w.at(v) < 3).forEach(w::at));
        add(all, "drop", (p, w) -> upstream(p).drop(1).forEach(w::at));
        add(all, "concat", (p, w) -> upstream(p).concat(upstream(p).map(w::at)).forEach(w::at));
        add(all, "flatMap", (p, w) -> upstream(p).flatMap(v -> AsyncStream.values(v, v).mapAsync(p::of).map(w::at))
                .forEach(w::at));
        add(all, "buffer", (p, w) -> upstream(p).map(w::at).buffer(2).forEachAsync(v -> p.of(w.at(v))));
        add(all, "timeoutEach", (p, w) -> upstream(p).timeoutEach(Duration.ofSeconds(10)).forEach(w::at));
        add(all, "withTimeout", (p, w) -> upstream(p).withTimeout(Duration.ofSeconds(10)).forEach(w::at));
        // terminals
        add(all, "forEach", (p, w) -> upstream(p).forEach(w::at));
        add(all, "forEachAsync", (p, w) -> upstream(p).forEachAsync(v -> p.of(w.at(v))));
        add(all, "collect(Emitter)", (p, w) -> upstream(p).collect(v -> p.of(w.at((Void) null))));
        add(all, "fold", (p, w) -> upstream(p).fold(0, (sum, v) -> w.at(sum + v)));
        add(all, "reduce", (p, w) -> upstream(p).reduce((a, b) -> w.at(a + b)));
        add(all, "count", (p, w) -> upstream(p).map(w::at).count());
        add(all, "toList", (p, w) -> upstream(p).map(w::at).toList());
        add(all, "first", (p, w) -> upstream(p).map(w::at).first());
        add(all, "sendTo", (p, w) -> {
            Channel<Integer> channel = Channel.withCapacity(1);
            CompletableFuture<Void> sent = upstream(p).map(w::at).sendTo(channel);
            sent.thenRun(channel::close);
            return AsyncStream.drain(channel).forEachAsync(v -> p.of(w.at(v)));
        });
        add(all, "iterator", (p, w) -> pull(upstream(p).map(w::at).iterator(), p));
        add(all, "toPublisher", (p, w) -> subscribe(upstream(p).map(w::at).toPublisher(), p));
        // Kotlin Flow's operators (issue 19 point 2): the sequential ones, then those built on a Junction
        add(all, "onEach", (p, w) -> upstream(p).onEach(w::at).forEach(w::at));
        add(all, "onEachAsync", (p, w) -> upstream(p).onEachAsync(v -> p.of(w.at(v))).forEach(w::at));
        add(all, "scan", (p, w) -> upstream(p).scan(0, (sum, v) -> w.at(sum + v)).forEach(w::at));
        add(all, "dropWhile", (p, w) -> upstream(p).dropWhile(v -> w.at(v) < 3).forEach(w::at));
        add(all, "distinctUntilChanged", (p, w) -> upstream(p).distinctUntilChanged(v -> w.at(v) / 2).forEach(w::at));
        add(all, "filterAsync", (p, w) -> upstream(p).filterAsync(v -> p.of(w.at(v) % 2 == 0)).forEach(w::at));
        add(all, "withIndex", (p, w) -> upstream(p).withIndex().forEach(w::at));
        add(all, "chunked", (p, w) -> upstream(p).chunked(3).forEach(w::at));
        // (the actions emit at once: a plain callback that emits later emits on its own thread, the
        // documented limit of producers written without await)
        add(all, "onStart", (p, w) -> upstream(p).onStart(out -> out.emit(w.at(0))).forEach(w::at));
        add(all, "onCompletion", (p, w) -> upstream(p).onCompletion((failure, out) -> out.emit(w.at(5)))
                .forEach(w::at));
        add(all, "catchError", (p, w) -> upstream(p).map(v -> failAt(3, v))
                .catchError((failure, out) -> out.emit(w.at(9))).forEach(w::at));
        add(all, "retryWhen", (p, w) -> {
            java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
            return upstream(p).map(v -> v == 3 && attempts.getAndIncrement() == 0 ? failAt(3, v) : v)
                    .retryWhen((failure, attempt) -> p.of(w.at(attempt < 1))).forEach(w::at);
        });
        add(all, "last", (p, w) -> upstream(p).map(w::at).last());
        add(all, "single", (p, w) -> upstream(p).take(1).map(w::at).single());
        add(all, "firstOrNull", (p, w) -> upstream(p).map(w::at).firstOrNull());
        add(all, "first(predicate)", (p, w) -> upstream(p).first(v -> w.at(v) > 2));
        add(all, "any", (p, w) -> upstream(p).any(v -> w.at(v) > 2));
        add(all, "all", (p, w) -> upstream(p).all(v -> w.at(v) > 0));
        add(all, "none", (p, w) -> upstream(p).none(v -> w.at(v) > 9));
        add(all, "toSet", (p, w) -> upstream(p).map(w::at).toSet());
        add(all, "toMap", (p, w) -> upstream(p).toMap(w::at, v -> w.at(v * 10)));
        add(all, "collect(Collector)", (p, w) -> upstream(p).map(w::at).collect(java.util.stream.Collectors.toList()));
        add(all, "generate", (p, w) -> AsyncStream.generate(() -> p.of(w.at(1))).take(3).forEach(w::at));
        add(all, "interval", (p, w) -> AsyncStream.interval(Duration.ofMillis(1)).take(3).map(w::at).forEach(w::at));
        add(all, "fromCallbacks", (p, w) -> AsyncStream.<Integer>fromCallbacks(4, dev.awaitj.stream.Overflow.SUSPEND, sink -> {
            p.of(1).thenCompose(sink::send).thenCompose(ignored -> p.of(2)).thenCompose(sink::send)
                    .thenRun(sink::complete);
            return () -> w.at(null);
        }).map(w::at).forEach(w::at));
        add(all, "merge", (p, w) -> AsyncStream.merge(upstream(p), upstream(p)).map(w::at).forEach(w::at));
        add(all, "flatMapMerge", (p, w) -> upstream(p).flatMapMerge(2, v -> AsyncStream.values(v, v).mapAsync(p::of).map(w::at))
                .forEach(w::at));
        add(all, "flatMapLatest", (p, w) -> upstream(p).flatMapLatest(v -> AsyncStream.values(v).mapAsync(p::of).map(w::at))
                .forEach(w::at));
        add(all, "mapLatest", (p, w) -> upstream(p).mapLatest(v -> p.of(w.at(v))).forEach(w::at));
        add(all, "collectLatest", (p, w) -> upstream(p).collectLatest(v -> p.of(w.at(v))));
        add(all, "zip", (p, w) -> upstream(p).zip(upstream(p), (a, b) -> w.at(a + b)).forEach(w::at));
        add(all, "combine", (p, w) -> upstream(p).combine(upstream(p), (a, b) -> w.at(a + b)).forEach(w::at));
        add(all, "conflate", (p, w) -> upstream(p).conflate().forEach(w::at));
        add(all, "debounce", (p, w) -> upstream(p).debounce(Duration.ofMillis(1)).forEach(w::at));
        add(all, "sample", (p, w) -> upstream(p).onEachAsync(v -> Path.SUSPENDED.of(v)).sample(Duration.ofMillis(1))
                .forEach(w::at));
        add(all, "chunked(n, window)", (p, w) -> upstream(p).chunked(3, Duration.ofMillis(1)).forEach(w::at));
        add(all, "share", (p, w) -> {
            AsyncStream<Integer> shared = upstream(p).map(w::at).share(1, 2);
            return shared.forEach(w::at);
        });
        return all.stream();
    }

    /** {@code value}, or an exception where it equals {@code at}: a failing upstream. */
    private static Integer failAt(int at, Integer value) {
        if (value == at) {
            throw new IllegalStateException("upstream failed at " + at);
        }
        return value;
    }

    private static void add(List<Arguments> all, String name, Case run) {
        for (ConsumerPlace place : ConsumerPlace.values()) {
            for (Path path : Path.values()) {
                all.add(Arguments.of(name, place, path, run));
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

    @ParameterizedTest(name = "{0} at {1}, {2}")
    @MethodSource("cases")
    void everyCallbackRunsAtTheConsumersPlace(String name, ConsumerPlace place, Path path, Case body) throws Exception {
        place.run(path, body).check();
    }
}
