package dev.awaitj.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The producer of {@link AsyncStream#share}: one run of the upstream for all the consumers
 * collecting at the same time. A consumer is a junction with no upstream of its own; the shared
 * run hands it each value, and the upstream's emit completes once every consumer has room
 * (at most {@code buffer} values waiting beyond the one it is taking). The first consumer starts
 * a run; the last one to leave cancels it and completes only after the upstream's cleanup. A
 * consumer that joins a running run first gets the last {@code replay} values.
 *
 * <p>The current run and its consumers are guarded by this object's monitor, never held while
 * calling out.
 */
final class Sharing<T> implements Producer<T> {
    private final AsyncStream<T> upstream;
    private final int replay;
    private final int buffer;
    /** The run consumers join, or null between runs. */
    private Run current;

    Sharing(AsyncStream<T> upstream, int replay, int buffer) {
        this.upstream = upstream;
        this.replay = replay;
        this.buffer = buffer;
    }

    @Override
    public CompletionStage<?> produce(Emitter<T> out) {
        return new Consumer(out).begin();
    }

    /** One run of the upstream, shared; it is the upstream's emitter. */
    private final class Run implements Emitter<T> {
        private final List<Consumer> consumers = new ArrayList<>();
        private final ArrayDeque<T> recent = new ArrayDeque<>();
        private CompletableFuture<Void> collection;
        /** The run takes no more consumers: it ended, or its last consumer left. */
        private boolean over;
        /** The last consumer left before the collection existed: cancel it when it does. */
        private boolean cancelOnStart;

        @Override
        public CompletionStage<Void> emit(T value) {
            List<Consumer> to;
            synchronized (Sharing.this) {
                if (replay > 0) {
                    if (recent.size() == replay) {
                        recent.poll();
                    }
                    recent.add(value);
                }
                to = new ArrayList<>(consumers);
            }
            if (to.isEmpty()) {
                return Stages.DONE;
            }
            CompletableFuture<Void> all = new CompletableFuture<>();
            AtomicInteger left = new AtomicInteger(to.size());
            for (Consumer consumer : to) {
                CompletableFuture<Void> room = new CompletableFuture<>();
                room.whenComplete((ignored, failure) -> {
                    if (left.decrementAndGet() == 0) {
                        all.complete(null);
                    }
                });
                consumer.post(() -> consumer.take(value, room));
            }
            return all;
        }

        void ended(Throwable failure) {
            List<Consumer> to;
            synchronized (Sharing.this) {
                over = true;
                if (current == this) {
                    current = null;
                }
                to = new ArrayList<>(consumers);
                consumers.clear();
            }
            for (Consumer consumer : to) {
                consumer.post(() -> consumer.upstreamEnded(failure));
            }
        }
    }

    /** One consumer of the shared run. */
    private final class Consumer extends Junction.Source<T> {
        private Run run;
        /** The shared run's room stage this consumer holds back while its buffer is full. */
        private CompletableFuture<Void> held;
        private boolean upstreamDone;
        private Throwable upstreamFailure;

        Consumer(Emitter<T> out) {
            super(out);
        }

        @Override
        void onStart() {
            Run joined;
            boolean start;
            List<T> replayed;
            synchronized (Sharing.this) {
                if (current == null) {
                    current = new Run();
                }
                joined = current;
                start = joined.consumers.isEmpty() && joined.collection == null;
                joined.consumers.add(this);
                replayed = new ArrayList<>(joined.recent);
            }
            run = joined;
            for (T value : replayed) {
                offer(value, null, null);
            }
            if (start) {
                CompletableFuture<Void> collection = upstream.collect(joined);
                boolean cancel;
                synchronized (Sharing.this) {
                    joined.collection = collection;
                    cancel = joined.cancelOnStart;
                }
                if (cancel) {
                    collection.cancel(true);
                }
                dev.awaitj.internal.Cancellation.whenSettled(collection, (ignored, failure) ->
                        joined.ended(failure == null ? null : Stages.unwrap(failure)));
            }
        }

        /** The shared run's next value; {@code room} completes once this consumer can take another. */
        void take(T value, CompletableFuture<Void> room) {
            if (isStopping()) {
                room.complete(null);
                return;
            }
            offer(value, null, null);
            held = room;
            release();
        }

        @Override
        void onDelivered() {
            release();
        }

        private void release() {
            CompletableFuture<Void> room = held;
            if (room != null && undelivered() + (isSending() ? 1 : 0) <= buffer) {
                held = null;
                room.complete(null);
            }
        }

        void upstreamEnded(Throwable failure) {
            upstreamDone = true;
            upstreamFailure = failure;
        }

        @Override
        void refill() {
            if (upstreamDone) {
                stop(upstreamFailure); // after the values taken before the end
            }
        }

        @Override
        void onStopping() {
            CompletableFuture<Void> room = held;
            held = null;
            if (room != null) {
                room.complete(null); // a consumer that left holds nobody back
            }
            Run left = run;
            boolean last;
            CompletableFuture<Void> collection;
            synchronized (Sharing.this) {
                last = left.consumers.remove(this) && left.consumers.isEmpty() && !left.over;
                if (last) {
                    left.over = true;
                    if (current == left) {
                        current = null;
                    }
                    left.cancelOnStart = left.collection == null;
                }
                collection = left.collection;
            }
            if (last && collection != null) {
                collection.cancel(true);
                holdEnd(collection); // the last consumer resumes after the upstream's cleanup
            }
        }
    }
}
