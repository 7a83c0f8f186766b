package dev.awaitj;

import dev.awaitj.internal.AsyncSupport;
import java.util.concurrent.CompletionStage;

/**
 * {@code await}: wait for a stage inside an {@code @Async} method without blocking a thread.
 *
 * <pre>{@code
 * import static dev.awaitj.Await.await;
 *
 * @Async
 * CompletableFuture<String> greet(Users users, long id) {
 *     User user = await(users.find(id));          // suspends here if find() is not done yet
 *     return CompletableFuture.completedFuture("Hello, " + user.name());
 * }
 * }</pre>
 *
 * <p>The awaitj annotation processor replaces every call of these methods inside {@code @Async}
 * methods (and async lambdas) with a suspension point. A call that was not rewritten — the
 * processor did not run — throws {@link IllegalStateException} at once, saying how to enable it;
 * it never blocks.
 */
public final class Await {
    private Await() {
    }

    /**
     * Returns the stage's value, suspending the enclosing {@code @Async} method until the stage
     * completes. If the stage completed exceptionally, throws its cause unwrapped (never a
     * {@code CompletionException}), so {@code catch} works as in synchronous code. If the
     * enclosing method's future is cancelled while it waits here, throws
     * {@link java.util.concurrent.CancellationException}.
     *
     * @param stage the stage to wait for
     * @param <T> the stage's value type
     * @return the stage's value
     */
    public static <T> T await(CompletionStage<T> stage) {
        throw AsyncSupport.notRewritten();
    }

    /**
     * Like {@link #await(CompletionStage)}, and declares that the stage may fail with the checked
     * exception {@code failureType}, so a surrounding {@code catch (X e)} compiles:
     *
     * <pre>{@code
     * try {
     *     body = await(fetch(uri), IOException.class);
     * } catch (IOException e) {
     *     body = "";
     * }
     * }</pre>
     *
     * @param stage the stage to wait for
     * @param failureType the checked exception the stage may fail with
     * @param <T> the stage's value type
     * @param <X> the checked exception type
     * @return the stage's value
     * @throws X if the stage failed with an {@code X}
     */
    public static <T, X extends Throwable> T await(CompletionStage<T> stage, Class<X> failureType)
            throws X {
        throw AsyncSupport.notRewritten();
    }
}
