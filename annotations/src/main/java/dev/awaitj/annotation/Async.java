package dev.awaitj.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose body may call {@code dev.awaitj.Await.await(stage)}.
 *
 * <p>The method must have a body and return {@code CompletableFuture<T>} or
 * {@code CompletionStage<T>}. The awaitj annotation processor rewrites it, during the same
 * {@code javac} run, into a state machine that suspends at an {@code await} whose stage is not yet
 * complete and resumes when it completes:
 *
 * <pre>{@code
 * @Async
 * CompletableFuture<Integer> total(Shop shop) {
 *     int sum = 0;
 *     for (Item item : await(shop.items())) {
 *         sum += await(shop.price(item));
 *     }
 *     return CompletableFuture.completedFuture(sum);
 * }
 * }</pre>
 *
 * <p>The method runs synchronously in its caller's thread until its first real suspension. Any
 * exception thrown by the body completes the returned future exceptionally with that exception.
 *
 * <p>The retention is {@code CLASS}: the processor finds annotated methods in the class files
 * javac writes, and nothing needs the annotation at run time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Async {
}
