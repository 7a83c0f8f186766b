package dev.awaitj.processor.jdi;

import dev.awaitj.testing.Stages;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The reference build's {@code await}, as in the fuzzer's oracle ({@code fuzz.BlockingAwait}): the
 * same source, compiled without the processor and with this class statically imported instead of
 * {@code dev.awaitj.Await}. It waits for the stage, completing the program's pending stages in the
 * order they were made — the order in which the rewritten build's completer completes them — and
 * throws the failure unwrapped, as a synchronous program with the same meaning would. Before it
 * returns, it calls {@link #returning()}.
 */
public final class BlockingAwait {
    private BlockingAwait() {
    }

    public static <T> T await(CompletionStage<T> stage) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        while (!future.isDone()) {
            Stages.Pending next = Stages.nextPending();
            if (next == null) {
                throw new IllegalStateException("awaited a stage that nothing will complete");
            }
            next.complete();
        }
        T value = null;
        Throwable failure = null;
        try {
            value = future.join();
        } catch (CompletionException e) {
            failure = e.getCause();
        } catch (CancellationException e) {
            failure = e;
        }
        returning();
        if (failure != null) {
            throw BlockingAwait.<RuntimeException>sneaky(failure);
        }
        return value;
    }

    /**
     * Reached as each await returns (or throws): the debugger harness stops here and reads the
     * awaiting method's frame, the twin of the rewritten build's resumption at that await.
     */
    static void returning() {
    }

    public static <T, X extends Throwable> T await(CompletionStage<T> stage, Class<X> failureType) throws X {
        return await(stage);
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X sneaky(Throwable failure) throws X {
        throw (X) failure;
    }
}
