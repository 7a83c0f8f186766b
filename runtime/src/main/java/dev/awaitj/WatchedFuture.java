package dev.awaitj;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of work the runtime started for its caller ({@link Dispatch#call},
 * {@link OffLoop}): a failure that nobody observes is reported once the future becomes garbage
 * ({@link FailureReport}), through the exception handler of the loop or dispatch given at
 * creation, or else {@code System.Logger} "dev.awaitj". A cancellation is never reported.
 */
class WatchedFuture<T> extends CompletableFuture<T> {
    private final String description;
    private final Place reportTo;
    private volatile boolean observed;
    private volatile FailureReport report;
    /** Set while the runtime registers a dependent of its own in a constructor: it observes nothing. */
    private boolean quiet;

    /**
     * @param description what failed, for the report ("work started with Dispatch.call")
     * @param reportTo where it runs ({@link Place}: an event loop or a dispatch), or {@code null} for the logger
     */
    WatchedFuture(String description, Place reportTo) {
        this.description = description;
        this.reportTo = reportTo;
    }

    /**
     * Runs {@code action} when this future completes, without counting as observing it; for the
     * runtime's own bookkeeping, in the constructor of a subclass (before anyone else can see it).
     */
    final void whenSettledQuietly(Runnable action) {
        quiet = true;
        try {
            whenComplete((value, failure) -> action.run());
        } finally {
            quiet = false;
        }
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
        if (!super.completeExceptionally(failure)) {
            return false;
        }
        if (!observed && !Failures.isCancellation(failure)) {
            FailureReport watching = FailureReport.watch(this,
                    description + " failed and nobody observed its future", failure, reportTo, null, null);
            report = watching;
            if (observed) {
                watching.observe(); // observed meanwhile, on another thread
            }
        }
        return true;
    }

    /** Records that someone looked at the outcome. */
    final void markObserved() {
        if (!observed) {
            observed = true;
            FailureReport watching = report;
            if (watching != null) {
                watching.observe();
            }
        }
    }

    /** Every dependent stage (await, thenApply, whenComplete...) observes the outcome. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        if (!quiet) {
            markObserved();
        }
        return new CompletableFuture<>();
    }

    @Override
    public T join() {
        markObserved();
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        markObserved();
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        markObserved();
        return super.get(timeout, unit);
    }

    @Override
    public T getNow(T valueIfAbsent) {
        markObserved();
        return super.getNow(valueIfAbsent);
    }

    /**
     * The failure of this future ({@code Future.exceptionNow}, JDK 19+), which counts as observing
     * it; declared here so that it does on every JDK.
     *
     * @throws IllegalStateException if it is not done, completed normally or was cancelled
     */
    public Throwable exceptionNow() {
        markObserved();
        return Failures.exceptionNow(this);
    }
}
