package dev.awaitj.stream;

/**
 * What a {@link CallbackSink} does with a value when its buffer is full (Kotlin's
 * {@code BufferOverflow}, plus Reactor's {@code onBackpressureError}).
 */
public enum Overflow {
    /** {@link CallbackSink#offer} refuses the value (returns {@code false}); {@link CallbackSink#send} waits for room. */
    SUSPEND,
    /** The oldest buffered value is dropped to make room. */
    DROP_OLDEST,
    /** The new value is dropped ({@code offer} returns {@code false}). */
    DROP_LATEST,
    /** The stream fails with an {@link IllegalStateException} that names the capacity. */
    FAIL
}
