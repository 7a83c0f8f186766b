package misuse;

import dev.awaitj.Await;
import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

public class AwaitMethodReference {
    @Async
    CompletableFuture<String> reference(CompletableFuture<String> f) {
        Function<CompletionStage<String>, String> awaiter = Await::await; // error: [AwaitMethodReference]
        return CompletableFuture.completedFuture(awaiter.apply(f));
    }

    static Function<CompletionStage<Integer>, Integer> outside() {
        return Await::await; // error: [AwaitMethodReference]
    }
}
