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

    /**
     * Runs up to {@code concurrency} inner streams at once, their values downstream as they come;
     * each inner stream's emit completes once the downstream has taken its value, and the outer
     * stream's emit once fewer than {@code concurrency} inner streams run.
     */
    static <R> Producer<R> merge(AsyncStream<? extends AsyncStream<? extends R>> outer, int concurrency) {
        return out -> new Junction<R>(out) {
            private Feed source;
            /** The outer emit waiting for a free place, with the stream it brought. */
            private final ArrayDeque<Object[]> waiting = new ArrayDeque<>();

            @Override
            void onStart() {
                source = feed(outer);
            }

            @Override
            @SuppressWarnings("unchecked")
            void onValue(Feed feed, Object value, CompletableFuture<Void> ack) {
                if (feed != source) {
                    offer((R) value, ack, feed);
                } else if (running() - 1 < concurrency) { // the outer feed itself runs too
                    feed((AsyncStream<?>) value);
                    ack.complete(null);
                } else {
                    waiting.add(new Object[] {value, ack});
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
        return out -> new Junction<R>(out) {
            private Feed source;
            private Feed current;
            /** The next inner stream, waiting for the superseded one to settle, and the outer ack. */
            private AsyncStream<?> next;
            private CompletableFuture<Void> nextAck;

            @Override
            void onStart() {
                source = feed(outer);
            }

            @Override
            @SuppressWarnings("unchecked")
            void onValue(Feed feed, Object value, CompletableFuture<Void> ack) {
                if (feed != source) {
                    offer((R) value, ack, feed);
                    return;
                }
                if (current != null && !current.ended()) {
                    next = (AsyncStream<?>) value;
                    nextAck = ack;
                    current.drop(); // onDropped starts the next once it has cleaned up
                    return;
                }
                current = feed((AsyncStream<?>) value);
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
