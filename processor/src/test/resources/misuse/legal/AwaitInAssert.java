package legal;

// expect: checked 2 asserts

import static dev.awaitj.Await.await;
import static dev.awaitj.testing.Stages.value;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;

public class AwaitInAssert {
    @Async
    public static CompletableFuture<String> run() {
        int checked = 0;
        assert await(value(true)) : "first";
        checked++;
        long wide = 5;
        assert await(value(5L)) == wide : "second " + await(value("message"));
        checked++;
        return completedFuture("checked " + checked + " asserts");
    }
}
