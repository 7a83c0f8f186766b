package dev.awaitj.stream;

import java.util.concurrent.CompletionStage;

/**
 * Where a producer sends the values of an {@link AsyncStream}: {@link #emit} hands one value to
 * the consumer and returns a stage that completes when the consumer is ready for the next one.
 * Await it before emitting again; that wait is the stream's back-pressure.
 *
 * <pre>{@code
 * AsyncStream<Page> pages = AsyncStream.of(out -> {
 *     for (URI uri : uris) {
 *         await(out.emit(await(fetch(uri))));   // suspends until the consumer wants more
 *     }
 *     return AsyncStream.done();
 * });
 * }</pre>
 *
 * <p>When the consumer has taken the value at once (a synchronous {@code forEach}, {@code map},
 * {@code toList}), the stage returned is already complete, so the producer's {@code await}
 * continues inline: an emit then costs a call. When the consumer stops early (it took what it
 * needed, it failed, or it was cancelled), the stage fails with a
 * {@link java.util.concurrent.CancellationException}, so the producer's {@code finally} blocks run
 * at that await. Values must not be {@code null}.
 *
 * <p><b>Let the stop propagate.</b> The exception of a stop by {@code take}, {@code first},
 * {@code takeWhile} or a closed iterator is an internal subclass of {@code CancellationException}
 * whose message names the operator ({@code "take(2) has its values"}); catch
 * {@code CancellationException} if you must, never that class. A producer that catches it and
 * returns ends the stream normally, and the consumer keeps what it took. A producer that catches
 * it and emits again gets an {@code IllegalStateException} from that emit; if that escapes, the
 * consumer fails with it (a {@code take(2).toList()} then throws instead of returning its two
 * values), because awaitj never drops a failure, and this one is a bug in the producer.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface Emitter<T> {
    /**
     * Hands {@code value} to the consumer.
     *
     * @param value the next value of the stream, not {@code null}
     * @return a stage that completes when the consumer wants the next value, or fails when it
     *     wants no more
     */
    CompletionStage<Void> emit(T value);
}
