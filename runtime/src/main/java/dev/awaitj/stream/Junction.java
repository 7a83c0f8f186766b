package dev.awaitj.stream;

import dev.awaitj.EventLoop;
import dev.awaitj.ScheduledCall;
import dev.awaitj.Time;
import dev.awaitj.internal.Cancellation;
import dev.awaitj.internal.DebugHooks;
import dev.awaitj.internal.Home;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * One run of an operator that listens to several things at once: upstream streams it collects
 * concurrently ("feeds"), timers, outside callers. It is the stage the operator's producer returns,
 * and an actor: every event (a feed's value or end, a timer, the downstream taking a value, a
 * cancel) is queued and handled one at a time by whichever thread finds the queue idle, so an
 * operator's handlers are single-threaded code with no locks; a handler that makes another event
 * happen at once (completing a feed's emit, which runs the feed's producer on to its next emit)
 * only queues it, so the stack does not grow.
 *
 * <p>Values for the downstream wait in the outbox and are emitted one at a time, each emit awaited
 * before the next; an entry may carry the ack of the feed emit it came from, completed once the
 * downstream has taken it (that is the back-pressure). The run ends when the operator says so
 * ({@link #finished()}) and the outbox is empty, or with {@link #stop}: the feeds still running are
 * cancelled, the timers stopped, and once every feed has settled (its {@code finally} blocks run)
 * the run completes with the stop's reason; failures of their cleanup are added to it as
 * suppressed exceptions, never dropped. Cancelling the run stops it the same way and completes it
 * with a {@link Cancellation} finished at that point.
 *
 * <p>No user function runs in a handler: operators apply the user's functions in the sequential
 * stages before or after a junction ({@code map}), whose emits run where the stream's
 * confinement puts them. Events run through {@link #post}, the one place that decides the thread
 * they run on.
 *
 * @param <R> the downstream value type
 */
abstract class Junction<R> extends CompletableFuture<Void> {
    private final Emitter<R> out;
    /** The consumer's loop when the run started, whose timers (virtual under TestEventLoop) it uses. */
    private final EventLoop loop = EventLoop.find().orElse(null);
    /** Where the run's events are handled: where the consumer started it. */
    private final Home home = Home.current();
    private final ArrayDeque<Runnable> events = new ArrayDeque<>();
    private boolean handling;
    /** Undelivered values, with the acks to complete once the downstream took them (or null). */
    private final ArrayDeque<Object[]> outbox = new ArrayDeque<>();
    private final List<Feed> feeds = new ArrayList<>();
    private final List<Timer> timers = new ArrayList<>();
    /** A downstream emit is pending. */
    private boolean sending;
    /** Its stage, cancelled by a stop (the consumer's side then settles before the run does). */
    private CompletionStage<Void> sendingStage;
    private boolean stopping;
    private boolean stopReasonSet;
    /** Work the run waits for before it completes, besides its feeds ({@link #holdEnd}). */
    private int held;
    private Throwable reason;
    private final List<Throwable> cleanupFailures = new ArrayList<>();
    /** Guarded by the monitor: feed emits read it on their own threads. */
    private boolean refusing;
    private boolean cancelsInFlight;
    private final List<RefusedEmit> parked = new ArrayList<>();

    Junction(Emitter<R> out) {
        this.out = out;
    }

    /** Starts the run: {@link #onStart} is the first event. */
    final Junction<R> begin() {
        post(this::onStart);
        return this;
    }

    // ---- what an operator defines ----

    /** The first event: start feeds, timers. */
    abstract void onStart();

    /** A feed emitted {@code value}; complete {@code ack} when the feed may emit again. */
    abstract void onValue(Feed feed, Object value, CompletableFuture<Void> ack);

    /** A feed ended normally (not one the run cancelled). */
    abstract void onEnd(Feed feed);

    /** Whether the run is over once the outbox is empty (checked after each event). */
    abstract boolean finished();

    /** A value was taken by the downstream. */
    void onDelivered() {
    }

    /** The outbox is empty and nothing is being sent: a chance to queue the next value. */
    void refill() {
    }

    /** The run is stopping (any reason, in the handler that stops it): release what it holds. */
    void onStopping() throws Exception {
    }

    /** A feed the operator {@linkplain Feed#drop dropped} has settled, its cleanup done. */
    void onDropped(Feed feed) {
    }

    /** A junction with no upstream (a timer, callbacks): its values come from its own events. */
    abstract static class Source<R> extends Junction<R> {
        Source(Emitter<R> out) {
            super(out);
        }

        @Override
        final void onValue(Feed feed, Object value, CompletableFuture<Void> ack) {
            throw new AssertionError("a source junction has no upstream");
        }

        @Override
        final void onEnd(Feed feed) {
        }

        @Override
        boolean finished() {
            return false; // ends by stop()
        }
    }

    // ---- what handlers use ----

    /** A running collection of an upstream stream into this run. */
    final class Feed implements Emitter<Object> {
        private CompletableFuture<Void> collection;
        private boolean ended;
        /** Cancelled by the operator (superseded), not by a stop: its cancellation is expected. */
        private boolean dropped;

        @Override
        public CompletionStage<Void> emit(Object value) {
            synchronized (Junction.this) {
                if (refusing || dropped) {
                    return refusal();
                }
            }
            CompletableFuture<Void> ack = new CompletableFuture<>();
            post(() -> {
                if (!stopping && !dropped) {
                    onValue(this, value, ack);
                }
            });
            return ack;
        }

        boolean ended() {
            return ended;
        }

        /** Cancels this feed; its values still in the outbox are dropped, its end is not reported. */
        void drop() {
            if (ended || dropped) {
                return;
            }
            synchronized (Junction.this) {
                dropped = true;
            }
            outbox.removeIf(entry -> entry[2] == this);
            collection.cancel(true);
        }
    }

    /** Starts collecting {@code stream} into this run. */
    final Feed feed(AsyncStream<?> stream) {
        Feed feed = new Feed();
        feeds.add(feed);
        feed.collection = stream.collect(feed);
        Cancellation.whenSettled(feed.collection, (ignored, failure) -> post(() -> settled(feed, failure)));
        return feed;
    }

    /**
     * Makes the run, once stopping, complete only after {@code work} (cancelled work whose cleanup
     * it is responsible for, not a feed of its own) has settled; a failure of it is kept.
     */
    final void holdEnd(CompletionStage<?> work) {
        held++;
        Cancellation.whenSettled(work, (ignored, failure) -> post(() -> {
            held--;
            Throwable cause = failure == null ? null : Stages.unwrap(failure);
            if (cause != null && Cancellation.carriesFailure(cause) && cause != reason) {
                cleanupFailures.add(cause);
            }
        }));
    }

    /** Queues {@code value} for the downstream; {@code ack} (may be null) completes once taken. */
    final void offer(R value, CompletableFuture<Void> ack, Feed from) {
        outbox.add(new Object[] {value, ack, from});
    }

    /** Replaces the undelivered values with {@code value} (their acks complete): conflation. */
    final void offerLatest(R value, CompletableFuture<Void> ack, Feed from) {
        for (Object[] entry : outbox) {
            release(entry);
        }
        outbox.clear();
        offer(value, ack, from);
    }

    final int undelivered() {
        return outbox.size();
    }

    final boolean isSending() {
        return sending;
    }

    final boolean isStopping() {
        return stopping;
    }

    /** The feeds neither ended nor dropped. */
    final int running() {
        int running = 0;
        for (Feed feed : feeds) {
            running += feed.dropped ? 0 : 1;
        }
        return running;
    }

    /**
     * Runs {@code action} as an event after {@code delay}, on the consumer's loop's timers
     * (virtual under TestEventLoop), or the runtime's timer thread off any loop.
     */
    final Timer schedule(Duration delay, Runnable action) {
        Timer timer = new Timer();
        timers.add(timer);
        Runnable fire = () -> post(() -> {
            if (timers.remove(timer)) { // not cancelled meanwhile
                action.run();
            }
        });
        if (loop != null) {
            ScheduledCall call = loop.schedule(delay, fire);
            timer.handle = call::cancel;
        } else {
            CompletableFuture<Void> sleep = Time.sleep(delay);
            sleep.thenRun(fire);
            timer.handle = () -> sleep.cancel(false);
        }
        return timer;
    }

    /** A pending {@link #schedule}d event; cancel it from a handler. */
    final class Timer {
        private Runnable handle;

        void cancel() {
            if (timers.remove(this)) {
                handle.run();
            }
        }
    }

    /** The consumer's loop's clock (virtual under TestEventLoop), in nanoseconds. */
    final long nanoTime() {
        return loop != null ? loop.nanoTime() : System.nanoTime();
    }

    /**
     * Ends the run with {@code why} (null: a normal end that does not need the rest of the feeds):
     * cancels the running feeds and timers; completes once every feed has settled.
     */
    final void stop(Throwable why) {
        if (stopping) {
            return;
        }
        stopping = true;
        stopReasonSet = true;
        reason = why;
        synchronized (this) {
            refusing = true;
            cancelsInFlight = true;
        }
        for (Timer timer : new ArrayList<>(timers)) {
            timer.cancel();
        }
        try {
            onStopping();
        } catch (Throwable thrown) {
            cleanupFailures.add(thrown);
        }
        outbox.clear(); // their feeds are cancelled where they wait, at these acks: no second telling
        Stages.cancel(sendingStage);
        for (Feed feed : new ArrayList<>(feeds)) {
            if (!feed.ended) {
                feed.collection.cancel(true);
            }
        }
        List<RefusedEmit> refused;
        synchronized (this) {
            cancelsInFlight = false;
            refused = new ArrayList<>(parked);
            parked.clear();
        }
        for (RefusedEmit refusedEmit : refused) {
            refusedEmit.arm();
        }
    }

    /** What an emit gets once the run refuses values; parked while the feeds' cancels are issued. */
    private RefusedEmit refusal() {
        synchronized (this) {
            RefusedEmit refusedEmit = new RefusedEmit(new CancellationException("the stream has stopped"),
                    !cancelsInFlight);
            if (cancelsInFlight) {
                parked.add(refusedEmit);
            }
            return refusedEmit;
        }
    }

    // ---- the actor ----

    /**
     * Handles {@code event} at the consumer's {@link Home} (its loop or dispatch, its task, its
     * context values), whichever thread it comes from: an upstream's emit or end, a timer, the
     * downstream taking a value. Every event runs there, so an operator's own code and the user
     * code it reaches downstream (a {@code map} after a {@code merge}) never run on the thread
     * that completed a stage.
     */
    final void post(Runnable event) {
        if (home.isCurrent()) {
            enqueue(event);
            return;
        }
        try {
            home.run(() -> enqueue(event));
        } catch (RejectedExecutionException closed) {
            enqueue(() -> {
                throw closed; // the consumer's loop is closed: the run stops with the refusal
            });
        }
    }

    /** Queues an event, and handles the queue if no other thread does. */
    private void enqueue(Runnable event) {
        synchronized (this) {
            events.add(event);
            if (handling) {
                return;
            }
            handling = true;
        }
        for (;;) {
            Runnable next;
            synchronized (this) {
                next = events.poll();
                if (next == null) {
                    handling = false;
                    return;
                }
            }
            try {
                next.run();
                pump();
            } catch (Throwable thrown) {
                stop(thrown);
                settleIfDone();
            }
        }
    }

    /** Emits the outbox's head if nothing is being sent; ends the run when it is over. */
    private void pump() {
        while (!sending && !stopping) {
            if (outbox.isEmpty()) {
                refill();
                if (outbox.isEmpty() || stopping) {
                    break;
                }
            }
            Object[] entry = outbox.poll();
            @SuppressWarnings("unchecked")
            R value = (R) entry[0];
            CompletionStage<Void> sent;
            try {
                sent = out.emit(value);
            } catch (Throwable thrown) {
                sent = Stages.failed(thrown);
            }
            CompletableFuture<?> done = Stages.doneOrNull(sent);
            if (done != null) {
                delivered(entry, Stages.failureOf(done));
                continue;
            }
            sending = true;
            sendingStage = sent;
            sent.whenComplete((ignored, failure) -> post(() -> {
                sending = false;
                sendingStage = null;
                delivered(entry, failure == null ? null : Stages.unwrap(failure));
            }));
        }
        if (!stopping && !sending && outbox.isEmpty() && finished()) {
            stop(null);
        }
        settleIfDone();
    }

    private void delivered(Object[] entry, Throwable failure) {
        if (failure != null) {
            stop(failure);
            return;
        }
        release(entry);
        if (!stopping) {
            onDelivered();
        }
    }

    private static void release(Object[] entry) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Void> ack = (CompletableFuture<Void>) entry[1];
        if (ack != null) {
            ack.complete(null);
        }
    }

    private void settled(Feed feed, Throwable failure) {
        feed.ended = true;
        feeds.remove(feed);
        Throwable cause = failure == null ? null : Stages.unwrap(failure);
        if (stopping) {
            if (cause != null && Cancellation.carriesFailure(cause) && cause != reason) {
                cleanupFailures.add(cause);
            }
        } else if (feed.dropped) {
            if (cause != null && Cancellation.carriesFailure(cause)) {
                stop(cause); // a superseded feed failed in its cleanup: that failure ends the run
            } else {
                onDropped(feed);
            }
        } else if (cause != null) {
            stop(cause);
        } else {
            onEnd(feed);
        }
    }

    /** Completes the run once it is stopping and every feed has settled and no emit is pending. */
    private void settleIfDone() {
        if (!stopReasonSet || sending) {
            return;
        }
        if (!feeds.isEmpty() || held > 0) {
            return;
        }
        stopReasonSet = false; // once
        Throwable why = reason;
        if (why instanceof Cancellation && isDone()) { // this run was cancelled: finish its cleanup
            Cancellation cancellation = (Cancellation) why;
            for (Throwable failure : cleanupFailures) {
                cancellation.addSuppressed(failure);
            }
            if (!cancellation.finish(null) && cancellation.hasFailures()) {
                DebugHooks.reportLostFailure("a stream's producer failed in its cleanup after its"
                        + " consumer was cancelled, so nobody can see the exception", cancellation);
            }
            return;
        }
        if (why == null && !cleanupFailures.isEmpty()) {
            why = cleanupFailures.remove(0);
        }
        if (why == null) {
            complete(null);
            return;
        }
        for (Throwable failure : cleanupFailures) {
            if (failure != why) {
                why.addSuppressed(failure);
            }
        }
        completeExceptionally(why);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        Cancellation cancellation = new Cancellation("the stream's consumer was cancelled");
        if (!completeExceptionally(cancellation)) {
            return isCancelled();
        }
        post(() -> {
            if (stopping) { // already ending: the cancellation finishes when it has
                Throwable earlier = reason;
                reason = cancellation;
                if (earlier != null && Cancellation.carriesFailure(earlier)) {
                    cleanupFailures.add(earlier);
                }
                return;
            }
            stop(cancellation);
        });
        return true;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    /** Removes the outbox entries {@code filter} matches, completing their acks. */
    final void discard(java.util.function.Predicate<Object> filter) {
        for (Iterator<Object[]> it = outbox.iterator(); it.hasNext(); ) {
            Object[] entry = it.next();
            if (filter.test(entry[0])) {
                it.remove();
                release(entry);
            }
        }
    }
}
