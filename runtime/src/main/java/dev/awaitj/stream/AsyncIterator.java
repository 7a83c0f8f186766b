package dev.awaitj.stream;

import java.util.concurrent.CompletionStage;

/**
 * Pulls the values of an {@link AsyncStream} one at a time from an {@code @Async} method, in an
 * ordinary loop; closing it early stops the producer and runs its {@code finally} blocks.
 *
 * <pre>{@code
 * @Async
 * CompletableFuture<Integer> firstLarge(AsyncStream<Integer> sizes) {
 *     try (AsyncIterator<Integer> it = sizes.iterator()) {
 *         while (await(it.hasNext())) {
 *             int size = it.next();
 *             if (size > 1000) {
 *                 return CompletableFuture.completedFuture(size);   // closes the producer
 *             }
 *         }
 *     }
 *     return CompletableFuture.completedFuture(-1);
 * }
 * }</pre>
 *
 * <p>The producer starts at the first {@link #hasNext()} and runs until its next emit; each later
 * {@code hasNext()} lets it continue to the one after. It runs where the consumer runs (its event
 * loop or dispatch, its task). One consumer at a time: await each {@code hasNext()} before the
 * next. Cancelling the consumer while it waits at {@code hasNext()} closes the iterator.
 *
 * <p><b>Closing waits only in async code.</b> In an {@code @Async} method or async lambda, the
 * processor turns the {@code close()} of a try-with-resources block into
 * {@code await(it.closeAsync())}: the block is left once the producer's {@code finally} blocks
 * have run. Anywhere else (plain code, a test's main thread) {@code close()} only starts the
 * producer's unwinding and returns; wait for {@link #closeAsync()} if the cleanup must be over.
 *
 * @param <T> the value type
 */
public interface AsyncIterator<T> extends AutoCloseable {
    /**
     * Whether the stream has another value: completes {@code true} when one is ready for
     * {@link #next()}, {@code false} at the end of the stream or after {@link #close()}, and
     * fails with the producer's exception, unwrapped, if the producer failed.
     *
     * @return a stage with the answer; already complete when the producer emitted at once
     */
    CompletionStage<Boolean> hasNext();

    /**
     * The value {@link #hasNext()} announced.
     *
     * @return the value
     * @throws java.util.NoSuchElementException if {@code hasNext()} has not completed {@code true}
     *     since the last {@code next()}
     */
    T next();

    /**
     * Stops the producer: it resumes with a {@link java.util.concurrent.CancellationException}
     * at the await it waits at, so its {@code finally} blocks run. Idempotent. Returns without
     * waiting for them, except in a try-with-resources block of async code, where the processor
     * awaits {@link #closeAsync()} instead.
     */
    @Override
    void close();

    /**
     * {@link #close()}, and a stage that completes once the producer has finished.
     *
     * @return a stage that completes when the producer is done
     */
    CompletionStage<Void> closeAsync();
}
