package dev.awaitj.it.stream;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.awaitj.annotation.Async;
import dev.awaitj.stream.AsyncIterator;
import dev.awaitj.stream.AsyncStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Run-and-compare: one producer with awaits and emits inside a loop, a switch and
 * try/catch/finally, consumed every way there is, against the same program written as a plain
 * blocking loop. Each test runs on both paths: the producer's (and the consumer's) stages already
 * complete, and completed later by another thread.
 */
class StreamRunAndCompareTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    /** The producer: awaits {@code path}'s stages between emits. */
    private AsyncStream<String> program(Path path, int n) {
        return AsyncStream.of(out -> {
            try {
                for (int i = 0; i < n; i++) {
                    int v = await(path.of(i));
                    switch (v % 4) {
                        case 0:
                            await(out.emit("zero " + v));
                            break;
                        case 1:
                            try {
                                if (v % 5 == 0) {
                                    throw new IllegalStateException("five " + v);
                                }
                                await(out.emit("one " + v));
                            } catch (IllegalStateException e) {
                                await(path.step());
                                await(out.emit("caught " + e.getMessage()));
                            } finally {
                                await(out.emit("inner finally " + v));
                            }
                            break;
                        case 2:
                            if (v > 20) {
                                continue;
                            }
                            await(out.emit("two " + v));
                            // fall through
                        default:
                            for (int j = 0; j < v % 3; j++) {
                                await(out.emit("nested " + v + "." + await(path.of(j))));
                            }
                    }
                }
            } finally {
                log.add("producer finally");
            }
            return AsyncStream.done();
        });
    }

    /** The same program as a blocking loop: the expected values. */
    private static List<String> reference(int n) {
        List<String> out = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            switch (v % 4) {
                case 0:
                    out.add("zero " + v);
                    break;
                case 1:
                    try {
                        if (v % 5 == 0) {
                            throw new IllegalStateException("five " + v);
                        }
                        out.add("one " + v);
                    } catch (IllegalStateException e) {
                        out.add("caught " + e.getMessage());
                    } finally {
                        out.add("inner finally " + v);
                    }
                    break;
                case 2:
                    if (v > 20) {
                        continue;
                    }
                    out.add("two " + v);
                    // fall through
                default:
                    for (int j = 0; j < v % 3; j++) {
                        out.add("nested " + v + "." + j);
                    }
            }
        }
        return out;
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    @Async
    static CompletableFuture<List<String>> pull(AsyncStream<String> stream, Path path) {
        List<String> seen = new ArrayList<>();
        try (AsyncIterator<String> it = stream.iterator()) {
            while (await(it.hasNext())) {
                String value = it.next();
                seen.add(await(path.of(value)));
            }
        }
        return CompletableFuture.completedFuture(seen);
    }

    @Async
    static CompletableFuture<List<String>> awaitList(AsyncStream<String> stream) {
        List<String> all = await(stream.toList());
        return CompletableFuture.completedFuture(all);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void everyConsumerSeesTheReferenceValues(Path path) throws Exception {
        int n = 30;
        List<String> expected = reference(n);
        assertEquals(expected, get(program(path, n).toList()), "toList");
        assertEquals(expected, get(awaitList(program(path, n))), "await(toList) in an @Async method");
        assertEquals(expected, get(pull(program(path, n), path)), "iterator loop");

        List<String> each = Collections.synchronizedList(new ArrayList<>());
        get(program(path, n).forEach(each::add));
        assertEquals(expected, each, "forEach");

        List<String> slow = Collections.synchronizedList(new ArrayList<>());
        get(program(path, n).forEachAsync(v -> path.of(v).thenAccept(slow::add)));
        assertEquals(expected, slow, "forEachAsync with a body that suspends on the suspended path");

        assertEquals((long) expected.size(), get(program(path, n).count()), "count");
        assertEquals(Optional.of(expected.get(0)), get(program(path, n).first()), "first");
        assertEquals(String.join(",", expected),
                get(program(path, n).fold("", (acc, v) -> acc.isEmpty() ? v : acc + "," + v)), "fold");
        // every run ended, so every run's finally ran (first() stops the producer early)
        assertEquals(Collections.nCopies(8, "producer finally"), log);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void operatorChainsMatchTheSameChainOnAJavaStream(Path path) throws Exception {
        int n = 40;
        List<String> expected = reference(n);
        assertEquals(expected.stream().map(String::length).filter(len -> len % 2 == 0).skip(2).limit(9)
                        .collect(Collectors.toList()),
                get(program(path, n).map(String::length).filter(len -> len % 2 == 0).drop(2).take(9).toList()));
        assertEquals(expected.stream().map(String::toUpperCase).takeWhile(s -> !s.startsWith("CAUGHT"))
                        .collect(Collectors.toList()),
                get(program(path, n).mapAsync(s -> path.of(s.toUpperCase())).takeWhile(s -> !s.startsWith("CAUGHT"))
                        .toList()));
        assertEquals(expected.stream().flatMap(s -> List.of(s, s.length() + "").stream())
                        .collect(Collectors.toList()),
                get(program(path, n).flatMap(s -> AsyncStream.of(out -> {
                    await(out.emit(s));
                    await(path.step());
                    await(out.emit(s.length() + ""));
                    return AsyncStream.done();
                })).toList()));
        List<String> twice = new ArrayList<>(expected);
        twice.addAll(reference(5));
        assertEquals(twice, get(program(path, n).concat(program(path, 5)).toList()));
        assertEquals(expected, get(pull(program(path, n).map(s -> s).filter(s -> true), path)));
    }
}
