package dev.awaitj.internal;

/**
 * Switches for the runtime's debug mode that the frame machinery consults. Read only on slow
 * paths (a method completing exceptionally after it suspended), never on the await fast path.
 */
public final class DebugHooks {
    private static volatile boolean asyncStackTraces =
            Boolean.getBoolean("awaitj.debug");

    private static volatile java.util.function.BiConsumer<String, Throwable> lostFailures;

    private static volatile boolean timeResumptions;

    private DebugHooks() {
    }

    /** Whether each resumption is timed, so a slow loop step can name the method that was slow. */
    public static void setTimeResumptions(boolean enabled) {
        timeResumptions = enabled;
    }

    static boolean timeResumptions() {
        return timeResumptions;
    }

    /** Starts timing resumptions for one loop step on this thread. */
    public static void beginStep() {
        ThreadState thread = ThreadState.get();
        thread.slowestBody = null;
        thread.slowestNanos = -1;
    }

    /**
     * The longest resumption on this thread since {@link #beginStep()}: where the method resumed
     * and how long it ran, or {@code null} if none was timed.
     */
    public static String slowestResumption() {
        ThreadState thread = ThreadState.get();
        if (thread.slowestBody == null) {
            return null;
        }
        String where = AsyncTraces.location(thread.slowestBody, thread.slowestState)
                + " ran " + thread.slowestNanos / 1_000_000 + " ms";
        thread.slowestBody = null;
        return where;
    }

    static void recordResumption(ThreadState thread, AsyncBody body, int state, long nanos) {
        if (nanos > thread.slowestNanos) {
            thread.slowestNanos = nanos;
            thread.slowestBody = body;
            thread.slowestState = state;
        }
    }

    /**
     * Sets who hears about failures that cannot complete anything: an async method that throws
     * (typically from a {@code finally} block) after its future was cancelled. Without a handler
     * they are logged to {@code System.Logger} "dev.awaitj".
     */
    public static void setLostFailureHandler(java.util.function.BiConsumer<String, Throwable> handler) {
        lostFailures = handler;
    }

    static void lostFailure(AsyncFrame<?> frame, Throwable failure) {
        reportLostFailure("an async method threw after its future was cancelled, so nobody can see"
                + " the exception; it was waiting at " + AsyncTraces.location(frame.body(), 0), failure);
    }

    /**
     * Reports a failure that nothing can complete with (the runtime never drops an exception): to
     * the lost-failure handler, which routes it to the current task's loop, or else to
     * {@code System.Logger} "dev.awaitj".
     */
    public static void reportLostFailure(String message, Throwable failure) {
        java.util.function.BiConsumer<String, Throwable> handler = lostFailures;
        if (handler != null) {
            handler.accept(message, failure);
        } else {
            System.getLogger("dev.awaitj").log(System.Logger.Level.WARNING, message, failure);
        }
    }

    /** Whether failures of resumed methods get an {@link AsyncStackTrace} attached. */
    public static boolean asyncStackTraces() {
        return asyncStackTraces;
    }

    /** Turns async stack traces on or off. */
    public static void setAsyncStackTraces(boolean enabled) {
        asyncStackTraces = enabled;
    }
}
