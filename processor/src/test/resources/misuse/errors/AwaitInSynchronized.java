package misuse;

import static dev.awaitj.Await.await;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;

public class AwaitInSynchronized {
    private final Object lock = new Object();

    @Async
    CompletableFuture<String> block(CompletableFuture<String> f) {
        synchronized (lock) {
            String s = await(f); // error: [AwaitInSynchronized]
            return CompletableFuture.completedFuture(s);
        }
    }

    @Async
    CompletableFuture<String> nested(CompletableFuture<String> f) {
        String before = await(f);
        synchronized (this) {
            if (before.isEmpty()) {
                for (int i = 0; i < 2; i++) {
                    before += await(f); // error: [AwaitInSynchronized]
                }
            }
        }
        return CompletableFuture.completedFuture(before + await(f));
    }

    @Async
    synchronized CompletableFuture<String> method(CompletableFuture<String> f) {
        return CompletableFuture.completedFuture(await(f)); // error: [AwaitInSynchronized]
    }

    @Async
    static synchronized CompletableFuture<String> staticMethod(CompletableFuture<String> f) {
        return CompletableFuture.completedFuture(await(f)); // error: [AwaitInSynchronized]
    }

    @Async
    CompletableFuture<String> lockExpressionMayAwait(CompletableFuture<String> f) {
        synchronized (await(CompletableFuture.completedFuture(lock))) {
            return CompletableFuture.completedFuture("ok");
        }
    }
}
