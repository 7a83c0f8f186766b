package broken;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;

public class BrokenDeclarations {
    @Async
    BrokenDeclarations() {
        await(CompletableFuture.completedFuture(1));
    }

    @Async
    int field = 3;

    @Async
    CompletableFuture<Missing> unknownType(CompletableFuture<Missing> f) {
        return CompletableFuture.completedFuture(await(f));
    }

    @Async
    CompletableFuture<String> duplicate() {
        return CompletableFuture.completedFuture("a");
    }

    @Async
    CompletableFuture<String> duplicate() {
        return CompletableFuture.completedFuture(await(CompletableFuture.completedFuture("b")));
    }

    @Async
    CompletableFuture<String> syntax( {
        return await(;
    }
}
