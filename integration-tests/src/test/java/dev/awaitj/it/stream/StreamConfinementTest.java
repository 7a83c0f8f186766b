package dev.awaitj.it.stream;

import static dev.awaitj.Await.await;

import dev.awaitj.it.stream.ConsumerPlace.Case;
import dev.awaitj.it.stream.ConsumerPlace.Where;
import dev.awaitj.stream.AsyncIterator;
import dev.awaitj.stream.AsyncStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SubmissionPublisher;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where user code in a stream runs when producers and consumers are async code: every
 * callback (a producer's body after each await and in its finally, operator functions, async
 * forEach bodies, the body of an iterator loop, the code after awaiting a terminal) runs on the
 * consumer's event loop or dispatch thread, in its task, with its context values, at every
 * {@link ConsumerPlace}, on both paths. SourceConfinementTest covers every source, operator and
 * terminal with plain callbacks.
 */
class StreamConfinementTest {
    /** An async producer: 0..n-1, each after an await on the path; its finally awaits and records. */
    static AsyncStream<Integer> produced(Path path, Where w, int n) {
        return AsyncStream.of(out -> {
            try {
                for (int i = 0; i < n; i++) {
                    int v = await(path.of(i));
                    w.at(v);
                    await(out.emit(v));
                }
            } finally {
                await(path.step());
                w.at("finally");
            }
            return AsyncStream.done();
        });
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        add(all, "of: producer body and map/forEach", (p, w) -> produced(p, w, 3).map(w::at).forEach(w::at));
        add(all, "the issue's values.mapAsync.forEach", (p, w) -> AsyncStream.values(1, 2)
                .mapAsync(v -> p.of(v)).forEach(w::at));
        add(all, "async forEachAsync body", (p, w) -> AsyncStream.values(1, 2, 3).forEachAsync(v -> {
            await(p.step());
            w.at(v);
            return AsyncStream.done();
        }));
        add(all, "async mapAsync function", (p, w) -> AsyncStream.values(1, 2, 3).mapAsync(v -> {
            int x = await(p.of(v));
            return CompletableFuture.completedFuture(w.at(x));
        }).forEach(w::at));
        add(all, "mapConcurrent with an async function", (p, w) -> produced(p, w, 4).mapConcurrent(2, v -> {
            await(p.step());
            return CompletableFuture.completedFuture(w.at(v));
        }).forEach(w::at));
        add(all, "buffer between async producer and async body", (p, w) -> produced(p, w, 4).buffer(2)
                .forEachAsync(v -> {
                    await(p.step());
                    w.at(v);
                    return AsyncStream.done();
                }));
        add(all, "flatMap over async producers", (p, w) -> produced(p, w, 2)
                .flatMap(v -> produced(p, w, 2).map(w::at)).forEach(w::at));
        add(all, "take stops an async producer", (p, w) -> produced(p, w, 5).take(2).map(w::at).toList());
        add(all, "takeWhile/filter/drop/concat", (p, w) -> produced(p, w, 5).takeWhile(v -> w.at(v) < 4)
                .filter(v -> w.at(v) > 0).drop(1).concat(produced(p, w, 2)).forEach(w::at));
        add(all, "timeoutEach", (p, w) -> produced(p, w, 3).timeoutEach(Duration.ofSeconds(10)).forEach(w::at));
        add(all, "withTimeout", (p, w) -> produced(p, w, 3).withTimeout(Duration.ofSeconds(10)).forEach(w::at));
        add(all, "fold/reduce/first, code after each await", (p, w) -> {
            int sum = await(produced(p, w, 3).fold(0, (a, v) -> w.at(a + v)));
            w.at(sum);
            await(produced(p, w, 3).reduce((a, b) -> w.at(a + b)));
            w.at("after reduce");
            await(produced(p, w, 3).first());
            w.at("after first");
            return AsyncStream.done();
        });
        add(all, "iterator loop body and producer", (p, w) -> {
            try (AsyncIterator<Integer> it = produced(p, w, 3).map(w::at).iterator()) {
                while (await(it.hasNext())) {
                    w.at(it.next());
                    await(p.step());
                    w.at("after step");
                }
            }
            w.at("after loop");
            return AsyncStream.done();
        });
        add(all, "iterator closed early: the producer's finally", (p, w) -> {
            try (AsyncIterator<Integer> it = AsyncStream.values(1, 2, 3).mapAsync(v -> p.of(v))
                    .concat(produced(p, w, 3)).iterator()) {
                await(it.hasNext());
                w.at(it.next());
            }
            w.at("after close");
            return AsyncStream.done();
        });
        add(all, "fromPublisher with an async body", (p, w) -> {
            SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>(PUBLISHER, 4);
            CompletableFuture<Void> run = AsyncStream.fromPublisher(publisher, 2).forEachAsync(v -> {
                await(p.step());
                w.at(v);
                return AsyncStream.done();
            });
            Path.LATER.execute(() -> {
                for (int i = 0; i < 5; i++) {
                    publisher.submit(i);
                }
                publisher.close();
            });
            await(run);
            w.at("after");
            return AsyncStream.done();
        });
        add(all, "toPublisher back into a stream", (p, w) -> AsyncStream.fromPublisher(
                produced(p, w, 4).map(w::at).toPublisher(), 1).forEach(w::at));
        return all.stream();
    }

    private static final ExecutorService PUBLISHER = Executors.newSingleThreadExecutor(
            r -> ConsumerPlace.daemon(r, "publisher"));

    private static void add(List<Arguments> all, String name, Case run) {
        for (ConsumerPlace place : ConsumerPlace.values()) {
            for (Path path : Path.values()) {
                all.add(Arguments.of(name, place, path, run));
            }
        }
    }

    @ParameterizedTest(name = "{0} at {1}, {2}")
    @MethodSource("cases")
    void everyCallbackRunsAtTheConsumersPlace(String name, ConsumerPlace place, Path path, Case body) throws Exception {
        place.run(path, body).check();
    }
}
