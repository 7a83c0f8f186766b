package dev.awaitj;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where the runtime's timers run: on the place of the calling thread if it has one (its event
 * loop's timers, or its dispatch's: the executor's scheduler or the one given to the dispatch),
 * else on one runtime-owned daemon thread (never the JDK's shared {@code CompletableFuture}
 * delayer).
 */
final class Timers {
    private Timers() {
    }

    /** A scheduled action that can be cancelled. */
    interface Cancellable {
        void cancel();
    }

    static Cancellable schedule(Duration delay, Runnable action) {
        Place place = Place.current();
        return place != null ? place.schedule(delay, action) : onTimerThread(delay, action);
    }

    /** Runs {@code action} on the runtime's timer thread after {@code delay}. */
    static Cancellable onTimerThread(Duration delay, Runnable action) {
        ScheduledFuture<?> future = Fallback.EXECUTOR.schedule(
                action, EventLoop.saturatedNanos(delay), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    /** The timer thread for code that runs on no loop, and for dispatches with no scheduler. */
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
