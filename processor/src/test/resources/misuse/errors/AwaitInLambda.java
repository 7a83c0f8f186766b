package misuse;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

public class AwaitInLambda {
    @Async
    CompletableFuture<String> inAsyncMethod(CompletableFuture<String> f) {
        Supplier<String> blocking = () -> await(f); // error: [AwaitInLambda]
        Runnable runnable = () -> System.out.println(await(f)); // error: [AwaitInLambda]
        Callable<Object> callable = () -> {
            return await(f); // error: [AwaitInLambda]
        };
        Function<String, Integer> function = s -> s.length() + await(f).length(); // error: [AwaitInLambda]
        Supplier<CompletableFuture<String>> async = () -> {
            Supplier<String> inner = () -> await(f); // error: [AwaitInLambda]
            return CompletableFuture.completedFuture(await(f) + inner.get());
        };
        Supplier<CompletionStage<String>> alsoAsync = () -> CompletableFuture.completedFuture(await(f));
        return CompletableFuture.completedFuture(blocking.get());
    }

    static String outside(CompletableFuture<String> f) {
        Supplier<String> blocking = () -> await(f); // error: [AwaitInLambda]
        return blocking.get();
    }
}
