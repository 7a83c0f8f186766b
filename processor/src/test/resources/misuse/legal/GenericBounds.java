package legal;

// expect: max=b;sum=7.5;first=[x]

import static dev.awaitj.Await.await;
import static dev.awaitj.testing.Stages.value;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.awaitj.annotation.Async;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

public class GenericBounds {
    @Async
    static <T extends Comparable<? super T>> CompletableFuture<T> max(T a, CompletionStage<T> b) {
        T other = await(b);
        return completedFuture(a.compareTo(other) >= 0 ? a : other);
    }

    @Async
    static <N extends Number & Comparable<N>> CompletableFuture<Double> sum(List<? extends N> numbers, CompletableFuture<N> extra) {
        double total = 0;
        for (N n : numbers) {
            total += n.doubleValue();
        }
        N more = await(extra);
        return completedFuture(total + more.doubleValue());
    }

    @Async
    static <E, L extends List<E>> CompletableFuture<List<E>> first(CompletableFuture<L> lists) {
        L list = await(lists);
        return completedFuture(list.subList(0, 1));
    }

    public static CompletableFuture<String> run() {
        return completedFuture("")
                .thenCompose(x -> max("a", value("b")))
                .thenCompose(m -> sum(List.of(1, 2), value(4.5 > 0 ? 4 : 0)).thenApply(s -> "max=" + m + ";sum=" + (s + 0.5)))
                .thenCompose(s -> first(value(List.of("x", "y"))).thenApply(f -> s + ";first=" + f));
    }
}
