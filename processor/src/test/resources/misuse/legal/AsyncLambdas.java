package legal;

// expect: static:s1|nested:in-out|stage:7|callable:c

import static dev.awaitj.Await.await;
import static dev.awaitj.testing.Stages.value;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

public class AsyncLambdas {
    // an async lambda in a static initializer
    static final Supplier<CompletableFuture<String>> STATIC_ASYNC;

    static {
        STATIC_ASYNC = () -> completedFuture("s" + await(value(1)));
    }

    interface AsyncFunction<T, R> {
        CompletionStage<R> apply(T t);
    }

    @Async
    public static CompletableFuture<String> run() {
        Supplier<CompletableFuture<String>> nested = () -> {
            Supplier<CompletableFuture<String>> inner = () -> completedFuture(await(value("in")));
            return completedFuture(await(inner.get()) + "-" + await(value("out")));
        };
        AsyncFunction<Integer, Integer> plus = x -> completedFuture(x + await(value(4)));
        Function<String, CompletableFuture<String>> callable = s -> completedFuture(await(value(s)));
        return completedFuture("static:" + await(STATIC_ASYNC.get()) + "|nested:" + await(nested.get())
                + "|stage:" + await(plus.apply(3)) + "|callable:" + await(callable.apply("c")));
    }
}
