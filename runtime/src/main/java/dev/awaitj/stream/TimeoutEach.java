package dev.awaitj.stream;

import dev.awaitj.Time;
import dev.awaitj.TimedOutException;
import dev.awaitj.internal.Cancellation;
import dev.awaitj.internal.Home;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The producer of {@link AsyncStream#timeoutEach}: a timer ({@link Time#sleep}, so an event
 * loop's, virtual under {@code TestEventLoop}) runs from the start and from each moment the
 * consumer asks for the next value, and stops when the upstream emits it. If it fires first, the
 * upstream is cancelled at the await it waits at and, once it has settled (its {@code finally}
 * blocks run), the stream fails with {@link TimedOutException}.
 */
final class TimeoutEach<T> implements Producer<T> {
    private final AsyncStream<T> upstream;
    private final Duration timeout;

    TimeoutEach(AsyncStream<T> upstream, Duration timeout) {
        this.upstream = upstream;
        this.timeout = timeout;
    }

    @Override
    public CompletionStage<?> produce(Emitter<T> out) {
        Run<T> run = new Run<>(out, timeout);
        run.arm();
        run.start(upstream);
        return run;
    }

    private static final class Run<T> extends CompletableFuture<Void> implements Emitter<T> {
        private final Emitter<T> out;
        private final Duration timeout;
        /** Where the consumer runs; the timers are armed and the callbacks run there. */
        private final Home home = Home.current();
        /** The running timer, or null between a value's arrival and the consumer's next ask. */
        private CompletableFuture<Void> timer;
        private boolean expired;
        private CompletableFuture<Void> upstreamRun;
        private Cancellation cancelledEarly;
        /** Expired, and the upstream's cancel not issued yet. */
        private boolean cancelling;
        private RefusedEmit parked;

        Run(Emitter<T> out, Duration timeout) {
            this.out = out;
            this.timeout = timeout;
        }

        void start(AsyncStream<T> source) {
            CompletableFuture<Void> run = source.collect(this);
            boolean late;
            Cancellation early;
            synchronized (this) {
                upstreamRun = run;
                late = expired;
                early = cancelledEarly;
            }
            if (late || early != null) { // timed out or cancelled while the upstream's synchronous part ran
                run.cancel(true);
                cancelIssued();
            }
            if (early != null) {
                Stages.finishWhenSettled(early, run);
            }
            home.whenSettled(run, (ignored, failure) -> {
                boolean timedOut;
                CompletableFuture<Void> running;
                synchronized (this) {
                    timedOut = expired;
                    running = timer;
                    timer = null;
                }
                if (running != null) {
                    running.cancel(false);
                }
                if (timedOut) {
                    completeExceptionally(new TimedOutException("no value within " + timeout));
                } else if (failure == null) {
                    complete(null);
                } else {
                    completeExceptionally(Stages.unwrap(failure));
                }
            });
        }

        /** Starts the timer for the next value. */
        void arm() {
            CompletableFuture<Void> started = Time.sleep(timeout);
            synchronized (this) {
                if (expired || isDone()) {
                    started.cancel(false);
                    return;
                }
                timer = started;
            }
            home.whenComplete(started, (ignored, failure) -> {
                if (failure == null) {
                    expire(started);
                }
            });
        }

        private void expire(CompletableFuture<Void> fired) {
            CompletableFuture<Void> run;
            synchronized (this) {
                if (timer != fired || expired) {
                    return; // a value came first
                }
                expired = true;
                timer = null;
                run = upstreamRun;
                cancelling = true;
            }
            if (run != null) { // else start() cancels it
                run.cancel(true);
                cancelIssued();
            }
        }

        /** The upstream's run has been cancelled: arm the refusal handed out meanwhile. */
        private void cancelIssued() {
            RefusedEmit waiting;
            synchronized (this) {
                cancelling = false;
                waiting = parked;
                parked = null;
            }
            if (waiting != null) {
                waiting.arm();
            }
        }

        @Override
        public CompletionStage<Void> emit(T value) {
            CompletableFuture<Void> running;
            synchronized (this) {
                if (expired) {
                    if (cancelling) { // a fast refusal now would unwind it before the cancel lands
                        parked = new RefusedEmit(new CancellationException("timed out"), false);
                        return parked;
                    }
                    return Stages.failed(new CancellationException("timed out"));
                }
                running = timer;
                timer = null;
            }
            if (running != null) {
                running.cancel(false);
            }
            CompletionStage<Void> sent = out.emit(value);
            CompletableFuture<?> done = Stages.doneOrNull(sent);
            if (done != null) {
                if (!done.isCompletedExceptionally()) {
                    arm();
                }
                return sent;
            }
            home.whenComplete(sent, (ignored, failure) -> {
                if (failure == null) {
                    arm(); // the timer of the consumer's loop, not of the thread that completed the emit
                }
            });
            return sent;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            Cancellation cancellation = new Cancellation("the stream's consumer was cancelled");
            if (!completeExceptionally(cancellation)) {
                return isCancelled();
            }
            CompletableFuture<Void> run;
            CompletableFuture<Void> running;
            synchronized (this) {
                run = upstreamRun;
                running = timer;
                timer = null;
                if (run == null) {
                    cancelledEarly = cancellation; // start() cancels the upstream when its collection returns
                }
            }
            if (running != null) {
                running.cancel(false);
            }
            if (run == null) {
                return true;
            }
            run.cancel(true);
            Stages.finishWhenSettled(cancellation, run);
            return true;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
