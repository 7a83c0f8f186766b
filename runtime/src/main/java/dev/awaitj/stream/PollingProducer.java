package dev.awaitj.stream;

import dev.awaitj.internal.Home;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A producer that asks a source for its next value (a stage of an Optional, empty at the end),
 * emits it, awaits the emit, and asks again: the drain of a {@code Channel} and the stream of
 * {@code Futures.asCompleted}. Iterative: a run of already-complete stages does not grow the
 * stack. Cancelling the producer's stage cancels the stage it waits on.
 */
final class PollingProducer<T> implements Producer<T> {
    private final Supplier<? extends Supplier<? extends CompletionStage<Optional<T>>>> sources;

    PollingProducer(Supplier<? extends Supplier<? extends CompletionStage<Optional<T>>>> sources) {
        this.sources = sources;
    }

    @Override
    public CompletionStage<?> produce(Emitter<T> out) {
        Run<T> run = new Run<>(sources.get(), out);
        run.step(null);
        return run;
    }

    static final class Run<T> extends CompletableFuture<Void> {
        private final Supplier<? extends CompletionStage<Optional<T>>> source;
        private final Emitter<T> out;
        /** The stage the driver waits on, cancelled with this run. */
        private final AtomicReference<CompletionStage<?>> waitingOn = new AtomicReference<>();
        /** Where the consumer runs: the loop continues there after a pending stage. */
        private final Home home = Home.current();

        Run(Supplier<? extends CompletionStage<Optional<T>>> source, Emitter<T> out) {
            this.source = source;
            this.out = out;
        }

        /** Runs until a stage is pending; {@code ready} is a completed receive to emit first, or null. */
        void step(CompletableFuture<Optional<T>> ready) {
            CompletableFuture<Optional<T>> received = ready;
            while (!isDone()) {
                if (received == null) {
                    CompletionStage<Optional<T>> next;
                    try {
                        next = source.get();
                    } catch (Throwable thrown) {
                        completeExceptionally(thrown);
                        return;
                    }
                    @SuppressWarnings("unchecked")
                    CompletableFuture<Optional<T>> done = (CompletableFuture<Optional<T>>) Stages.doneOrNull(next);
                    if (done == null) {
                        park(next, () -> step(next.toCompletableFuture()));
                        return;
                    }
                    received = done;
                }
                Throwable failure = Stages.failureOf(received);
                if (failure != null) {
                    completeExceptionally(failure);
                    return;
                }
                Optional<T> value = received.join();
                received = null;
                if (value.isEmpty()) {
                    complete(null);
                    return;
                }
                CompletionStage<Void> emitted;
                try {
                    emitted = out.emit(value.get());
                } catch (Throwable thrown) {
                    emitted = Stages.failed(thrown);
                }
                CompletableFuture<?> done = Stages.doneOrNull(emitted);
                if (done == null) {
                    park(emitted, () -> step(null));
                    return;
                }
                Throwable refused = Stages.failureOf(done);
                if (refused != null) {
                    completeExceptionally(refused);
                    return;
                }
            }
        }

        private void park(CompletionStage<?> stage, Runnable resume) {
            waitingOn.set(stage);
            if (isDone()) {
                Stages.cancel(stage);
                return;
            }
            home.whenComplete(stage, (ignored, failure) -> {
                waitingOn.compareAndSet(stage, null);
                if (failure != null) {
                    completeExceptionally(Stages.unwrap(failure));
                } else {
                    resume.run();
                }
            });
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            CompletionStage<?> stage = waitingOn.getAndSet(null);
            if (stage != null) {
                Stages.cancel(stage);
            }
            return cancelled;
        }
    }
}
