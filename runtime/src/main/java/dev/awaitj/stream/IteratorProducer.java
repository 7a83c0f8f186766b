package dev.awaitj.stream;

import dev.awaitj.internal.Cancellation;
import dev.awaitj.internal.DebugHooks;
import dev.awaitj.internal.Home;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A producer that emits what a fresh {@link Iterator} yields, for {@link AsyncStream#from}: a loop
 * that emits while the consumer takes values at once and, when an emit's stage is pending,
 * continues from that stage's callback, so the stack does not grow however long the sequence.
 * {@code onEnd} (a {@code java.util.stream.Stream}'s {@code close}) runs once, when the sequence
 * is exhausted, fails, or the consumer stops or cancels.
 */
final class IteratorProducer<T> implements Producer<T> {
    private final Supplier<? extends Iterator<? extends T>> source;
    private final Runnable onEnd;

    IteratorProducer(Supplier<? extends Iterator<? extends T>> source, Runnable onEnd) {
        this.source = source;
        this.onEnd = onEnd;
    }

    @Override
    public CompletionStage<?> produce(Emitter<T> out) {
        Run<T> run = new Run<>(source.get(), out, onEnd);
        run.drive();
        return run;
    }

    private static final class Run<T> extends CompletableFuture<Void>
            implements BiConsumer<Object, Throwable> {
        private final Iterator<? extends T> values;
        private final Emitter<T> out;
        private final Runnable onEnd;
        private final AtomicBoolean ended = new AtomicBoolean();
        /** Where the consumer runs: the loop continues there after a pending emit. */
        private final Home home = Home.current();
        private volatile CompletionStage<?> pending;

        Run(Iterator<? extends T> values, Emitter<T> out, Runnable onEnd) {
            this.values = values;
            this.out = out;
            this.onEnd = onEnd;
        }

        void drive() {
            try {
                while (!isDone() && values.hasNext()) {
                    CompletionStage<Void> emitted = out.emit(values.next());
                    CompletableFuture<?> done = Stages.doneOrNull(emitted);
                    if (done == null) {
                        pending = emitted;
                        home.whenComplete(emitted, this);
                        return;
                    }
                    Throwable failure = Stages.failureOf(done);
                    if (failure != null) {
                        finish(failure);
                        return;
                    }
                }
                finish(null);
            } catch (Throwable thrown) {
                finish(thrown);
            }
        }

        /** The pending emit's stage completed. */
        @Override
        public void accept(Object ignored, Throwable failure) {
            pending = null;
            if (failure != null) {
                finish(Stages.unwrap(failure));
            } else {
                drive();
            }
        }

        private void finish(Throwable failure) {
            end();
            if (failure == null) {
                complete(null);
            } else {
                completeExceptionally(failure);
            }
        }

        private void end() {
            if (onEnd != null && ended.compareAndSet(false, true)) {
                onEnd.run();
            }
        }

        /**
         * Stops the loop; a {@code Stream}'s close runs at the consumer's home (it is user code:
         * an {@code onClose} handler), and whoever waits for this run through awaitj resumes
         * after it, as after a producer's {@code finally}.
         */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (onEnd == null) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                Stages.cancel(pending);
                return cancelled;
            }
            Cancellation cancellation = new Cancellation("the stream's consumer was cancelled");
            if (!completeExceptionally(cancellation)) {
                return isCancelled();
            }
            Stages.cancel(pending);
            Runnable close = () -> {
                Throwable failed = null;
                try {
                    end();
                } catch (Throwable thrown) {
                    failed = thrown;
                }
                if (!cancellation.finish(failed) && cancellation.hasFailures()) {
                    DebugHooks.reportLostFailure("a Stream's onClose handler failed after the stream's"
                            + " consumer was cancelled, so nobody can see the exception", cancellation);
                }
            };
            try {
                home.run(close);
            } catch (RejectedExecutionException loopClosed) {
                close.run();
            }
            return true;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
