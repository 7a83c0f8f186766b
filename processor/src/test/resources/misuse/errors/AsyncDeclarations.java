package misuse;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

public abstract class AsyncDeclarations {
    @Async
    String returnsString(CompletableFuture<String> f) { // error: [AsyncReturnType]
        return await(f);
    }

    @Async
    void returnsVoid() { // error: [AsyncReturnType]
    }

    @Async
    int returnsInt() { // error: [AsyncReturnType]
        return 1;
    }

    @Async
    Future<String> returnsFuture() { // error: [AsyncReturnType]
        return CompletableFuture.completedFuture("f");
    }

    @Async
    <T> T returnsTypeVariable(T value) { // error: [AsyncReturnType]
        return value;
    }

    @Async
    List<CompletableFuture<String>> returnsList() { // error: [AsyncReturnType]
        return List.of();
    }

    @Async
    abstract CompletableFuture<String> abstractMethod(); // error: [AsyncWithoutBody]

    @Async
    native CompletionStage<String> nativeMethod(); // error: [AsyncWithoutBody]

    interface Service {
        @Async
        CompletableFuture<String> noBody(); // error: [AsyncWithoutBody]

        @Async
        default CompletableFuture<String> withBody(CompletableFuture<String> f) {
            return CompletableFuture.completedFuture(await(f));
        }
    }
}
