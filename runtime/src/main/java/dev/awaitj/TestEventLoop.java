package dev.awaitj;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * An event loop with virtual time, for tests: timers fire when the test moves the clock, so tests
 * of sleeps and timeouts take no real time and never flake. The loop runs on the test's own
 * thread, only inside {@link #runUntilIdle()}, {@link #advance} and {@link #runUntilComplete}.
 *
 * <pre>{@code
 * TestEventLoop loop = TestEventLoop.create();
 * Task<String> slow = loop.spawn(() -> Time.withTimeout(service.call(), Duration.ofSeconds(5)));
 * loop.advance(Duration.ofSeconds(4));
 * assertFalse(slow.isDone());
 * loop.advance(Duration.ofSeconds(1));
 * assertTrue(slow.isCompletedExceptionally());      // TimedOutException, after 0 ms of real time
 * }</pre>
 *
 * <p>{@link #runUntilComplete} runs until the main task is done, jumping the clock to the next
 * timer whenever nothing else can run (like kotlinx's {@code runTest}). If nothing can run, no
 * timer is pending and no work started with {@link OffLoop} is outstanding, the main task can
 * never finish: it waits {@link #setIdleTimeout real idle timeout} (default 10 s) for other
 * threads, then fails with a dump of the suspended tasks instead of hanging the build.
 */
public final class TestEventLoop extends EventLoop {
    private volatile long now;
    private volatile Duration idleTimeout = Duration.ofSeconds(10);

    private TestEventLoop(String name) {
        super(name);
    }

    /** A new test loop whose clock starts at zero. */
    public static TestEventLoop create() {
        return new TestEventLoop("test-loop");
    }

    /** The virtual clock. */
    @Override
    public long nanoTime() {
        return now;
    }

    /** Virtual time since the loop was created. */
    public Duration elapsed() {
        return Duration.ofNanos(now);
    }

    /** How long (real time) {@link #runUntilComplete} waits for other threads when stuck. */
    public void setIdleTimeout(Duration timeout) {
        this.idleTimeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Runs everything that can run without moving the clock. */
    public void runUntilIdle() {
        refuseOnLoopThread("runUntilIdle()");
        enter();
        try {
            drainNow();
        } finally {
            exit();
        }
    }

    /** Moves the clock forward by {@code delta}, running every timer that falls due on the way, in order. */
    public void advance(Duration delta) {
        refuseOnLoopThread("advance()");
        long target = now + saturatedNanos(delta);
        enter();
        try {
            drainNow();
            ScheduledCall next;
            while ((next = nextTimer()) != null && next.deadline - target <= 0) {
                if (next.deadline - now > 0) {
                    now = next.deadline;
                }
                drainNow();
            }
            now = target;
            drainNow();
        } finally {
            exit();
        }
    }

    /**
     * Runs {@code main} to completion, moving virtual time forward whenever nothing else can run.
     */
    @Override
    public <T> T runUntilComplete(Supplier<? extends CompletionStage<T>> main) throws Exception {
        return super.runUntilComplete(main);
    }

    private void drainNow() {
        while (hasReadyWork()) {
            runOnce(false);
        }
    }

    @Override
    void waitForWork() {
        ScheduledCall next = nextTimer();
        if (next != null && pendingOffLoop.get() == 0) {
            if (next.deadline - now > 0) {
                now = next.deadline;
            }
            return;
        }
        long deadline = System.nanoTime() + idleTimeout.toNanos();
        setSleeping(true);
        try {
            while (incomingEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (pendingOffLoop.get() > 0) {
                        deadline = System.nanoTime() + idleTimeout.toNanos();
                        continue;
                    }
                    throw new IllegalStateException("test loop is stuck: nothing can run, no timer"
                            + " is pending and no other thread woke it for "
                            + TimeUnit.NANOSECONDS.toMillis(idleTimeout.toNanos()) + " ms\n"
                            + dumpTasks());
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            setSleeping(false);
        }
    }
}
