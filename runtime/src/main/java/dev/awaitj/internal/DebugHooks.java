package dev.awaitj.internal;

/**
 * Switches for the runtime's debug mode that the frame machinery consults. Read only on slow
 * paths (a method completing exceptionally after it suspended), never on the await fast path.
 */
public final class DebugHooks {
    private static volatile boolean asyncStackTraces =
            Boolean.getBoolean("awaitj.debug");

    private DebugHooks() {
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
