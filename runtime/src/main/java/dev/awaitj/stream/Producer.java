package dev.awaitj.stream;

import java.util.concurrent.CompletionStage;

/**
 * The body of an {@link AsyncStream}: async code that emits the stream's values through an
 * {@link Emitter} and returns a stage that completes when it has emitted the last one. Written as
 * an async lambda (its functional method returns a {@code CompletionStage}, so {@code await} may
 * stand anywhere in it):
 *
 * <pre>{@code
 * Producer<Integer> countdown = out -> {
 *     for (int i = 3; i > 0; i--) {
 *         await(Time.sleep(Duration.ofSeconds(1)));
 *         await(out.emit(i));
 *     }
 *     return AsyncStream.done();
 * };
 * }</pre>
 *
 * <p>The producer runs once per collection of the stream (streams are cold), from the first
 * value the consumer asks for. A failure of the returned stage, or an exception thrown by the
 * producer, ends the stream with that exception at the consumer.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface Producer<T> {
    /**
     * Emits the stream's values through {@code out}, one emit awaited before the next.
     *
     * @param out where to emit
     * @return a stage that completes when the producer is done
     * @throws Exception ends the stream with this exception
     */
    CompletionStage<?> produce(Emitter<T> out) throws Exception;
}
