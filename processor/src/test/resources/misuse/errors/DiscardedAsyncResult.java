package misuse;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;

public class DiscardedAsyncResult {
    @Async
    static CompletableFuture<String> work() {
        return CompletableFuture.completedFuture("w");
    }

    @Async
    CompletableFuture<String> caller() {
        work(); // warning: [DiscardedAsyncResult]
        DiscardedAsyncResult.work(); // warning: [DiscardedAsyncResult]
        CompletableFuture<String> kept = work();
        String awaited = await(work());
        return kept;
    }

    static void plainCaller() {
        work(); // warning: [DiscardedAsyncResult]
    }

    @SuppressWarnings("DiscardedAsyncResult")
    static void suppressed() {
        work();
    }

    @SuppressWarnings("awaitj")
    static void suppressedByFamily() {
        work();
    }

    @Async
    CompletableFuture<String> stillAnError(CompletableFuture<String> f) {
        Runnable r = () -> await(f); // error: [AwaitInLambda]
        return f;
    }
}
