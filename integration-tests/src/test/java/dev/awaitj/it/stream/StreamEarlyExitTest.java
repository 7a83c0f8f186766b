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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A consumer that stops early (take, first, takeWhile, a return or break out of an iterator loop
 * in try-with-resources) stops an endless producer at its emit and runs its finally blocks, on
 * both paths; the terminal operations complete only after that cleanup.
 */
class StreamEarlyExitTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    /** 0, 1, 2, ... without end; the finally awaits {@code path}'s stage before it logs. */
    private AsyncStream<Integer> endless(Path path) {
        return AsyncStream.of(out -> {
            try {
                for (int i = 0; ; i++) {
                    await(out.emit(await(path.of(i))));
                }
            } finally {
                await(path.step());
                log.add("finally");
            }
        });
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void terminalOperationsCompleteAfterTheProducersFinally(Path path) throws Exception {
        CompletableFuture<List<Integer>> taken = endless(path).take(3).toList();
        assertEquals(List.of(0, 1, 2), get(taken));
        assertEquals(List.of("finally"), log, "take");
        log.clear();
        assertEquals(Optional.of(0), get(endless(path).first()));
        assertEquals(List.of("finally"), log, "first");
        log.clear();
        assertEquals(List.of(0, 1, 2, 3), get(endless(path).takeWhile(v -> v < 4).toList()));
        assertEquals(List.of("finally"), log, "takeWhile");
        log.clear();
        assertEquals(List.of(10, 12), get(endless(path).drop(5).map(v -> v * 2).take(2).toList()));
        assertEquals(List.of("finally"), log, "drop, map, take");
        log.clear();
        assertEquals(List.of(0), get(endless(path).take(1).concat(endless(path).take(0)).toList()));
        assertEquals(List.of("finally"), log, "take(0) never starts its producer");
    }

    @Async
    static CompletableFuture<Integer> firstAbove(AsyncStream<Integer> stream, int limit) {
        try (AsyncIterator<Integer> it = stream.iterator()) {
            while (await(it.hasNext())) {
                int v = it.next();
                if (v > limit) {
                    return CompletableFuture.completedFuture(v); // closes the iterator
                }
            }
        }
        return CompletableFuture.completedFuture(-1);
    }

    @Async
    static CompletableFuture<Integer> breakOut(AsyncStream<Integer> stream, int limit) {
        int sum = 0;
        try (AsyncIterator<Integer> it = stream.iterator()) {
            while (await(it.hasNext())) {
                int v = it.next();
                if (v == limit) {
                    break;
                }
                sum += v;
            }
        }
        return CompletableFuture.completedFuture(sum);
    }

    @Async
    static CompletableFuture<Integer> closeAndWait(AsyncStream<Integer> stream, List<String> log) {
        AsyncIterator<Integer> it = stream.iterator();
        await(it.hasNext());
        int v = it.next();
        await(it.closeAsync());
        log.add("closed");
        return CompletableFuture.completedFuture(v);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void leavingAnIteratorLoopClosesTheProducer(Path path) throws Exception {
        // in @Async code the try-with-resources close is await(it.closeAsync()) (the processor's
        // ScopeCloses): the method's result comes only after the producer's finally and its awaits
        assertEquals(6, get(firstAbove(endless(path), 5)));
        assertEquals(List.of("finally"), log, "return inside try-with-resources");
        log.clear();
        assertEquals(0 + 1 + 2 + 3, get(breakOut(endless(path), 4)));
        assertEquals(List.of("finally"), log, "break out of the loop");
        log.clear();
        assertEquals(0, get(closeAndWait(endless(path), log)));
        assertEquals(List.of("finally", "closed"), log, "closeAsync waits for the producer's cleanup");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void anIteratorClosedBeforeItsFirstHasNextNeverStartsTheProducer(Path path) throws Exception {
        AsyncIterator<Integer> it = endless(path).iterator();
        it.close();
        get(it.closeAsync().toCompletableFuture());
        assertEquals(false, get(it.hasNext().toCompletableFuture()));
        assertEquals(List.of(), log);
    }
}
