package dev.awaitj;

import dev.awaitj.internal.DebugHooks;
import java.time.Duration;
import java.util.Objects;

/**
 * The runtime's debug mode ({@code asyncio}'s debug mode, {@code PYTHONASYNCIODEBUG}). Switch it
 * on with the system property {@code -Dawaitj.debug=true} or {@link #enable()}; it costs time on
 * every loop step and every spawn, so leave it off in production.
 *
 * <pre>{@code
 * DebugMode.enable();
 * DebugMode.setSlowStepThreshold(Duration.ofMillis(50));
 * EventLoop.run(() -> app.main());
 * }</pre>
 *
 * <p>In debug mode:
 * <ul>
 * <li>a loop step (a callback, or an async method running until its next suspension) that holds
 *     the loop longer than the {@linkplain #slowStepThreshold() threshold} (default 100 ms,
 *     {@code -Dawaitj.debug.slowStepMillis}) is logged as a warning, naming the method and line
 *     it resumed at;</li>
 * <li>a task that failed and was never awaited is reported together with where it was spawned;</li>
 * <li>a failure thrown by an async method after it resumed carries, as a suppressed
 *     {@link dev.awaitj.internal.AsyncStackTrace}, the chain of async callers awaiting it (class,
 *     method, file and line of each await) — the real stack of such a failure ends in the loop.</li>
 * </ul>
 * {@link #dumpTasks()} (and {@link EventLoop#dumpTasks()}) work whether or not debug mode is on.
 */
public final class DebugMode {
    private static volatile boolean enabled = Boolean.getBoolean("awaitj.debug");
    private static volatile Duration slowStepThreshold =
            Duration.ofMillis(Long.getLong("awaitj.debug.slowStepMillis", 100));

    static {
        DebugHooks.setTimeResumptions(enabled);
    }

    private DebugMode() {
    }

    /** Whether debug mode is on. */
    public static boolean isEnabled() {
        return enabled;
    }

    /** Turns debug mode on. */
    public static void enable() {
        setEnabled(true);
    }

    /** Turns debug mode off. */
    public static void disable() {
        setEnabled(false);
    }

    /** Turns debug mode on or off. */
    public static void setEnabled(boolean on) {
        enabled = on;
        DebugHooks.setAsyncStackTraces(on);
        DebugHooks.setTimeResumptions(on);
    }

    /** How long a loop step may run before debug mode warns. */
    public static Duration slowStepThreshold() {
        return slowStepThreshold;
    }

    /** Sets how long a loop step may run before debug mode warns. */
    public static void setSlowStepThreshold(Duration threshold) {
        slowStepThreshold = Objects.requireNonNull(threshold, "threshold");
    }

    static Duration slowStepThresholdIfEnabled() {
        return enabled ? slowStepThreshold : null;
    }

    /**
     * The suspended tasks of the loop running on this thread, or of the {@link Dispatch} it runs
     * under, each with the file and line every async method in it waits at; see
     * {@link EventLoop#dumpTasks()}.
     *
     * @throws IllegalStateException if neither a loop nor a dispatch runs on this thread
     */
    public static String dumpTasks() {
        return Place.require("DebugMode.dumpTasks()").dumpTasks();
    }
}
