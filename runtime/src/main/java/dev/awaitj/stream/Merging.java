package dev.awaitj.stream;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The producers of {@link AsyncStream#flatMapMerge} (and so {@link AsyncStream#merge}) and
 * {@link AsyncStream#flatMapLatest} (and so {@code mapLatest}, {@code collectLatest}): junctions
 * whose feeds are an outer stream of streams and the inner streams it emits.
 */
final class Merging {
    private Merging() {
    }

    /** A junction over an outer stream of streams: inner values go downstream, outer ones to {@link #outer}. */
    private abstract static class Nested<R> extends Junction<R> {
        private final AsyncStream<? extends AsyncStream<? extends R>> streams;
        Feed source;

        Nested(Emitter<R> out, AsyncStream<? extends AsyncStream<? extends R>> streams) {
            super(out);
            this.streams = streams;
        }

        @Override
        final void onStart() {
            source = feed(streams);
        }

        @Override
        @SuppressWarnings("unchecked")
        final void onValue(Feed feed, Object value, CompletableFuture<Void> ack) {
            if (feed == source) {
                outer((AsyncStream<?>) value, ack);
            } else {
                offer((R) value, ack, feed);
            }
        }

        /** The outer stream emitted {@code inner}; complete {@code ack} when it may emit again. */
        abstract void outer(AsyncStream<?> inner, CompletableFuture<Void> ack);
    }

    /**
     * Runs up to {@code concurrency} inner streams at once, their values downstream as they come;
     * each inner stream's emit completes once the downstream has taken its value, and the outer
     * stream's emit once fewer than {@code concurrency} inner streams run.
     */
    static <R> Producer<R> merge(AsyncStream<? extends AsyncStream<? extends R>> outer, int concurrency) {
        return out -> new Nested<R>(out, outer) {
            /** The outer emit waiting for a free place, with the stream it brought. */
            private final ArrayDeque<Object[]> waiting = new ArrayDeque<>();

            @Override
            void outer(AsyncStream<?> inner, CompletableFuture<Void> ack) {
                if (running() - 1 < concurrency) { // the outer feed itself runs too
                    feed(inner);
                    ack.complete(null);
                } else {
                    waiting.add(new Object[] {inner, ack});
                }
            }

            @Override
            @SuppressWarnings("unchecked")
            void onEnd(Feed feed) {
                if (feed != source && !waiting.isEmpty()) {
                    Object[] next = waiting.poll();
                    feed((AsyncStream<?>) next[0]);
                    ((CompletableFuture<Void>) next[1]).complete(null);
                }
            }

            @Override
            boolean finished() {
                return source.ended() && running() == 0 && waiting.isEmpty();
            }
        }.begin();
    }

    /**
     * Runs the latest inner stream only: a new outer value cancels the running inner stream,
     * drops its values not yet taken, waits for its cleanup, then starts the next one.
     */
    static <R> Producer<R> latest(AsyncStream<? extends AsyncStream<? extends R>> outer) {
        return out -> new Nested<R>(out, outer) {
            private Feed current;
            /** The next inner stream, waiting for the superseded one to settle, and the outer ack. */
            private AsyncStream<?> next;
            private CompletableFuture<Void> nextAck;

            @Override
            void outer(AsyncStream<?> inner, CompletableFuture<Void> ack) {
                if (current != null && !current.ended()) {
                    next = inner;
                    nextAck = ack;
                    current.drop(); // onDropped starts the next once it has cleaned up
                    return;
                }
                current = feed(inner);
                ack.complete(null);
            }

            @Override
            void onDropped(Feed feed) {
                if (feed == current && next != null) {
                    current = feed(next);
                    next = null;
                    CompletableFuture<Void> ack = nextAck;
                    nextAck = null;
                    ack.complete(null);
                }
            }

            @Override
            void onEnd(Feed feed) {
            }

            @Override
            boolean finished() {
                return source.ended() && running() == 0 && next == null;
            }
        }.begin();
    }
}
