package dev.awaitj.stream;

import java.util.concurrent.CompletionStage;

/**
 * Checks what a user's function gave an operator back. A {@code null} fails the stream with a
 * {@link NullPointerException} that names the operator the function was given to and the value it
 * was called with, rather than an internal name ({@code emit(null)}, a {@code whenComplete} on
 * {@code null}) from deeper down.
 */
final class Returned {
    private Returned() {
    }

    /** {@code result}, a stream value the function given to {@code operator} computed for {@code input}. */
    static <R> R value(R result, String operator, Object input) {
        if (result == null) {
            throw new NullPointerException("the function given to " + operator + " returned null for "
                    + describe(input) + ": stream values must not be null (filter them out first, or map"
                    + " to an Optional)");
        }
        return result;
    }

    /** {@code result}, the value of the stage that the function given to {@code operator} returned. */
    static <R> R stageValue(R result, String operator, Object input) {
        if (result == null) {
            throw nullStageValue(operator, input);
        }
        return result;
    }

    /** The failure of a stage that the function given to {@code operator} returned and that completed with null. */
    static NullPointerException nullStageValue(String operator, Object input) {
        return new NullPointerException("the stage that the function given to " + operator
                + " returned for " + describe(input) + " completed with null: stream values must not be null");
    }

    /** {@code result}, the stage the function given to {@code operator} returned for {@code input}. */
    static <S extends CompletionStage<?>> S stage(S result, String operator, Object input) {
        if (result == null) {
            throw new NullPointerException("the function given to " + operator + " returned null for "
                    + describe(input) + " instead of a CompletionStage (return AsyncStream.done(), or"
                    + " CompletableFuture.completedFuture(value), when there is nothing to wait for)");
        }
        return result;
    }

    /** {@code result}, the stream the function given to {@code operator} returned for {@code input}. */
    static <S extends AsyncStream<?>> S stream(S result, String operator, Object input) {
        if (result == null) {
            throw new NullPointerException("the function given to " + operator + " returned null for "
                    + describe(input) + " instead of an AsyncStream (return AsyncStream.empty() for none)");
        }
        return result;
    }

    private static String describe(Object input) {
        if (input == null) {
            return "a value";
        }
        String text = String.valueOf(input);
        return "the value " + (text.length() > 60 ? text.substring(0, 57) + "..." : text);
    }
}
