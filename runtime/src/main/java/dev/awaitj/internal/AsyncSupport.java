package dev.awaitj.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Static entry points of rewritten code: the await fast path and completion of the entry copy. */
public final class AsyncSupport {
    private AsyncSupport() {
    }

    /**
     * Whether {@code stage} is complete, so the await can continue inline without allocating.
     * Stages that are not {@code CompletableFuture}s (or refuse {@code isDone}, like
     * {@code minimalCompletionStage()}) always take the suspending path.
     */
    public static boolean isComplete(CompletionStage<?> stage) {
        if (stage instanceof CompletableFuture) {
            try {
                return ((CompletableFuture<?>) stage).isDone();
            } catch (UnsupportedOperationException minimalStage) {
                return false;
            }
        }
        if (stage == null) {
            throw new NullPointerException("await(null): the stage to await is null");
        }
        return false;
    }

    /** The value of a complete stage, or its failure thrown unwrapped. */
    public static Object join(CompletionStage<?> stage) {
        try {
            return ((CompletableFuture<?>) stage).getNow(null);
        } catch (Throwable failure) {
            throw Outcomes.rethrow(Outcomes.unwrap(failure));
        }
    }

    /** The future of an invocation that returned {@code stage} without ever suspending. */
    public static <T> AsyncFuture<T> completedWith(CompletionStage<T> stage) {
        AsyncFuture<T> future = new AsyncFuture<>();
        future.completeFrom(stage);
        return future;
    }

    /** The future of an invocation that returned {@code completedFuture(value)} without suspending. */
    public static <T> AsyncFuture<T> completedValue(T value) {
        AsyncFuture<T> future = new AsyncFuture<>();
        future.complete(value);
        return future;
    }

    /** The future of an invocation that threw {@code thrown} before suspending. */
    public static <T> AsyncFuture<T> failedWith(Throwable thrown) {
        AsyncFuture<T> future = new AsyncFuture<>();
        future.completeExceptionally(thrown);
        return future;
    }

    /** What an await that the processor did not rewrite throws. */
    public static IllegalStateException notRewritten() {
        return new IllegalStateException(
                "await() ran without the awaitj rewrite: the awaitj annotation processor did not"
                        + " process this class. Put dev.awaitj:awaitj-processor on the annotation"
                        + " processor path (Maven: maven-compiler-plugin <annotationProcessorPaths>;"
                        + " javac: -processorpath awaitj-processor.jar, or -proc:full on JDK 23+ if"
                        + " it is only on the class path) and call await() only inside @Async"
                        + " methods or lambdas that return a CompletionStage.");
    }
}
