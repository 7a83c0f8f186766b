package misuse;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

public class AwaitInLocalClass {
    @Async
    CompletableFuture<String> anonymous(CompletableFuture<String> f) {
        Supplier<String> supplier = new Supplier<>() {
            @Override
            public String get() {
                return await(f); // error: [AwaitInLocalClass]
            }
        };
        return CompletableFuture.completedFuture(supplier.get());
    }

    @Async
    CompletableFuture<String> local(CompletableFuture<String> f) {
        class Local {
            String value() {
                return await(f); // error: [AwaitInLocalClass]
            }

            final String field = await(f); // error: [AwaitInLocalClass]
        }
        return CompletableFuture.completedFuture(new Local().value());
    }

    @Async
    CompletableFuture<String> localRecord(CompletableFuture<String> f) {
        record Pair(String a, String b) {
            String joined(CompletableFuture<String> g) {
                return a + b + await(g); // error: [AwaitInLocalClass]
            }
        }
        return CompletableFuture.completedFuture(new Pair("a", "b").joined(f));
    }

    @Async
    CompletableFuture<String> asyncInsideLocalIsFine(CompletableFuture<String> f) {
        class Local {
            @Async
            CompletableFuture<String> value() {
                return CompletableFuture.completedFuture(await(f));
            }
        }
        return new Local().value();
    }
}
