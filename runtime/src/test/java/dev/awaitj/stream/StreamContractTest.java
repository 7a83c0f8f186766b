package dev.awaitj.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The stream contract with hand-written (non-@Async) producers: misuse is reported, sources close,
 * long sources do not grow the stack.
 */
class StreamContractTest {
    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> get(future)).getCause();
    }

    @Test
    void emittingNullFailsTheStream() {
        AsyncStream<String> nulls = AsyncStream.of(out -> out.emit(null));
        Throwable failure = failureOf(nulls.toList());
        assertTrue(failure instanceof NullPointerException, failure.toString());
        assertTrue(failure.getMessage().contains("emit(null)"), failure.getMessage());
    }

    @Test
    void emittingBeforeThePreviousEmitCompletedIsRefused() {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        AtomicReference<CompletionStage<Void>> second = new AtomicReference<>();
        CompletableFuture<Void> run = AsyncStream.<Integer>of(out -> {
            out.emit(1); // not awaited
            second.set(out.emit(2));
            return new CompletableFuture<>();
        }).forEachAsync(v -> slow);
        Throwable refused = assertThrows(ExecutionException.class,
                () -> second.get().toCompletableFuture().get(1, TimeUnit.SECONDS)).getCause();
        assertTrue(refused instanceof IllegalStateException, refused.toString());
        assertTrue(refused.getMessage().contains("await each emit"), refused.getMessage());
        run.cancel(true);
    }

    @Test
    void emittingAfterTheProducersStageCompletedIsRefused() throws Exception {
        AtomicReference<Emitter<Integer>> leaked = new AtomicReference<>();
        assertEquals(List.of(), get(AsyncStream.<Integer>of(out -> {
            leaked.set(out);
            return AsyncStream.done();
        }).toList()));
        Throwable refused = assertThrows(ExecutionException.class,
                () -> leaked.get().emit(1).toCompletableFuture().get()).getCause();
        assertTrue(refused.getMessage().contains("emit after the producer's stage completed"), refused.getMessage());
    }

    @Test
    void aProducerThatCatchesTheConsumersFailureStillFailsWithIt() {
        IllegalStateException mine = new IllegalStateException("consumer");
        AsyncStream<Integer> swallowing = AsyncStream.of(out -> {
            out.emit(1).exceptionally(ignored -> null); // catches the consumer's failure
            return out.emit(2).exceptionally(ignored -> null);
        });
        assertEquals(mine, failureOf(swallowing.forEach(v -> {
            throw mine;
        })));
    }

    @Test
    void aJavaStreamIsClosedWhenTheConsumerStopsEarlyOrTheStreamEnds() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        Stream<Integer> source = IntStream.range(0, 1_000_000).boxed().onClose(() -> closed.set(true));
        assertEquals(List.of(0, 1, 2), get(AsyncStream.from(source).take(3).toList()));
        assertTrue(closed.get(), "take");
        AtomicBoolean closedAtEnd = new AtomicBoolean();
        assertEquals(Optional.of(3), get(AsyncStream.from(Stream.of(1, 2).onClose(() -> closedAtEnd.set(true)))
                .reduce(Integer::sum)));
        assertTrue(closedAtEnd.get(), "end");
    }

    @Test
    void aMillionValuesFromAnIterableDoNotGrowTheStack() throws Exception {
        List<Integer> million = IntStream.range(0, 1_000_000).boxed().collect(java.util.stream.Collectors.toList());
        CompletableFuture<Long> counted = new CompletableFuture<>();
        Thread small = new Thread(null, () -> {
            try {
                counted.complete(get(AsyncStream.from(million).map(v -> v + 1).filter(v -> v > 0).count()));
            } catch (Throwable e) {
                counted.completeExceptionally(e);
            }
        }, "small-stack", 256 * 1024);
        small.start();
        assertEquals(1_000_000L, get(counted));
    }

    @Test
    void theArgumentsAreChecked() {
        AsyncStream<Integer> s = AsyncStream.values(1);
        assertThrows(IllegalArgumentException.class, () -> s.take(-1));
        assertThrows(IllegalArgumentException.class, () -> s.drop(-1));
        assertThrows(IllegalArgumentException.class, () -> s.buffer(0));
        assertThrows(IllegalArgumentException.class, () -> s.mapConcurrent(0, CompletableFuture::completedFuture));
        assertThrows(NullPointerException.class, () -> s.timeoutEach(null));
    }
}
