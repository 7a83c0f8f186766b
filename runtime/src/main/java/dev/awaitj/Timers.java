package dev.awaitj;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where the runtime's timers run: on the event loop of the calling thread if there is one, else
 * on one runtime-owned daemon thread (never the JDK's shared {@code CompletableFuture} delayer).
 */
final class Timers {
    private Timers() {
    }

    /** A scheduled action that can be cancelled. */
    interface Cancellable {
        void cancel();
    }

    static Cancellable schedule(Duration delay, Runnable action) {
        EventLoop loop = EventLoop.currentOrNull();
        if (loop != null) {
            ScheduledCall call = loop.schedule(delay, action);
            return call::cancel;
        }
        ScheduledFuture<?> future = Fallback.EXECUTOR.schedule(
                action, EventLoop.saturatedNanos(delay), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    /** The timer thread for code that runs on no loop. */
    private static final class Fallback {
        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "awaitj-timer");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
