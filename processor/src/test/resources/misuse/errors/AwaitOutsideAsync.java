package misuse;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;

public class AwaitOutsideAsync {
    static final String FIELD = await(CompletableFuture.completedFuture("f")); // error: [AwaitOutsideAsync]
    final String instanceField = await(CompletableFuture.completedFuture("i")); // error: [AwaitOutsideAsync]

    static {
        String s = await(CompletableFuture.completedFuture("s")); // error: [AwaitOutsideAsync]
    }

    {
        String s = await(CompletableFuture.completedFuture("i")); // error: [AwaitOutsideAsync]
    }

    AwaitOutsideAsync() {
        String s = await(CompletableFuture.completedFuture("c")); // error: [AwaitOutsideAsync]
    }

    String plain(CompletableFuture<String> f) {
        return await(f); // error: [AwaitOutsideAsync]
    }

    CompletableFuture<String> notAnnotated(CompletableFuture<String> f) {
        return CompletableFuture.completedFuture(await(f)); // error: [AwaitOutsideAsync]
    }

    public static void main(String[] args) {
        System.out.println(await(CompletableFuture.completedFuture("m"))); // error: [AwaitOutsideAsync]
    }

    @Async
    CompletableFuture<String> fine(CompletableFuture<String> f) {
        return CompletableFuture.completedFuture(await(f));
    }
}
