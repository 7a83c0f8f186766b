package dev.awaitj.stream;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The producer of {@link AsyncStream#fromCallbacks}: each run calls the registration with a fresh
 * {@link CallbackSink}, whose buffer (guarded by its monitor, as the callbacks run on any thread)
 * the run takes from one value at a time, and closes what the registration returned once, when
 * the run stops for any reason, before the consumer sees the end.
 */
final class Callbacks<T> implements Producer<T> {
    private final int capacity;
    private final Overflow overflow;
    private final Function<? super CallbackSink<T>, ? extends AutoCloseable> registration;

    Callbacks(int capacity, Overflow overflow, Function<? super CallbackSink<T>, ? extends AutoCloseable> registration) {
        this.capacity = capacity;
        this.overflow = overflow;
        this.registration = registration;
    }

    @Override
    public CompletionStage<?> produce(Emitter<T> out) {
        return new Run(out).begin();
    }

    /** Every user callback of this file runs through here. */
    private AutoCloseable register(CallbackSink<T> sink) {
        return Objects.requireNonNull(registration.apply(sink),
                "fromCallbacks' registration returned null instead of an AutoCloseable (return () -> {} if"
                        + " there is nothing to release)");
    }

    private final class Run extends Junction.Source<T> implements CallbackSink<T> {
        private final ArrayDeque<T> buffer = new ArrayDeque<>();
        /** Sends waiting for room (SUSPEND): the value and the stage to complete once it is buffered. */
        private final ArrayDeque<Object[]> senders = new ArrayDeque<>();
        private boolean ended;
        private Throwable failure;
        private boolean closed;
        private AutoCloseable unregister;

        Run(Emitter<T> out) {
            super(out);
        }

        @Override
        void onStart() {
            unregister = register(this);
        }

        @Override
        void refill() {
            T next;
            boolean over;
            Throwable why;
            Object[] sender;
            synchronized (this) {
                next = buffer.poll();
                sender = next == null ? null : senders.poll();
                if (sender != null) {
                    @SuppressWarnings("unchecked")
                    T waited = (T) sender[0];
                    buffer.add(waited);
                }
                over = next == null && ended;
                why = failure;
            }
            if (sender != null) {
                ((CompletableFuture<?>) sender[1]).complete(null);
            }
            if (next != null) {
                offer(next, null, null);
            } else if (over) {
                stop(why);
            }
        }

        @Override
        void onStopping() throws Exception {
            Object[] waiting;
            synchronized (this) {
                closed = true;
                waiting = senders.toArray();
                senders.clear();
                buffer.clear();
            }
            for (Object sender : waiting) {
                ((CompletableFuture<?>) ((Object[]) sender)[1]).completeExceptionally(
                        new CancellationException("the stream has ended"));
            }
            AutoCloseable release = unregister;
            unregister = null;
            if (release != null) {
                release.close();
            }
        }

        @Override
        public boolean offer(T value) {
            return put(value, null);
        }

        @Override
        public CompletionStage<Void> send(T value) {
            CompletableFuture<Void> room = new CompletableFuture<>();
            if (put(value, room)) {
                room.complete(null);
            } else if (!room.isDone() && overflow != Overflow.SUSPEND) {
                room.complete(null); // dropped by the policy, as offer would
            }
            return room;
        }

        /** Buffers the value or applies the policy; {@code room} is a waiting send's stage. */
        private boolean put(T value, CompletableFuture<Void> room) {
            Objects.requireNonNull(value, "a callback stream's values must not be null");
            boolean kept = true;
            boolean over;
            synchronized (this) {
                over = closed || ended;
            }
            if (over) { // outside the monitor: completing the stage runs the caller's code
                if (room != null) {
                    room.completeExceptionally(new CancellationException("the stream has ended"));
                }
                return false;
            }
            synchronized (this) {
                if (closed || ended) {
                    return put(value, room); // ended meanwhile
                }
                if (buffer.size() < capacity) {
                    buffer.add(value);
                } else if (overflow == Overflow.DROP_OLDEST) {
                    buffer.poll();
                    buffer.add(value);
                } else if (overflow == Overflow.FAIL) {
                    ended = true; // after the values buffered before it
                    failure = new IllegalStateException("a callback stream's buffer of " + capacity
                            + " values overflowed: the consumer is slower than the callbacks (choose"
                            + " a larger capacity or a DROP policy)");
                    kept = false;
                } else {
                    if (overflow == Overflow.SUSPEND && room != null) {
                        senders.add(new Object[] {value, room});
                    }
                    return false;
                }
            }
            post(() -> { }); // the run refills from the buffer
            return kept;
        }

        @Override
        public void complete() {
            end(null);
        }

        @Override
        public void fail(Throwable why) {
            end(Objects.requireNonNull(why, "failure"));
        }

        private void end(Throwable why) {
            synchronized (this) {
                if (ended || closed) {
                    return;
                }
                ended = true;
                failure = why;
            }
            post(() -> { });
        }
    }
}
