package broken;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

public class BrokenLambdas {
    @Async
    CompletableFuture<String> untyped(CompletableFuture<String> f) {
        var lambda = () -> await(f);
        Object o = () -> CompletableFuture.completedFuture(await(f));
        Supplier<CompletableFuture<String>> s = () -> await(f);
        return CompletableFuture.completedFuture(undefined + await(f));
    }

    @Async(value = "no such element")
    CompletableFuture<String> badAnnotation() {
        return null;
    }

    @Async
    CompletableFuture<String> awaitWithWrongClass(CompletableFuture<String> f) {
        return CompletableFuture.completedFuture(await(f, String.class));
    }
}
