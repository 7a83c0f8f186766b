package legal;

// expect: 3|java.lang.Integer|x|1|10

import static dev.awaitj.Await.await;
import static dev.awaitj.testing.Stages.value;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.awaitj.annotation.Async;
import java.io.Serializable;
import java.util.concurrent.CompletableFuture;

public class IntersectionTypes {
    @Async
    static <T extends Number & Comparable<T>> CompletableFuture<String> bounded(T value, CompletableFuture<T> other) {
        T mine = value;
        T theirs = await(other);
        return completedFuture(String.valueOf(mine.compareTo(theirs) + 2));
    }

    @Async
    public static CompletableFuture<String> run() {
        boolean flag = await(value(true));
        // lub(Integer, String): Object & Serializable & Comparable<...> & Constable..., live across awaits
        var mixed = flag ? await(value(1)) : await(value("one"));
        String first = await(bounded(5, value(3)));
        var both = (Serializable & Comparable<String>) await(value("x"));
        Comparable<?> c = mixed;
        int later = await(value(1));
        Object cast = (Runnable & Serializable) () -> { };
        return completedFuture(first + "|" + mixed.getClass().getName() + "|" + both + "|" + later + "|"
                + (cast instanceof Serializable ? 10 : 0) + (c == null ? "!" : ""));
    }
}
