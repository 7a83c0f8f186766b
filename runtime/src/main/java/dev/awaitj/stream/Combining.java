package dev.awaitj.stream;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The producers of {@link AsyncStream#zip} and {@link AsyncStream#combine}: junctions that collect
 * their streams at once and emit arrays of one value per stream (the caller maps them with the
 * user's function, in a sequential stage).
 */
final class Combining {
    private Combining() {
    }

    /** A junction that collects all its streams from the start and knows each feed's position. */
    private abstract static class AllAtOnce extends Junction<Object[]> {
        private final List<AsyncStream<?>> streams;
        private final List<Feed> feeds = new java.util.ArrayList<>();

        AllAtOnce(Emitter<Object[]> out, List<AsyncStream<?>> streams) {
            super(out);
            this.streams = streams;
        }

        @Override
        final void onStart() {
            for (AsyncStream<?> stream : streams) {
                feeds.add(feed(stream));
            }
        }

        @Override
        final void onValue(Feed feed, Object value, CompletableFuture<Void> ack) {
            value(feeds.indexOf(feed), feed, value, ack);
        }

        abstract void value(int position, Feed feed, Object value, CompletableFuture<Void> ack);

        final int size() {
            return streams.size();
        }
    }

    /**
     * Pairs the i-th values of the streams: each stream's emit waits until every stream has a value
     * and the downstream has taken the array; the first stream to end ends the run and cancels the
     * others.
     */
    static Producer<Object[]> zip(List<AsyncStream<?>> streams) {
        return out -> new AllAtOnce(out, streams) {
            private final Object[] values = new Object[streams.size()];
            private final CompletableFuture<?>[] acks = new CompletableFuture<?>[streams.size()];
            private int present;

            @Override
            void value(int i, Feed feed, Object value, CompletableFuture<Void> ack) {
                values[i] = value;
                acks[i] = ack;
                if (++present < size()) {
                    return;
                }
                CompletableFuture<?>[] taken = acks.clone();
                CompletableFuture<Void> all = new CompletableFuture<>();
                all.thenRun(() -> {
                    for (CompletableFuture<?> each : taken) {
                        each.complete(null);
                    }
                });
                offer(values.clone(), all, null);
                Arrays.fill(values, null);
                Arrays.fill(acks, null);
                present = 0;
            }

            @Override
            void onEnd(Feed feed) {
                stop(null); // no more tuples: the others are cancelled
            }

            @Override
            boolean finished() {
                return false;
            }
        }.begin();
    }

    /**
     * The latest value of every stream, each time one of them emits once all have emitted; each
     * stream's emit waits until the downstream has taken the array it made. Ends when all have
     * ended.
     */
    static Producer<Object[]> combine(List<AsyncStream<?>> streams) {
        return out -> new AllAtOnce(out, streams) {
            private final Object[] latest = new Object[streams.size()];
            private int present;

            @Override
            void value(int i, Feed feed, Object value, CompletableFuture<Void> ack) {
                if (latest[i] == null) {
                    present++;
                }
                latest[i] = value;
                if (present < size()) {
                    ack.complete(null);
                } else {
                    offer(latest.clone(), ack, feed);
                }
            }

            @Override
            void onEnd(Feed feed) {
            }

            @Override
            boolean finished() {
                return running() == 0;
            }
        }.begin();
    }
}
