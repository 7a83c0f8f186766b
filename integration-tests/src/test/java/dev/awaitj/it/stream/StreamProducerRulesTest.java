package dev.awaitj.it.stream;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.stream.AsyncIterator;
import dev.awaitj.stream.AsyncStream;
import dev.awaitj.stream.Emitter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules a producer and the functions given to operators live by, as docs/runtime.md states
 * them: the forms of {@code AsyncStream.of} that infer the value type; a producer that catches the
 * stop and returns keeps the consumer's values, one that emits again fails the consumer with a
 * message naming the stop; a function returning null fails the stream naming the operator and the
 * value; {@code AsyncIterator.close()} outside async code does not wait, {@code closeAsync()} does.
 */
class StreamProducerRulesTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> get(future)).getCause();
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void theFormsOfOfThatInferTheValueType(Path path) throws Exception {
        CompletableFuture<List<String>> explicit = CompletableFuture.completedFuture(null).thenCompose(ignored -> {
            List<String> names = await(AsyncStream.<String>of(out -> {
                await(out.emit(await(path.of("a"))));
                return AsyncStream.done();
            }).toList());
            return CompletableFuture.completedFuture(names);
        });
        assertEquals(List.of("a"), get(explicit));
        List<String> typedParameter = get(AsyncStream.of((Emitter<String> out) -> {
            await(out.emit(await(path.of("b"))));
            return AsyncStream.done();
        }).toList());
        assertEquals(List.of("b"), typedParameter);
        AsyncStream<String> typedTarget = AsyncStream.of(out -> {
            await(out.emit(await(path.of("c"))));
            return AsyncStream.done();
        });
        assertEquals(List.of("c"), get(typedTarget.toList()));
    }

    /** 0, 1, 2...; on the stop it logs what it caught, then emits again if {@code emitAgain}. */
    private AsyncStream<Integer> catchingTheStop(Path path, boolean emitAgain) {
        return AsyncStream.of(out -> {
            try {
                for (int i = 0; ; i++) {
                    await(out.emit(await(path.of(i))));
                }
            } catch (CancellationException stop) {
                log.add("caught: " + stop.getMessage());
                if (emitAgain) {
                    await(out.emit(99));
                }
            }
            return AsyncStream.done();
        });
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aProducerThatCatchesTheStopAndReturnsLeavesTheConsumerItsValues(Path path) throws Exception {
        assertEquals(List.of(0, 1), get(catchingTheStop(path, false).take(2).toList()));
        assertEquals(List.of("caught: take(2) has its values"), log);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aProducerThatEmitsAfterTheStopFailsTheConsumerSayingWhy(Path path) {
        Throwable failure = failureOf(catchingTheStop(path, true).take(2).toList());
        assertInstanceOf(IllegalStateException.class, failure);
        assertTrue(failure.getMessage().startsWith("emit after the consumer stopped or failed (take(2) has its"
                + " values): a producer must let the exception of an emit propagate"), failure.getMessage());
        assertInstanceOf(CancellationException.class, failure.getCause());
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aFunctionThatReturnsNullIsNamedWithItsValue(Path path) {
        AsyncStream<Integer> values = AsyncStream.values(1, 2, 3).mapAsync(path::of);
        Throwable map = failureOf(values.map(v -> v == 2 ? null : v).toList());
        assertInstanceOf(NullPointerException.class, map);
        assertTrue(map.getMessage().startsWith("the function given to map returned null for the value 2:"
                + " stream values must not be null"), map.getMessage());
        Throwable forEachAsync = failureOf(values.forEachAsync(v -> v == 3 ? null : path.step()));
        assertInstanceOf(NullPointerException.class, forEachAsync);
        assertTrue(forEachAsync.getMessage().startsWith("the function given to forEachAsync returned null for"
                + " the value 3 instead of a CompletionStage"), forEachAsync.getMessage());
        Throwable mapAsync = failureOf(values.mapAsync(v -> path.of((Integer) null)).toList());
        assertTrue(mapAsync.getMessage().startsWith("the stage that the function given to mapAsync returned for"
                + " the value 1 completed with null"), mapAsync.getMessage());
        Throwable mapConcurrent = failureOf(values.mapConcurrent(2, v -> v == 1 ? null : path.of(v)).toList());
        assertTrue(mapConcurrent.getMessage().startsWith("the function given to mapConcurrent returned null for"
                + " the value 1 instead of a CompletionStage"), mapConcurrent.getMessage());
        Throwable flatMap = failureOf(values.flatMap(v -> (AsyncStream<Integer>) null).toList());
        assertTrue(flatMap.getMessage().startsWith("the function given to flatMap returned null for the value 1"
                + " instead of an AsyncStream"), flatMap.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void closeOutsideAsyncCodeStartsTheCleanupAndCloseAsyncWaitsForIt(Path path) throws Exception {
        CompletableFuture<Void> cleanup = new CompletableFuture<>();
        AsyncStream<Integer> stream = AsyncStream.of(out -> {
            try {
                await(out.emit(await(path.of(1))));
                await(out.emit(2));
            } finally {
                await(cleanup);
                log.add("finally");
            }
            return AsyncStream.done();
        });
        AsyncIterator<Integer> it = stream.iterator();
        assertTrue(get(it.hasNext().toCompletableFuture()));
        CompletableFuture<Void> closed = it.closeAsync().toCompletableFuture();
        it.close(); // idempotent, returns at once: the producer still waits in its finally
        assertEquals(List.of(), log);
        assertTrue(!closed.isDone());
        cleanup.complete(null);
        get(closed);
        assertEquals(List.of("finally"), log);
    }
}
