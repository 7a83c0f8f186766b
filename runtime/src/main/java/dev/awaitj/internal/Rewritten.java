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
    /** The source line of each suspension point, indexed by {@link AsyncFrame#state} - 1. */
    int[] awaitLines() default {};
}
