package dev.awaitj.internal;

import java.util.concurrent.CompletionException;

/** Unwrapping and rethrowing the failures of stages. */
final class Outcomes {
    private Outcomes() {
    }

    /**
     * The failure a user should see: {@code CompletableFuture} wraps failures of dependent stages
     * in {@link CompletionException}; await and the futures of async methods never show that
     * wrapper.
     */
    static Throwable unwrap(Throwable failure) {
        while (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    /** Throws {@code failure} whether or not it is checked; the return type lets callers write {@code throw}. */
    static RuntimeException rethrow(Throwable failure) {
        throw Outcomes.<RuntimeException>sneaky(failure);
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X sneaky(Throwable failure) throws X {
        throw (X) failure;
    }
}
