package dev.awaitj.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put by the processor on each method it rewrote (the entry method and its resume copy): marks it
 * as done, so rewriting is idempotent, and tells diagnostics where each suspension point is.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Rewritten {
    /** The user's name of the method: {@code "fetch"}, or {@code "lambda$main$0"} for an async lambda. */
    String method() default "";

    /** The source file the method is in, as in the class file's {@code SourceFile} attribute. */
    String file() default "";

    /**
     * The source line of each suspension point, indexed by {@link AsyncFrame#state} - 1; -1 where
     * the class has no line numbers.
     */
    int[] awaitLines() default {};
}
