package misuse;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Several diagnostics in one file, some on one line. */
public class MixedMisuse {
    static final Supplier<String> STATIC_LAMBDA = () -> await(CompletableFuture.completedFuture("x")); // error: [AwaitInLambda]

    static String twoOnOneLine(CompletableFuture<String> f) {
        return await(f) + await(f); // error: [AwaitOutsideAsync] error: [AwaitOutsideAsync]
    }

    @Async
    static String wrongTypeAndBlocking(CompletableFuture<String> f) { // error: [AsyncReturnType]
        return await(f);
    }

    enum Kind {
        A;

        String get(CompletableFuture<String> f) {
            return await(f); // error: [AwaitOutsideAsync]
        }
    }

    record Point(int x) {
        Point {
            x = await(CompletableFuture.completedFuture(x)); // error: [AwaitOutsideAsync]
        }
    }
}
