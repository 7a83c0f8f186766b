package misuse;

import static dev.awaitj.Await.await;

import dev.awaitj.Time;
import dev.awaitj.annotation.Async;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

public class TimeoutIsUnchecked {
    @Async
    CompletableFuture<String> checkedTimeout(CompletableFuture<String> f) {
        try {
            return CompletableFuture.completedFuture(
                    await((Time.withTimeout(f, Duration.ofSeconds(1))), TimeoutException.class)); // error: [TimeoutIsUnchecked]
        } catch (TimeoutException e) {
            return CompletableFuture.completedFuture("timed out");
        }
    }

    @Async
    CompletableFuture<String> jdkTimeout(CompletableFuture<String> f) {
        try {
            return CompletableFuture.completedFuture(
                    await(f.orTimeout(1, java.util.concurrent.TimeUnit.SECONDS), TimeoutException.class));
        } catch (TimeoutException e) {
            return CompletableFuture.completedFuture("the JDK's own timeout is checked");
        }
    }
}
