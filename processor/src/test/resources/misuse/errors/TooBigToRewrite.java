package misuse;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;

public class TooBigToRewrite {
    @Async
    static CompletableFuture<Integer> sum(CompletableFuture<Integer> f) { // error: [AsyncRewriteFailed]
        int total = 0;
        total += await(f);
        // repeat 2500
        return CompletableFuture.completedFuture(total);
    }
}
