package dev.awaitj;

import java.time.Duration;

/**
 * The failure of a stage that ran out of time: {@link Time#withTimeout(java.util.concurrent.CompletionStage,
 * Duration)}, and a stream's {@code withTimeout} and {@code timeoutEach}. Unchecked, so the
 * natural {@code catch} compiles around a plain {@code await}:
 *
 * <pre>{@code
 * try {
 *     page = await(Time.withTimeout(fetch(uri), Duration.ofSeconds(5)));
 * } catch (TimedOutException e) {
 *     page = "(timed out)";
 * }
 * }</pre>
 *
 * <p>Deliberately not a {@link java.util.concurrent.CancellationException} (Kotlin's
 * {@code TimeoutCancellationException} is one): a timeout is not the caller's own cancellation,
 * must not be swallowed as one, and a future that timed out is not {@code isCancelled()}. The
 * stage that ran out of time is cancelled, and its cleanup has finished when this is thrown.
 */
public class TimedOutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what ran out of time. */
    public TimedOutException(String message) {
        super(message);
    }

    static TimedOutException after(Duration timeout) {
        return new TimedOutException("timed out after " + timeout);
    }
}
