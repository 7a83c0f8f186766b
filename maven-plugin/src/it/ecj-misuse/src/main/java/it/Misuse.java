package it;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

public class Misuse {
    @Async
    static CompletableFuture<String> blocking(CompletableFuture<String> f) {
        Supplier<String> inLambda = () -> await(f);
        return CompletableFuture.completedFuture(inLambda.get());
    }
}
