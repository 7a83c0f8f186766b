package dev.awaitj;

import java.util.Objects;

/**
 * How a stage ended: with a value or with a failure. {@link Futures#allSettled} returns one per
 * stage ({@code asyncio.gather(..., return_exceptions=True)}, JavaScript's
 * {@code Promise.allSettled}).
 *
 * <pre>{@code
 * for (Outcome<String> outcome : await(Futures.allSettled(pages))) {
 *     switch (outcome) {                     // Java 21+; on 17: instanceof Outcome.Success<String> s
 *         case Outcome.Success<String> s -> save(s.value());
 *         case Outcome.Failure<String> f -> log(f.exception());
 *     }
 * }
 * }</pre>
 *
 * @param <T> the value type
 */
public sealed interface Outcome<T> permits Outcome.Success, Outcome.Failure {

    /** A successful outcome. */
    static <T> Outcome<T> success(T value) {
        return new Success<>(value);
    }

    /** A failed outcome; {@code CompletionException} wrappers are removed. */
    static <T> Outcome<T> failure(Throwable exception) {
        return new Failure<>(Failures.unwrap(Objects.requireNonNull(exception, "exception")));
    }

    /** Whether the stage completed normally. */
    boolean isSuccess();

    /** The value, or the failure rethrown as is (checked ones too). */
    T getOrThrow();

    /**
     * A stage that completed with a value (possibly {@code null}).
     *
     * @param value the value
     * @param <T> the value type
     */
    record Success<T>(T value) implements Outcome<T> {
        @Override
        public boolean isSuccess() {
            return true;
        }

        @Override
        public T getOrThrow() {
            return value;
        }
    }

    /**
     * A stage that failed or was cancelled ({@link java.util.concurrent.CancellationException}).
     *
     * @param exception the failure
     * @param <T> the value type
     */
    record Failure<T>(Throwable exception) implements Outcome<T> {
        /** Requires a non-null exception. */
        public Failure {
            Objects.requireNonNull(exception, "exception");
        }

        @Override
        public boolean isSuccess() {
            return false;
        }

        @Override
        public T getOrThrow() {
            throw Failures.sneakyThrow(exception);
        }
    }
}
