package dev.awaitj.stream;

import dev.awaitj.internal.AsyncFrame;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The stage a {@link PullIterator}'s emit returns: the producer's turn is over, and the stage
 * completes when the consumer asks for the next value (or fails when it stops).
 *
 * <p>Why not a plain {@code CompletableFuture}: the producer awaits it once per value, and a
 * suspended {@link AsyncFrame} registers with {@code whenComplete}, which costs a completion node
 * and a dependent future (64 bytes) per value. Here the awaiting frame, which ignores what
 * {@code whenComplete} returns, is kept in one field instead and called on completion with what
 * {@code whenComplete} would have passed it. Every other caller gets the ordinary behaviour.
 */
final class EmitTurn extends CompletableFuture<Void> {
    private static final AtomicReferenceFieldUpdater<EmitTurn, AsyncFrame> AWAITER =
            AtomicReferenceFieldUpdater.newUpdater(EmitTurn.class, AsyncFrame.class, "awaiter");

    /** The producer's frame, suspended at its await of this stage; null otherwise. */
    private volatile AsyncFrame<?> awaiter;

    @Override
    public CompletableFuture<Void> whenComplete(BiConsumer<? super Void, ? super Throwable> action) {
        if (action instanceof AsyncFrame && AWAITER.compareAndSet(this, null, (AsyncFrame<?>) action)) {
            if (isDone()) {
                resumeAwaiter(); // completed as it registered
            }
            return this; // AsyncFrame.suspend ignores the result
        }
        return super.whenComplete(action);
    }

    @Override
    public boolean complete(Void value) {
        boolean changed = super.complete(value);
        resumeAwaiter();
        return changed;
    }

    @Override
    public boolean completeExceptionally(Throwable failure) {
        boolean changed = super.completeExceptionally(failure);
        resumeAwaiter();
        return changed;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean changed = super.cancel(mayInterruptIfRunning);
        resumeAwaiter();
        return changed;
    }

    @Override
    public void obtrudeValue(Void value) {
        super.obtrudeValue(value);
        resumeAwaiter();
    }

    @Override
    public void obtrudeException(Throwable failure) {
        super.obtrudeException(failure);
        resumeAwaiter();
    }

    /** Completes through {@link #complete}, so that a waiting frame resumes (the JDK's bypasses it). */
    @Override
    public CompletableFuture<Void> completeAsync(Supplier<? extends Void> supplier, Executor executor) {
        if (supplier == null || executor == null) {
            throw new NullPointerException();
        }
        executor.execute(() -> {
            try {
                complete(supplier.get());
            } catch (Throwable thrown) {
                completeExceptionally(thrown);
            }
        });
        return this;
    }

    /** Calls the waiting frame, once, as {@code whenComplete} would: value or raw failure. */
    private void resumeAwaiter() {
        if (awaiter == null || !isDone()) {
            return;
        }
        AsyncFrame<?> frame = AWAITER.getAndSet(this, null);
        if (frame == null) {
            return;
        }
        Object value = null;
        Throwable failure = null;
        try {
            value = getNow(null);
        } catch (CancellationException cancelled) {
            failure = cancelled;
        } catch (CompletionException wrapped) {
            failure = wrapped.getCause() == null ? wrapped : wrapped.getCause();
        }
        frame.accept(value, failure);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
