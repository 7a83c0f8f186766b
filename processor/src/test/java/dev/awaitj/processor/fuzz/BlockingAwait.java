package dev.awaitj.processor.fuzz;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The oracle's {@code await}: the same generated source, compiled without the processor and with
 * this class statically imported instead of {@code dev.awaitj.Await}, waits for each stage and
 * throws its cause unwrapped — what a synchronous program with the same meaning would do. The
 * oracle only runs with every stage already complete, so waiting never blocks.
 */
public final class BlockingAwait {
    private BlockingAwait() {
    }

    public static <T> T await(CompletionStage<T> stage) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        if (!future.isDone()) {
            // waiting is registering a dependent: a stage that fails once somebody waits (a
            // stream's refused emit) fails now, as it does for the rewritten await
            future.whenComplete((value, failure) -> { });
        }
        if (!future.isDone()) {
            throw new IllegalStateException("the oracle awaited a stage that is not complete");
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw BlockingAwait.<RuntimeException>sneaky(e.getCause());
        } catch (CancellationException e) {
            throw e;
        }
    }

    public static <T, X extends Throwable> T await(CompletionStage<T> stage, Class<X> failureType) throws X {
        return await(stage);
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X sneaky(Throwable failure) throws X {
        throw (X) failure;
    }
}
