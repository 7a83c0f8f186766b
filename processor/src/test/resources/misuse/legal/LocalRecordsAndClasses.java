package legal;

// expect: Point[x=1, y=2]|anon:3|local:4|lambda:5|6|7

import static dev.awaitj.Await.await;
import static dev.awaitj.testing.Stages.value;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.awaitj.annotation.Async;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

public class LocalRecordsAndClasses {
    @Async
    public static CompletableFuture<String> run() {
        record Point(int x, int y) {
            Point plus(int d) {
                return new Point(x + d, y + d);
            }
        }
        Point p = new Point(await(value(1)), 2);
        int three = await(value(3));
        Supplier<String> anonymous = new Supplier<>() {
            @Override
            public String get() {
                return "anon:" + three;
            }
        };
        class Local {
            final int n;

            Local(int n) {
                this.n = n;
            }

            @Async
            CompletableFuture<Integer> later() {
                return completedFuture(n + await(value(0)));
            }
        }
        Local local = new Local(await(value(4)));
        IntSupplier lambda = () -> three + 2;
        enum Color { RED, GREEN }
        interface Shape {
            int sides();
        }
        Shape square = () -> 6;
        Color color = await(value(Color.GREEN));
        String out = p + "|" + anonymous.get() + "|local:" + await(local.later()) + "|lambda:" + lambda.getAsInt() + "|"
                + square.sides() + "|" + (color.ordinal() + p.plus(4).x() + 1);
        return completedFuture(out);
    }
}
