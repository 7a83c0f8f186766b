package dev.awaitj.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Walks the links between suspended async methods: downwards (what a method waits for, for the
 * suspended-task dump) and upwards (who waits for a method, for async stack traces).
 */
public final class AsyncTraces {
    private static final int MAX_DEPTH = 4096;

    private AsyncTraces() {
    }

    /**
     * Where the async methods behind {@code stage} wait, outermost first: {@code stage}'s own
     * frame at its current await, then the frame of the async method it awaits, and so on. Empty
     * if {@code stage} is not a suspended async method.
     */
    public static List<StackTraceElement> waitChain(CompletionStage<?> stage) {
        List<StackTraceElement> chain = new ArrayList<>();
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        CompletionStage<?> next = stage;
        while (next != null && chain.size() < MAX_DEPTH && seen.put(next, Boolean.TRUE) == null) {
            if (next instanceof AsyncFrame) {
                AsyncFrame<?> frame = (AsyncFrame<?>) next;
                if (frame.isDone()) {
                    break;
                }
                chain.add(location(frame));
                next = frame.awaited();
            } else if (next instanceof AsyncFuture && !((AsyncFuture<?>) next).isDone()) {
                StackTraceElement described = ((AsyncFuture<?>) next).describeForTrace();
                if (described == null) {
                    break;
                }
                chain.add(described);
                next = null;
            } else {
                break;
            }
        }
        return chain;
    }

    /** Where {@code frame} waits (or last waited): class, method, file and line of its await. */
    public static StackTraceElement location(AsyncFrame<?> frame) {
        return location(frame.body(), frame.state);
    }

    /** Where a method with resume body {@code body} waits in suspension state {@code state}. */
    public static StackTraceElement location(AsyncBody body, int state) {
        if (body instanceof ResumableBody) {
            return ((ResumableBody) body).location(state);
        }
        return new StackTraceElement(body.getClass().getName(), "resume", null, -1);
    }

    /**
     * The chain of callers waiting for {@code frame}, innermost first, starting with
     * {@code frame} itself at the await it resumed from.
     */
    public static StackTraceElement[] awaitingCallers(AsyncFrame<?> frame, int resumedState) {
        List<StackTraceElement> callers = new ArrayList<>();
        callers.add(location(frame.body(), resumedState));
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        AsyncFuture<?> next = frame.awaiter;
        while (next != null && callers.size() < MAX_DEPTH && seen.put(next, Boolean.TRUE) == null) {
            if (next instanceof AsyncFrame) {
                callers.add(location((AsyncFrame<?>) next));
            } else {
                StackTraceElement described = next.describeForTrace();
                if (described != null) {
                    callers.add(described);
                }
            }
            next = next.awaiter;
        }
        return callers.toArray(new StackTraceElement[0]);
    }

    /** Attaches the async callers of {@code frame} to {@code failure}, once per failure. */
    static void attach(AsyncFrame<?> frame, int resumedState, Throwable failure) {
        for (Throwable suppressed : failure.getSuppressed()) {
            if (suppressed instanceof AsyncStackTrace) {
                return;
            }
        }
        try {
            failure.addSuppressed(new AsyncStackTrace(awaitingCallers(frame, resumedState)));
        } catch (RuntimeException ignored) {
            // diagnostics must never change the outcome
        }
    }
}
