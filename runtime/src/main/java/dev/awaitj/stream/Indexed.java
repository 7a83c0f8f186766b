package dev.awaitj.stream;

import java.util.Objects;

/**
 * A value of a stream with its position, from {@link AsyncStream#withIndex()} (Kotlin's
 * {@code IndexedValue}).
 *
 * <pre>{@code
 * await(lines.withIndex().forEach(line -> System.out.println(line.index() + ": " + line.value())));
 * }</pre>
 *
 * @param index the position, from 0
 * @param value the value
 * @param <T> the value type
 */
public record Indexed<T>(long index, T value) {
    /**
     * @param index the position, from 0
     * @param value the value, not {@code null}
     */
    public Indexed {
        Objects.requireNonNull(value, "value");
    }
}
