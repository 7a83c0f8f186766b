package it;

import static dev.awaitj.Await.await;

import dev.awaitj.TaskScope;
import dev.awaitj.annotation.Async;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** ECJ's shapes in async code: a string switch, an enum switch, try-with-resources, finally. */
public class Sums {
    public enum Op { ADD, TWICE }

    @Async
    public static CompletableFuture<String> sum(List<CompletionStage<Integer>> parts, String label, Op op) {
        int total = 0;
        StringBuilder log = new StringBuilder();
        try {
            for (CompletionStage<Integer> part : parts) {
                switch (op) {
                    case ADD: total += await(part); break;
                    case TWICE: total += 2 * await(part); break;
                    default: throw new IllegalArgumentException();
                }
            }
        } finally {
            log.append("finally;");
        }
        switch (label) {
            case "sum": log.append("sum ").append(total); break;
            default: log.append(label).append(' ').append(total);
        }
        return CompletableFuture.completedFuture(log.toString());
    }

    @Async
    public static CompletableFuture<Integer> scoped(CompletionStage<Integer> a) {
        try (TaskScope scope = TaskScope.open()) {
            return CompletableFuture.completedFuture(await(a) + 1);
        }
    }
}
