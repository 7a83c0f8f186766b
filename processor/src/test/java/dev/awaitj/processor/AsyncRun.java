package dev.awaitj.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.awaitj.testing.Stages;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a static async method of a compiled program in both modes and describes its outcome:
 * {@code value} or {@code threw ExceptionClass: message}, then the trace. In SUSPENDED mode the
 * method must not be done after the call if it awaited anything, and every pending stage is
 * completed from another thread, one at a time, until the method's future completes.
 */
final class AsyncRun {
    private static final ExecutorService COMPLETER = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "stage-completer");
        thread.setDaemon(true);
        return thread;
    });

    private AsyncRun() {
    }

    /** Asserts that {@code method(args)} gives {@code expected} on both paths. */
    static void assertOutcome(Class<?> program, String method, String expected, Object... args) {
        String completed = outcome(program, Stages.Mode.COMPLETED, method, args);
        assertEquals(expected, completed, method + " with every stage already complete");
        String suspended = outcome(program, Stages.Mode.SUSPENDED, method, args);
        assertEquals(expected, suspended, method + " with every stage completed later on another thread");
    }

    static String outcome(Class<?> program, Stages.Mode mode, String method, Object... args) {
        Stages.reset(mode);
        CompletableFuture<?> future = call(program, method, args);
        if (mode == Stages.Mode.COMPLETED) {
            assertTrue(future.isDone(), method + " should complete without suspending when every stage is complete");
        } else {
            Stages.Pending next = Stages.nextPending();
            if (next != null) {
                assertFalse(future.isDone(), method + " finished before the stage it awaits completed");
            }
            int steps = 0;
            while (next != null) {
                Stages.Pending completing = next;
                try {
                    COMPLETER.submit(completing::complete).get(30, TimeUnit.SECONDS);
                } catch (InterruptedException | ExecutionException | TimeoutException e) {
                    fail("completing a stage failed", e);
                }
                next = Stages.nextPending();
                if (++steps > 1_000_000) {
                    fail(method + " never finishes");
                }
            }
        }
        return describe(future) + trace(Stages.trace());
    }

    static CompletableFuture<?> call(Class<?> program, String method, Object... args) {
        Method target = find(program, method);
        try {
            target.setAccessible(true);
            Object result = target.invoke(null, args);
            assertTrue(result instanceof CompletableFuture, method + " returned " + result);
            return ((CompletionStage<?>) result).toCompletableFuture();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        } catch (InvocationTargetException e) {
            throw new AssertionError(method + " threw to its caller instead of failing its future", e.getCause());
        }
    }

    static Method find(Class<?> program, String method) {
        for (Method candidate : program.getDeclaredMethods()) {
            if (candidate.getName().equals(method) && !candidate.isSynthetic()) {
                return candidate;
            }
        }
        throw new AssertionError("no method " + method + " in " + program);
    }

    static String describe(CompletableFuture<?> future) {
        try {
            return String.valueOf(future.get(30, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            return "threw " + e.getCause().getClass().getName() + ": " + e.getCause().getMessage();
        } catch (java.util.concurrent.CancellationException e) {
            return "cancelled";
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the method's future did not complete", e);
        }
    }

    private static String trace(List<String> trace) {
        return trace.isEmpty() ? "" : " " + String.join(",", trace);
    }
}
