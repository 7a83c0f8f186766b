package dev.awaitj.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The producers of the operators about time and rate: {@link AsyncStream#interval},
 * {@link AsyncStream#debounce}, {@link AsyncStream#sample}, {@link AsyncStream#chunked(int, Duration)}
 * and {@link AsyncStream#conflate}. Junctions, so their timers are the consumer's loop's (virtual
 * under {@code TestEventLoop}) and everything they do is one event at a time.
 */
final class Timed {
    private Timed() {
    }

    /** 0, 1, 2, ...: the first after {@code initialDelay}, each next {@code period} after the previous was taken. */
    static Producer<Long> interval(Duration initialDelay, Duration period) {
        return out -> new Junction.Source<Long>(out) {
            private long next;

            @Override
            void onStart() {
                schedule(initialDelay, this::tick);
            }

            private void tick() {
                offer(next++, null, null);
            }

            @Override
            void onDelivered() {
                schedule(period, this::tick);
            }
        }.begin();
    }

    /** A junction over one upstream whose emits complete at once (the operator keeps what it needs). */
    private abstract static class OneUpstream<T, R> extends Junction<R> {
        private final AsyncStream<T> upstream;
        Feed source;

        OneUpstream(Emitter<R> out, AsyncStream<T> upstream) {
            super(out);
            this.upstream = upstream;
        }

        @Override
        void onStart() {
            source = feed(upstream);
            started();
        }

        void started() {
        }

        @Override
        @SuppressWarnings("unchecked")
        final void onValue(Feed feed, Object value, CompletableFuture<Void> ack) {
            value((T) value, ack);
        }

        abstract void value(T value, CompletableFuture<Void> ack);

        @Override
        boolean finished() {
            return source.ended();
        }
    }

    /** Each value once {@code timeout} has passed without a newer one; the last at once at the end. */
    static <T> Producer<T> debounce(AsyncStream<T> upstream, Duration timeout) {
        return out -> new OneUpstream<T, T>(out, upstream) {
            private T pending;
            private Timer timer;

            @Override
            void value(T value, CompletableFuture<Void> ack) {
                pending = value;
                if (timer != null) {
                    timer.cancel();
                }
                timer = schedule(timeout, () -> {
                    timer = null;
                    flush();
                });
                ack.complete(null);
            }

            private void flush() {
                if (pending != null) {
                    offerLatest(pending, null, null);
                    pending = null;
                }
            }

            @Override
            void onEnd(Feed feed) {
                if (timer != null) {
                    timer.cancel();
                    timer = null;
                }
                flush();
            }
        }.begin();
    }

    /** Every {@code period}, the latest value if a new one came since the last tick; none at the end. */
    static <T> Producer<T> sample(AsyncStream<T> upstream, Duration period) {
        return out -> new OneUpstream<T, T>(out, upstream) {
            private T latest;
            private Timer ticking;

            @Override
            void started() {
                ticking = schedule(period, this::tick);
            }

            private void tick() {
                if (latest != null) {
                    offerLatest(latest, null, null);
                    latest = null;
                }
                ticking = schedule(period, this::tick);
            }

            @Override
            void value(T value, CompletableFuture<Void> ack) {
                latest = value;
                ack.complete(null);
            }

            @Override
            void onEnd(Feed feed) {
                ticking.cancel();
            }
        }.begin();
    }

    /**
     * Lists of up to {@code size} values, a list also once {@code window} has passed since its
     * first value; the upstream's emit that fills a list waits until the downstream took it.
     */
    static <T> Producer<List<T>> chunked(AsyncStream<T> upstream, int size, Duration window) {
        return out -> new OneUpstream<T, List<T>>(out, upstream) {
            private List<T> chunk = new ArrayList<>();
            private Timer timer;

            @Override
            void value(T value, CompletableFuture<Void> ack) {
                chunk.add(value);
                if (chunk.size() == 1) {
                    timer = schedule(window, () -> {
                        timer = null;
                        flush(null);
                    });
                }
                if (chunk.size() < size) {
                    ack.complete(null);
                } else {
                    flush(ack);
                }
            }

            private void flush(CompletableFuture<Void> ack) {
                if (timer != null) {
                    timer.cancel();
                    timer = null;
                }
                if (!chunk.isEmpty()) {
                    offer(chunk, ack, null);
                    chunk = new ArrayList<>();
                } else if (ack != null) {
                    ack.complete(null);
                }
            }

            @Override
            void onEnd(Feed feed) {
                flush(null);
            }
        }.begin();
    }

    /** The upstream never waits; the downstream gets the latest value each time it asks. */
    static <T> Producer<T> conflate(AsyncStream<T> upstream) {
        return out -> new OneUpstream<T, T>(out, upstream) {
            @Override
            void value(T value, CompletableFuture<Void> ack) {
                if (isSending()) {
                    offerLatest(value, null, null);
                } else {
                    offer(value, null, null);
                }
                ack.complete(null);
            }

            @Override
            void onEnd(Feed feed) {
            }
        }.begin();
    }
}
