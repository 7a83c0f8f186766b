package broken;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;

public class TypeErrors {
    @Async
    CompletableFuture<String> wrongArgument() {
        return CompletableFuture.completedFuture(await("not a stage"));
    }

    @Async
    CompletableFuture<String> missingSymbol() {
        return CompletableFuture.completedFuture(await(nowhere()));
    }

    @Async
    CompletableFuture<Integer> wrongType(CompletableFuture<String> f) {
        int i = await(f);
        return CompletableFuture.completedFuture(i);
    }

    @Async
    CompletableFuture<String> noReturn(CompletableFuture<String> f) {
        await(f);
    }

    @Async
    CompletableFuture<String> unreachable(CompletableFuture<String> f) {
        return f;
        await(f);
    }

    @Async
    CompletableFuture<String> uncheckedChecked(CompletableFuture<String> f) {
        try {
            return CompletableFuture.completedFuture(await(f));
        } catch (java.io.IOException e) {
            return f;
        }
    }
}
