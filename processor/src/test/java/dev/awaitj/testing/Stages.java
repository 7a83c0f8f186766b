package dev.awaitj.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Stages for test programs, in one of two modes: already complete, or pending until the test
 * completes them later from another thread — so every program runs both the fast path and the
 * real suspension path. Programs also record a trace, to pin evaluation order.
 */
public final class Stages {
    public enum Mode { COMPLETED, SUSPENDED }

    /** A stage the test completes later, with the outcome it will get. */
    public static final class Pending {
        final CompletableFuture<Object> future;
        final Object value;
        final Throwable failure;

        Pending(CompletableFuture<Object> future, Object value, Throwable failure) {
            this.future = future;
            this.value = value;
            this.failure = failure;
        }

        public void complete() {
            if (failure == null) {
                future.complete(value);
            } else {
                future.completeExceptionally(failure);
            }
        }
    }

    private static volatile Mode mode = Mode.COMPLETED;
    private static final ConcurrentLinkedQueue<Pending> PENDING = new ConcurrentLinkedQueue<>();
    private static final List<String> TRACE = Collections.synchronizedList(new ArrayList<>());

    private Stages() {
    }

    public static void reset(Mode newMode) {
        mode = newMode;
        PENDING.clear();
        TRACE.clear();
    }

    public static Mode mode() {
        return mode;
    }

    /** The next stage a program waits for, or null. */
    public static Pending nextPending() {
        return PENDING.poll();
    }

    public static List<String> trace() {
        synchronized (TRACE) {
            return new ArrayList<>(TRACE);
        }
    }

    /** A stage with {@code value}: complete now, or later, by mode. */
    @SuppressWarnings("unchecked")
    public static <T> CompletableFuture<T> value(T value) {
        if (mode == Mode.COMPLETED) {
            return CompletableFuture.completedFuture(value);
        }
        CompletableFuture<Object> future = new CompletableFuture<>();
        PENDING.add(new Pending(future, value, null));
        return (CompletableFuture<T>) future;
    }

    /** A stage that fails with {@code failure}: now, or later, by mode. */
    @SuppressWarnings("unchecked")
    public static <T> CompletableFuture<T> failure(Throwable failure) {
        if (mode == Mode.COMPLETED) {
            return CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<Object> future = new CompletableFuture<>();
        PENDING.add(new Pending(future, null, failure));
        return (CompletableFuture<T>) future;
    }

    /** Records {@code label} in the trace and returns {@code value}: pins evaluation order. */
    public static <T> T log(String label, T value) {
        TRACE.add(label);
        return value;
    }

    public static void log(String label) {
        TRACE.add(label);
    }

    /** Traced stage: logs {@code label} when the stage is created, i.e. when its expression is evaluated. */
    public static <T> CompletableFuture<T> traced(String label, T value) {
        TRACE.add(label);
        return value(value);
    }
}
