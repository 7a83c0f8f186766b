package dev.awaitj.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Static entry points of rewritten code: the await fast path and completion of the entry copy. */
public final class AsyncSupport {
    private AsyncSupport() {
    }

    /** What {@link #poll} returns for a stage that is not complete. */
    public static final Object PENDING = new Object();

    /**
     * The await fast path in one read of the stage's result: its value if it is complete (its
     * failure thrown unwrapped), else {@link #PENDING}. Stages that are not
     * {@code CompletableFuture}s, or refuse {@code getNow} like {@code minimalCompletionStage()},
     * are always pending.
     */
    @SuppressWarnings("unchecked")
    public static Object poll(CompletionStage<?> stage) {
        if (stage instanceof CompletableFuture) {
            try {
                return ((CompletableFuture<Object>) stage).getNow(PENDING);
            } catch (UnsupportedOperationException minimalStage) {
                return PENDING;
            } catch (Throwable failure) {
                if (Cancellation.pendingIn(failure) != null) {
                    return PENDING; // cancelled, still cleaning up: wait for the end (AsyncFrame.accept)
                }
                throw Outcomes.rethrow(Outcomes.unwrap(failure));
            }
        }
        if (stage == null) {
            throw new NullPointerException("await(null): the stage to await is null");
        }
        return PENDING;
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
                        + " processor path: Maven: maven-compiler-plugin <annotationProcessorPaths>,"
                        + " not <dependencies> (a processor in <dependencies>, provided or not, is on"
                        + " the class path, and JDK 23 and later do not run processors found there, so"
                        + " such a build succeeds on JDK 17 to 22 and skips the rewrite from JDK 23);"
                        + " Gradle: annotationProcessor; javac: -processorpath awaitj-processor.jar, or"
                        + " -proc:full on JDK 23+ if it is only on the class path. And call await() only"
                        + " inside @Async methods or lambdas that return a CompletionStage.");
    }
}
