package dev.awaitj.stream;

import dev.awaitj.internal.Cancellation;
import dev.awaitj.internal.Home;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The producer of {@link AsyncStream#buffer} and {@link AsyncStream#mapConcurrent}: it lets the
 * upstream producer run up to {@code ahead} values ahead of the downstream consumer. Each value
 * the upstream emits goes into a queue (for {@code mapConcurrent}, the stage {@code mapper}
 * started for it); the upstream's emit completes at once while the queue holds fewer than
 * {@code ahead}, else once the consumer has taken one. A drain loop hands the queue's head
 * downstream, in order, one emit awaited before the next (for {@code mapConcurrent}, once the
 * head's stage has completed).
 *
 * <p>Every callback continues at the consumer's {@link Home} (its loop or dispatch, its task), so
 * the drain, {@code mapper} and the consumer's code run there whichever thread completed a
 * stage. Off any loop, or on a dispatch over a pool, upstream and downstream may still run on
 * different threads: the queue and the flags are guarded by this object's monitor, never held
 * while calling out. The drain has one owner at a time
 * ({@code draining}, or {@code sending} while a downstream emit is pending).
 *
 * <p>Ending: the upstream's end is passed on after the queued values; a failure (upstream, a
 * mapped stage, downstream) cancels the upstream and the stages still queued and ends the run
 * once the upstream has settled, its {@code finally} blocks run; cancelling the run does the same
 * and completes it with a {@link Cancellation} finished at that point.
 */
final class RunAhead<T, R> implements Producer<R> {
    private final AsyncStream<T> upstream;
    private final int ahead;
    /** Starts the work for a value; null for buffer, where the queue holds the values themselves. */
    private final Function<? super T, ? extends CompletionStage<R>> mapper;

    RunAhead(AsyncStream<T> upstream, int ahead, Function<? super T, ? extends CompletionStage<R>> mapper) {
        this.upstream = upstream;
        this.ahead = ahead;
        this.mapper = mapper;
    }

    @Override
    public CompletionStage<?> produce(Emitter<R> out) {
        Run<T, R> run = new Run<>(out, ahead, mapper);
        run.start(upstream);
        return run;
    }

    private static final class Run<T, R> extends CompletableFuture<Void> implements Emitter<T> {
        private final Emitter<R> out;
        private final int ahead;
        private final Function<? super T, ? extends CompletionStage<R>> mapper;
        /** Values (buffer) or the stages started for them (mapConcurrent), in order. */
        private final ArrayDeque<Object> queue = new ArrayDeque<>();
        /** Where the consumer runs; every callback below continues there. */
        private final Home home = Home.current();
        private CompletableFuture<Void> upstreamRun;
        /** The upstream's pending emit, completed when the queue has room again. */
        private CompletableFuture<Void> upstreamWaits;
        private boolean upstreamEnded;
        private Throwable upstreamFailure;
        private boolean draining;
        /** A downstream emit is pending. */
        private CompletionStage<Void> sending;
        /** Failed or cancelled: no more draining; the outcome waits for the upstream to settle. */
        private boolean stopped;
        /** What a halt before the upstream's collection returned runs once it has settled. */
        private Runnable afterHalt;
        /** The upstream is inside {@link #emit} (on some thread). */
        private boolean emitting;
        /**
         * The upstream has been told to stop: its waiting emit failed, an emit refused, or its run
         * cancelled. Told once only: a cancel on top of a refused emit would also cancel the
         * first await of its finally blocks (the frame was cancelled while it ran).
         */
        private boolean told;
        /** Why the run stopped first: its outcome. */
        private Throwable firstFailure;
        /** The upstream is told by cancelling its run, and that cancel has not been issued yet. */
        private boolean cancelling;
        /** A refusal handed out while {@code cancelling}; armed once the cancel is issued. */
        private RefusedEmit parked;

        Run(Emitter<R> out, int ahead, Function<? super T, ? extends CompletionStage<R>> mapper) {
            this.out = out;
            this.ahead = ahead;
            this.mapper = mapper;
        }

        void start(AsyncStream<T> source) {
            CompletableFuture<Void> run = source.collect(this);
            boolean stop;
            Runnable then;
            synchronized (this) {
                upstreamRun = run;
                stop = stopped;
                then = afterHalt;
                afterHalt = null;
            }
            boolean tell;
            synchronized (this) {
                tell = stop && !told;
                told |= stop;
                cancelling |= tell;
            }
            if (tell) { // stopped while the upstream's synchronous part ran, and it was not told
                run.cancel(true);
                cancelIssued();
            }
            home.whenSettled(run, (ignored, failure) -> {
                synchronized (this) {
                    upstreamEnded = true;
                    upstreamFailure = failure == null ? null : Stages.unwrap(failure);
                }
                if (then != null) {
                    then.run();
                }
                drain();
            });
        }

        /** The upstream emits {@code value}. */
        @Override
        public CompletionStage<Void> emit(T value) {
            synchronized (this) {
                if (stopped) {
                    told = true;
                    if (cancelling) { // a fast refusal now would unwind it before the cancel lands
                        parked = new RefusedEmit(new java.util.concurrent.CancellationException("the stream has stopped"), false);
                        return parked;
                    }
                    return refused();
                }
                emitting = true;
            }
            CompletionStage<Void> answer;
            try {
                answer = accept(value);
            } finally {
                synchronized (this) {
                    emitting = false;
                    if (stopped) {
                        told = true; // a halt while it was in here left the telling to this answer
                        answer = null;
                    }
                }
            }
            return answer == null ? refused() : answer;
        }

        private static CompletableFuture<Void> refused() {
            return Stages.failed(new java.util.concurrent.CancellationException("the stream has stopped"));
        }

        /** Queues the value (or starts its stage) and drains; the stage for the upstream's await. */
        private CompletionStage<Void> accept(T value) {
            Object queued;
            if (mapper == null) {
                queued = value;
            } else {
                CompletionStage<R> started;
                try {
                    started = Returned.stage(mapper.apply(value), "mapConcurrent", value);
                } catch (Throwable thrown) {
                    started = Stages.failed(thrown);
                }
                queued = started;
            }
            CompletableFuture<Void> wait = null;
            boolean stop;
            synchronized (this) {
                stop = stopped;
                if (!stop) {
                    queue.add(queued);
                    if (queue.size() >= ahead) {
                        wait = new CompletableFuture<>();
                        upstreamWaits = wait;
                    }
                }
            }
            if (stop) {
                if (mapper != null) {
                    Stages.cancel((CompletionStage<?>) queued);
                }
                return null;
            }
            if (mapper != null && Stages.doneOrNull((CompletionStage<?>) queued) == null) {
                home.whenComplete((CompletionStage<?>) queued, (ignored, failure) -> drain());
            }
            drain();
            return wait == null ? Stages.DONE : wait;
        }

        /** Hands the queue's head downstream while it can; one thread at a time. */
        @SuppressWarnings("unchecked")
        private void drain() {
            for (;;) {
                Object head;
                CompletableFuture<Void> release = null;
                boolean end = false;
                Throwable failed = null;
                synchronized (this) {
                    if (draining || sending != null || stopped || isDone()) {
                        return;
                    }
                    head = queue.peek();
                    if (head == null) {
                        if (!upstreamEnded) {
                            return;
                        }
                        end = true;
                        failed = upstreamFailure;
                        stopped = true;
                    } else if (mapper != null && Stages.doneOrNull((CompletionStage<?>) head) == null) {
                        return; // its completion drains again
                    } else {
                        queue.poll();
                        draining = true;
                        if (upstreamWaits != null && queue.size() < ahead) {
                            release = upstreamWaits;
                            upstreamWaits = null;
                        }
                    }
                }
                if (end) {
                    if (failed == null) {
                        complete(null);
                    } else {
                        completeExceptionally(failed);
                    }
                    return;
                }
                R value;
                if (mapper == null) {
                    value = (R) head;
                } else {
                    CompletableFuture<?> done = (CompletableFuture<?>) head;
                    Throwable failure = Stages.failureOf(done);
                    if (failure != null) {
                        stop(failure); // before letting go of the drain: nobody may emit after this
                        synchronized (this) {
                            draining = false;
                        }
                        return;
                    }
                    value = (R) done.join();
                    if (value == null) {
                        stop(Returned.nullStageValue("mapConcurrent", null));
                        synchronized (this) {
                            draining = false;
                        }
                        return;
                    }
                }
                if (release != null) {
                    release.complete(null); // the upstream may run on here, up to its next wait
                }
                CompletionStage<Void> sent;
                try {
                    sent = out.emit(value);
                } catch (Throwable thrown) {
                    sent = Stages.failed(thrown);
                }
                CompletableFuture<?> done = Stages.doneOrNull(sent);
                if (done != null) {
                    Throwable failure = Stages.failureOf(done);
                    if (failure != null) {
                        stop(failure); // before letting go of the drain: nobody may emit after this
                    }
                    synchronized (this) {
                        draining = false;
                    }
                    if (failure != null) {
                        return;
                    }
                    continue;
                }
                synchronized (this) {
                    draining = false;
                    sending = sent;
                }
                home.whenComplete(sent, (ignored, failure) -> {
                    if (failure != null) {
                        stop(Stages.unwrap(failure)); // still "sending": no drain may emit after it
                        return;
                    }
                    synchronized (this) {
                        sending = null;
                    }
                    drain();
                });
                return;
            }
        }

        /**
         * Stops: cancels the upstream, the queued stages and the pending emits; {@code then}
         * runs once the upstream has settled.
         */
        private void halt(Runnable then) {
            CompletableFuture<Void> run;
            CompletableFuture<Void> waiting;
            Object[] queued;
            CompletionStage<Void> pendingSend;
            boolean cancelRun;
            synchronized (this) {
                stopped = true;
                run = upstreamRun;
                waiting = upstreamWaits;
                upstreamWaits = null;
                queued = queue.toArray();
                queue.clear();
                pendingSend = sending;
                // Tell the upstream once, where it is: at its emit's stage (fail it), inside emit
                // (its answer is refused), or elsewhere (cancel its run there).
                cancelRun = !told && waiting == null && !emitting && run != null;
                told |= waiting != null || emitting || run != null;
                cancelling |= cancelRun;
                if (run == null) { // the upstream's collection has not returned yet: start() waits
                    Runnable before = afterHalt;
                    afterHalt = before == null ? then : () -> {
                        before.run();
                        then.run();
                    };
                }
            }
            if (mapper != null) {
                for (Object stage : queued) {
                    Stages.cancel((CompletionStage<?>) stage);
                }
            }
            Stages.cancel(pendingSend);
            if (waiting != null) {
                waiting.completeExceptionally(new java.util.concurrent.CancellationException("the stream has stopped"));
            }
            if (cancelRun) {
                run.cancel(true);
                cancelIssued();
            }
            if (run != null) {
                home.whenSettled(run, (ignored, failure) -> then.run());
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

        /** A failure downstream, of a mapped stage, or an operator's abort: the run's outcome. */
        private void stop(Throwable failure) {
            synchronized (this) {
                if (firstFailure == null) {
                    firstFailure = failure;
                }
            }
            halt(() -> {
                Throwable first;
                synchronized (this) {
                    first = firstFailure;
                }
                completeExceptionally(first); // the first stop's reason, whichever halt settles first
            });
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            Cancellation cancellation = new Cancellation("the stream's consumer was cancelled");
            if (!completeExceptionally(cancellation)) {
                return isCancelled();
            }
            halt(() -> cancellation.finish(null));
            return true;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
