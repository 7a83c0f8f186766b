package dev.awaitj.it.stream;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.awaitj.annotation.Async;
import dev.awaitj.stream.AsyncIterator;
import dev.awaitj.stream.AsyncStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The producer's await of an emit on the pull path is resumed by the iterator directly, not
 * through a whenComplete callback (no allocation per value): it resumes when the consumer asks
 * for the next value, from whatever thread asks, and also when its emit's stage is completed
 * another way (here {@code orTimeout}, which completes it exceptionally), on both paths.
 */
class StreamPullTurnTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private AsyncStream<Integer> counting(Path path, int count) {
        return AsyncStream.of(out -> {
            try {
                for (int i = 0; i < count; i++) {
                    await(out.emit(await(path.of(i))));
                }
            } finally {
                log.add("finally");
            }
            return AsyncStream.done();
        });
    }

    /** Reads every value; between two, awaits {@code path}'s stage, so hasNext() may come from the completer. */
    @Async
    static CompletableFuture<List<Integer>> readAll(AsyncStream<Integer> stream, Path path) {
        List<Integer> seen = new ArrayList<>();
        try (AsyncIterator<Integer> it = stream.iterator()) {
            while (await(it.hasNext())) {
                seen.add(it.next());
                await(path.step());
            }
        }
        return CompletableFuture.completedFuture(seen);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void theProducerResumesAtEachRequestFromAnyThread(Path path) throws Exception {
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add(i);
        }
        assertEquals(expected, readAll(counting(path, 200), path).get(10, TimeUnit.SECONDS));
        assertEquals(List.of("finally"), log);
    }

    /** Emits 0, then 1 with a 20 ms limit on the consumer asking for more. */
    private AsyncStream<Integer> impatient(Path path) {
        return AsyncStream.of(out -> {
            try {
                await(out.emit(await(path.of(0))));
                await(out.emit(await(path.of(1))).toCompletableFuture().orTimeout(20, TimeUnit.MILLISECONDS));
                log.add("not reached");
            } finally {
                await(path.step());
                log.add("finally");
            }
            return AsyncStream.done();
        });
    }

    /** Takes both values, then waits 300 ms (far past the producer's limit) before asking again. */
    @Async
    static CompletableFuture<Boolean> takeBothThenDawdle(AsyncStream<Integer> stream, List<String> log) {
        try (AsyncIterator<Integer> it = stream.iterator()) {
            await(it.hasNext());
            it.next();
            await(it.hasNext());
            it.next();
            await(CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)));
            log.add("asking again");
            return CompletableFuture.completedFuture(await(it.hasNext()));
        }
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void anEmitCompletedOtherwiseResumesTheWaitingProducer(Path path) {
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> takeBothThenDawdle(impatient(path), log).get(10, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, failed.getCause());
        assertEquals(List.of("finally", "asking again"), log,
                "the producer resumed at its timed-out emit and cleaned up before the consumer asked again");
    }
}
