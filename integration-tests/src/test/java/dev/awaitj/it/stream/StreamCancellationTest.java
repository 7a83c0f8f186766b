package dev.awaitj.it.stream;

import static dev.awaitj.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awaitj.annotation.Async;
import dev.awaitj.stream.AsyncIterator;
import dev.awaitj.stream.AsyncStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cancelling the consumer at every suspension point of a producer (each await, each emit), pushed
 * and pulled: the producer resumes with a cancellation where it waits, its {@code finally} blocks
 * run (an await inside them included), and the consumer resumes only after that cleanup. And a
 * producer's failure reaches the consumer's await as the original exception.
 */
class StreamCancellationTest {
    private static final int POINTS = 6;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private CompletableFuture<Void> never = new CompletableFuture<>();

    /**
     * Suspension points 0..5: even ones await a stage, odd ones emit their index. The stage at
     * {@code blockAt} never completes; the others follow {@code path}. The finally block awaits a
     * cleanup that completes later, from another thread.
     */
    private AsyncStream<Integer> producer(int blockAt, Path path) {
        return AsyncStream.of(out -> {
            try {
                for (int point = 0; point < POINTS; point++) {
                    if (point % 2 == 0) {
                        await(point == blockAt ? never : path.step());
                    } else {
                        await(out.emit(point));
                    }
                }
                log.add("producer ended");
            } catch (CancellationException e) {
                log.add("producer cancelled");
                throw e;
            } finally {
                await(Path.SUSPENDED.step());
                log.add("producer cleanup done");
            }
            return AsyncStream.done();
        });
    }

    /** Takes values; at the value {@code blockAt} (an emit point) it waits on {@code never}. */
    @Async
    CompletableFuture<Void> pushConsumer(AsyncStream<Integer> stream, int blockAt) {
        try {
            await(stream.forEachAsync(v -> v == blockAt ? never : CompletableFuture.completedFuture(null)));
        } finally {
            log.add("consumer resumed");
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Pulls; at the value {@code blockAt} it waits on {@code never} while the producer waits at its
     * emit. Cancelled at a hasNext() it resumes after the producer's cleanup by itself; cancelled
     * elsewhere it waits for that cleanup with closeAsync() (a try-with-resources close cannot wait).
     */
    @Async
    CompletableFuture<Void> pullConsumer(AsyncStream<Integer> stream, int blockAt) {
        AsyncIterator<Integer> it = stream.iterator();
        try {
            while (await(it.hasNext())) {
                if (it.next() == blockAt) {
                    await(never);
                }
            }
        } finally {
            await(it.closeAsync());
            log.add("consumer resumed");
        }
        return CompletableFuture.completedFuture(null);
    }

    private void awaitLog(int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (log.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private void cancelAt(int point, Path path, boolean pull) throws Exception {
        log.clear();
        never = new CompletableFuture<>();
        AsyncStream<Integer> stream = producer(point, path);
        CompletableFuture<Void> consumer = pull ? pullConsumer(stream, point) : pushConsumer(stream, point);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (never.getNumberOfDependents() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1); // until whoever blocks at this point waits there
        }
        String where = (pull ? "pull" : "push") + ", point " + point + ", " + path;
        assertTrue(never.getNumberOfDependents() > 0, where + ": nobody waits at the point");
        consumer.cancel(true);
        assertThrows(CancellationException.class, () -> consumer.get(10, TimeUnit.SECONDS), where);
        awaitLog(3);
        assertEquals(List.of("producer cancelled", "producer cleanup done", "consumer resumed"), log, where);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void cancellingAPushConsumerAtEachPointRunsTheProducersFinallyFirst(Path path) throws Exception {
        for (int point = 0; point < POINTS; point++) {
            cancelAt(point, path, false);
        }
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void cancellingAPullConsumerAtEachPointRunsTheProducersFinallyFirst(Path path) throws Exception {
        for (int point = 0; point < POINTS; point++) {
            cancelAt(point, path, true);
        }
    }

    @Test
    void theStageTheProducerAwaitedIsCancelled() throws Exception {
        CompletableFuture<Void> consumer = pushConsumer(producer(2, Path.COMPLETE), -1);
        consumer.cancel(true);
        awaitLog(3);
        assertTrue(never.isCancelled());
    }

    // ---- producer failure ----

    private static AsyncStream<Integer> failing(Path path, Exception failure) {
        return AsyncStream.of(out -> {
            for (int i = 0; i < 3; i++) {
                await(out.emit(await(path.of(i))));
            }
            await(path.step());
            throw failure;
        });
    }

    @Async
    static CompletableFuture<String> catchPulled(AsyncStream<Integer> stream) {
        int seen = 0;
        try (AsyncIterator<Integer> it = stream.iterator()) {
            while (await(it.hasNext(), IOException.class)) { // lets the producer's IOException be caught
                seen += it.next();
            }
        } catch (IOException e) {
            return CompletableFuture.completedFuture("caught " + e.getMessage() + " after " + seen);
        }
        return CompletableFuture.completedFuture("no failure");
    }

    @Async
    static CompletableFuture<String> catchPushed(AsyncStream<Integer> stream) {
        try {
            await(stream.map(v -> v * 2).toList(), IOException.class);
        } catch (IOException e) {
            return CompletableFuture.completedFuture("caught " + e.getMessage());
        }
        return CompletableFuture.completedFuture("no failure");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aProducersFailureIsTheOriginalExceptionAtTheConsumersAwait(Path path) throws Exception {
        IOException boom = new IOException("boom");
        assertEquals("caught boom after 3", catchPulled(failing(path, boom)).get(10, TimeUnit.SECONDS));
        assertEquals("caught boom", catchPushed(failing(path, boom)).get(10, TimeUnit.SECONDS));
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> failing(path, boom).filter(v -> true).take(10).count().get(10, TimeUnit.SECONDS));
        assertSame(boom, failed.getCause());
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aConsumersFailureRunsTheProducersFinallyAndIsWhatTheConsumerSees(Path path) throws Exception {
        IllegalStateException mine = new IllegalStateException("consumer failed");
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> producer(-1, path).forEach(v -> {
                    if (v == 3) {
                        throw mine;
                    }
                }).get(10, TimeUnit.SECONDS));
        assertSame(mine, failed.getCause());
        // the producer's emit fails with the consumer's exception (not a cancellation), as Kotlin's emit does
        assertEquals(List.of("producer cleanup done"), log);
    }
}
