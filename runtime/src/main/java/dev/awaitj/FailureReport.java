package dev.awaitj;

import java.lang.ref.Cleaner;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A failure of a future the runtime handed out ({@link Task}, {@link Dispatch#call},
 * {@link OffLoop}) that nobody has observed yet: if the future becomes garbage while it is still
 * unobserved, nobody can ever see the failure, and it is reported once (asyncio's "Task exception
 * was never retrieved"). Made only when such a future fails, so the success path pays nothing;
 * holds no reference to the future.
 *
 * <p>What counts as observing: a dependent stage (an await that suspends, {@code thenApply},
 * {@code whenComplete}...), or reading the outcome ({@code join}, {@code get}, {@code getNow},
 * {@code exceptionNow}; an await of a future already failed reads it with {@code getNow}).
 */
final class FailureReport implements Runnable {
    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "awaitj-unobserved-failures");
        thread.setDaemon(true);
        return thread;
    });

    private final String message;
    private final Throwable failure;
    /** Where it goes: where it runs ({@link Place}: an event loop or a dispatch), or {@code null} for the logger. */
    private final Place reportTo;
    private final Throwable startedAt;
    /** A set that keeps it until it is reported or observed (a loop reports them as it closes). */
    private final Set<FailureReport> pendingIn;
    private volatile boolean observed;
    private final AtomicBoolean reported = new AtomicBoolean();

    private FailureReport(String message, Throwable failure, Place reportTo, Throwable startedAt,
            Set<FailureReport> pendingIn) {
        this.message = message;
        this.failure = failure;
        this.reportTo = reportTo;
        this.startedAt = startedAt;
        this.pendingIn = pendingIn;
    }

    /**
     * Watches {@code future}, which has just failed with {@code failure} and was not observed:
     * reported through {@code reportTo} when it becomes garbage unless {@link #observe} is called
     * first. {@code startedAt}, if not {@code null}, is attached to the failure when reported (debug
     * mode's spawn site); {@code pendingIn}, if not {@code null}, holds the report meanwhile.
     */
    static FailureReport watch(Object future, String message, Throwable failure, Place reportTo,
            Throwable startedAt, Set<FailureReport> pendingIn) {
        FailureReport report = new FailureReport(message, failure, reportTo, startedAt, pendingIn);
        if (pendingIn != null) {
            pendingIn.add(report);
        }
        CLEANER.register(future, report);
        return report;
    }

    /** Someone looked at the failure: it will not be reported. */
    void observe() {
        observed = true;
        if (pendingIn != null) {
            pendingIn.remove(this);
        }
    }

    /** The cleaner's action: the future became garbage. */
    @Override
    public void run() {
        report();
    }

    /** Reports the failure unless it was observed or already reported. */
    void report() {
        if (observed || !reported.compareAndSet(false, true)) {
            return;
        }
        if (pendingIn != null) {
            pendingIn.remove(this);
        }
        if (startedAt != null && startedAt != failure) {
            try {
                failure.addSuppressed(startedAt);
            } catch (RuntimeException ignored) {
                // best effort
            }
        }
        Reporting.errorTo(reportTo, message, failure);
    }
}
