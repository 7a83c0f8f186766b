package dev.awaitj.stream;

import java.util.concurrent.CompletionStage;

/**
 * Where callbacks put the values of a stream made by {@link AsyncStream#fromCallbacks}: safe from
 * any thread, at any time, also while the registration runs. Values wait in a buffer of the stated
 * capacity until the consumer takes them; a full buffer is handled by the stream's
 * {@link Overflow} policy.
 *
 * <pre>{@code
 * AsyncStream<Event> events = AsyncStream.fromCallbacks(64, Overflow.DROP_OLDEST, sink -> {
 *     Listener listener = sink::offer;
 *     bus.register(listener);
 *     return () -> bus.unregister(listener);   // runs once, when the stream ends for any reason
 * });
 * }</pre>
 *
 * @param <T> the value type
 */
public interface CallbackSink<T> {
    /**
     * Puts {@code value} in the buffer, or applies the overflow policy if it is full.
     *
     * @param value the next value, not {@code null}
     * @return whether the value was kept: {@code false} if it was dropped (a full buffer under
     *     {@code SUSPEND}, {@code DROP_LATEST} or {@code FAIL}) or the stream has ended
     */
    boolean offer(T value);

    /**
     * Puts {@code value} in the buffer, waiting for room if it is full under {@code SUSPEND}
     * (other policies behave as {@link #offer}).
     *
     * @param value the next value, not {@code null}
     * @return completes once the value is in the buffer; fails with a
     *     {@link java.util.concurrent.CancellationException} if the stream ended first
     */
    CompletionStage<Void> send(T value);

    /** Ends the stream once the buffered values have been taken. Idempotent. */
    void complete();

    /**
     * Ends the stream with {@code failure} once the buffered values have been taken (the first
     * {@code complete} or {@code fail} counts).
     *
     * @param failure what the consumer's await throws
     */
    void fail(Throwable failure);
}
